// The key conversion rule: keys converted at every depth, never values; free-form fields
// verbatim. And how a call names its path's ids.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { ClaudeCliClient, VERBATIM_FIELDS, camelKey, snakeKey, toCamel, toSnake } from '../index.js';

test('keys are converted at every depth, in arrays too; values never', () => {
  assert.deepEqual(toCamel({ task_id: 'project_id', items: [{ has_next: true, page_size: 'a_b' }] }), {
    taskId: 'project_id',
    items: [{ hasNext: true, pageSize: 'a_b' }],
  });
  assert.deepEqual(toSnake({ projectId: 'taskId', options: { retryAttempts: 1, cli: { maxTurns: 2 } } }), {
    project_id: 'taskId',
    options: { retry_attempts: 1, cli: { max_turns: 2 } },
  });
});

test('free-form fields keep their keys as written, both ways, at any depth', () => {
  const free = { MY_VAR: 1, some_key: { innerKey: 2 }, camelKey: 3 };
  for (const field of VERBATIM_FIELDS) {
    const camel = camelKey(field);
    assert.deepEqual(toSnake({ [camel]: free })[field], free, field);
    assert.deepEqual(toCamel({ [field]: free })[camel], free, field);
  }
  const nested = toSnake({ options: { cli: { mcpConfig: { mcpServers: { files: { command: 'x' } } } } } });
  assert.deepEqual(nested.options.cli.mcp_config, { mcpServers: { files: { command: 'x' } } });
  const transcript = toCamel({ kind: 'tool_use', data: { tool_use_id: 't', input: { file_path: '/a' } } });
  assert.deepEqual(transcript.data, { toolUseId: 't', input: { file_path: '/a' } });
});

test('settings: its cli entry is the API’s own and converted; every other key verbatim', () => {
  const sent = toSnake({ settings: { cli: { permissionMode: 'plan', mcpConfig: { aB: 1 } }, uiThing: { aB: 1 } } });
  assert.deepEqual(sent.settings, { cli: { permission_mode: 'plan', mcp_config: { aB: 1 } }, uiThing: { aB: 1 } });
  const got = toCamel({ settings: { cli: { max_turns: 3 }, side_panel: 'open' } });
  assert.deepEqual(got.settings, { cli: { maxTurns: 3 }, side_panel: 'open' });
});

test('snake_case keys in a request are accepted as they are', () => {
  assert.deepEqual(toSnake({ project_id: 'p', assigned_to: 'u' }), { project_id: 'p', assigned_to: 'u' });
});

test('names with digits: p50 stays, an underscore before a digit stays', () => {
  assert.equal(camelKey('p50'), 'p50');
  assert.equal(camelKey('last_24h'), 'last_24h');
  assert.equal(snakeKey('waitP95'), 'wait_p95');
  assert.equal(camelKey('cache_read_input_tokens'), 'cacheReadInputTokens');
});

test('dates and class instances are values, not objects to convert', () => {
  const when = new Date(0);
  assert.equal(toSnake({ startsAt: when }).starts_at, when);
});

test('a missing path id rejects (never throws at the call)', async () => {
  const api = new ClaudeCliClient({ baseURL: 'http://127.0.0.1:1/api', fetch: () => assert.fail('no request') });
  const pending = api.tasks.get(undefined);
  await assert.rejects(pending, { name: 'TypeError', message: 'taskId is required' });
});
