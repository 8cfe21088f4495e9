// Tasks against the live server: create, list, get, execute and what the run left, in camelCase.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { ProjectNotFoundError, TaskNotFoundError, ValidationRequiredFieldError } from '../index.js';
import { client, live, required } from '../testkit/env.js';
import { finished } from '../testkit/waiting.js';

const api = client();

test('create returns the task with camelCase keys; metadata keys pass verbatim', async () => {
  const metadata = { snake_key: 1, camelKey: { inner_key: true }, UPPER: 'x' };
  const task = await api.tasks.create({
    title: 'created by the SDK',
    projectId: live.projectId,
    priority: 1,
    tags: ['sdk'],
    metadata,
  });
  assert.equal(task.projectId, live.projectId);
  assert.equal(task.priority, 1);
  assert.equal(task.progressPercentage, 0);
  assert.equal(task.status, 'pending');
  assert.ok(!('project_id' in task));
  assert.deepEqual(task.metadata, metadata);
  const again = await api.tasks.get(task.id);
  assert.deepEqual(again.metadata, metadata);
  assert.ok(Array.isArray(again.history));
});

test('list converts its query (status list, assignedTo, pageSize) and its answer', async () => {
  const page = await api.tasks.list({
    status: ['pending', 'running'],
    assignedTo: required('USER_ID'),
    projectId: live.projectId,
    page: 1,
    pageSize: 3,
  });
  assert.equal(page.page, 1);
  assert.equal(page.pageSize, 3);
  assert.equal(page.items.length, 3);
  assert.ok(page.total >= live.taskIds.length);
  assert.equal(page.hasNext, true);
  assert.equal(page.hasPrevious, false);
  assert.ok(page.pagination.links.next.includes('page_size=3'));
  for (const task of page.items) assert.equal(task.assignedTo, required('USER_ID'));
});

test('iterate walks every page and yields each seeded task once', async () => {
  const seen = [];
  for await (const task of api.tasks.iterate({ assignedTo: required('USER_ID'), pageSize: 3 })) {
    seen.push(task.id);
  }
  assert.equal(seen.length, live.taskIds.length);
  assert.deepEqual(new Set(seen), new Set(live.taskIds));
});

test('execute queues the task; the run is visible through executions and its transcript', async () => {
  const task = await api.tasks.create({ title: 'run me [todos=2]', projectId: live.projectId });
  const queued = await api.tasks.execute(task.id, { priority: 'high' });
  assert.equal(queued.taskId, task.id);
  assert.equal(queued.status, 'queued');
  assert.ok(queued.queuePosition >= 1);
  assert.ok(queued.executionId);
  const done = await finished(api, task.id);
  assert.equal(done.status, 'completed');
  assert.equal(done.latestExecution.id, queued.executionId);
  assert.equal(done.latestExecution.exitCode, 0);

  const { executions } = await api.executions.list(task.id);
  assert.deepEqual(executions.map((e) => e.id), [queued.executionId]);
  const messages = [];
  for await (const message of api.executions.iterateTranscript(task.id, queued.executionId, { limit: 2 })) {
    messages.push(message);
  }
  assert.ok(messages.length > 2, 'more than one batch of 2');
  assert.deepEqual(
    messages.map((m) => m.seq),
    [...messages.keys()].map((i) => messages[0].seq + i),
  );
  const init = messages.find((m) => m.kind === 'system_init');
  assert.ok(init.data.sessionId, 'transcript data keys are camelCase');
  const toolUse = messages.find((m) => m.kind === 'tool_use');
  assert.ok(toolUse && typeof toolUse.data.input === 'object', 'a tool use keeps its input');

  const conversation = await api.tasks.conversation(task.id);
  assert.equal(conversation.turns[0].id, queued.executionId);
  const history = await api.tasks.history(task.id);
  assert.ok(history.history.length > 0);
});

test('cancel and retry map their refusals to their classes', async () => {
  const task = await api.tasks.create({ title: 'never run', projectId: live.projectId });
  await assert.rejects(api.tasks.cancel(task.id, { reason: 'no' }), (error) => {
    assert.equal(error.name, 'TaskNotRunningError');
    assert.equal(error.status, 409);
    return true;
  });
  await assert.rejects(api.tasks.retry(task.id), { name: 'TaskNotRetryableError', code: 'TASK_NOT_RETRYABLE' });
});

test('errors: 404 TaskNotFoundError, 422 with camelCase details, 401 with a bad token', async () => {
  const missing = '00000000-0000-4000-8000-000000000000';
  await assert.rejects(api.tasks.get(missing), (error) => {
    assert.ok(error instanceof TaskNotFoundError);
    assert.equal(error.status, 404);
    assert.equal(error.code, 'TASK_NOT_FOUND');
    assert.ok(error.requestId);
    return true;
  });
  await assert.rejects(api.projects.get(missing), ProjectNotFoundError);
  await assert.rejects(api.tasks.create({ projectId: live.projectId }), (error) => {
    assert.ok(error instanceof ValidationRequiredFieldError);
    assert.equal(error.details.field, 'title');
    return true;
  });
  const stranger = client({ token: 'not-a-jwt' });
  await assert.rejects(stranger.tasks.list(), { name: 'AuthTokenInvalidError', status: 401 });
});
