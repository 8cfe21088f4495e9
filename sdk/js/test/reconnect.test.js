// Reconnect and replay: the network between the SDK and the live server is cut (a TCP proxy
// drops every connection and refuses new ones) while tasks run; once it is back, the socket
// reconnects with backoff and resubscribes from the last seq it saw, so the project's stream
// arrives whole: no seq missing, none twice, exactly what storage holds.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';

import { client, live } from '../testkit/env.js';
import { CuttableProxy } from '../testkit/proxy.js';
import { eventually, finished, nextEvent } from '../testkit/waiting.js';

const api = client();
const proxy = new CuttableProxy(live.baseURL);
let proxied;
const sockets = [];

before(async () => {
  const origin = await proxy.listen();
  proxied = client({ baseURL: `${origin}/api` });
});
after(async () => {
  await Promise.all(sockets.map((ws) => ws.close()));
  await proxy.close();
});

/** Run a task to its end over REST (not through the proxy); its id. */
async function run(projectId, title) {
  const task = await api.tasks.create({ title, projectId });
  await api.tasks.execute(task.id);
  await finished(api, task.id);
  return task.id;
}

/** The project's whole stream as storage holds it: a fresh socket subscribed from seq 0. */
async function stored(projectId, lastSeq) {
  const ws = api.websocket.connect(live.sessionId, { reconnect: false });
  sockets.push(ws);
  const messages = [];
  ws.on('message', (message) => {
    if (message.stream === `project:${projectId}`) messages.push(message);
  });
  await ws.subscribe('project_updates', { projectId, since: 0 });
  await eventually(() => messages.at(-1)?.seq === lastSeq, { what: 'the stored stream replayed' });
  await ws.close();
  return messages;
}

test('a cut network loses nothing and repeats nothing across the reconnect', async () => {
  const { id: projectId } = await api.projects.create({ name: 'reconnect' });
  const ws = proxied.websocket.connect(live.sessionId, {
    reconnect: { initialDelay: 50, maxDelay: 200 },
  });
  sockets.push(ws);
  const received = [];
  ws.on('message', (message) => {
    if (message.stream === `project:${projectId}`) received.push(message);
  });
  const completedOf = (taskId) => received.some((m) => m.type === 'task_completed' && m.data.taskId === taskId);
  await ws.subscribe('project_updates', { projectId });

  const live1 = await run(projectId, 'before the cut');
  await eventually(() => completedOf(live1), { what: 'live task_completed' });
  // a second socket that subscribes now and sees nothing before the cut resumes from the head
  const quiet = proxied.websocket.connect(live.sessionId, { reconnect: { initialDelay: 50, maxDelay: 200 } });
  sockets.push(quiet);
  const quietSeqs = [];
  quiet.on('message', (message) => {
    if (message.stream === `project:${projectId}`) quietSeqs.push(message.seq);
  });
  const { lastSeq: head } = await quiet.subscribe('project_updates', { projectId });

  const lost = nextEvent(ws, 'close', (event) => event.reconnecting);
  proxy.cut();
  await lost;
  const missed = [await run(projectId, 'during the cut 1'), await run(projectId, 'during the cut 2')];
  await eventually(() => proxy.refused >= 2, { what: 'reconnect attempts refused while cut' });

  const reconnected = nextEvent(ws, 'reconnect');
  proxy.restore();
  const [{ attempts }] = await reconnected;
  assert.ok(attempts >= 2, `backed off through ${attempts} attempts`);
  await eventually(() => missed.every(completedOf), { what: 'missed events replayed' });
  const replayed = received.filter((m) => m.replayed);
  assert.ok(replayed.length > 0, 'the missed events came from storage');
  assert.ok(replayed.every((m) => missed.includes(m.data.taskId)));

  // live again, with a second subscription carrying the same events: still delivered once
  const task = await api.tasks.create({ title: 'after the reconnect', projectId });
  await ws.subscribe('task_updates', { taskId: task.id });
  await api.tasks.execute(task.id);
  await eventually(() => completedOf(task.id), { what: 'live task_completed after the reconnect' });

  const seqs = received.map((m) => m.seq);
  assert.deepEqual(seqs, seqs.map((_, i) => i + 1), 'seq 1, 2, ... without a gap or a repeat');
  await eventually(() => quietSeqs.at(-1) === seqs.at(-1), { what: 'the quiet socket caught up' });
  assert.deepEqual(quietSeqs, seqs.filter((seq) => seq > head), 'the quiet socket: from the head on');
  const truth = await stored(projectId, seqs.at(-1));
  assert.deepEqual(
    received.map((m) => [m.seq, m.type, m.data.taskId, m.data.status]),
    truth.map((m) => [m.seq, m.type, m.data.taskId, m.data.status]),
  );
});
