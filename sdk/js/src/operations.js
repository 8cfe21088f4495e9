// Every API operation as the SDK calls it: resource, method name, HTTP method, path (relative to
// baseURL), and what it takes. The resources are built from this table (resources.js), and a
// test checks it against the server's /openapi.json, so no operation is missing or misspelt.

import { byOffset, bySeq, pages } from './pagination.js';

const QUERY = 'query';
const BODY = 'body';

/**
 * One operation. `input`: 'body' (a JSON body), 'query' (query parameters) or none; its
 * method takes the path's ids in order, then the input (if any), then request options.
 * `iterator` names a second method walking the list with `walk`.
 */
function op(method, path, input = null, iterator = null, walk = null) {
  return Object.freeze({ method, path, input, iterator, walk });
}

const TASK = '/tasks/{taskId}';
const EXECUTION = `${TASK}/executions/{executionId}`;
const PROJECT = '/projects/{projectId}';
const WEBHOOK = '/webhooks/{webhookId}';

export const OPERATIONS = Object.freeze({
  auth: {
    login: op('POST', '/auth/login', BODY),
    refresh: op('POST', '/auth/refresh', BODY),
    logout: op('POST', '/auth/logout', BODY),
  },
  tasks: {
    list: op('GET', '/tasks/', QUERY, 'iterate', pages),
    create: op('POST', '/tasks/', BODY),
    bulk: op('POST', '/tasks/bulk', BODY),
    get: op('GET', TASK),
    update: op('PUT', TASK, BODY),
    delete: op('DELETE', TASK),
    execute: op('POST', `${TASK}/execute`, BODY),
    cancel: op('POST', `${TASK}/cancel`, BODY),
    retry: op('POST', `${TASK}/retry`),
    history: op('GET', `${TASK}/history`),
    conversation: op('GET', `${TASK}/conversation`),
    executions: op('GET', `${TASK}/executions`),
    diff: op('GET', `${EXECUTION}/diff`),
  },
  executions: {
    list: op('GET', `${TASK}/executions`),
    output: op('GET', `${EXECUTION}/output`, QUERY, 'iterateOutput', bySeq('output')),
    transcript: op('GET', `${EXECUTION}/transcript`, QUERY, 'iterateTranscript', bySeq('messages')),
    diff: op('GET', `${EXECUTION}/diff`),
  },
  projects: {
    list: op('GET', '/projects/', QUERY, 'iterate', pages),
    create: op('POST', '/projects/', BODY),
    get: op('GET', PROJECT),
    update: op('PUT', PROJECT, BODY),
    delete: op('DELETE', PROJECT),
    analytics: op('GET', `${PROJECT}/analytics`, QUERY),
    clone: op('POST', `${PROJECT}/clone`, BODY),
    tasks: op('GET', `${PROJECT}/tasks`, QUERY, 'iterateTasks', pages),
  },
  members: {
    list: op('GET', `${PROJECT}/members`),
    add: op('POST', `${PROJECT}/members`, BODY),
    update: op('PUT', `${PROJECT}/members/{userId}`, BODY),
    remove: op('DELETE', `${PROJECT}/members/{userId}`),
  },
  commands: {
    execute: op('POST', '/commands/execute', BODY),
    validate: op('POST', '/commands/validate', BODY),
    status: op('GET', '/commands/{commandId}/status', QUERY),
    cancel: op('POST', '/commands/{commandId}/cancel'),
    running: op('GET', '/commands/running'),
    history: op('GET', '/commands/history', QUERY, 'iterateHistory', byOffset('commands')),
    suggestions: op('GET', '/commands/suggestions', QUERY),
  },
  sessions: {
    create: op('POST', '/sessions/', BODY),
    list: op('GET', '/sessions/', QUERY),
    get: op('GET', '/sessions/{sessionId}'),
    update: op('PUT', '/sessions/{sessionId}', BODY),
    delete: op('DELETE', '/sessions/{sessionId}'),
    history: op('GET', '/sessions/{sessionId}/history'),
    restore: op('POST', '/sessions/{sessionId}/restore', BODY),
  },
  queues: {
    status: op('GET', '/queues/status'),
    metrics: op('GET', '/queues/metrics', QUERY),
    pause: op('POST', '/queues/pause', BODY),
    resume: op('POST', '/queues/resume', BODY),
    clear: op('DELETE', '/queues/clear', BODY),
    move: op('POST', '/queues/priority', BODY),
  },
  users: {
    list: op('GET', '/users/', QUERY, 'iterate', pages),
    create: op('POST', '/users/', BODY),
    get: op('GET', '/users/{userId}'),
    update: op('PUT', '/users/{userId}', BODY),
    profile: op('GET', '/users/profile'),
    updateProfile: op('PUT', '/users/profile', BODY),
    updatePreferences: op('PUT', '/users/preferences', BODY),
  },
  webhooks: {
    list: op('GET', '/webhooks/', QUERY, 'iterate', pages),
    create: op('POST', '/webhooks/', BODY),
    get: op('GET', WEBHOOK),
    update: op('PUT', WEBHOOK, BODY),
    delete: op('DELETE', WEBHOOK),
    test: op('POST', `${WEBHOOK}/test`),
    deliveries: op('GET', `${WEBHOOK}/deliveries`, QUERY, 'iterateDeliveries', pages),
    delivery: op('GET', `${WEBHOOK}/deliveries/{deliveryId}`),
    redeliver: op('POST', `${WEBHOOK}/deliveries/{deliveryId}/redeliver`),
  },
  system: {
    info: op('GET', '/system/info'),
    maintenance: op('GET', '/system/maintenance'),
    setMaintenance: op('POST', '/system/maintenance', BODY),
  },
  health: {
    check: op('GET', '/health/'),
    detailed: op('GET', '/health/detailed'),
  },
});
