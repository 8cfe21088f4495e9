// The API's models as the SDK shows them: the OpenAPI schemas of /openapi.json (tagged
// @schema with their name there) with camelCase keys. Fields of free-form data (metadata,
// environment, settings other than settings.cli, ...) keep the keys they were given.
// tests/sdk_js checks every tagged declaration's fields against the server's schema.

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** @schema Activity */
export interface Activity {
  timestamp: string;
  action: string;
  taskId: string;
  taskTitle: string;
  userId: string | null;
  userName: string | null;
}

/** @schema Analytics */
export interface Analytics {
  projectId: string;
  period: "7d" | "30d" | "90d" | "1y";
  startDate: string;
  endDate: string;
  summary: Summary;
  taskTrends: Trends;
  performanceMetrics: PerformanceMetrics;
  teamPerformance: TeamMember[];
  costs: Costs;
}

/** @schema AnalyticsQuery */
export interface AnalyticsQuery {
  period?: "7d" | "30d" | "90d" | "1y";
}

/** @schema AttemptOut */
export interface AttemptOut {
  number: number;
  status: "succeeded" | "failed";
  responseCode: number | null;
  durationMs: number;
  error: string | null;
  startedAt: string;
  /** when the next attempt is due, if any */
  nextAttemptAt: string | null;
}

/** @schema BasicHealth */
export interface BasicHealth {
  status: "healthy" | "unhealthy";
  timestamp: string;
  uptime: number;
  version: string;
}

/** @schema BulkRequest */
export interface BulkRequest {
  operation: "update_status" | "assign" | "add_tags" | "remove_tags" | "delete" | "set_priority";
  /** Task ids; one that is not a UUID or names no task you may change is listed under failed (with its reason in errors) and the others are still applied */
  taskIds: string[];
  /** update_status: {status, progress_percentage?}; assign: {assigned_to}; add_tags, remove_tags: {tags}; set_priority: {priority}; delete: {} */
  data?: JsonObject;
}

/** @schema BulkResult */
export interface BulkResult {
  operation: "update_status" | "assign" | "add_tags" | "remove_tags" | "delete" | "set_priority";
  affectedCount: number;
  successful: string[];
  failed: string[];
  errors: TaskFailure[];
}

/** @schema CancelRequest */
export interface CancelRequest {
  reason?: string;
}

/** @schema Cancelled */
export interface Cancelled {
  taskId: string;
  executionId: string;
  status: "cancelled";
  cancelledAt: string | null;
  reason: string;
}

/** @schema Check */
export interface Check {
  status: "healthy" | "unhealthy";
  error?: string | null;
  responseTime?: number | null;
  runningExecutions?: number | null;
  workerSlots?: number | null;
  activeConnections?: number | null;
  avgLatency?: number | null;
  latencyOf?: string | null;
}

/** @schema Checks */
export interface Checks {
  database: Check;
  actorSystem: Check;
  websocket: Check;
  sandbox: SandboxCheck;
}

/** @schema Chunk */
export interface Chunk {
  seq: number;
  timestamp: string;
  stream: string;
  content: string;
}

/** @schema ClearRequest */
export interface ClearRequest {
  /** high|normal|low, or the API's high_priority|... */
  queueName: "high" | "normal" | "low" | "high_priority" | "normal_priority" | "low_priority";
  /** must be true */
  confirm: boolean;
}

/** @schema Cleared */
export interface Cleared {
  queueName: string;
  cleared: number;
}

/** @schema CliSettings */
export interface CliSettings {
  /** --model: an alias (`sonnet`, `opus`) or a full model name */
  model?: string;
  /** --permission-mode; bypassPermissions only for admins or on a project where an admin set allow_bypass_permissions */
  permissionMode?: PermissionMode;
  /** --allowedTools, e.g. `Bash(git diff:*)`, `Edit` */
  allowedTools?: string[];
  /** --disallowedTools, same syntax */
  disallowedTools?: string[];
  /** --max-turns */
  maxTurns?: number;
  /** --append-system-prompt */
  appendSystemPrompt?: string;
  /** --add-dir, each relative to (or inside) the project's directory */
  addDirs?: string[];
  /** --mcp-config: this JSON object, written to a file for each run */
  mcpConfig?: JsonObject;
  /** none: run in the project's directory; worktree: in a git worktree of its own on a new branch claude/<short task id>-<attempt> (409 PROJECT_NOT_A_REPOSITORY unless the project's directory is a git repository) */
  isolation?: Isolation;
}

/** @schema CloneRequest */
export interface CloneRequest {
  /** default: '<name> (copy)' */
  name?: string;
  includeTasks?: boolean;
  includeSettings?: boolean;
}

/** @schema CommandCancelled */
export interface CommandCancelled {
  commandId: string;
  status: CommandStatus;
  cancelledAt: string | null;
  exitCode: number | null;
}

/** @schema CommandDetails */
export interface CommandDetails {
  commandId: string;
  command: string;
  status: CommandStatus;
  userId: string;
  projectId: string | null;
  workingDirectory: string | null;
  pid: number | null;
  exitCode: number | null;
  error: string | null;
  forced: boolean;
  createdAt: string;
  startedAt: string | null;
  completedAt: string | null;
  cancelledAt: string | null;
  /** seconds, so far while it runs */
  duration: number | null;
  timeout: number | null;
  warnings: string[];
  environment: JsonObject;
  outputBytes: number | null;
  outputTruncated: boolean | null;
  output: Chunk[];
}

