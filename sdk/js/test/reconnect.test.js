// Reconnect and replay: the network between the SDK and the live server is cut (a TCP proxy
// drops every connection and refuses new ones) or goes silent (the proxy stops forwarding while
// the connection stays open) while tasks run; the socket notices (a close, or its heartbeat),
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

before(async () => {
  const origin = await proxy.listen();
  proxied = client({ baseURL: `${origin}/api` });
});
after(() => proxy.close());

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
  const messages = [];
  ws.on('message', (message) => {
    if (message.stream === `project:${projectId}`) messages.push(message);
  });
  try {
    await ws.subscribe('project_updates', { projectId, since: 0 });
    await eventually(() => messages.at(-1)?.seq === lastSeq, { what: 'the stored stream replayed' });
  } finally {
    await ws.close();
  }
  return messages;
}

/** A socket through the proxy, closed after test t; the messages of projectId's stream it delivers. */
function watched(t, projectId, options = {}) {
  const ws = proxied.websocket.connect(live.sessionId, {
    reconnect: { initialDelay: 50, maxDelay: 200 },
    ...options,
  });
  t.after(() => ws.close());
  const received = [];
  ws.on('message', (message) => {
    if (message.stream === `project:${projectId}`) received.push(message);
  });
  const completed = (taskId) =>
    received.some((m) => m.type === 'task_completed' && m.data.taskId === taskId);
  return { ws, received, completed };
}

/** Every seq of the stream once, in order, and just what storage holds. */
async function assertWhole(projectId, received) {
  const seqs = received.map((m) => m.seq);
  assert.deepEqual(seqs, seqs.map((_, i) => i + 1), 'seq 1, 2, ... without a gap or a repeat');
  const truth = await stored(projectId, seqs.at(-1));
  assert.deepEqual(
    received.map((m) => [m.seq, m.type, m.data.taskId, m.data.status]),
    truth.map((m) => [m.seq, m.type, m.data.taskId, m.data.status]),
  );
  return seqs;
}

test('a cut network loses nothing and repeats nothing across the reconnect', async (t) => {
  const { id: projectId } = await api.projects.create({ name: 'reconnect' });
  const { ws, received, completed: completedOf } = watched(t, projectId);
  await ws.subscribe('project_updates', { projectId });

  const live1 = await run(projectId, 'before the cut');
  await eventually(() => completedOf(live1), { what: 'live task_completed' });
  // a second socket that subscribes now and sees nothing before the cut resumes from the head
  const { ws: quiet, received: quietMessages } = watched(t, projectId);
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

  const seqs = await assertWhole(projectId, received);
  const quietSeqs = () => quietMessages.map((m) => m.seq);
  await eventually(() => quietSeqs().at(-1) === seqs.at(-1), { what: 'the quiet socket caught up' });
  assert.deepEqual(quietSeqs(), seqs.filter((seq) => seq > head), 'the quiet socket: from the head on');
});

test('a connection that goes silent is found dead by the heartbeat and replaced', async (t) => {
  const { id: projectId } = await api.projects.create({ name: 'heartbeat' });
  const { ws, received, completed } = watched(t, projectId, { heartbeat: 200 });
  await ws.subscribe('project_updates', { projectId });
  const first = await run(projectId, 'before the freeze');
  await eventually(() => completed(first), { what: 'live task_completed' });

  const lost = nextEvent(ws, 'close', (event) => event.reconnecting);
  const reconnected = nextEvent(ws, 'reconnect');
  proxy.freeze(); // the connection stays open; nothing crosses it any more
  const missed = await run(projectId, 'while silent');
  const [event] = await lost;
  assert.equal(event.code, 1006);
  assert.match(event.reason, /no answer/);
  await reconnected;
  await eventually(() => completed(missed), { what: 'the silent time replayed' });
  await assertWhole(projectId, received);
});
