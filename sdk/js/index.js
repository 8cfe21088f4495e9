// @claude-cli/sdk: the Claude CLI Web UI API from JavaScript (Node >= 20 and browsers).

export { ClaudeCliClient } from './src/client.js';
export { LiveSocket, TERMINAL_CLOSE_CODES } from './src/live/socket.js';
export { OPERATIONS } from './src/operations.js';
export { VERBATIM_FIELDS, camelKey, snakeKey, toCamel, toSnake } from './src/case.js';
export { socketURL } from './src/urls.js';
export * from './src/errors.js';

/** The API version this SDK was written against (and its package version). */
export const API_VERSION = '1.0.0';
