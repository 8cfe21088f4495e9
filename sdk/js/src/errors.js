// The SDK's errors: one class per API error code (storage/error_codes.py), plus the client's own.

/** Every error the SDK throws is one of these. */
export class ClaudeCliError extends Error {
  constructor(message, options) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The request never got an answer: the network failed (DNS, refused, reset). */
export class NetworkError extends ClaudeCliError {}

/** No answer within the client's (or the call's) `timeout`. */
export class RequestTimeoutError extends ClaudeCliError {
  constructor(message, { timeout, ...options } = {}) {
    super(message, options);
    this.timeout = timeout;
  }
}

/** The WebSocket went away before a request sent on it was answered. */
export class WebSocketClosedError extends ClaudeCliError {
  constructor(message, { code = null, reason = '', ...options } = {}) {
    super(message, options);
    this.code = code;
    this.reason = reason;
  }
}

/** The WebSocket could not be opened (no WebSocket implementation, or a transport error). */
export class WebSocketConnectionError extends ClaudeCliError {}

/**
 * The server answered with an error: `code` (an API error code, or null when the answer was
 * not the API's envelope), HTTP `status`, `details` (camelCase keys), `requestId`, and
 * `retryAfter` (seconds, from Retry-After, or null).
 */
export class ApiError extends ClaudeCliError {
  constructor(message, { code = null, status = null, details = {}, requestId = null, retryAfter = null, ...options } = {}) {
    super(message, options);
    this.code = code;
    this.status = status;
    this.details = details;
    this.requestId = requestId;
    this.retryAfter = retryAfter;
  }
}

/** code -> HTTP status: the server's catalogue (a test compares it with storage/error_codes.py). */
export const ERROR_CODES = Object.freeze({
  AUTH_TOKEN_INVALID: 401,
  AUTH_TOKEN_MISSING: 401,
  AUTH_INVALID_CREDENTIALS: 401,
  AUTH_INSUFFICIENT_PERMISSIONS: 403,
  AUTH_ACCOUNT_DISABLED: 403,
  AUTH_CSRF_TOKEN_INVALID: 403,
  VALIDATION_ERROR: 422,
  VALIDATION_REQUIRED_FIELD: 422,
  VALIDATION_INVALID_FORMAT: 422,
  VALIDATION_VALUE_TOO_LONG: 422,
  VALIDATION_VALUE_TOO_SHORT: 422,
  RESOURCE_NOT_FOUND: 404,
  RESOURCE_ALREADY_EXISTS: 409,
  RESOURCE_IN_USE: 409,
  RESOURCE_LIMIT_EXCEEDED: 429,
  METHOD_NOT_ALLOWED: 405,
  PAYLOAD_TOO_LARGE: 413,
  TASK_NOT_FOUND: 404,
  TASK_ALREADY_RUNNING: 409,
  TASK_NOT_RUNNING: 409,
  TASK_NOT_RETRYABLE: 409,
  TASK_DEPENDENCY_NOT_MET: 409,
  TASK_EXECUTION_FAILED: 500,
  TASK_TIMEOUT: 504,
  TASK_CANCELLED: 409,
  TASK_NO_SESSION: 409,
  PROJECT_NOT_FOUND: 404,
  PROJECT_ACCESS_DENIED: 403,
  PROJECT_ARCHIVED: 409,
  PROJECT_LIMIT_EXCEEDED: 409,
  PROJECT_NOT_A_REPOSITORY: 409,
  SESSION_NOT_ACTIVE: 409,
  COMMAND_UNSAFE: 403,
  COMMAND_NOT_RUNNING: 409,
  SANDBOX_UNAVAILABLE: 403,
  WEBHOOK_URL_REFUSED: 422,
  WEBHOOK_INACTIVE: 409,
  SYSTEM_MAINTENANCE: 503,
  SYSTEM_OVERLOADED: 503,
  DATABASE_ERROR: 503,
  QUEUE_FULL: 503,
  RATE_LIMIT_EXCEEDED: 429,
  WEBSOCKET_CONNECTION_FAILED: 503,
  WEBSOCKET_ORIGIN_REFUSED: 403,
  SUBSCRIPTION_REVOKED: 403,
  INTERNAL_ERROR: 500,
});

/** `TASK_NOT_FOUND` -> `TaskNotFoundError`; a code already ending in ERROR is not doubled. */
export function errorClassName(code) {
  const words = code.toLowerCase().split('_').map((word) => word[0].toUpperCase() + word.slice(1));
  const name = words.join('');
  return name.endsWith('Error') ? name : `${name}Error`;
}

function errorClass(code) {
  const name = errorClassName(code);
  const made = { [name]: class extends ApiError {} }[name];
  made.code = code;
  made.status = ERROR_CODES[code];
  return made;
}

/** code -> its class (`TaskNotFoundError`, ...), for every code of the catalogue. */
export const ERROR_CLASSES = Object.freeze(
  Object.fromEntries(Object.keys(ERROR_CODES).map((code) => [code, errorClass(code)])),
);

export const AuthTokenInvalidError = ERROR_CLASSES.AUTH_TOKEN_INVALID;
export const AuthTokenMissingError = ERROR_CLASSES.AUTH_TOKEN_MISSING;
export const AuthInvalidCredentialsError = ERROR_CLASSES.AUTH_INVALID_CREDENTIALS;
export const AuthInsufficientPermissionsError = ERROR_CLASSES.AUTH_INSUFFICIENT_PERMISSIONS;
export const AuthAccountDisabledError = ERROR_CLASSES.AUTH_ACCOUNT_DISABLED;
export const AuthCsrfTokenInvalidError = ERROR_CLASSES.AUTH_CSRF_TOKEN_INVALID;
export const ValidationError = ERROR_CLASSES.VALIDATION_ERROR;
export const ValidationRequiredFieldError = ERROR_CLASSES.VALIDATION_REQUIRED_FIELD;
export const ValidationInvalidFormatError = ERROR_CLASSES.VALIDATION_INVALID_FORMAT;
export const ValidationValueTooLongError = ERROR_CLASSES.VALIDATION_VALUE_TOO_LONG;
export const ValidationValueTooShortError = ERROR_CLASSES.VALIDATION_VALUE_TOO_SHORT;
export const ResourceNotFoundError = ERROR_CLASSES.RESOURCE_NOT_FOUND;
export const ResourceAlreadyExistsError = ERROR_CLASSES.RESOURCE_ALREADY_EXISTS;
export const ResourceInUseError = ERROR_CLASSES.RESOURCE_IN_USE;
export const ResourceLimitExceededError = ERROR_CLASSES.RESOURCE_LIMIT_EXCEEDED;
export const MethodNotAllowedError = ERROR_CLASSES.METHOD_NOT_ALLOWED;
export const PayloadTooLargeError = ERROR_CLASSES.PAYLOAD_TOO_LARGE;
export const TaskNotFoundError = ERROR_CLASSES.TASK_NOT_FOUND;
export const TaskAlreadyRunningError = ERROR_CLASSES.TASK_ALREADY_RUNNING;
export const TaskNotRunningError = ERROR_CLASSES.TASK_NOT_RUNNING;
export const TaskNotRetryableError = ERROR_CLASSES.TASK_NOT_RETRYABLE;
export const TaskDependencyNotMetError = ERROR_CLASSES.TASK_DEPENDENCY_NOT_MET;
export const TaskExecutionFailedError = ERROR_CLASSES.TASK_EXECUTION_FAILED;
export const TaskTimeoutError = ERROR_CLASSES.TASK_TIMEOUT;
export const TaskCancelledError = ERROR_CLASSES.TASK_CANCELLED;
export const TaskNoSessionError = ERROR_CLASSES.TASK_NO_SESSION;
export const ProjectNotFoundError = ERROR_CLASSES.PROJECT_NOT_FOUND;
export const ProjectAccessDeniedError = ERROR_CLASSES.PROJECT_ACCESS_DENIED;
export const ProjectArchivedError = ERROR_CLASSES.PROJECT_ARCHIVED;
export const ProjectLimitExceededError = ERROR_CLASSES.PROJECT_LIMIT_EXCEEDED;
export const ProjectNotARepositoryError = ERROR_CLASSES.PROJECT_NOT_A_REPOSITORY;
export const SessionNotActiveError = ERROR_CLASSES.SESSION_NOT_ACTIVE;
export const CommandUnsafeError = ERROR_CLASSES.COMMAND_UNSAFE;
export const CommandNotRunningError = ERROR_CLASSES.COMMAND_NOT_RUNNING;
export const SandboxUnavailableError = ERROR_CLASSES.SANDBOX_UNAVAILABLE;
export const WebhookUrlRefusedError = ERROR_CLASSES.WEBHOOK_URL_REFUSED;
export const WebhookInactiveError = ERROR_CLASSES.WEBHOOK_INACTIVE;
export const SystemMaintenanceError = ERROR_CLASSES.SYSTEM_MAINTENANCE;
export const SystemOverloadedError = ERROR_CLASSES.SYSTEM_OVERLOADED;
export const DatabaseError = ERROR_CLASSES.DATABASE_ERROR;
export const QueueFullError = ERROR_CLASSES.QUEUE_FULL;
export const RateLimitExceededError = ERROR_CLASSES.RATE_LIMIT_EXCEEDED;
export const WebsocketConnectionFailedError = ERROR_CLASSES.WEBSOCKET_CONNECTION_FAILED;
export const WebsocketOriginRefusedError = ERROR_CLASSES.WEBSOCKET_ORIGIN_REFUSED;
export const SubscriptionRevokedError = ERROR_CLASSES.SUBSCRIPTION_REVOKED;
export const InternalError = ERROR_CLASSES.INTERNAL_ERROR;

/**
 * The error for an API error object `{code, message, details}` (already camelCased): its
 * code's class, or ApiError for a code this SDK does not know.
 */
export function apiError(error, { status = null, requestId = null, retryAfter = null } = {}) {
  const code = typeof error?.code === 'string' ? error.code : null;
  const Made = (code && ERROR_CLASSES[code]) || ApiError;
  const message = typeof error?.message === 'string' ? error.message : `HTTP ${status}`;
  const details = error?.details && typeof error.details === 'object' ? error.details : {};
  return new Made(message, { code, status, details, requestId, retryAfter });
}