/** @schema CommandHistory */
export interface CommandHistory {
  commands: CommandSummary[];
  total: number;
  limit: number;
  offset: number;
}

/** @schema CommandRequest */
export interface CommandRequest {
  command: string;
  /** absolute, or relative to the project's directory; must resolve (after symlinks) inside a project directory you can access (admins: inside WORKSPACE_ROOT) */
  workingDirectory?: string | null;
  /** the project to run in; default: the project of your latest command, else your newest project */
  projectId?: string | null;
  /** seconds; default DEFAULT_COMMAND_TIMEOUT, at most MAX_COMMAND_TIMEOUT */
  timeout?: number | null;
  /** string variables added to a clean base */
  environment?: JsonObject;
  /** publish command_output events */
  streamOutput?: boolean;
  /** admins: run despite safety warnings */
  force?: boolean;
}

/** @schema CommandStarted */
export interface CommandStarted {
  commandId: string;
  command: string;
  status: CommandStatus;
  userId: string;
  projectId: string | null;
  workingDirectory: string | null;
  pid: number | null;
  exitCode: number | null;
  error: string | null;
  forced: boolean;
  createdAt: string;
  startedAt: string | null;
  completedAt: string | null;
  cancelledAt: string | null;
  /** seconds, so far while it runs */
  duration: number | null;
  timeout: number | null;
  warnings: string[];
}

/** @schema CommandStatus */
export type CommandStatus = "starting" | "running" | "completed" | "failed" | "cancelled" | "timeout" | "refused";

/** @schema CommandSummary */
export interface CommandSummary {
  commandId: string;
  command: string;
  status: CommandStatus;
  userId: string;
  projectId: string | null;
  workingDirectory: string | null;
  pid: number | null;
  exitCode: number | null;
  error: string | null;
  forced: boolean;
  createdAt: string;
  startedAt: string | null;
  completedAt: string | null;
  cancelledAt: string | null;
  /** seconds, so far while it runs */
  duration: number | null;
}

/** @schema Conversation */
export interface Conversation {
  taskId: string;
  turns: ExecutionOut[];
}

/** @schema Costs */
export interface Costs {
  costUsd: number;
  tokens: Tokens;
  /** aligned with task_trends.dates */
  costPerDay: number[];
  costPerCompletedTask: number | null;
}

/** @schema DashboardLayout */
export interface DashboardLayout {
  widgets?: string[];
  columns?: number;
}

/** @schema DashboardLayoutOut */
export interface DashboardLayoutOut {
  widgets: string[];
  columns: number;
}

/** @schema Deleted */
export interface Deleted {
  message: string;
  id: string;
  deletedAt: string | null;
}

/** @schema DeliveryListQuery */
export interface DeliveryListQuery {
  /** starts at 1 */
  page?: number;
  /** at most 100; larger values are refused with 422 */
  pageSize?: number;
  order?: "asc" | "desc";
  status?: DeliveryStatus;
  event?: string;
  sort?: "created_at";
}

/** @schema DeliveryOut */
export interface DeliveryOut {
  id: string;
  webhookId: string;
  event: string;
  status: DeliveryStatus;
  /** attempts started */
  attemptCount: number;
  nextAttemptAt: string | null;
  lastResponseCode: number | null;
  lastError: string | null;
  redeliveryOf: string | null;
  createdAt: string;
  completedAt: string | null;
  /** the body delivered (its signatures cover it) */
  payload: JsonObject;
  attempts: AttemptOut[];
}

/** @schema DeliveryPage */
export interface DeliveryPage {
  items: DeliveryOut[];
  total: number;
  page: number;
  pageSize: number;
  pages: number;
  hasNext: boolean;
  hasPrevious: boolean;
  pagination: Pagination;
}

/** @schema DeliveryStatus */
export type DeliveryStatus = "pending" | "delivering" | "delivered" | "failed" | "cancelled";

/** @schema Dependency */
export interface Dependency {
  dependsOnTaskId: string;
  dependencyType?: "blocks" | "relates_to";
}

/** @schema DependencyOut */
export interface DependencyOut {
  id: string;
  dependsOnTaskId: string;
  dependencyType: string;
  task: DependencyTask;
}

/** @schema DependencyTask */
export interface DependencyTask {
  title: string;
  status: TaskStatus;
}

/** @schema DetailedHealth */
export interface DetailedHealth {
  status: "healthy" | "unhealthy";
  timestamp: string;
  checks: Checks;
}

/** @schema DetailedStatistics */
export interface DetailedStatistics {
  totalTasks: number;
  completedTasks: number;
  pendingTasks: number;
  runningTasks: number;
  failedTasks: number;
  cancelledTasks: number;
  completionRate: number;
  averageTaskDuration: string | null;
}

/** @schema Diff */
export interface Diff {
  branch: string;
  baseCommit: string;
  headCommit: string | null;
  path: string;
  error: string | null;
  executionId: string;
  stat: string | null;
  patch: string | null;
  truncated: boolean | null;
}

