// Key conversion between the SDK's camelCase and the API's snake_case: keys only, never values.

/**
 * Fields whose content is free-form data the API does not define (user metadata, environment
 * variables, the CLI's own JSON, delivered payloads, recorded old/new values): their keys pass
 * verbatim in both directions, at any depth below them. Named as the API names them.
 */
export const VERBATIM_FIELDS = Object.freeze([
  'metadata',
  'environment',
  'mcp_config',
  'cli_init',
  'payload',
  'input',
  'event',
  'old_value',
  'new_value',
  'changes',
]);

/** Free-form except for the API's own entry `cli` (a project's CLI settings), converted. */
const SETTINGS = 'settings';
const SETTINGS_SCHEMA_KEYS = new Set(['cli']);
const VERBATIM = new Set(VERBATIM_FIELDS);

/** `project_id` -> `projectId`; an underscore before a digit stays (`p50`, `last_24h`). */
export function camelKey(key) {
  return key.replace(/_([a-z])/g, (_, letter) => letter.toUpperCase());
}

/** `projectId` -> `project_id`. */
export function snakeKey(key) {
  return key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

/** A response body (or WebSocket message) with camelCase keys. */
export function toCamel(value) {
  return convert(value, camelKey);
}

/** A request body (or query) with the API's snake_case keys. */
export function toSnake(value) {
  return convert(value, snakeKey);
}

function convert(value, rename) {
  if (Array.isArray(value)) return value.map((item) => convert(item, rename));
  if (!isPlainObject(value)) return value;
  const out = {};
  for (const [key, item] of Object.entries(value)) {
    const name = apiName(key);
    if (VERBATIM.has(name)) out[rename(key)] = item;
    else if (name === SETTINGS) out[rename(key)] = convertSettings(item, rename);
    else out[rename(key)] = convert(item, rename);
  }
  return out;
}

function convertSettings(value, rename) {
  if (!isPlainObject(value)) return value;
  const out = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = SETTINGS_SCHEMA_KEYS.has(key) ? convert(item, rename) : item;
  }
  return out;
}

/** The API's name of a key written either way (`mcpConfig` and `mcp_config` both name it). */
function apiName(key) {
  return snakeKey(camelKey(key));
}

function isPlainObject(value) {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}
