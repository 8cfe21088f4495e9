// The API document's "JavaScript SDK Example", runnable: its lines as written (the values it
// leaves as placeholders come from the environment), then it runs the task it created and
// stops once that task has completed.
//
//   cd sdk/examples && npm ci   # @claude-cli/sdk from ../js
//   API_BASE_URL=http://localhost:8000/api API_TOKEN=... PROJECT_ID=... USER_ID=... \
//   SESSION_ID=... node js_example.mjs   # Node 20: node --experimental-websocket js_example.mjs

import { ClaudeCliClient } from '@claude-cli/sdk';

const env = (name) => {
  if (!process.env[name]) throw new Error(`set ${name}`);
  return process.env[name];
};

// Initialize client
const client = new ClaudeCliClient({
  baseURL: env('API_BASE_URL'),
  token: env('API_TOKEN')
});

// Create a task
const task = await client.tasks.create({
  title: 'Implement authentication',
  projectId: env('PROJECT_ID'),
  priority: 1
});
console.log(`created task ${task.id}`);

// List tasks
const tasks = await client.tasks.list({
  status: ['pending', 'running'],
  assignedTo: env('USER_ID'),
  page: 1,
  pageSize: 50
});
console.log(`${tasks.total} pending or running tasks assigned to ${env('USER_ID')}`);

// WebSocket connection
const ws = client.websocket.connect(env('SESSION_ID'));

ws.on('task_update', (data) => {
  console.log(`Task ${data.taskId} updated: ${data.status}`);
});

ws.subscribe('task_updates', { projectId: env('PROJECT_ID') });

// Beyond the document: run the task once subscribed, and stop when it has completed.
await ws.once('subscribed');
await client.tasks.execute(task.id, { priority: 'high' });
const done = await new Promise((resolve) => {
  ws.on('task_completed', (data) => {
    if (data.taskId === task.id) resolve(data);
  });
});
console.log(`Task ${done.taskId} completed: ${done.status}, exit code ${done.exitCode}`);
await ws.close();