/** @schema ErrorCode */
export type ErrorCode = "AUTH_TOKEN_INVALID" | "AUTH_TOKEN_MISSING" | "AUTH_INVALID_CREDENTIALS" | "AUTH_INSUFFICIENT_PERMISSIONS" | "AUTH_ACCOUNT_DISABLED" | "AUTH_CSRF_TOKEN_INVALID" | "VALIDATION_ERROR" | "VALIDATION_REQUIRED_FIELD" | "VALIDATION_INVALID_FORMAT" | "VALIDATION_VALUE_TOO_LONG" | "VALIDATION_VALUE_TOO_SHORT" | "RESOURCE_NOT_FOUND" | "RESOURCE_ALREADY_EXISTS" | "RESOURCE_IN_USE" | "RESOURCE_LIMIT_EXCEEDED" | "METHOD_NOT_ALLOWED" | "PAYLOAD_TOO_LARGE" | "TASK_NOT_FOUND" | "TASK_ALREADY_RUNNING" | "TASK_NOT_RUNNING" | "TASK_NOT_RETRYABLE" | "TASK_DEPENDENCY_NOT_MET" | "TASK_EXECUTION_FAILED" | "TASK_TIMEOUT" | "TASK_CANCELLED" | "TASK_NO_SESSION" | "PROJECT_NOT_FOUND" | "PROJECT_ACCESS_DENIED" | "PROJECT_ARCHIVED" | "PROJECT_LIMIT_EXCEEDED" | "PROJECT_NOT_A_REPOSITORY" | "SESSION_NOT_ACTIVE" | "COMMAND_UNSAFE" | "COMMAND_NOT_RUNNING" | "SANDBOX_UNAVAILABLE" | "WEBHOOK_URL_REFUSED" | "WEBHOOK_INACTIVE" | "SYSTEM_MAINTENANCE" | "SYSTEM_OVERLOADED" | "DATABASE_ERROR" | "QUEUE_FULL" | "RATE_LIMIT_EXCEEDED" | "WEBSOCKET_CONNECTION_FAILED" | "WEBSOCKET_ORIGIN_REFUSED" | "SUBSCRIPTION_REVOKED" | "INTERNAL_ERROR";

/** @schema ExecuteOptions */
export interface ExecuteOptions {
  /** seconds; the process group is killed when it expires (TASK_TIMEOUT) */
  timeout?: number | null;
  /** automatic retries of a failure, with exponential backoff */
  retryAttempts?: number;
  /** CLI settings of this run, each field over the project's settings.cli */
  cli?: CliSettings;
  /** continue the CLI session of the task's last execution (--resume); default: the task's metadata.continue_session */
  continue?: boolean;
  /** a follow-up message sent instead of the task's title and description */
  prompt?: string;
}

/** @schema ExecuteRequest */
export interface ExecuteRequest {
  priority?: Priority;
  options?: ExecuteOptions;
}

/** @schema ExecutionDetails */
export interface ExecutionDetails {
  id: string;
  status: ExecutionStatus;
  priority: Priority;
  attempt: number;
  retryAttemptsLeft: number;
  exitCode: number | null;
  error: RunError | null;
  queuedAt: string | null;
  notBefore: string | null;
  startedAt: string | null;
  completedAt: string | null;
  cancelledAt: string | null;
  cancelReason: string | null;
  timeout: number | null;
  progressPercentage: number | null;
  cliSessionId: string | null;
  result: string | null;
  outputBytes: number | null;
  outputTruncated: boolean | null;
  /** the CLI settings this run used */
  cli: JsonObject;
  /** its follow-up message (null: the task's text) */
  prompt: string | null;
  /** isolation worktree: where it ran */
  worktree: WorktreeOut | null;
  /** the CLI session it continued (--resume) */
  resumeSessionId: string | null;
  /** the model the CLI reported in its init event */
  model: string | null;
  /** what else the init event reported: cwd, tools, permissionMode, mcp_servers */
  cliInit: JsonObject | null;
  /** the result event's total_cost_usd */
  costUsd: number | null;
  usage: Usage | null;
  numTurns: number | null;
  durationMs: number | null;
  durationApiMs: number | null;
  /** the result event's subtype: success, error_max_turns, ... */
  resultSubtype: string | null;
  output: Chunk[];
}

/** @schema ExecutionList */
export interface ExecutionList {
  taskId: string;
  executions: ExecutionOut[];
}

/** @schema ExecutionOut */
export interface ExecutionOut {
  id: string;
  status: ExecutionStatus;
  priority: Priority;
  attempt: number;
  retryAttemptsLeft: number;
  exitCode: number | null;
  error: RunError | null;
  queuedAt: string | null;
  notBefore: string | null;
  startedAt: string | null;
  completedAt: string | null;
  cancelledAt: string | null;
  cancelReason: string | null;
  timeout: number | null;
  progressPercentage: number | null;
  cliSessionId: string | null;
  result: string | null;
  outputBytes: number | null;
  outputTruncated: boolean | null;
  /** the CLI settings this run used */
  cli: JsonObject;
  /** its follow-up message (null: the task's text) */
  prompt: string | null;
  /** isolation worktree: where it ran */
  worktree: WorktreeOut | null;
  /** the CLI session it continued (--resume) */
  resumeSessionId: string | null;
  /** the model the CLI reported in its init event */
  model: string | null;
  /** what else the init event reported: cwd, tools, permissionMode, mcp_servers */
  cliInit: JsonObject | null;
  /** the result event's total_cost_usd */
  costUsd: number | null;
  usage: Usage | null;
  numTurns: number | null;
  durationMs: number | null;
  durationApiMs: number | null;
  /** the result event's subtype: success, error_max_turns, ... */
  resultSubtype: string | null;
}

/** @schema ExecutionOutput */
export interface ExecutionOutput {
  executionId: string;
  status: ExecutionStatus;
  output: Chunk[];
}

/** @schema ExecutionStatus */
export type ExecutionStatus = "queued" | "running" | "completed" | "failed" | "cancelled";

