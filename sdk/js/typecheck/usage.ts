// Checked by `tsc -p typecheck` (tests/sdk_js): the declarations compile in strict mode, the
// document's example type-checks as written, and wrong calls are refused (@ts-expect-error).

import {
  ClaudeCliClient,
  RateLimitExceededError,
  TaskNotFoundError,
  type TaskOut,
  type TaskUpdateData,
} from '@claude-cli/sdk';

export async function documentExample(): Promise<void> {
  // Initialize client
  const client = new ClaudeCliClient({
    baseURL: 'http://localhost:8000/api',
    token: 'your-jwt-token'
  });

  // Create a task
  const task = await client.tasks.create({
    title: 'Implement authentication',
    projectId: 'project-uuid',
    priority: 1
  });

  // List tasks
  const tasks = await client.tasks.list({
    status: ['pending', 'running'],
    assignedTo: 'user-uuid',
    page: 1,
    pageSize: 50
  });

  // WebSocket connection
  const ws = client.websocket.connect('session-uuid');

  ws.on('task_update', (data) => {
    console.log(`Task ${data.taskId} updated: ${data.status}`);
  });

  ws.subscribe('task_updates', { projectId: 'project-uuid' });

  const id: string = task.id;
  const total: number = tasks.total;
  void id;
  void total;
}

export async function typedUsage(client: ClaudeCliClient): Promise<string[]> {
  const queued = await client.tasks.execute('t', { priority: 'high', options: { retryAttempts: 2, cli: { permissionMode: 'plan' } } });
  const position: number = queued.queuePosition;
  void position;
  const titles: string[] = [];
  for await (const task of client.tasks.iterate({ pageSize: 100 })) {
    const item: TaskOut = task;
    titles.push(item.title);
  }
  const ws = client.websocket.connect('s', { reconnect: { initialDelay: 100 } });
  ws.on('task_completed', (data: TaskUpdateData & { exitCode?: number | null }) => void data.exitCode);
  ws.on('close', (event) => void event.reconnecting);
  const ack = await ws.subscribe('project_updates', { projectId: 'p', since: 0 });
  void ack.lastSeq;
  try {
    await client.tasks.get('missing');
  } catch (error) {
    if (error instanceof TaskNotFoundError) void error.requestId;
    if (error instanceof RateLimitExceededError) void (error.retryAfter ?? 0);
  }
  const cookieMode = new ClaudeCliClient({ baseURL: '/api', csrfToken: () => 'token' });
  void cookieMode;
  return titles;
}

export async function refusedUsage(client: ClaudeCliClient): Promise<void> {
  // @ts-expect-error a task id is a string
  await client.tasks.get(42);
  // @ts-expect-error title is required
  await client.tasks.create({ projectId: 'p' });
  // @ts-expect-error priority is high, normal or low
  await client.tasks.execute('t', { priority: 'urgent' });
  // @ts-expect-error no such resource
  void client.widgets;
  const page = await client.tasks.list();
  // @ts-expect-error keys are camelCase
  void page.has_next;
}
