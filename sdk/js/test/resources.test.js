// The other resources against the live server: auth, projects, members, commands, sessions,
// queues, users, webhooks and their deliveries, executions, system and health.

import assert from 'node:assert/strict';
import http from 'node:http';
import { test } from 'node:test';

import {
  AuthInvalidCredentialsError,
  AuthTokenInvalidError,
  CommandNotRunningError,
  ResourceNotFoundError,
  ValidationError,
} from '../index.js';
import { adminClient, client, live, required } from '../testkit/env.js';
import { eventually, finished } from '../testkit/waiting.js';

const api = client();
const admin = adminClient();

test('auth: login keeps the tokens, refresh rotates them, an expired token is refreshed', async () => {
  const credentials = { username: required('API_USERNAME'), password: required('API_PASSWORD') };
  const fresh = client({ token: undefined });
  const pair = await fresh.auth.login(credentials);
  assert.equal(pair.tokenType, 'bearer');
  assert.equal(pair.user.username, credentials.username);
  assert.equal(fresh.token, pair.accessToken);
  assert.equal((await fresh.users.profile()).username, credentials.username);

  const rotated = await fresh.auth.refresh();
  assert.notEqual(rotated.refreshToken, pair.refreshToken);
  assert.equal(fresh.token, rotated.accessToken);

  const stored = [];
  const stale = client({ token: 'expired.or.forged', refreshToken: rotated.refreshToken, onTokens: (t) => stored.push(t) });
  assert.equal((await stale.users.profile()).username, credentials.username);
  assert.equal(stored.length, 1);
  assert.equal(stale.token, stored[0].accessToken);

  await stale.auth.logout();
  assert.equal(stale.token, null);
  await assert.rejects(fresh.auth.refresh({ refreshToken: stored[0].refreshToken }), AuthTokenInvalidError);
  await assert.rejects(
    client({ token: undefined }).auth.login({ ...credentials, password: 'wrong' }),
    AuthInvalidCredentialsError,
  );
});

test('projects: settings.cli is converted, the other settings keys and metadata are not', async () => {
  const project = await api.projects.create({
    name: 'sdk resources',
    settings: { cli: { permissionMode: 'acceptEdits', maxTurns: 3 }, ui_layout: { left_panel: 1 } },
    resourceLimits: { maxTasks: 50 },
  });
  assert.equal(project.settings.cli.permissionMode, 'acceptEdits');
  assert.equal(project.settings.cli.maxTurns, 3);
  assert.deepEqual(project.settings.ui_layout, { left_panel: 1 });
  assert.equal(project.resourceLimits.maxTasks, 50);
  assert.equal(project.yourRole, 'owner');

  const updated = await api.projects.update(project.id, { description: 'changed' });
  assert.equal(updated.description, 'changed');
  assert.equal((await api.projects.get(project.id)).description, 'changed');
  const listed = [];
  for await (const item of api.projects.iterate({ pageSize: 1, search: 'resources' })) listed.push(item.id);
  assert.ok(listed.includes(project.id));
  await Promise.all([1, 2, 3].map((n) => api.tasks.create({ title: `t${n}`, projectId: project.id })));
  const page = await api.projects.tasks(project.id, { pageSize: 2 });
  assert.equal(page.total, 3);
  const all = [];
  for await (const task of api.projects.iterateTasks(project.id, { pageSize: 2 })) all.push(task);
  assert.equal(all.length, 3);
  const analytics = await api.projects.analytics(project.id, { period: '7d' });
  assert.equal(analytics.summary.totalTasks, 3);
  assert.ok(Array.isArray(analytics.taskTrends.createdPerDay));
  const clone = await api.projects.clone(project.id, { name: 'sdk clone', includeTasks: true });
  assert.equal(clone.statistics.totalTasks, 3);
  const deleted = await api.projects.delete(clone.id);
  assert.equal(deleted.id, clone.id);
});

