// One session's WebSocket (/ws/{session_id}): authenticates, subscribes, dispatches messages by
// type, and reconnects with backoff, resubscribing from the last seq seen on each stream.

import { toCamel, toSnake } from '../case.js';
import { Emitter } from '../emitter.js';
import { ERROR_CODES, WebSocketClosedError, WebSocketConnectionError, apiError } from '../errors.js';
import { Heartbeat } from './heartbeat.js';
import { Requests } from './requests.js';
import { Subscriptions, target } from './subscriptions.js';

/** Closes after which reconnecting cannot help: authentication, session not found or ended. */
export const TERMINAL_CLOSE_CODES = Object.freeze([4401, 4404, 4409]);
const CLOSED = 3; // WebSocket.CLOSED, the same in every implementation
const ABNORMAL = 1006; // the close code of a connection that ended without a close frame
const RECONNECT = Object.freeze({ initialDelay: 500, maxDelay: 10_000, maxAttempts: Infinity });
const HEARTBEAT_MS = 30_000;
const CONNECT_TIMEOUT_MS = 15_000;

export class LiveSocket extends Emitter {
  #url;
  #WebSocket;
  #credentials;
  #reconnect;
  #socket = null;
  #state = 'connecting'; // connecting | open | reconnecting | closed
  #attempts = 0;
  #timer = null;
  #connectTimeout;
  #connecting = null; // the timer of a connection not yet authenticated
  #heartbeat;
  #everOpened = false;
  #requests = new Requests();
  #subscriptions = new Subscriptions();
  #closed = null;
  #stopListening;

