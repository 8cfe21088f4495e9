// The client behaviour the Web UI relies on, observed by a local HTTP and WebSocket server
// (real sockets): cookie mode (no token: same-origin credentials, X-CSRF-Token on writes,
// `{"type": "authenticate"}` without a token), the socket URL, timeouts and refusals.

import assert from 'node:assert/strict';
import http from 'node:http';
import { after, before, test } from 'node:test';

import { WebSocketServer } from 'ws';
import WebSocket from 'ws';

import {
  ApiError,
  ClaudeCliClient,
  NetworkError,
  RequestTimeoutError,
  SystemMaintenanceError,
  socketURL,
} from '../index.js';
import { nextEvent } from '../testkit/waiting.js';

const requests = [];
const frames = [];
const answers = []; // queued answers: (response) => void; default: an empty success envelope
let origin;
let server;
let sockets;

function envelope(data, error = null) {
  return JSON.stringify({ data, error, meta: { timestamp: '', request_id: 'req-1', version: '1.0.0' } });
}

before(async () => {
  server = http.createServer((request, response) => {
    requests.push({ method: request.method, url: request.url, headers: request.headers });
    if (request.url.startsWith('/api/hang')) return; // never answers
    const answer = answers.shift();
    if (answer) return answer(response);
    response.setHeader('Content-Type', 'application/json');
    response.end(envelope({ ok: true, some_key: 1 }));
  });
  sockets = new WebSocketServer({ server });
  sockets.on('connection', (socket, request) => {
    socket.on('message', (raw) => {
      const message = JSON.parse(String(raw));
      frames.push({ path: request.url, message });
      if (message.type === 'authenticate') {
        socket.send(JSON.stringify({ type: 'authenticated', data: { session_id: 'sess-1' } }));
      }
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${server.address().port}`;
});
after(async () => {
  for (const socket of sockets.clients) socket.terminate();
  await new Promise((resolve) => sockets.close(resolve));
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function recordingFetch() {
  const inits = [];
  return { inits, fetcher: (url, init) => (inits.push(init), fetch(url, init)) };
}

test('cookie mode: no Authorization, same-origin credentials, X-CSRF-Token on writes only', async () => {
  const { inits, fetcher } = recordingFetch();
  const api = new ClaudeCliClient({ baseURL: `${origin}/api`, csrfToken: 'csrf-1', fetch: fetcher });
  requests.length = 0;
  assert.deepEqual(await api.tasks.get('t1'), { ok: true, someKey: 1 });
  await api.tasks.create({ title: 'x', projectId: 'p' });
  await api.tasks.update('t1', { title: 'y' });
  await api.tasks.delete('t1');
  assert.deepEqual(requests.map((r) => [r.method, r.headers['x-csrf-token']]), [
    ['GET', undefined],
    ['POST', 'csrf-1'],
    ['PUT', 'csrf-1'],
    ['DELETE', 'csrf-1'],
  ]);
  assert.ok(requests.every((r) => r.headers.authorization === undefined));
  assert.ok(inits.every((init) => init.credentials === 'same-origin'));
});

test('cookie mode: csrfToken may be a function, read at each write', async () => {
  let current = 'first';
  const api = new ClaudeCliClient({ baseURL: `${origin}/api`, csrfToken: () => current });
  requests.length = 0;
  await api.tasks.execute('t1');
  current = 'second';
  await api.tasks.execute('t1', { priority: 'high' });
  assert.deepEqual(requests.map((r) => r.headers['x-csrf-token']), ['first', 'second']);
});

test('bearer mode: the token, no cookies (credentials omit), no CSRF header', async () => {
  const { inits, fetcher } = recordingFetch();
  const api = new ClaudeCliClient({ baseURL: `${origin}/api`, token: 'tok', csrfToken: 'c', fetch: fetcher });
  requests.length = 0;
  await api.tasks.create({ title: 'x', projectId: 'p' });
  assert.equal(requests[0].headers.authorization, 'Bearer tok');
  assert.equal(requests[0].headers['x-csrf-token'], undefined);
  assert.equal(inits[0].credentials, 'omit');
});

test('socket URL: derived from baseURL (ws, wss, a relative one from location) or given', () => {
  assert.equal(socketURL('http://h:8000/api', 's1'), 'ws://h:8000/ws/s1');
  assert.equal(socketURL('https://h/api/', 's1'), 'wss://h/ws/s1');
  assert.equal(socketURL('https://h/prefix/api', 's1'), 'wss://h/prefix/ws/s1');
  const page = { href: 'https://ui.example:8443/projects/1?tab=x' };
  assert.equal(socketURL('/api', 's1', { location: page }), 'wss://ui.example:8443/ws/s1');
  assert.equal(socketURL('/api', 's1', { location: { href: 'http://l:8000/' } }), 'ws://l:8000/ws/s1');
  assert.equal(socketURL('/api', 's 1', { websocketURL: 'ws://other:1/ws' }), 'ws://other:1/ws/s%201');
  assert.throws(() => socketURL('/api', 's1', { location: undefined }), /relative/);
});

test('cookie mode socket: {"type": "authenticate"} without a token; bearer mode sends it', async () => {
  frames.length = 0;
  const cookie = new ClaudeCliClient({ baseURL: `${origin}/api`, WebSocket });
  const ws = cookie.websocket.connect('sess-1');
  const [session] = await nextEvent(ws, 'open');
  assert.deepEqual(session, { sessionId: 'sess-1' });
  await ws.close();
  const bearer = new ClaudeCliClient({ baseURL: `${origin}/api`, token: 'tok', WebSocket });
  const other = bearer.websocket.connect('sess-2');
  await other.ready;
  await other.close();
  assert.deepEqual(frames, [
    { path: '/ws/sess-1', message: { type: 'authenticate' } },
    { path: '/ws/sess-2', message: { type: 'authenticate', token: 'tok' } },
  ]);
});

test('timeouts, a caller abort and an unreachable server', async () => {
  const api = new ClaudeCliClient({ baseURL: `${origin}/api`, timeout: 100 });
  await assert.rejects(api.request('GET', '/hang'), (error) => {
    assert.ok(error instanceof RequestTimeoutError);
    assert.equal(error.timeout, 100);
    return true;
  });
  const controller = new AbortController();
  const pending = api.request('GET', '/hang', { signal: controller.signal, timeout: 60_000 });
  controller.abort(new Error('caller gave up'));
  await assert.rejects(pending, /caller gave up/);
  const closed = new ClaudeCliClient({ baseURL: 'http://127.0.0.1:1/api' });
  await assert.rejects(closed.health.check(), NetworkError);
});

test('503 with Retry-After is retried; a non-envelope failure is an ApiError without code', async () => {
  const api = new ClaudeCliClient({ baseURL: `${origin}/api` });
  const maintenance = { code: 'SYSTEM_MAINTENANCE', message: 'later', details: { ends_at: 'x' } };
  answers.push((response) => {
    response.writeHead(503, { 'Content-Type': 'application/json', 'Retry-After': '0' });
    response.end(envelope(null, maintenance));
  });
  requests.length = 0;
  assert.deepEqual(await api.tasks.list(), { ok: true, someKey: 1 });
  assert.equal(requests.filter((r) => r.url === '/api/tasks/').length, 2);

  answers.push((response) => {
    response.writeHead(503, { 'Content-Type': 'application/json', 'Retry-After': '0' });
    response.end(envelope(null, maintenance));
  });
  await assert.rejects(api.tasks.list({}, { maxRetries: 0 }), (error) => {
    assert.ok(error instanceof SystemMaintenanceError);
    assert.deepEqual(error.details, { endsAt: 'x' });
    assert.equal(error.retryAfter, 0);
    assert.equal(error.requestId, 'req-1');
    return true;
  });

  answers.push((response) => {
    response.writeHead(502, { 'Content-Type': 'text/html' });
    response.end('<html>bad gateway</html>');
  });
  await assert.rejects(api.health.check(), (error) => {
    assert.equal(error.constructor, ApiError);
    assert.equal(error.status, 502);
    assert.equal(error.code, null);
    return true;
  });

  answers.push((response) => {
    response.writeHead(418, { 'Content-Type': 'application/json' });
    response.end(envelope(null, { code: 'SOMETHING_NEW', message: 'new', details: {} }));
  });
  await assert.rejects(api.health.check(), { constructor: ApiError, code: 'SOMETHING_NEW', status: 418 });
});
