// The client's resources (client.tasks, client.projects, ...), made from the operation table.

import { OPERATIONS } from './operations.js';
import { fillPath } from './urls.js';

/** `{taskId}` placeholders in a path template: how many ids its method takes first. */
function idCount(path) {
  return (path.match(/\{\w+\}/g) ?? []).length;
}

/** The method of one operation: (...ids, input?, options?) -> Promise of its data. */
export function operationMethod(transport, spec) {
  const ids = idCount(spec.path);
  return async (...args) => {
    const path = fillPath(spec.path, args.slice(0, ids)); // a missing id rejects
    const input = spec.input ? args[ids] : undefined;
    const options = (spec.input ? args[ids + 1] : args[ids]) ?? {};
    const request = { ...options };
    if (spec.input === 'body') request.body = input ?? {};
    if (spec.input === 'query') request.query = input;
    return transport.request(spec.method, path, request);
  };
}

/** The iterator of a list operation: (...ids, query?, options?) -> async iterable of items. */
function iteratorMethod(call, spec) {
  const ids = idCount(spec.path);
  return (...args) => {
    const head = args.slice(0, ids);
    const [query = {}, options = {}] = args.slice(ids);
    return spec.walk((pageQuery) => call(...head, pageQuery, options), query);
  };
}

/** One resource object: a method per operation, and the iterators the table names. */
export function buildResource(transport, operations) {
  const resource = {};
  for (const [name, spec] of Object.entries(operations)) {
    resource[name] = operationMethod(transport, spec);
    if (spec.iterator) resource[spec.iterator] = iteratorMethod(resource[name], spec);
  }
  return resource;
}

/** `client.auth`: login and refresh keep the tokens they get (unless `store: false`). */
export function buildAuth(transport) {
  const call = buildResource(transport, OPERATIONS.auth);
  const credentials = transport.credentials;
  return {
    /** Log in; the client then sends the access token and refreshes it when it expires. */
    async login(body, { store = true, ...options } = {}) {
      const pair = await call.login(body, { ...options, auth: false });
      if (store) credentials.store(pair);
      return pair;
    },
    /**
     * A new access token: by rotating the refresh token (given, or the one held), else with
     * the current access token (API.md's flow). Kept by the client unless `store: false`.
     */
    async refresh({ refreshToken = credentials.refreshToken, store = true, ...options } = {}) {
      const pair = refreshToken
        ? await call.refresh({ refreshToken }, { ...options, auth: false })
        : await call.refresh({}, options);
      if (store) credentials.store(pair);
      return pair;
    },
    /** End the login of the refresh token (given, or held); the client forgets its tokens. */
    async logout({ refreshToken = credentials.refreshToken, ...options } = {}) {
      const body = refreshToken ? { refreshToken } : {};
      const result = await call.logout(body, { ...options, auth: !refreshToken });
      credentials.clear();
      return result;
    },
  };
}

/** Every resource of the table except auth (built by buildAuth). */
export function buildResources(transport) {
  const resources = { auth: buildAuth(transport) };
  for (const [name, operations] of Object.entries(OPERATIONS)) {
    if (name !== 'auth') resources[name] = buildResource(transport, operations);
  }
  return resources;
}