/** @schema Features */
export interface Features {
  websocketEnabled: boolean;
  redisEnabled: boolean;
  monitoringEnabled: boolean;
}

/** @schema FindingOut */
export interface FindingOut {
  rule: string;
  severity: string;
  message: string;
  suggestion: string;
}

/** @schema HistoryEntry */
export interface HistoryEntry {
  id: string;
  timestamp: string;
  action: string;
  field: string | null;
  oldValue: JsonValue;
  newValue: JsonValue;
  userId: string | null;
  userName: string | null;
  details: JsonObject;
}

/** @schema HistoryQuery */
export interface HistoryQuery {
  limit?: number;
  offset?: number;
}

/** @schema Isolation */
export type Isolation = "none" | "worktree";

/** @schema Limits */
export interface Limits {
  maxConcurrentTasks: number;
  maxOutputBytes: number;
  maxRequestBytes: number;
}

/** @schema LoginRequest */
export interface LoginRequest {
  username: string;
  password: string;
}

/** @schema MaintenanceOut */
export interface MaintenanceOut {
  enabled: boolean;
  /** writes by non-admins are refused right now */
  active: boolean;
  message: string | null;
  startsAt: string | null;
  endsAt: string | null;
  updatedAt: string | null;
  updatedBy: string | null;
}

/** @schema MaintenanceRequest */
export interface MaintenanceRequest {
  enabled: boolean;
  message?: string | null;
  /** default: at once */
  startsAt?: string | null;
  /** default: until disabled */
  endsAt?: string | null;
}

/** @schema MemberAdd */
export interface MemberAdd {
  /** the user to add; or give username */
  userId?: string;
  username?: string;
  /** viewer: read; developer: also write and execute; maintainer: also manage the project and its members */
  role: "viewer" | "developer" | "maintainer";
}

/** @schema MemberList */
export interface MemberList {
  projectId: string;
  owner: Person;
  members: MemberOut[];
}

/** @schema MemberOut */
export interface MemberOut {
  userId: string;
  username: string;
  fullName: string | null;
  role: ProjectRole;
  addedAt: string;
}

/** @schema MemberRemoved */
export interface MemberRemoved {
  message: string;
  projectId: string;
  userId: string;
}

/** @schema MemberUpdate */
export interface MemberUpdate {
  /** viewer: read; developer: also write and execute; maintainer: also manage the project and its members */
  role: "viewer" | "developer" | "maintainer";
}

/** @schema Message */
export interface Message {
  message: string;
}

/** @schema MessageKind */
export type MessageKind = "system_init" | "text" | "thinking" | "user_text" | "tool_use" | "tool_result" | "result" | "event" | "truncated";

/** @schema MetricsOut */
export interface MetricsOut {
  period: string;
  since: string | null;
  queues: QueueMetricsByQueue;
  performance: Performance;
  /** cost and tokens of the period's executions */
  usage: UsageTotals;
}

/** @schema MetricsQuery */
export interface MetricsQuery {
  period?: "1h" | "24h" | "7d" | "30d";
}

/** @schema MoveRequest */
export interface MoveRequest {
  taskIds: string[];
  priority: Priority;
}

/** @schema Moved */
export interface Moved {
  priority: Priority;
  moved: string[];
  notQueued: string[];
  notFound: string[];
  forbidden: string[];
}

/** @schema Notifications */
export interface Notifications {
  email?: boolean;
  push?: boolean;
  taskUpdates?: boolean;
  projectUpdates?: boolean;
}

/** @schema NotificationsOut */
export interface NotificationsOut {
  email: boolean;
  push: boolean;
  taskUpdates: boolean;
  projectUpdates: boolean;
}

/** @schema OutputQuery */
export interface OutputQuery {
  /** only chunks after this sequence number (resume where you stopped) */
  afterSeq?: number;
  limit?: number;
}

/** @schema PageLinks */
export interface PageLinks {
  first: string;
  previous: string | null;
  next: string | null;
  last: string;
}

/** @schema Pagination */
export interface Pagination {
  total: number;
  page: number;
  pageSize: number;
  pages: number;
  links: PageLinks;
}

/** @schema PauseRequest */
export interface PauseRequest {
  /** high|normal|low, or the API's high_priority|... */
  queueName: "high" | "normal" | "low" | "high_priority" | "normal_priority" | "low_priority";
  reason?: string;
}

/** @schema PauseState */
export interface PauseState {
  queueName: string;
  paused: boolean;
  reason: string | null;
  pausedAt: string | null;
}

/** @schema Performance */
export interface Performance {
  tasksPerMinute: number;
  successRate: number | null;
  averageProcessingTime: string | null;
}

/** @schema PerformanceMetrics */
export interface PerformanceMetrics {
  averageTaskDuration: string | null;
  medianTaskDuration: string | null;
  completionRate: number | null;
  onTimeCompletionRate: number | null;
}

/** @schema Permission */
export type Permission = "read" | "write" | "execute" | "admin";

/** @schema PermissionMode */
export type PermissionMode = "default" | "acceptEdits" | "bypassPermissions" | "plan";

/** @schema Person */
export interface Person {
  userId: string;
  username: string;
  fullName: string | null;
}

/** @schema Preferences */
export interface Preferences {
  theme: string;
  language: string;
  timezone: string;
  notifications: NotificationsOut;
  dashboardLayout: DashboardLayoutOut;
}

/** @schema PreferencesOut */
export interface PreferencesOut {
  preferences: Preferences;
  updatedAt: string;
}

