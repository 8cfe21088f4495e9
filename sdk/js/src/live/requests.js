// Requests made on a socket: those waiting for their answer (by request id), and those waiting
// for the socket to be authenticated before they are sent.

/** The type of the answer to each request type. */
const REPLIES = Object.freeze({
  subscribe: 'subscribed',
  unsubscribe: 'unsubscribed',
  execute_task: 'task_queued',
  get_metrics: 'performance_data',
  ping: 'pong',
  authenticate: 'authenticated',
});

export class Requests {
  #nextId = 1;
  #pending = new Map(); // request id -> {type, resolve, reject} or {type: 'subscribe', subscription}
  #outbox = [];

  /** A new request id (the prefix says who made it: r caller, s subscription, h heartbeat). */
  id(prefix) {
    return `${prefix}${this.#nextId++}`;
  }

  /** Wait for the answer to request id. */
  expect(id, entry) {
    this.#pending.set(id, entry);
  }

  /** The request a message answers (an error answers any), taken out of the pending ones. */
  take(message) {
    const entry = message.requestId ? this.#pending.get(message.requestId) : undefined;
    if (!entry) return undefined;
    if (message.type !== 'error' && REPLIES[entry.type] !== message.type) return undefined;
    this.#pending.delete(message.requestId);
    return entry;
  }

  /** Keep a request until the socket is open. */
  hold(entry) {
    this.#outbox.push(entry);
  }

  /** The requests held, to be sent now. */
  release() {
    return this.#outbox.splice(0);
  }

  /** The connection is gone: requests in flight fail (subscriptions are sent again). */
  abandon(error) {
    for (const entry of this.#pending.values()) entry.reject?.(error);
    this.#pending.clear();
  }

  /** The socket is closed for good: every request fails, held ones too. */
  fail(error) {
    this.abandon(error);
    for (const entry of this.release()) entry.reject(error);
  }
}