test('members: add, list, change the role, remove', async () => {
  const { id: projectId } = await api.projects.create({ name: 'sdk members' });
  const userId = required('OTHER_USER_ID');
  const added = await api.members.add(projectId, { username: required('OTHER_USERNAME'), role: 'viewer' });
  assert.equal(added.userId, userId);
  const { members, owner } = await api.members.list(projectId);
  assert.equal(owner.userId, required('USER_ID'));
  assert.deepEqual(members.map((m) => [m.userId, m.role]), [[userId, 'viewer']]);
  assert.equal((await api.members.update(projectId, userId, { role: 'developer' })).role, 'developer');
  assert.equal((await api.members.remove(projectId, userId)).userId, userId);
  await assert.rejects(api.members.remove(projectId, userId), (error) => error.status === 404);
});

test('commands: validate, execute (admin), status with output, history, running, suggestions', async () => {
  const ok = await api.commands.validate({ command: 'ls -la' });
  assert.equal(ok.valid, true);
  assert.equal(ok.syntaxError, null);
  const risky = await api.commands.validate({ command: 'rm -rf /' });
  assert.equal(risky.safe, false);
  assert.ok(risky.findings.some((finding) => finding.severity === 'danger'));

  const started = await admin.commands.execute({
    command: 'echo "$GREETING"',
    projectId: live.projectId,
    environment: { GREETING: 'hello from the sdk' },
  });
  assert.ok(started.commandId);
  const done = await eventually(async () => {
    const status = await admin.commands.status(started.commandId);
    return status.status === 'completed' ? status : null;
  });
  assert.deepEqual(done.environment, { GREETING: 'hello from the sdk' }, 'variable names verbatim');
  assert.match(done.output.map((chunk) => chunk.content).join(''), /hello from the sdk/);
  await assert.rejects(admin.commands.cancel(started.commandId), CommandNotRunningError);
  const seen = [];
  for await (const command of admin.commands.iterateHistory({ limit: 1 })) seen.push(command.commandId);
  assert.ok(seen.includes(started.commandId));
  assert.equal(typeof (await admin.commands.running()).totalRunning, 'number');
  const { suggestions } = await api.commands.suggestions({ context: 'git', limit: 3 });
  assert.ok(suggestions.length > 0 && suggestions.every((s) => s.source));
});

test('sessions: create, settings kept verbatim, history, restore, list, delete', async () => {
  const session = await api.sessions.create({ projectId: live.projectId, settings: { side_panel: 'open' } });
  assert.equal(session.projectId, live.projectId);
  assert.deepEqual(session.settings, { side_panel: 'open' });
  const updated = await api.sessions.update(session.sessionId, { settings: { Theme: 'dark' } });
  assert.deepEqual(updated.settings, { side_panel: 'open', Theme: 'dark' });
  assert.equal((await api.sessions.get(session.sessionId)).sessionId, session.sessionId);
  const { history } = await api.sessions.history(session.sessionId);
  assert.ok(history.some((entry) => entry.action === 'settings_changed'));
  // the point stands for its whole second: the update of that second is part of it
  const restored = await api.sessions.restore(session.sessionId, { restorePoint: session.createdAt });
  assert.equal(restored.sessionId, session.sessionId);
  assert.deepEqual(restored.settings, updated.settings);
  const { sessions } = await api.sessions.list({ projectId: live.projectId });
  assert.ok(sessions.some((s) => s.sessionId === session.sessionId));
  assert.equal((await api.sessions.delete(session.sessionId)).status, 'closed');
});

test('queues: status, metrics, pause and resume (admin), clear, move', async () => {
  const status = await api.queues.status();
  assert.ok('highPriority' in status.queues && typeof status.workers.total === 'number');
  const metrics = await api.queues.metrics({ period: '1h' });
  assert.equal(metrics.period, '1h');
  assert.ok('p95' in metrics.queues.normalPriority.waitTime);
  const paused = await admin.queues.pause({ queueName: 'low', reason: 'sdk test' });
  assert.equal(paused.paused, true);
  assert.equal((await admin.queues.resume({ queueName: 'low' })).paused, false);
  assert.equal((await admin.queues.clear({ queueName: 'low', confirm: true })).cleared, 0);
  const task = await api.tasks.create({ title: 'not queued', projectId: live.projectId });
  const moved = await api.queues.move({ taskIds: [task.id], priority: 'high' });
  assert.deepEqual(moved.notQueued, [task.id]);
});