/** @schema PreferencesUpdate */
export interface PreferencesUpdate {
  theme?: "light" | "dark" | "system";
  language?: "en" | "fr" | "de" | "es" | "it" | "pt" | "nl" | "ja" | "zh" | "ko";
  /** an IANA time zone, e.g. Europe/Paris */
  timezone?: string;
  notifications?: Notifications;
  dashboardLayout?: DashboardLayout;
}

/** @schema Priority */
export type Priority = "high" | "normal" | "low";

/** @schema ProfileOut */
export interface ProfileOut {
  id: string;
  username: string;
  email: string | null;
  fullName: string | null;
  avatarUrl: string | null;
  role: Role;
  permissions: Permission[];
  isActive: boolean;
  createdAt: string;
  lastLogin: string | null;
  preferences: Preferences;
  statistics: ProfileStatistics;
}

/** @schema ProfileStatistics */
export interface ProfileStatistics {
  tasksCreated: number;
  tasksCompleted: number;
  projectsCreated: number;
  totalLoginTime: string | null;
}

/** @schema ProfileUpdate */
export interface ProfileUpdate {
  email?: string | null;
  fullName?: string | null;
  avatarUrl?: string | null;
  password?: string;
  /** required with password */
  currentPassword?: string;
}

/** @schema ProjectCliSettings */
export interface ProjectCliSettings {
  /** --model: an alias (`sonnet`, `opus`) or a full model name */
  model?: string;
  /** --permission-mode; bypassPermissions only for admins or on a project where an admin set allow_bypass_permissions */
  permissionMode?: PermissionMode;
  /** --allowedTools, e.g. `Bash(git diff:*)`, `Edit` */
  allowedTools?: string[];
  /** --disallowedTools, same syntax */
  disallowedTools?: string[];
  /** --max-turns */
  maxTurns?: number;
  /** --append-system-prompt */
  appendSystemPrompt?: string;
  /** --add-dir, each relative to (or inside) the project's directory */
  addDirs?: string[];
  /** --mcp-config: this JSON object, written to a file for each run */
  mcpConfig?: JsonObject;
  /** none: run in the project's directory; worktree: in a git worktree of its own on a new branch claude/<short task id>-<attempt> (409 PROJECT_NOT_A_REPOSITORY unless the project's directory is a git repository) */
  isolation?: Isolation;
  /** admins only: lets this project's runs use bypassPermissions */
  allowBypassPermissions?: boolean;
}

/** @schema ProjectCreate */
export interface ProjectCreate {
  name: string;
  description?: string;
  /** replaced as a whole; `cli` holds the CLI settings of its runs, other keys are free-form */
  settings?: ProjectSettings;
  /** max_tasks is enforced (409 PROJECT_LIMIT_EXCEEDED); the others are recorded */
  resourceLimits?: ResourceLimits;
}

/** @schema ProjectDetails */
export interface ProjectDetails {
  id: string;
  name: string;
  description: string;
  status: ProjectStatus;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  workingDirectory: string;
  settings: JsonObject;
  resourceLimits: JsonObject;
  statistics: DetailedStatistics;
  yourRole: string | null;
  recentActivity: Activity[];
}

/** @schema ProjectListQuery */
export interface ProjectListQuery {
  /** starts at 1 */
  page?: number;
  /** at most 100; larger values are refused with 422 */
  pageSize?: number;
  order?: "asc" | "desc";
  /** comma-separated: active, archived, completed */
  status?: string | string[];
  createdBy?: string;
  /** the task search syntax over name:, description:, status: (substring matching) */
  search?: string;
  createdAfter?: string | Date;
  createdBefore?: string | Date;
  sort?: "name" | "created_at" | "updated_at";
}

/** @schema ProjectOut */
export interface ProjectOut {
  id: string;
  name: string;
  description: string;
  status: ProjectStatus;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  workingDirectory: string;
  settings: JsonObject;
  resourceLimits: JsonObject;
  statistics: Statistics;
}

/** @schema ProjectPage */
export interface ProjectPage {
  items: ProjectOut[];
  total: number;
  page: number;
  pageSize: number;
  pages: number;
  hasNext: boolean;
  hasPrevious: boolean;
  pagination: Pagination;
}

/** @schema ProjectRole */
export type ProjectRole = "owner" | "maintainer" | "developer" | "viewer";

/** @schema ProjectSettings */
export interface ProjectSettings {
  cli?: ProjectCliSettings;
  /** any other key: free-form, kept as sent (its keys are not converted) */
  [key: string]: ProjectCliSettings | JsonValue | undefined;
}

/** @schema ProjectStatus */
export type ProjectStatus = "active" | "archived" | "completed";

/** @schema ProjectUpdate */
export interface ProjectUpdate {
  name?: string;
  description?: string;
  status?: ProjectStatus;
  /** replaced as a whole; `cli` holds the CLI settings of its runs, other keys are free-form */
  settings?: ProjectSettings;
  /** max_tasks is enforced (409 PROJECT_LIMIT_EXCEEDED); the others are recorded */
  resourceLimits?: ResourceLimits;
}

/** @schema QueueFigures */
export interface QueueFigures {
  size: number;
  processing: number;
  completedToday: number;
  paused: boolean;
  pauseReason: string | null;
}

/** @schema QueueMetrics */
export interface QueueMetrics {
  enqueued: number;
  queued: number;
  running: number;
  completed: number;
  failed: number;
  cancelled: number;
  successRate: number | null;
  waitTime: TimeSummary;
  processingTime: TimeSummary;
}

