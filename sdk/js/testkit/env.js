// What the pytest harness (tests/sdk_js/) tells the tests: the live server and what it seeded.

import { WebSocket } from 'ws';

import { ClaudeCliClient } from '../index.js';

/** A variable the harness must set. */
export function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run these tests through tests/sdk_js (pytest)`);
  return value;
}

export const live = {
  get baseURL() {
    return required('API_BASE_URL');
  },
  get token() {
    return required('API_TOKEN');
  },
  get adminToken() {
    return required('ADMIN_TOKEN');
  },
  get projectId() {
    return required('PROJECT_ID');
  },
  get sessionId() {
    return required('SESSION_ID');
  },
  get taskIds() {
    return required('TASK_IDS').split(',');
  },
};

/** A client of the live server as the seeded developer (WebSocket from the ws package). */
export function client(options = {}) {
  return new ClaudeCliClient({ baseURL: live.baseURL, token: live.token, WebSocket, ...options });
}

/** A client of the live server as its admin. */
export function adminClient(options = {}) {
  return client({ token: live.adminToken, ...options });
}
