// The SDK in a real browser (headless Chromium, skipped where there is none): the page imports
// index.js as a module (no build step) from the origin that serves a stand-in API, makes a
// cookie-mode client with a relative baseURL, and reports what happened; the server records
// what the browser sent (session cookie, X-CSRF-Token, the socket's URL and first message).

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';

import { WebSocketServer } from 'ws';

const SDK = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const CHROMIUM = [process.env.CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
  (candidate) => candidate && existsSync(candidate),
);

const PAGE = `<!doctype html><meta charset="utf-8"><title>sdk</title><script type="module">
import { ClaudeCliClient, TaskNotFoundError } from '/sdk/index.js';
const report = {};
try {
  const client = new ClaudeCliClient({ baseURL: '/api', csrfToken: () => 'csrf-from-page' });
  report.created = await client.tasks.create({ title: 'from the browser', projectId: 'p1' });
  report.listed = await client.tasks.list({ status: ['pending', 'running'], pageSize: 2 });
  try { await client.tasks.get('missing'); } catch (error) {
    report.error = { isClass: error instanceof TaskNotFoundError, name: error.name, status: error.status };
  }
  const ws = client.websocket.connect('session-1');
  report.url = ws.url;
  report.session = await ws.ready;
  const update = new Promise((resolve) => ws.on('task_update', (data) => resolve(data)));
  report.ack = await ws.subscribe('task_updates', { projectId: 'p1' });
  report.update = await update;
  await ws.close();
} catch (error) {
  report.failure = String(error && error.stack || error);
}
await fetch('/report', { method: 'POST', body: JSON.stringify(report) });
</script>`;

function envelope(data, error = null) {
  return JSON.stringify({ data, error, meta: { timestamp: '', request_id: 'r', version: '1.0.0' } });
}

/** The stand-in: the page, the SDK's files, a few API answers, a socket; what it was sent. */
function standIn() {
  const seen = { requests: [], sockets: [], frames: [] };
  let reported;
  seen.report = new Promise((resolve) => (reported = resolve));
  const server = http.createServer((request, response) => {
    const { method, url, headers } = request;
    if (url === '/page.html') {
      response.setHeader('Set-Cookie', 'session=s3cret; Path=/; HttpOnly; SameSite=Strict');
      response.setHeader('Content-Type', 'text/html');
      return response.end(PAGE);
    }
    if (url.startsWith('/sdk/')) {
      response.setHeader('Content-Type', 'text/javascript');
      return response.end(readFileSync(path.join(SDK, url.slice('/sdk/'.length))));
    }
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      if (url === '/report') {
        reported(JSON.parse(body));
        return response.end();
      }
      if (!url.startsWith('/api/')) return response.writeHead(404).end();
      seen.requests.push({ method, url, cookie: headers.cookie, csrf: headers['x-csrf-token'], auth: headers.authorization, body });
      response.setHeader('Content-Type', 'application/json');
      if (url === '/api/tasks/missing') {
        response.statusCode = 404;
        return response.end(envelope(null, { code: 'TASK_NOT_FOUND', message: 'Task not found', details: {} }));
      }
      if (method === 'GET') return response.end(envelope({ items: [], total: 0, has_next: false, page_size: 2 }));
      response.end(envelope({ id: 't1', project_id: 'p1', progress_percentage: 0 }));
    });
  });
  const sockets = new WebSocketServer({ server });
  sockets.on('connection', (socket, request) => {
    seen.sockets.push({ url: request.url, cookie: request.headers.cookie });
    socket.on('message', (raw) => {
      const message = JSON.parse(String(raw));
      seen.frames.push(message);
      if (message.type === 'authenticate') {
        socket.send(JSON.stringify({ type: 'authenticated', data: { session_id: 'session-1' } }));
      } else if (message.type === 'subscribe') {
        const ack = { channel: message.channel, id: message.project_id, stream: 'project:p1', last_seq: 4 };
        socket.send(JSON.stringify({ type: 'subscribed', request_id: message.request_id, data: ack }));
        const data = { task_id: 't1', status: 'running', progress_percentage: 10 };
        socket.send(JSON.stringify({ type: 'task_update', stream: 'project:p1', seq: 5, data }));
      }
    });
  });
  return { server, sockets, seen };
}

/** Chromium on url in its own process group and profile; stop() ends the group. */
function browse(url) {
  const profile = mkdtempSync(path.join(tmpdir(), 'sdk-chromium-'));
  const flags = ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run', `--user-data-dir=${profile}`];
  const browser = spawn(CHROMIUM, [...flags, url], { detached: true, stdio: 'ignore' });
  const exited = new Promise((resolve) => browser.on('exit', resolve));
  return {
    async stop() {
      try {
        process.kill(-browser.pid, 'SIGKILL');
      } catch {
        // already gone
      }
      await exited;
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

test('in Chromium: cookie mode, CSRF on writes, the socket URL and authenticate', { skip: !CHROMIUM && 'no Chromium here', timeout: 90_000 }, async () => {
  const { server, sockets, seen } = standIn();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${server.address().port}`;
  const browser = browse(`${origin}/page.html`);
  let report;
  try {
    report = await seen.report;
  } finally {
    await browser.stop();
    for (const socket of sockets.clients) socket.terminate();
    await new Promise((resolve) => sockets.close(resolve));
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
  assert.equal(report.failure, undefined);
  assert.deepEqual(report.created, { id: 't1', projectId: 'p1', progressPercentage: 0 });
  assert.deepEqual(report.error, { isClass: true, name: 'TaskNotFoundError', status: 404 });
  assert.deepEqual(
    seen.requests.map((r) => [r.method, r.url, r.cookie, r.csrf, r.auth]),
    [
      ['POST', '/api/tasks/', 'session=s3cret', 'csrf-from-page', undefined],
      ['GET', '/api/tasks/?status=pending%2Crunning&page_size=2', 'session=s3cret', undefined, undefined],
      ['GET', '/api/tasks/missing', 'session=s3cret', undefined, undefined],
    ],
  );
  assert.deepEqual(JSON.parse(seen.requests[0].body), { title: 'from the browser', project_id: 'p1' });
  assert.equal(report.url, `${origin.replace('http:', 'ws:')}/ws/session-1`);
  assert.deepEqual(seen.sockets, [{ url: '/ws/session-1', cookie: 'session=s3cret' }]);
  assert.deepEqual(seen.frames[0], { type: 'authenticate' });
  assert.deepEqual(report.session, { sessionId: 'session-1' });
  assert.equal(report.ack.lastSeq, 4);
  assert.deepEqual(report.update, { taskId: 't1', status: 'running', progressPercentage: 10 });
});