/** @schema QueueRequest */
export interface QueueRequest {
  /** high|normal|low, or the API's high_priority|... */
  queueName: "high" | "normal" | "low" | "high_priority" | "normal_priority" | "low_priority";
}

/** @schema QueueStatus */
export interface QueueStatus {
  queues: QueueFiguresByQueue;
  workers: Workers;
  performance: Performance;
}

/** @schema Queued */
export interface Queued {
  taskId: string;
  executionId: string;
  status: "queued";
  retryAttempt?: number | null;
  queuePosition: number;
  estimatedStartTime: string;
}

/** @schema Queues_QueueFigures_ */
export interface QueueFiguresByQueue {
  highPriority: QueueFigures;
  normalPriority: QueueFigures;
  lowPriority: QueueFigures;
}

/** @schema Queues_QueueMetrics_ */
export interface QueueMetricsByQueue {
  highPriority: QueueMetrics;
  normalPriority: QueueMetrics;
  lowPriority: QueueMetrics;
}

/** @schema ResourceLimits */
export interface ResourceLimits {
  maxTasks?: number | null;
  maxConcurrentTasks?: number | null;
  storageLimit?: string | null;
}

/** @schema RestoreRequest */
export interface RestoreRequest {
  /** ISO 8601, UTC if no offset, taken at the precision written: `2025-07-30T13:00:00Z` (how the API shows times, such as the session's created_at) is the whole second, so everything up to 13:00:00.999999 is included */
  restorePoint: string;
  includeTasks?: boolean;
  includeSettings?: boolean;
}

/** @schema RestoreResult */
export interface RestoreResult {
  sessionId: string;
  restorePoint: string | null;
  settingsRestored: boolean;
  settings: JsonObject;
  tasksRestored: RestoredTask[];
}

/** @schema RestoredTask */
export interface RestoredTask {
  taskId: string;
  projectId: string;
  changes: JsonObject;
  deleted: boolean | null;
  status: TaskStatus;
}

/** @schema Role */
export type Role = "admin" | "developer" | "premium" | "viewer";

/** @schema RunError */
export interface RunError {
  code: string;
  message: string | null;
}

/** @schema RunningCommands */
export interface RunningCommands {
  commands: CommandSummary[];
  totalRunning: number;
}

/** @schema SandboxCheck */
export interface SandboxCheck {
  status: "enabled" | "disabled" | "unknown";
  mode?: "bwrap" | "off" | null;
  detail?: string | null;
  cgroupLimits?: string[] | null;
  commandNetwork?: boolean | null;
  unsandboxedCommands?: "admins" | "everyone" | null;
}

/** @schema SessionCreate */
export interface SessionCreate {
  projectId: string;
  /** free-form client settings (theme, ...) */
  settings?: JsonObject;
}

/** @schema SessionEntry */
export interface SessionEntry {
  id: string;
  action: string;
  details: JsonObject;
  timestamp: string;
}

/** @schema SessionHistoryOut */
export interface SessionHistoryOut {
  sessionId: string;
  history: SessionEntry[];
  total: number;
}

/** @schema SessionList */
export interface SessionList {
  sessions: SessionOut[];
  total: number;
}

/** @schema SessionListQuery */
export interface SessionListQuery {
  status?: SessionStatus;
  projectId?: string;
}

/** @schema SessionOut */
export interface SessionOut {
  sessionId: string;
  projectId: string;
  projectName: string;
  userId: string;
  status: SessionStatus;
  createdAt: string;
  lastAccessed: string | null;
  expiresAt: string | null;
  closedAt: string | null;
  settings: JsonObject;
  connections: number;
}

/** @schema SessionStatus */
export type SessionStatus = "active" | "expired" | "closed";

/** @schema SessionUpdate */
export interface SessionUpdate {
  /** merged; a null value removes a key */
  settings: JsonObject;
}

/** @schema Span */
export interface Span {
  start: string;
  end: string;
}

/** @schema Statistics */
export interface Statistics {
  totalTasks: number;
  completedTasks: number;
  pendingTasks: number;
  runningTasks: number;
  failedTasks: number;
  cancelledTasks: number;
}

/** @schema StatusQuery */
export interface StatusQuery {
  afterSeq?: number;
}

/** @schema SuggestionList */
export interface SuggestionList {
  suggestions: SuggestionOut[];
}

/** @schema SuggestionOut */
export interface SuggestionOut {
  command: string;
  description: string;
  category: string;
  source: "history" | "catalog";
  useCount?: number | null;
  lastUsed?: string | null;
}

/** @schema SuggestionsQuery */
export interface SuggestionsQuery {
  context?: "git" | "npm" | "pip" | "pytest" | "make" | "docker" | "claude" | "shell";
  prefix?: string;
  limit?: number;
}

/** @schema Summary */
export interface Summary {
  totalTasks: number;
  completedTasks: number;
  averageCompletionTime: string | null;
  productivityScore: number | null;
}

/** @schema SystemInfo */
export interface SystemInfo {
  version: string;
  environment: string;
  features: Features;
  limits: Limits;
  maintenance: MaintenanceOut;
}

/** @schema TaskCreate */
export interface TaskCreate {
  estimatedDuration?: string | null;
  /** an active user of the project */
  assignedTo?: string | null;
  /** trimmed and lower-cased; duplicates dropped; no commas */
  tags?: string[];
  metadata?: JsonObject;
  title: string;
  projectId: string;
  description?: string;
  priority?: number;
  /** tasks of the same project this one depends on; cycles are refused */
  dependencies?: Dependency[];
}

