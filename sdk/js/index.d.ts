// Declarations of @claude-cli/sdk (index.js). The models are in models.d.ts.

import type * as M from './models.js';

export * from './models.js';

// ---------------------------------------------------------------------------------------------
// Client options

/** The fetch the client calls (globalThis.fetch by default). */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/** A WebSocket constructor: the browser's, Node 22's global, or the `ws` package's. */
export interface WebSocketConstructor {
  new (url: string): WebSocketLike;
}

/** What the SDK uses of a WebSocket. */
export interface WebSocketLike {
  readonly readyState: number;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
  onerror: ((event: unknown) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  /** The ws package's: drop the connection at once (used when a heartbeat finds it dead). */
  terminate?(): void;
}

/** Reconnecting after a lost socket: waits doubling from initialDelay to maxDelay (ms), jittered. */
export interface ReconnectOptions {
  /** default 500 */
  initialDelay?: number;
  /** default 10000 */
  maxDelay?: number;
  /** default Infinity */
  maxAttempts?: number;
}

export interface Tokens {
  accessToken: string | null;
  refreshToken: string | null;
}

export interface ClientOptions {
  /** The API's root: `http://localhost:8000/api`, or `/api` in a page the server serves. */
  baseURL: string;
  /**
   * A JWT access token, sent as `Authorization: Bearer` (bearer mode). Without one the client
   * is in cookie mode: requests go with `credentials: 'same-origin'` (the page's session
   * cookie) and the socket authenticates with `{"type": "authenticate"}` and no token.
   */
  token?: string | null;
  /** With it, a request refused with AUTH_TOKEN_INVALID is retried once after rotating it. */
  refreshToken?: string | null;
  /** Cookie mode: sent as `X-CSRF-Token` on POST, PUT, PATCH and DELETE (a function: read each time). */
  csrfToken?: string | (() => string | null | undefined) | null;
  /** Called with the new tokens after a login or a refresh (to keep them). */
  onTokens?: (tokens: Tokens) => void;
  /** Milliseconds one attempt may take (default 30000); then RequestTimeoutError. */
  timeout?: number;
  /** Retries of a 429 or 503 refusal (default 2), after Retry-After or a backoff from 500 ms. */
  maxRetries?: number;
  /** A Retry-After longer than this (ms, default 30000) is not waited for: the error is thrown. */
  maxRetryDelay?: number;
  /** Headers added to every request. */
  headers?: Record<string, string>;
  /** fetch's credentials (default: 'same-origin' in cookie mode, 'omit' with a token). */
  credentials?: 'omit' | 'same-origin' | 'include';
  fetch?: FetchLike;
  /** Default: globalThis.WebSocket (browsers, Node >= 22); on Node 20 pass the ws package's. */
  WebSocket?: WebSocketConstructor;
  /** The sockets' base (`ws://h:p/ws`); default: derived from baseURL (http -> ws, https -> wss). */
  websocketURL?: string;
  reconnect?: ReconnectOptions | false;
  /** Ms of silence on a socket before it pings; no answer for twice that: reconnect (default 30000, 0: off). */
  heartbeat?: number;
  /** Ms a socket connection may take to authenticate before it is given up and retried (default 15000). */
  connectTimeout?: number;
}

/** Options of one call (the last argument of every method). */
export interface RequestOptions {
  signal?: AbortSignal;
  /** Milliseconds for this call (each attempt). */
  timeout?: number;
  maxRetries?: number;
  headers?: Record<string, string>;
}

// ---------------------------------------------------------------------------------------------
// Resources

/** Query values: arrays are sent comma-separated (`status=pending,running`), dates in ISO 8601. */
type Query<T> = { [K in keyof T]?: T[K] | null };

export interface AuthResource {
  /** Log in; the client keeps the tokens (unless `store: false`) and refreshes them itself. */
  login(body: M.LoginRequest, options?: RequestOptions & { store?: boolean }): Promise<M.TokenPair>;
  /** Rotate the refresh token (given or held) for a new pair; without one, renew the access token. */
  refresh(options?: RequestOptions & { refreshToken?: string; store?: boolean }): Promise<M.TokenPair>;
  /** End the login of the refresh token (given or held); the client forgets its tokens. */
  logout(options?: RequestOptions & { refreshToken?: string }): Promise<M.Message>;
}

export interface TasksResource {
  list(query?: Query<M.TaskListQuery>, options?: RequestOptions): Promise<M.TaskPage>;
  /** Every task of the list, page after page (`for await (const task of client.tasks.iterate(...))`). */
  iterate(query?: Query<M.TaskListQuery>, options?: RequestOptions): AsyncIterable<M.TaskOut>;
  create(body: M.TaskCreate, options?: RequestOptions): Promise<M.TaskDetails>;
  bulk(body: M.BulkRequest, options?: RequestOptions): Promise<M.BulkResult>;
  get(taskId: string, options?: RequestOptions): Promise<M.TaskDetails>;
  update(taskId: string, body: M.TaskUpdate, options?: RequestOptions): Promise<M.TaskDetails>;
  delete(taskId: string, options?: RequestOptions): Promise<M.Deleted>;
  execute(taskId: string, body?: M.ExecuteRequest, options?: RequestOptions): Promise<M.Queued>;
  cancel(taskId: string, body?: M.CancelRequest, options?: RequestOptions): Promise<M.Cancelled>;
  retry(taskId: string, options?: RequestOptions): Promise<M.Queued>;
  history(taskId: string, options?: RequestOptions): Promise<M.TaskHistoryOut>;
  conversation(taskId: string, options?: RequestOptions): Promise<M.Conversation>;
  executions(taskId: string, options?: RequestOptions): Promise<M.ExecutionList>;
  diff(taskId: string, executionId: string, options?: RequestOptions): Promise<M.Diff>;
}

export interface ExecutionsResource {
  list(taskId: string, options?: RequestOptions): Promise<M.ExecutionList>;
  output(taskId: string, executionId: string, query?: Query<M.OutputQuery>, options?: RequestOptions): Promise<M.ExecutionOutput>;
  /** The stored output chunks in order, batch after batch (after `afterSeq`). */
  iterateOutput(taskId: string, executionId: string, query?: Query<M.OutputQuery>, options?: RequestOptions): AsyncIterable<M.Chunk>;
  transcript(taskId: string, executionId: string, query?: Query<M.TranscriptQuery>, options?: RequestOptions): Promise<M.Transcript>;
  /** The transcript's messages in order, batch after batch (after `afterSeq`). */
  iterateTranscript(taskId: string, executionId: string, query?: Query<M.TranscriptQuery>, options?: RequestOptions): AsyncIterable<M.TranscriptEntry>;
  diff(taskId: string, executionId: string, options?: RequestOptions): Promise<M.Diff>;
}

export interface ProjectsResource {
  list(query?: Query<M.ProjectListQuery>, options?: RequestOptions): Promise<M.ProjectPage>;
  iterate(query?: Query<M.ProjectListQuery>, options?: RequestOptions): AsyncIterable<M.ProjectOut>;
  create(body: M.ProjectCreate, options?: RequestOptions): Promise<M.ProjectDetails>;
  get(projectId: string, options?: RequestOptions): Promise<M.ProjectDetails>;
  update(projectId: string, body: M.ProjectUpdate, options?: RequestOptions): Promise<M.ProjectDetails>;
  delete(projectId: string, options?: RequestOptions): Promise<M.Deleted>;
  analytics(projectId: string, query?: Query<M.AnalyticsQuery>, options?: RequestOptions): Promise<M.Analytics>;
  clone(projectId: string, body?: M.CloneRequest, options?: RequestOptions): Promise<M.ProjectDetails>;
  tasks(projectId: string, query?: Query<M.TaskFilters>, options?: RequestOptions): Promise<M.TaskPage>;
  iterateTasks(projectId: string, query?: Query<M.TaskFilters>, options?: RequestOptions): AsyncIterable<M.TaskOut>;
}

export interface MembersResource {
  list(projectId: string, options?: RequestOptions): Promise<M.MemberList>;
  add(projectId: string, body: M.MemberAdd, options?: RequestOptions): Promise<M.MemberOut>;
  update(projectId: string, userId: string, body: M.MemberUpdate, options?: RequestOptions): Promise<M.MemberOut>;
  remove(projectId: string, userId: string, options?: RequestOptions): Promise<M.MemberRemoved>;
}

export interface CommandsResource {
  execute(body: M.CommandRequest, options?: RequestOptions): Promise<M.CommandStarted>;
  validate(body: M.ValidateRequest, options?: RequestOptions): Promise<M.ValidationOut>;
  status(commandId: string, query?: Query<M.StatusQuery>, options?: RequestOptions): Promise<M.CommandDetails>;
  cancel(commandId: string, options?: RequestOptions): Promise<M.CommandCancelled>;
  running(options?: RequestOptions): Promise<M.RunningCommands>;
  history(query?: Query<M.HistoryQuery>, options?: RequestOptions): Promise<M.CommandHistory>;
  /** Every command of the history, newest first (by `offset`). */
  iterateHistory(query?: Query<M.HistoryQuery>, options?: RequestOptions): AsyncIterable<M.CommandSummary>;
  suggestions(query?: Query<M.SuggestionsQuery>, options?: RequestOptions): Promise<M.SuggestionList>;
}

export interface SessionsResource {
  create(body: M.SessionCreate, options?: RequestOptions): Promise<M.SessionOut>;
  list(query?: Query<M.SessionListQuery>, options?: RequestOptions): Promise<M.SessionList>;
  get(sessionId: string, options?: RequestOptions): Promise<M.SessionOut>;
  update(sessionId: string, body: M.SessionUpdate, options?: RequestOptions): Promise<M.SessionOut>;
  /** Close the session for good (DELETE; it stays listed as closed). */
  delete(sessionId: string, options?: RequestOptions): Promise<M.SessionOut>;
  history(sessionId: string, options?: RequestOptions): Promise<M.SessionHistoryOut>;
  restore(sessionId: string, body: M.RestoreRequest, options?: RequestOptions): Promise<M.RestoreResult>;
}

export interface QueuesResource {
  status(options?: RequestOptions): Promise<M.QueueStatus>;
  metrics(query?: Query<M.MetricsQuery>, options?: RequestOptions): Promise<M.MetricsOut>;
  pause(body: M.PauseRequest, options?: RequestOptions): Promise<M.PauseState>;
  resume(body: M.QueueRequest, options?: RequestOptions): Promise<M.PauseState>;
  /** DELETE /queues/clear: cancel every queued execution of a queue (`confirm: true`). */
  clear(body: M.ClearRequest, options?: RequestOptions): Promise<M.Cleared>;
  /** POST /queues/priority: move queued tasks to another priority. */
  move(body: M.MoveRequest, options?: RequestOptions): Promise<M.Moved>;
}

export interface UsersResource {
  list(query?: Query<M.UserListQuery>, options?: RequestOptions): Promise<M.UserPage>;
  iterate(query?: Query<M.UserListQuery>, options?: RequestOptions): AsyncIterable<M.UserOut>;
  create(body: M.UserCreate, options?: RequestOptions): Promise<M.UserOut>;
  get(userId: string, options?: RequestOptions): Promise<M.UserOut>;
  update(userId: string, body: M.UserUpdate, options?: RequestOptions): Promise<M.UserOut>;
  profile(options?: RequestOptions): Promise<M.ProfileOut>;
  updateProfile(body: M.ProfileUpdate, options?: RequestOptions): Promise<M.ProfileOut>;
  updatePreferences(body: M.PreferencesUpdate, options?: RequestOptions): Promise<M.PreferencesOut>;
}

export interface WebhooksResource {
  list(query?: Query<M.WebhookListQuery>, options?: RequestOptions): Promise<M.WebhookPage>;
  iterate(query?: Query<M.WebhookListQuery>, options?: RequestOptions): AsyncIterable<M.WebhookOut>;
  create(body: M.WebhookCreate, options?: RequestOptions): Promise<M.WebhookCreated>;
  get(webhookId: string, options?: RequestOptions): Promise<M.WebhookOut>;
  update(webhookId: string, body: M.WebhookUpdate, options?: RequestOptions): Promise<M.WebhookOut>;
  delete(webhookId: string, options?: RequestOptions): Promise<M.Deleted>;
  test(webhookId: string, options?: RequestOptions): Promise<M.DeliveryOut>;
  deliveries(webhookId: string, query?: Query<M.DeliveryListQuery>, options?: RequestOptions): Promise<M.DeliveryPage>;
  iterateDeliveries(webhookId: string, query?: Query<M.DeliveryListQuery>, options?: RequestOptions): AsyncIterable<M.DeliveryOut>;
  delivery(webhookId: string, deliveryId: string, options?: RequestOptions): Promise<M.DeliveryOut>;
  redeliver(webhookId: string, deliveryId: string, options?: RequestOptions): Promise<M.DeliveryOut>;
}

export interface SystemResource {
  info(options?: RequestOptions): Promise<M.SystemInfo>;
  maintenance(options?: RequestOptions): Promise<M.MaintenanceOut>;
  setMaintenance(body: M.MaintenanceRequest, options?: RequestOptions): Promise<M.MaintenanceOut>;
}

export interface HealthResource {
  check(options?: RequestOptions): Promise<M.BasicHealth>;
  /** The checks (its data even when the server answers 503: a dependency is down). */
  detailed(options?: RequestOptions): Promise<M.DetailedHealth>;
}

export type ConnectOptions = Pick<
  ClientOptions,
  'WebSocket' | 'websocketURL' | 'reconnect' | 'heartbeat' | 'connectTimeout'
>;

export declare class ClaudeCliClient {
  constructor(options: ClientOptions);
  readonly options: ClientOptions;
  readonly auth: AuthResource;
  readonly tasks: TasksResource;
  readonly executions: ExecutionsResource;
  readonly projects: ProjectsResource;
  readonly members: MembersResource;
  readonly commands: CommandsResource;
  readonly sessions: SessionsResource;
  readonly queues: QueuesResource;
  readonly users: UsersResource;
  readonly webhooks: WebhooksResource;
  readonly system: SystemResource;
  readonly health: HealthResource;
  readonly websocket: {
    /** The socket of a session (`/ws/{sessionId}`), connecting now. */
    connect(sessionId: string, options?: ConnectOptions): LiveSocket;
    /** The URL that socket connects to. */
    url(sessionId: string): string;
  };
  /** The access token the client sends (null in cookie mode). */
  readonly token: string | null;
  /** Use another access token (and refresh token) from now on; open sockets re-authenticate. */
  setToken(accessToken: string | null, refreshToken?: string | null): void;
  /** Any call by method and path relative to baseURL (`/tasks/`): its data, camelCase. */
  request<T = unknown>(
    method: string,
    path: string,
    options?: RequestOptions & { query?: Record<string, unknown>; body?: unknown; auth?: boolean },
  ): Promise<T>;
}

// ---------------------------------------------------------------------------------------------
// WebSocket

/** A server message, camelCase: `seq` and `stream` on sequenced events, `replayed` when from storage. */
export interface LiveMessage<D = any> {
  type: string;
  data: D;
  timestamp?: string | number | null;
  requestId?: string;
  stream?: string;
  seq?: number;
  replayed?: boolean;
  [key: string]: unknown;
}

export interface TaskUpdateData {
  taskId: string;
  executionId?: string | null;
  status: M.TaskStatus;
  progressPercentage?: number | null;
  updatedAt?: string;
  retry?: boolean;
  error?: string | null;
  [key: string]: unknown;
}

export interface TaskCompletedData extends TaskUpdateData {
  exitCode?: number | null;
  duration?: string | null;
  durationSeconds?: number | null;
  completedAt?: string | null;
}

export interface CommandOutputData {
  commandId: string;
  taskId?: string | null;
  executionId?: string | null;
  stream: string;
  content: string;
  timestamp: string;
}

export interface SubscribedData {
  channel: string;
  id: string | null;
  stream: string | null;
  lastSeq: number | null;
}

export interface CloseEvent {
  code: number;
  reason: string;
  /** true: the socket reconnects (backoff); false: it is closed for good */
  reconnecting: boolean;
}

export type Channel = 'project_updates' | 'task_updates' | 'command_output' | 'performance' | 'notifications';

export interface SubscribeParams {
  projectId?: string;
  taskId?: string;
  commandId?: string;
  /** Replay from storage after this seq of the stream (0 or -1: everything). */
  since?: number;
}

export interface LiveEvents {
  open: (session: M.SessionOut) => void;
  close: (event: CloseEvent) => void;
  reconnect: (event: { attempts: number; session: M.SessionOut }) => void;
  /** A server `error` message (its code's class) or a transport failure (WebSocketConnectionError). */
  error: (error: ClaudeCliError, message?: LiveMessage) => void;
  /** Every server message. */
  message: (message: LiveMessage) => void;
  task_update: (data: TaskUpdateData, message: LiveMessage<TaskUpdateData>) => void;
  task_completed: (data: TaskCompletedData, message: LiveMessage<TaskCompletedData>) => void;
  command_output: (data: CommandOutputData, message: LiveMessage<CommandOutputData>) => void;
  subscribed: (data: SubscribedData, message: LiveMessage<SubscribedData>) => void;
}

export type LiveHandler<T extends string> = T extends keyof LiveEvents
  ? LiveEvents[T]
  : (data: any, message: LiveMessage) => void;

/** The socket of one session: authenticates, subscribes, dispatches, reconnects and replays. */
export declare class LiveSocket {
  readonly url: string;
  readonly state: 'connecting' | 'open' | 'reconnecting' | 'closed';
  /** Resolves with the session once first authenticated; rejects if closed before. */
  readonly ready: Promise<M.SessionOut>;
  /** Call handler for each message of that type (or socket event); returns a remover. */
  on<T extends string>(type: T, handler: LiveHandler<T>): () => void;
  off<T extends string>(type: T, handler: LiveHandler<T>): void;
  once<T extends string>(type: T, handler: LiveHandler<T>): () => void;
  /** The first argument of the next `type` event. */
  once(type: string): Promise<any>;
  /**
   * Subscribe; kept across reconnects and resumed from the last seq seen. `task_updates` with
   * only `projectId` subscribes to the project's stream (every task's updates).
   */
  subscribe(channel: Channel, params?: SubscribeParams): Promise<SubscribedData>;
  unsubscribe(channel: Channel, params?: SubscribeParams): Promise<{ channel: string }>;
  executeTask(taskId: string, options?: { priority?: M.Priority }): Promise<{ executionId: string; queuePosition: number }>;
  getMetrics(metrics?: Array<'performance' | 'queue_status' | 'system_health'>): Promise<Record<string, unknown>>;
  ping(): Promise<LiveMessage>;
  /** Send a client message (camelCase fields) and resolve with its answer's data. */
  request(type: string, fields?: Record<string, unknown>): Promise<any>;
  /** Close for good (no reconnect). */
  close(code?: number, reason?: string): Promise<void>;
}

/** Close codes after which the socket does not reconnect: 4401, 4404, 4409. */
export declare const TERMINAL_CLOSE_CODES: readonly number[];

// ---------------------------------------------------------------------------------------------
// Errors

export declare class ClaudeCliError extends Error {}
/** The request got no answer (DNS, refused, reset). */
export declare class NetworkError extends ClaudeCliError {}
/** No answer within `timeout` ms. */
export declare class RequestTimeoutError extends ClaudeCliError {
  readonly timeout: number;
}
/** The socket went away before a request on it was answered (or it is closed). */
export declare class WebSocketClosedError extends ClaudeCliError {
  readonly code: number | null;
  readonly reason: string;
}
export declare class WebSocketConnectionError extends ClaudeCliError {}

/** The server refused: its code (null when the answer was not the API's envelope) and status. */
export declare class ApiError extends ClaudeCliError {
  readonly code: M.ErrorCode | string | null;
  readonly status: number | null;
  /** camelCase keys (`field`, `resetAt`, `blockedBy`, ...) */
  readonly details: Record<string, any>;
  readonly requestId: string | null;
  /** Seconds, from Retry-After (429, maintenance), else null. */
  readonly retryAfter: number | null;
  /** On WebSocket errors: what the refused message named. */
  readonly channel?: string;
  readonly projectId?: string;
  readonly taskId?: string;
  readonly commandId?: string;
  static readonly code: M.ErrorCode;
  static readonly status: number;
}

export declare const ERROR_CODES: Readonly<Record<M.ErrorCode, number>>;
export declare const ERROR_CLASSES: Readonly<Record<M.ErrorCode, typeof ApiError>>;
/** `TASK_NOT_FOUND` -> `TaskNotFoundError`. */
export declare function errorClassName(code: string): string;
/** The error of an API error object (camelCase): its code's class, or ApiError. */
export declare function apiError(
  error: { code?: string; message?: string; details?: Record<string, unknown> },
  context?: { status?: number | null; requestId?: string | null; retryAfter?: number | null },
): ApiError;

export declare class AuthTokenInvalidError extends ApiError {}
export declare class AuthTokenMissingError extends ApiError {}
export declare class AuthInvalidCredentialsError extends ApiError {}
export declare class AuthInsufficientPermissionsError extends ApiError {}
export declare class AuthAccountDisabledError extends ApiError {}
export declare class AuthCsrfTokenInvalidError extends ApiError {}
export declare class ValidationError extends ApiError {}
export declare class ValidationRequiredFieldError extends ApiError {}
export declare class ValidationInvalidFormatError extends ApiError {}
export declare class ValidationValueTooLongError extends ApiError {}
export declare class ValidationValueTooShortError extends ApiError {}
export declare class ResourceNotFoundError extends ApiError {}
export declare class ResourceAlreadyExistsError extends ApiError {}
export declare class ResourceInUseError extends ApiError {}
export declare class ResourceLimitExceededError extends ApiError {}
export declare class MethodNotAllowedError extends ApiError {}
export declare class PayloadTooLargeError extends ApiError {}
export declare class TaskNotFoundError extends ApiError {}
export declare class TaskAlreadyRunningError extends ApiError {}
export declare class TaskNotRunningError extends ApiError {}
export declare class TaskNotRetryableError extends ApiError {}
export declare class TaskDependencyNotMetError extends ApiError {}
export declare class TaskExecutionFailedError extends ApiError {}
export declare class TaskTimeoutError extends ApiError {}
export declare class TaskCancelledError extends ApiError {}
export declare class TaskNoSessionError extends ApiError {}
export declare class ProjectNotFoundError extends ApiError {}
export declare class ProjectAccessDeniedError extends ApiError {}
export declare class ProjectArchivedError extends ApiError {}
export declare class ProjectLimitExceededError extends ApiError {}
export declare class ProjectNotARepositoryError extends ApiError {}
export declare class SessionNotActiveError extends ApiError {}
export declare class CommandUnsafeError extends ApiError {}
export declare class CommandNotRunningError extends ApiError {}
export declare class SandboxUnavailableError extends ApiError {}
export declare class WebhookUrlRefusedError extends ApiError {}
export declare class WebhookInactiveError extends ApiError {}
export declare class SystemMaintenanceError extends ApiError {}
export declare class SystemOverloadedError extends ApiError {}
export declare class DatabaseError extends ApiError {}
export declare class QueueFullError extends ApiError {}
/** 429: `retryAfter` seconds; `details` {limit, window, resetAt}. */
export declare class RateLimitExceededError extends ApiError {}
export declare class WebsocketConnectionFailedError extends ApiError {}
export declare class WebsocketOriginRefusedError extends ApiError {}
export declare class SubscriptionRevokedError extends ApiError {}
export declare class InternalError extends ApiError {}

// ---------------------------------------------------------------------------------------------
// Helpers

/** Fields whose content passes verbatim (no key conversion), by their API name. */
export declare const VERBATIM_FIELDS: readonly string[];
export declare function camelKey(key: string): string;
export declare function snakeKey(key: string): string;
export declare function toCamel<T = any>(value: unknown): T;
export declare function toSnake<T = any>(value: unknown): T;
export declare function socketURL(
  baseURL: string,
  sessionId: string,
  options?: { websocketURL?: string; location?: { href: string } },
): string;
/** Every operation: resource -> method name -> {method, path, input, iterator}. */
export declare const OPERATIONS: Readonly<
  Record<string, Readonly<Record<string, { method: string; path: string; input: 'body' | 'query' | null; iterator: string | null }>>>
>;
export declare const API_VERSION: string;
