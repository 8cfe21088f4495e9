// One HTTP request to the API: auth (bearer token or the page's cookies), timeout, retries on
// 429/503 honouring Retry-After, the envelope unwrapped, errors mapped to their classes.

import { toCamel, toSnake } from './case.js';
import { Credentials } from './credentials.js';
import { ApiError, NetworkError, RequestTimeoutError, apiError } from './errors.js';
import { joinURL, queryString } from './urls.js';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const RETRYABLE_STATUS = new Set([429, 503]);
const FIRST_BACKOFF_MS = 500;

export const DEFAULTS = Object.freeze({
  timeout: 30_000,
  maxRetries: 2,
  maxRetryDelay: 30_000,
});

export class Transport {
  constructor(options) {
    const { baseURL, fetch: fetcher, headers = {}, credentials } = options;
    if (!baseURL) throw new TypeError('baseURL is required (e.g. http://localhost:8000/api)');
    if (!fetcher && typeof globalThis.fetch !== 'function') {
      throw new TypeError('no fetch: pass the fetch option');
    }
    this.baseURL = baseURL;
    // a browser's fetch must be called on the window, not as a method of this object
    this.fetch = fetcher ?? ((url, init) => globalThis.fetch(url, init));
    this.headers = headers;
    this.fetchCredentials = credentials;
    this.timeout = options.timeout ?? DEFAULTS.timeout;
    this.maxRetries = options.maxRetries ?? DEFAULTS.maxRetries;
    this.maxRetryDelay = options.maxRetryDelay ?? DEFAULTS.maxRetryDelay;
    this.credentials = new Credentials(options);
  }

  /**
   * The response's `data` (camelCase) of `method path`; throws the error's class otherwise.
   * options: query, body (camelCase), auth (default true), signal, timeout, headers,
   * maxRetries.
   */
  async request(method, path, options = {}) {
    const maxRetries = options.maxRetries ?? this.maxRetries;
    let refreshed = false;
    for (let attempt = 0; ; ) {
      try {
        return await this.once(method, path, options);
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        if (!refreshed && this.canRefresh(error, options)) {
          refreshed = true; // once: a refreshed token refused again is the caller's error
          await this.refresh();
          continue;
        }
        const delay = this.retryDelay(error, attempt++, maxRetries);
        if (delay === null) throw error;
        await sleep(delay, options.signal);
      }
    }
  }

  /** How long to wait before retrying a refusal, or null: not retried. */
  retryDelay(error, attempt, maxRetries) {
    if (!RETRYABLE_STATUS.has(error.status) || attempt >= maxRetries) return null;
    const delay =
      error.retryAfter !== null ? error.retryAfter * 1000 : FIRST_BACKOFF_MS * 2 ** attempt;
    return delay <= this.maxRetryDelay ? delay : null;
  }

  canRefresh(error, options) {
    return (
      error.code === 'AUTH_TOKEN_INVALID' &&
      options.auth !== false &&
      Boolean(this.credentials.refreshToken)
    );
  }

  /** Rotate the refresh token for a new pair (one rotation at a time, shared by callers). */
  refresh() {
    const credentials = this.credentials;
    credentials.refreshing ??= this.once('POST', '/auth/refresh', {
      body: { refreshToken: credentials.refreshToken },
      auth: false,
    })
      .then((pair) => {
        credentials.store(pair);
        return pair;
      })
      .finally(() => {
        credentials.refreshing = null;
      });
    return credentials.refreshing;
  }

  async once(method, path, options) {
    const timeout = options.timeout ?? this.timeout;
    const timer = new AbortController();
    const signal = options.signal ? anySignal([timer.signal, options.signal]) : timer.signal;
    const expired = setTimeout(() => timer.abort(), timeout);
    try {
      const response = await this.fetch(joinURL(this.baseURL, path) + queryString(options.query), {
        method,
        headers: this.headersFor(method, options),
        body: options.body === undefined ? undefined : JSON.stringify(toSnake(options.body)),
        credentials: this.fetchCredentials ?? (this.credentials.cookieMode ? 'same-origin' : 'omit'),
        signal,
      });
      return await unwrap(response);
    } catch (error) {
      if (timer.signal.aborted) {
        throw new RequestTimeoutError(`${method} ${path}: no answer within ${timeout} ms`, {
          timeout,
          cause: error,
        });
      }
      if (options.signal?.aborted) throw options.signal.reason ?? error;
      if (error instanceof ApiError) throw error;
      throw new NetworkError(`${method} ${path}: ${error?.message ?? error}`, { cause: error });
    } finally {
      clearTimeout(expired);
    }
  }

  headersFor(method, options) {
    const headers = { Accept: 'application/json', ...this.headers, ...options.headers };
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    const credentials = this.credentials;
    if (options.auth !== false && credentials.token) {
      headers.Authorization = `Bearer ${credentials.token}`;
    }
    if (credentials.cookieMode && MUTATING.has(method)) {
      const csrf = credentials.csrf();
      if (csrf) headers['X-CSRF-Token'] = csrf;
    }
    return headers;
  }
}

/** The envelope's data, or its error thrown; a non-JSON failure is an ApiError with no code. */
async function unwrap(response) {
  const text = await response.text();
  let envelope = null;
  try {
    envelope = text ? JSON.parse(text) : null;
  } catch {
    envelope = null;
  }
  const retryAfter = parseRetryAfter(response.headers.get('Retry-After'));
  const isEnvelope = envelope !== null && typeof envelope === 'object' && 'data' in envelope;
  if (isEnvelope && envelope.error) {
    throw apiError(toCamel(envelope.error), {
      status: response.status,
      requestId: envelope.meta?.request_id ?? response.headers.get('X-Request-ID'),
      retryAfter,
    });
  }
  if (isEnvelope) return toCamel(envelope.data);
  if (!response.ok) {
    throw new ApiError(`HTTP ${response.status} ${response.statusText}`.trim(), {
      status: response.status,
      requestId: response.headers.get('X-Request-ID'),
      retryAfter,
    });
  }
  return envelope ?? text;
}

/** Retry-After in seconds: a number of seconds or an HTTP date; null when absent or unreadable. */
export function parseRetryAfter(value) {
  if (value === null || value === undefined || value === '') return null;
  if (/^\d+$/.test(value.trim())) return Number(value.trim());
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, Math.ceil((at - Date.now()) / 1000));
}

/** Resolves after ms; rejects with the signal's reason when it aborts first. */
export function sleep(ms, signal) {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** A signal that aborts when any of signals does (AbortSignal.any where it exists). */
function anySignal(signals) {
  if (typeof AbortSignal.any === 'function') return AbortSignal.any(signals);
  const controller = new AbortController();
  for (const signal of signals) {
    if (signal.aborted) {
      controller.abort(signal.reason);
      break;
    }
    signal.addEventListener('abort', () => controller.abort(signal.reason), { once: true });
  }
  return controller.signal;
}
