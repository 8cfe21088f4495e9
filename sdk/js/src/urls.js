// Where requests and sockets go: the API's base URL, query strings, the WebSocket URL.

import { snakeKey } from './case.js';

/** baseURL + path, without a doubled slash (`/api` + `/tasks/` -> `/api/tasks/`). */
export function joinURL(baseURL, path) {
  return baseURL.replace(/\/+$/, '') + path;
}

/** `{taskId}` placeholders of a path template filled in order from args (URL-encoded). */
export function fillPath(template, values) {
  let index = 0;
  return template.replace(/\{(\w+)\}/g, (_, name) => {
    const value = values[index++];
    if (value === undefined || value === null || value === '') {
      throw new TypeError(`${name} is required`);
    }
    return encodeURIComponent(String(value));
  });
}

/**
 * `?page_size=50&status=pending,running`: camelCase names in snake_case, arrays joined by
 * commas (the API's list syntax), dates in ISO 8601; undefined and null leave a name out.
 */
export function queryString(query) {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    params.append(snakeKey(name), queryValue(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

function queryValue(value) {
  if (Array.isArray(value)) return value.map(queryValue).join(',');
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

/**
 * The socket URL of a session: `websocketURL` (e.g. `ws://h:p/ws`) + `/{id}` when given; else
 * derived from baseURL: its scheme http -> ws, https -> wss, its path's trailing `/api`
 * replaced by `/ws/{id}`. A relative baseURL (`/api`) is resolved against `location` (the page).
 */
export function socketURL(baseURL, sessionId, { websocketURL, location = globalThis.location } = {}) {
  const id = encodeURIComponent(String(sessionId));
  if (websocketURL) return joinURL(websocketURL, `/${id}`);
  const url = absoluteURL(baseURL, location);
  if (url.protocol === 'http:') url.protocol = 'ws:';
  else if (url.protocol === 'https:') url.protocol = 'wss:';
  else if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
    throw new TypeError(`baseURL ${baseURL} is not http(s)`);
  }
  const prefix = url.pathname.replace(/\/+$/, '').replace(/\/api$/, '');
  url.pathname = `${prefix}/ws/${id}`;
  url.search = '';
  url.hash = '';
  return url.toString();
}

function absoluteURL(baseURL, location) {
  try {
    return new URL(baseURL);
  } catch {
    if (!location?.href) {
      throw new TypeError(
        `baseURL ${baseURL} is relative and there is no page location: give an absolute baseURL or websocketURL`,
      );
    }
    return new URL(baseURL, location.href);
  }
}