/** @schema TaskDetails */
export interface TaskDetails {
  id: string;
  title: string;
  description: string;
  projectId: string;
  status: TaskStatus;
  priority: number;
  progressPercentage: number;
  estimatedDuration: string | null;
  actualDuration: string | null;
  assignedTo: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  startedAt: string | null;
  completedAt: string | null;
  tags: string[];
  metadata: JsonObject;
  /** the sum of its executions' total_cost_usd */
  costUsd: number;
  dependencies: DependencyOut[];
  history: HistoryEntry[];
  latestExecution: ExecutionDetails | null;
}

/** @schema TaskFailure */
export interface TaskFailure {
  taskId: string;
  code: ErrorCode;
  message: string;
}

/** @schema TaskFilters */
export interface TaskFilters {
  /** starts at 1 */
  page?: number;
  /** at most 100; larger values are refused with 422 */
  pageSize?: number;
  order?: "asc" | "desc";
  /** comma-separated: pending, queued, running, completed, failed, cancelled */
  status?: string | string[];
  assignedTo?: string;
  /** minimum priority */
  priority?: number;
  /** comma-separated */
  tags?: string | string[];
  /** all: a task must carry every tag listed (default); any: at least one */
  tagsMatch?: "all" | "any";
  /** words, "exact phrase", prefix*, AND / OR / NOT, parentheses, title: description: tags: status: */
  search?: string;
  /** ISO 8601, inclusive */
  createdAfter?: string | Date;
  /** ISO 8601, exclusive */
  createdBefore?: string | Date;
  sort?: "created_at" | "updated_at" | "priority" | "title";
}

/** @schema TaskHistoryOut */
export interface TaskHistoryOut {
  taskId: string;
  history: HistoryEntry[];
}

/** @schema TaskListQuery */
export interface TaskListQuery {
  /** starts at 1 */
  page?: number;
  /** at most 100; larger values are refused with 422 */
  pageSize?: number;
  order?: "asc" | "desc";
  /** comma-separated: pending, queued, running, completed, failed, cancelled */
  status?: string | string[];
  assignedTo?: string;
  /** minimum priority */
  priority?: number;
  /** comma-separated */
  tags?: string | string[];
  /** all: a task must carry every tag listed (default); any: at least one */
  tagsMatch?: "all" | "any";
  /** words, "exact phrase", prefix*, AND / OR / NOT, parentheses, title: description: tags: status: */
  search?: string;
  /** ISO 8601, inclusive */
  createdAfter?: string | Date;
  /** ISO 8601, exclusive */
  createdBefore?: string | Date;
  sort?: "created_at" | "updated_at" | "priority" | "title";
  projectId?: string;
}

/** @schema TaskOut */
export interface TaskOut {
  id: string;
  title: string;
  description: string;
  projectId: string;
  status: TaskStatus;
  priority: number;
  progressPercentage: number;
  estimatedDuration: string | null;
  actualDuration: string | null;
  assignedTo: string | null;
  createdBy: string;
  createdAt: string;
  updatedAt: string;
  startedAt: string | null;
  completedAt: string | null;
  tags: string[];
  metadata: JsonObject;
  /** the sum of its executions' total_cost_usd */
  costUsd: number;
}

/** @schema TaskPage */
export interface TaskPage {
  items: TaskOut[];
  total: number;
  page: number;
  pageSize: number;
  pages: number;
  hasNext: boolean;
  hasPrevious: boolean;
  pagination: Pagination;
}

/** @schema TaskStatus */
export type TaskStatus = "pending" | "queued" | "running" | "completed" | "failed" | "cancelled";

/** @schema TaskUpdate */
export interface TaskUpdate {
  estimatedDuration?: string | null;
  /** an active user of the project */
  assignedTo?: string | null;
  /** trimmed and lower-cased; duplicates dropped; no commas */
  tags?: string[];
  metadata?: JsonObject;
  title?: string;
  description?: string;
  priority?: number;
  /** tasks of the same project this one depends on; replaces the current set; cycles are refused */
  dependencies?: Dependency[];
  /** queued and running are set by the runtime only */
  status?: "pending" | "completed" | "failed" | "cancelled";
  progressPercentage?: number;
}

/** @schema TeamMember */
export interface TeamMember {
  userId: string | null;
  userName: string | null;
  tasksAssigned: number;
  tasksCompleted: number;
  averageDuration: string | null;
  completionRate: number | null;
}

/** @schema TimeSummary */
export interface TimeSummary {
  average: number | null;
  p50: number | null;
  p95: number | null;
  max: number | null;
}

/** @schema TokenPair */
export interface TokenPair {
  accessToken: string;
  /** Left out when an access token was refreshed with an access token */
  refreshToken?: string | null;
  tokenType: "bearer";
  expiresIn: number;
  user: TokenUser;
}

/** @schema TokenUser */
export interface TokenUser {
  id: string;
  username: string;
  email: string | null;
  role: Role;
}

/** @schema Tokens */
export interface Tokens {
  inputTokens: number;
  outputTokens: number;
  cacheCreationInputTokens: number;
  cacheReadInputTokens: number;
}

/** @schema Transcript */
export interface Transcript {
  executionId: string;
  status: ExecutionStatus;
  messages: TranscriptEntry[];
}

