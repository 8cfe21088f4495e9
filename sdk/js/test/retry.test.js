// 429 against the live server's second web process (its users get USER_RATE_LIMIT, e.g. 3 per
// 5 s): refused with RateLimitExceededError, or waited for (Retry-After) and retried.

import assert from 'node:assert/strict';
import { test } from 'node:test';

import { RateLimitExceededError } from '../index.js';
import { client, required } from '../testkit/env.js';

const baseURL = required('LIMITED_BASE_URL');
const allowed = Number(required('USER_RATE_LIMIT').split('/')[0]);

/** fetch that records each answer's status and Retry-After. */
function recordingFetch() {
  const answers = [];
  const fetcher = async (url, init) => {
    const response = await fetch(url, init);
    answers.push({ status: response.status, retryAfter: response.headers.get('Retry-After') });
    return response;
  };
  return { fetcher, answers };
}

/** Use up the window: requests without retries until one is refused; that refusal. */
async function exhaust(api) {
  for (let sent = 0; sent <= allowed; sent++) {
    try {
      await api.users.profile({ maxRetries: 0 });
    } catch (error) {
      if (error instanceof RateLimitExceededError) return error;
      throw error;
    }
  }
  assert.fail(`no 429 after ${allowed + 1} requests`);
}

test('past the limit: RateLimitExceededError with retryAfter and details', async () => {
  const api = client({ baseURL, maxRetries: 0 });
  const refused = await exhaust(api);
  assert.equal(refused.status, 429);
  assert.equal(refused.code, 'RATE_LIMIT_EXCEEDED');
  assert.ok(refused.retryAfter >= 1, `retryAfter ${refused.retryAfter}`);
  assert.equal(refused.details.limit, allowed);
  assert.ok(refused.details.resetAt, 'details are camelCase (reset_at)');
});

test('a refused call waits Retry-After and is retried: the caller sees the answer', async () => {
  const { fetcher, answers } = recordingFetch();
  const api = client({ baseURL, fetch: fetcher });
  await exhaust(client({ baseURL, maxRetries: 0 }));
  const started = Date.now();
  const profile = await api.users.profile();
  assert.equal(profile.username, required('API_USERNAME'));
  const refusal = answers.findIndex((answer) => answer.status === 429);
  assert.ok(refusal >= 0, `a 429 was answered first: ${JSON.stringify(answers)}`);
  assert.equal(answers.at(-1).status, 200);
  const waited = Number(answers[refusal].retryAfter) * 1000;
  assert.ok(Date.now() - started >= waited - 50, 'waited for Retry-After before retrying');
});

test('a Retry-After longer than maxRetryDelay is not waited for', async () => {
  const api = client({ baseURL, maxRetryDelay: 10 });
  await exhaust(client({ baseURL, maxRetries: 0 }));
  await assert.rejects(api.users.profile(), RateLimitExceededError);
});
