// The session WebSocket against the live server: authenticate, subscribe, task_update delivery,
// refusals, requests on the socket, and closing.

import assert from 'node:assert/strict';
import { after, test } from 'node:test';

import { ProjectNotFoundError, WebSocketClosedError } from '../index.js';
import { client, live, required } from '../testkit/env.js';
import { finished, nextEvent } from '../testkit/waiting.js';

const api = client();
const sockets = [];
after(() => Promise.all(sockets.map((ws) => ws.close())));

function connect(sessionId = live.sessionId, options) {
  const ws = api.websocket.connect(sessionId, options);
  sockets.push(ws);
  return ws;
}

/** The task_update and task_completed messages of taskId, as the handlers received them. */
function collect(ws, taskId) {
  const seen = [];
  for (const type of ['task_update', 'task_completed']) {
    ws.on(type, (data, message) => {
      if (data.taskId === taskId) seen.push({ type, data, message });
    });
  }
  return seen;
}

test('authenticates with the token: open carries the session, camelCase', async () => {
  const ws = connect();
  const [session] = await nextEvent(ws, 'open');
  assert.equal(session.sessionId, live.sessionId);
  assert.equal(session.projectId, live.projectId);
  assert.equal(ws.state, 'open');
  assert.deepEqual(await ws.ready, session);
});

test("the document's subscribe('task_updates', {projectId}) delivers every task's updates", async () => {
  const ws = connect();
  const ack = await ws.subscribe('task_updates', { projectId: live.projectId });
  assert.equal(ack.stream, `project:${live.projectId}`);
  assert.equal(typeof ack.lastSeq, 'number');
  const task = await api.tasks.create({ title: 'watched', projectId: live.projectId });
  const seen = collect(ws, task.id);
  const completed = nextEvent(ws, 'task_completed', (data) => data.taskId === task.id);
  await api.tasks.execute(task.id);
  const [data, message] = await completed;
  assert.equal(data.status, 'completed');
  assert.equal(data.exitCode, 0);
  assert.equal(message.stream, `project:${live.projectId}`);
  const statuses = seen.filter((m) => m.type === 'task_update').map((m) => m.data.status);
  assert.ok(statuses.includes('queued') && statuses.includes('running'), statuses.join());
  const seqs = seen.map((m) => m.message.seq);
  assert.deepEqual(seqs, [...seqs].sort((a, b) => a - b), 'in seq order');
  assert.ok(seqs.every((seq) => seq > ack.lastSeq));
});

test('task_updates of one task carry only that task', async () => {
  const ws = connect();
  const [mine, other] = await Promise.all([
    api.tasks.create({ title: 'mine', projectId: live.projectId }),
    api.tasks.create({ title: 'other', projectId: live.projectId }),
  ]);
  await ws.subscribe('task_updates', { taskId: mine.id });
  const types = [];
  ws.on('message', (message) => types.push([message.type, message.data?.taskId]));
  const completed = nextEvent(ws, 'task_completed');
  await api.tasks.execute(other.id);
  await finished(api, other.id);
  await api.tasks.execute(mine.id);
  const [data] = await completed;
  assert.equal(data.taskId, mine.id);
  assert.ok(types.every(([type, taskId]) => !taskId || taskId === mine.id), JSON.stringify(types));
});

test('a refused subscription rejects with its class and reaches error handlers', async () => {
  const ws = connect();
  const errors = [];
  ws.on('error', (error) => errors.push(error));
  const missing = '00000000-0000-4000-8000-000000000000';
  await assert.rejects(ws.subscribe('project_updates', { projectId: missing }), (error) => {
    assert.ok(error instanceof ProjectNotFoundError);
    assert.equal(error.status, 404);
    assert.equal(error.channel, 'project_updates');
    assert.equal(error.projectId, missing);
    return true;
  });
  assert.equal(errors.length, 1);
  assert.ok(errors[0] instanceof ProjectNotFoundError);
});

test('executeTask over the socket answers task_queued and follows the task', async () => {
  const ws = connect();
  await ws.ready;
  const task = await api.tasks.create({ title: 'from the socket', projectId: live.projectId });
  const completed = nextEvent(ws, 'task_completed', (data) => data.taskId === task.id);
  const queued = await ws.executeTask(task.id, { priority: 'high' });
  assert.ok(queued.executionId);
  assert.ok(queued.queuePosition >= 1);
  const [data] = await completed;
  assert.equal(data.executionId, queued.executionId);
});

test('ping answers pong; off removes a handler; unsubscribe answers', async () => {
  const ws = connect();
  const pongs = [];
  const handler = (data, message) => pongs.push(message);
  ws.on('pong', handler);
  const pong = await ws.ping();
  assert.equal(typeof pong.timestamp, 'number');
  assert.ok(pong.serverTime, 'server_time in camelCase');
  ws.off('pong', handler);
  await ws.ping();
  assert.equal(pongs.length, 1);
  await ws.subscribe('project_updates', { projectId: live.projectId });
  const answer = await ws.unsubscribe('project_updates', { projectId: live.projectId });
  assert.equal(answer.channel, 'project_updates');
});

test('a refreshed token re-authenticates the open socket (its expiry moves)', async () => {
  const credentials = { username: required('API_USERNAME'), password: required('API_PASSWORD') };
  const fresh = client({ token: undefined });
  await fresh.auth.login(credentials);
  const ws = fresh.websocket.connect(live.sessionId);
  sockets.push(ws);
  await ws.ready;
  const again = nextEvent(ws, 'authenticated');
  const { accessToken } = await fresh.auth.refresh();
  const [data, message] = await again;
  const claims = JSON.parse(Buffer.from(accessToken.split('.')[1], 'base64url').toString());
  assert.equal(data.expiresAt, claims.exp, "the socket's expiry is the new token's");
  assert.ok(message.requestId, 'the answer to the re-authentication');
  assert.equal(fresh.token, accessToken);
  assert.equal(ws.state, 'open');
});

test('close() ends the socket for good: close event, later requests refused', async () => {
  const ws = connect();
  await ws.ready;
  const closed = nextEvent(ws, 'close');
  await ws.close();
  const [event] = await closed;
  assert.equal(event.reconnecting, false);
  assert.equal(ws.state, 'closed');
  await assert.rejects(ws.ping(), WebSocketClosedError);
});

test('an unknown session closes with 4404 and is not reconnected', async () => {
  const ws = connect('00000000-0000-4000-8000-000000000000', { reconnect: { initialDelay: 10 } });
  const [event] = await nextEvent(ws, 'close');
  assert.equal(event.code, 4404);
  assert.equal(event.reconnecting, false);
  await assert.rejects(ws.ready, WebSocketClosedError);
});