test('users: profile and preferences; accounts (admin): create, list, get, update', async () => {
  const profile = await api.users.updateProfile({ fullName: 'SDK Tester' });
  assert.equal(profile.fullName, 'SDK Tester');
  const prefs = await api.users.updatePreferences({ theme: 'dark', dashboardLayout: { columns: 2 } });
  assert.equal(prefs.preferences.theme, 'dark');
  assert.equal(prefs.preferences.dashboardLayout.columns, 2);
  const username = `sdk-${Date.now()}`;
  const made = await admin.users.create({ username, password: 'a long enough password', role: 'viewer' });
  assert.equal((await admin.users.get(made.id)).username, username);
  assert.equal((await admin.users.update(made.id, { isActive: false })).isActive, false);
  const found = [];
  for await (const user of admin.users.iterate({ search: username, pageSize: 1 })) found.push(user.id);
  assert.deepEqual(found, [made.id]);
});

test('webhooks: create, test delivery received, deliveries with payload verbatim, redeliver', async () => {
  const received = [];
  const receiver = http.createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      received.push({ headers: request.headers, body: JSON.parse(body) });
      response.end('ok');
    });
  });
  await new Promise((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  try {
    const url = `http://127.0.0.1:${receiver.address().port}/hook`;
    const hook = await api.webhooks.create({ url, events: ['task.created'], description: 'sdk' });
    assert.ok(hook.secret, 'the secret, this once');
    assert.equal((await api.webhooks.get(hook.id)).secret, undefined);
    const delivery = await api.webhooks.test(hook.id);
    const delivered = await eventually(async () => {
      const state = await api.webhooks.delivery(hook.id, delivery.id);
      return state.status === 'delivered' ? state : null;
    });
    assert.equal(delivered.attempts[0].responseCode, 200);
    assert.equal(delivered.payload.webhook_id, hook.id, 'the delivered body, keys as sent');
    assert.equal(received[0].headers['x-delivery-id'], delivery.id);
    assert.deepEqual(received[0].body, delivered.payload);
    const redelivered = await api.webhooks.redeliver(hook.id, delivery.id);
    assert.equal(redelivered.redeliveryOf, delivery.id);
    const ids = [];
    for await (const d of api.webhooks.iterateDeliveries(hook.id, { pageSize: 1 })) ids.push(d.id);
    assert.deepEqual(new Set(ids), new Set([delivery.id, redelivered.id]));
    assert.equal((await api.webhooks.update(hook.id, { active: false })).active, false);
    const listed = [];
    for await (const item of api.webhooks.iterate()) listed.push(item.id);
    assert.ok(listed.includes(hook.id));
    await api.webhooks.delete(hook.id);
    await assert.rejects(api.webhooks.get(hook.id), ResourceNotFoundError);
  } finally {
    await new Promise((resolve) => receiver.close(resolve));
  }
});

test('executions: output pages in order; diff of a run without a worktree is refused', async () => {
  const task = await api.tasks.create({ title: 'lines [lines=3] [interval=0.2]', projectId: live.projectId });
  const { executionId } = await api.tasks.execute(task.id);
  await finished(api, task.id);
  const chunks = [];
  for await (const chunk of api.executions.iterateOutput(task.id, executionId, { limit: 1 })) chunks.push(chunk);
  assert.ok(chunks.length > 1);
  assert.deepEqual(chunks.map((c) => c.seq), chunks.map((_, i) => chunks[0].seq + i));
  const page = await api.executions.output(task.id, executionId);
  assert.equal(page.executionId, executionId);
  await assert.rejects(api.tasks.diff(task.id, executionId), (error) => error.status >= 400);
});

test('system, maintenance and health', async () => {
  const info = await api.system.info();
  assert.equal(typeof info.features.websocketEnabled, 'boolean');
  assert.equal(typeof info.limits.maxConcurrentTasks, 'number');
  const window = await api.system.maintenance();
  assert.equal(typeof window.enabled, 'boolean');
  assert.equal((await admin.system.setMaintenance({ enabled: false })).active, false);
  assert.equal((await api.health.check()).status, 'healthy');
  const detailed = await api.health.detailed();
  assert.ok(detailed.checks.actorSystem.status);
  await assert.rejects(api.request('GET', '/tasks/', { query: { unknownFilter: 1 } }), ValidationError);
});