  /**
   * url: the socket URL; WebSocket: the constructor to use; credentials: the client's (its
   * token, or none: cookie mode); reconnect: {initialDelay, maxDelay, maxAttempts} in ms, or
   * false; heartbeat: ms of silence before a ping (dead after twice that; 0: none);
   * connectTimeout: ms a connection may take to authenticate.
   */
  constructor({
    url,
    WebSocket,
    credentials,
    reconnect = {},
    heartbeat = HEARTBEAT_MS,
    connectTimeout = CONNECT_TIMEOUT_MS,
  }) {
    super();
    if (typeof WebSocket !== 'function') {
      throw new WebSocketConnectionError(
        'no WebSocket implementation: pass the WebSocket option (e.g. from the ws package on Node 20)',
      );
    }
    this.#url = url;
    this.#WebSocket = WebSocket;
    this.#credentials = credentials;
    this.#reconnect = reconnect === false ? null : { ...RECONNECT, ...reconnect };
    this.#connectTimeout = connectTimeout;
    this.#heartbeat = new Heartbeat(heartbeat, {
      ping: () => this.#ping(),
      dead: () => this.#abandon(`no answer for ${2 * heartbeat} ms`),
    });
    this.#stopListening = addListener(credentials, (token) => this.#tokenChanged(token));
    /** Resolves with the session once first authenticated; rejects if closed before. */
    this.ready = new Promise((resolve, reject) => {
      this.once('open', resolve);
      this.#closed = reject;
    });
    this.ready.catch(() => {});
    this.#open();
  }

  get url() {
    return this.#url;
  }

  /** connecting | open | reconnecting | closed */
  get state() {
    return this.#state;
  }

  /**
   * Subscribe to a channel (`project_updates` {projectId}, `task_updates` {taskId} (or
   * {projectId}: the whole project's task updates), `command_output` {commandId},
   * `performance`, `notifications`), optionally from `since`. Resolves with the server's
   * answer `{channel, id, stream, lastSeq}`. Kept across reconnects, resumed where it was.
   */
  subscribe(channel, params = {}) {
    const named = target(channel, params);
    const subscription = this.#subscriptions.add(named, params.since);
    const answered = new Promise((resolve, reject) => subscription.waiters.push({ resolve, reject }));
    answered.catch(() => {}); // the error also reaches 'error' handlers
    if (this.#state === 'open') this.#sendSubscribe(subscription);
    return answered;
  }

  /** Stop a subscription (it is not resumed after a reconnect). */
  unsubscribe(channel, params = {}) {
    const named = target(channel, params);
    const subscription = this.#subscriptions.get(named);
    if (subscription) {
      this.#subscriptions.remove(subscription);
      subscription.settle(new WebSocketClosedError('unsubscribed before the server answered'));
    }
    const body = { channel: named.channel };
    if (named.field) body[named.field] = named.id;
    return this.request('unsubscribe', body);
  }

  /** Queue a task from the socket; resolves with `{executionId, queuePosition}`. */
  executeTask(taskId, { priority } = {}) {
    return this.request('execute_task', { taskId, priority });
  }

  /** Resolves with `performance_data` (metrics: performance, queue_status, system_health). */
  getMetrics(metrics) {
    return this.request('get_metrics', metrics ? { metrics } : {});
  }

  /** Resolves with the pong message. */
  ping() {
    return this.request('ping', { timestamp: Date.now() });
  }

  /**
   * Send a client message `{type, ...fields}` (camelCase) and resolve with its answer's data.
   * Made while not connected, it is sent once the socket (re)authenticates.
   */
  request(type, fields = {}) {
    return new Promise((resolve, reject) => {
      if (this.#state === 'closed') {
        reject(new WebSocketClosedError('the socket is closed'));
        return;
      }
      const message = { type, requestId: this.#requests.id('r'), ...fields };
      const entry = { type, message, resolve, reject };
      if (this.#state === 'open') this.#sendRequest(entry);
      else this.#requests.hold(entry);
    });
  }

  /** Close for good (no reconnect); resolves once the socket is closed. */
  close(code = 1000, reason = '') {
    if (this.#state === 'closed') return Promise.resolve();
    const socket = this.#socket;
    this.#finish({ code, reason, reconnecting: false });
    if (!socket || socket.readyState === CLOSED) return Promise.resolve();
    socket.onerror = null;
    return new Promise((resolve) => {
      socket.onclose = () => resolve();
      socket.close(code, reason);
    });
  }

  #open() {
    const socket = new this.#WebSocket(this.#url);
    this.#socket = socket;
    this.#connecting = setTimeout(
      () => this.#abandon(`not authenticated within ${this.#connectTimeout} ms`),
      this.#connectTimeout,
    );
    socket.onopen = () => this.#send(this.#authenticateMessage());
    socket.onmessage = (event) => this.#receive(event.data);
    socket.onerror = (event) => {
      const cause = event?.error ?? event;
      this.emit('error', new WebSocketConnectionError(`WebSocket error on ${this.#url}`, { cause }));
    };
    socket.onclose = (event) => this.#lost(socket, event.code, event.reason ?? '');
  }

  /** `{type: authenticate, token}`; in cookie mode no token (the page's session cookie). */
  #authenticateMessage() {
    const token = this.#credentials.token;
    return token ? { type: 'authenticate', token } : { type: 'authenticate' };
  }

  /** Give up the current connection without waiting for it to close; reconnect. */
  #abandon(reason) {
    const socket = this.#socket;
    if (!socket || this.#state === 'closed') return;
    socket.onopen = socket.onmessage = socket.onerror = socket.onclose = null;
    if (typeof socket.terminate === 'function') socket.terminate(); // ws: no close handshake
    else socket.close();
    this.#lost(socket, ABNORMAL, reason);
  }

  /** A heartbeat ping: its pong is the socket's own, not shown to handlers. */
  #ping() {
    if (this.#state !== 'open') return;
    const requestId = this.#requests.id('h');
    this.#requests.expect(requestId, { type: 'ping', internal: true, resolve() {} });
    this.#send({ type: 'ping', requestId, timestamp: Date.now() });
  }

  #tokenChanged(token) {
    if (this.#state !== 'open' || !token) return;
    this.request('authenticate', { token }).catch(() => {});
  }

  #send(message) {
    this.#socket.send(JSON.stringify(toSnake(message)));
  }

  #sendRequest(entry) {
    this.#requests.expect(entry.message.requestId, entry);
    this.#send(entry.message);
  }

  #sendSubscribe(subscription) {
    const requestId = this.#requests.id('s');
    this.#requests.expect(requestId, { type: 'subscribe', subscription });
    this.#send({ type: 'subscribe', requestId, ...subscription.message() });
  }

  #receive(raw) {
    let message;
    try {
      message = toCamel(JSON.parse(typeof raw === 'string' ? raw : new TextDecoder().decode(raw)));
    } catch (cause) {
      this.emit('error', new WebSocketConnectionError('a message that is not JSON', { cause }));
      return;
    }
    this.#heartbeat.seen();
    if (message.type === 'authenticated' && this.#state !== 'open') {
      this.#authenticated(message);
      return;
    }
    if (!this.#subscriptions.observe(message)) return; // delivered before
    if (message.type === 'error') this.#failed(message);
    else if (this.#answered(message)?.internal) return;
    if (message.type !== 'error') this.emit(message.type, message.data, message);
    this.emit('message', message);
  }

  #authenticated(message) {
    const reconnected = this.#everOpened;
    const attempts = this.#attempts;
    this.#state = 'open';
    this.#everOpened = true;
    this.#attempts = 0;
    clearTimeout(this.#connecting);
    this.#heartbeat.start();
    for (const subscription of this.#subscriptions.all()) this.#sendSubscribe(subscription);
    for (const entry of this.#requests.release()) this.#sendRequest(entry);
    this.emit('open', message.data, message);
    if (reconnected) this.emit('reconnect', { attempts, session: message.data });
    this.emit('message', message);
  }

  /** The pending request a message answers (settled now), if any. */
  #answered(message) {
    const entry = this.#requests.take(message);
    if (entry?.subscription) this.#subscriptions.granted(entry.subscription, message.data);
    else entry?.resolve(message.data ?? message);
    return entry;
  }

  #failed(message) {
    const data = message.data ?? {};
    const error = apiError(data, { status: ERROR_CODES[data.code] ?? null });
    for (const name of ['channel', 'projectId', 'taskId', 'commandId']) {
      if (data[name] !== undefined) error[name] = data[name];
    }
    const entry = this.#requests.take(message);
    if (entry) {
      if (entry.subscription) {
        this.#subscriptions.remove(entry.subscription);
        entry.subscription.settle(error);
      } else entry.reject(error);
    } else if (data.code === 'SUBSCRIPTION_REVOKED') {
      const subscription = this.#subscriptions.named(data);
      if (subscription) this.#subscriptions.remove(subscription);
    }
    this.emit('error', error, message);
  }

  #lost(socket, code, reason) {
    if (socket !== this.#socket || this.#state === 'closed') return;
    clearTimeout(this.#connecting);
    this.#heartbeat.stop();
    this.#requests.abandon(new WebSocketClosedError(`socket closed (${code})`, { code, reason }));
    const terminal = TERMINAL_CLOSE_CODES.includes(code);
    const attempts = this.#attempts + 1;
    if (terminal || !this.#reconnect || attempts > this.#reconnect.maxAttempts) {
      this.#finish({ code, reason, reconnecting: false });
      return;
    }
    this.#state = 'reconnecting';
    this.#attempts = attempts;
    this.emit('close', { code, reason, reconnecting: true });
    this.#timer = setTimeout(() => {
      this.#timer = null;
      if (this.#state === 'reconnecting') this.#open();
    }, backoff(this.#reconnect, attempts));
  }

  #finish(event) {
    this.#state = 'closed';
    clearTimeout(this.#timer);
    clearTimeout(this.#connecting);
    this.#heartbeat.stop();
    this.#stopListening();
    const error = new WebSocketClosedError(`socket closed (${event.code})`, event);
    this.#requests.fail(error);
    for (const subscription of this.#subscriptions.all()) subscription.settle(error);
    this.#closed(error);
    this.emit('close', event);
  }
}

/** The wait before reconnect attempt n: doubling from initialDelay up to maxDelay, jittered. */
export function backoff({ initialDelay, maxDelay }, attempt) {
  const full = Math.min(maxDelay, initialDelay * 2 ** (attempt - 1));
  return full / 2 + Math.random() * (full / 2);
}

function addListener(credentials, listener) {
  credentials.listeners.add(listener);
  return () => credentials.listeners.delete(listener);
}