/** @schema TranscriptEntry */
export interface TranscriptEntry {
  seq: number;
  timestamp: string;
  kind: MessageKind;
  /** system_init: session_id, model, cwd, tools, permission_mode, mcp_servers; text: text; thinking: thinking; user_text: text; tool_use: id, name, input; tool_result: tool_use_id, content, is_error; result: subtype, is_error, result, total_cost_usd, usage, num_turns, duration_ms, duration_api_ms; event: any other event verbatim under `event`; truncated: the transcript reached MAX_OUTPUT_BYTES */
  data: JsonObject;
}

/** @schema TranscriptQuery */
export interface TranscriptQuery {
  /** only messages after this sequence number (resume where you stopped) */
  afterSeq?: number;
  limit?: number;
}

/** @schema Trends */
export interface Trends {
  dates: string[];
  createdPerDay: number[];
  completedPerDay: number[];
}

/** @schema Usage */
export interface Usage {
  inputTokens: number | null;
  outputTokens: number | null;
  cacheCreationInputTokens: number | null;
  cacheReadInputTokens: number | null;
}

/** @schema UsageTotals */
export interface UsageTotals {
  costUsd: number;
  tokens: Tokens;
}

/** @schema UserCreate */
export interface UserCreate {
  email?: string | null;
  fullName?: string | null;
  avatarUrl?: string | null;
  username: string;
  password: string;
  role: Role;
}

/** @schema UserListQuery */
export interface UserListQuery {
  /** starts at 1 */
  page?: number;
  /** at most 100; larger values are refused with 422 */
  pageSize?: number;
  order?: "asc" | "desc";
  /** comma-separated: admin, developer, premium, viewer */
  role?: string | string[];
  isActive?: boolean;
  /** substring of username, email or full name */
  search?: string;
  sort?: "username" | "created_at" | "last_login";
}

/** @schema UserOut */
export interface UserOut {
  id: string;
  username: string;
  email: string | null;
  fullName: string | null;
  avatarUrl: string | null;
  role: Role;
  permissions: Permission[];
  isActive: boolean;
  createdAt: string;
  lastLogin: string | null;
}

/** @schema UserPage */
export interface UserPage {
  items: UserOut[];
  total: number;
  page: number;
  pageSize: number;
  pages: number;
  hasNext: boolean;
  hasPrevious: boolean;
  pagination: Pagination;
}

/** @schema UserUpdate */
export interface UserUpdate {
  email?: string | null;
  fullName?: string | null;
  avatarUrl?: string | null;
  role?: Role;
  isActive?: boolean;
  password?: string;
}

/** @schema ValidateRequest */
export interface ValidateRequest {
  command: string;
  checkSafety?: boolean;
}

/** @schema ValidationOut */
export interface ValidationOut {
  valid: boolean;
  safe: boolean | null;
  syntaxError: string | null;
  warnings: string[];
  suggestions: string[];
  findings: FindingOut[];
}

/** @schema WebhookCreate */
export interface WebhookCreate {
  /** http or https; its host must resolve to public addresses only (else 422 WEBHOOK_URL_REFUSED), unless listed in WEBHOOK_ALLOWED_HOSTS */
  url: string;
  /** the events delivered to it (each at most once) */
  events: WebhookEvent[];
  /** a project's webhook (needs its manage right); default: your own */
  projectId?: string;
  active?: boolean;
  description?: string;
}

/** @schema WebhookCreated */
export interface WebhookCreated {
  id: string;
  url: string;
  events: string[];
  active: boolean;
  description: string;
  projectId: string | null;
  ownerId: string;
  /** failed attempts in a row */
  consecutiveFailures: number;
  createdAt: string;
  updatedAt: string;
  /** signs every delivery; shown in this answer only, never again */
  secret: string;
}

/** @schema WebhookEvent */
export type WebhookEvent = "task.created" | "task.updated" | "task.completed" | "task.failed" | "project.created" | "project.updated" | "system.maintenance" | "system.alert";

/** @schema WebhookListQuery */
export interface WebhookListQuery {
  /** starts at 1 */
  page?: number;
  /** at most 100; larger values are refused with 422 */
  pageSize?: number;
  order?: "asc" | "desc";
  projectId?: string;
  active?: boolean;
  sort?: "created_at" | "updated_at" | "url";
}

/** @schema WebhookOut */
export interface WebhookOut {
  id: string;
  url: string;
  events: string[];
  active: boolean;
  description: string;
  projectId: string | null;
  ownerId: string;
  /** failed attempts in a row */
  consecutiveFailures: number;
  createdAt: string;
  updatedAt: string;
}

/** @schema WebhookPage */
export interface WebhookPage {
  items: WebhookOut[];
  total: number;
  page: number;
  pageSize: number;
  pages: number;
  hasNext: boolean;
  hasPrevious: boolean;
  pagination: Pagination;
}

/** @schema WebhookUpdate */
export interface WebhookUpdate {
  /** http or https; its host must resolve to public addresses only (else 422 WEBHOOK_URL_REFUSED), unless listed in WEBHOOK_ALLOWED_HOSTS */
  url?: string;
  /** the events delivered to it (each at most once) */
  events?: WebhookEvent[];
  /** false also cancels deliveries not yet made */
  active?: boolean;
  description?: string;
}

/** @schema Workers */
export interface Workers {
  active: number;
  idle: number;
  total: number;
  runtime: "connected" | "unavailable";
}

/** @schema WorktreeOut */
export interface WorktreeOut {
  branch: string;
  baseCommit: string;
  headCommit: string | null;
  path: string;
  error: string | null;
}
