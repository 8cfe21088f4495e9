// What a socket is subscribed to, and where each subscription's stream was last seen, so that a
// reconnect resubscribes with `since` and nothing is lost or delivered twice.

/** The field naming a channel's object (as the server's storage/live/channels.py ID_FIELDS). */
const TARGETS = Object.freeze({
  project_updates: 'projectId',
  task_updates: 'taskId',
  command_output: 'commandId',
});
const SEEN_PER_STREAM = 10_000;

/**
 * The channel and target a subscribe names. `task_updates` with only a `projectId` (API.md's
 * example) means the task updates of the whole project: the project's stream, `project_updates`.
 */
export function target(channel, params = {}) {
  if (channel === 'task_updates' && !params.taskId && params.projectId) {
    return { channel: 'project_updates', field: 'projectId', id: params.projectId };
  }
  const field = TARGETS[channel] ?? null;
  return { channel, field, id: field ? (params[field] ?? null) : null };
}

/** One subscription: what it names, the server's answer, the last seq it delivered. */
class Subscription {
  constructor(key, { channel, field, id }, since) {
    this.key = key;
    this.channel = channel;
    this.field = field;
    this.id = id;
    this.since = since; // what the caller asked for, used until the server answers
    this.acked = false;
    this.stream = null;
    this.headSeq = null; // the stream's head when the server granted it
    this.lastSeq = null;
    this.waiters = [];
  }

  /** The subscribe message's fields; `since` resumes after what was delivered. */
  message() {
    const body = { channel: this.channel };
    if (this.field) body[this.field] = this.id;
    const since = this.resumeFrom();
    if (since !== null && since !== undefined) body.since = since;
    return body;
  }

  resumeFrom() {
    if (this.lastSeq !== null) return this.lastSeq;
    if (this.acked && this.stream) return this.headSeq ?? -1; // granted, nothing seen since
    return this.since;
  }

  /** Whether a sequenced message on `stream` belongs to this subscription. */
  carries(message) {
    if (!this.acked || message.stream !== this.stream) return false;
    return this.channel !== 'task_updates' || message.data?.taskId === this.id;
  }

  settle(error, value) {
    for (const { resolve, reject } of this.waiters.splice(0)) {
      if (error) reject(error);
      else resolve(value);
    }
  }
}

export class Subscriptions {
  #byKey = new Map();
  #seen = new Map(); // stream -> seqs delivered (bounded), so a message is delivered once

  static key({ channel, id }) {
    return `${channel}:${id ?? ''}`;
  }

  /** The subscription of a target, made if new (a repeated subscribe keeps its position). */
  add(named, since) {
    const key = Subscriptions.key(named);
    let subscription = this.#byKey.get(key);
    if (!subscription) {
      subscription = new Subscription(key, named, since);
      this.#byKey.set(key, subscription);
    }
    return subscription;
  }

  get(named) {
    return this.#byKey.get(Subscriptions.key(named));
  }

  all() {
    return [...this.#byKey.values()];
  }

  /** Forget a subscription; a stream no subscription holds forgets what it delivered. */
  remove(subscription) {
    if (this.#byKey.get(subscription.key) !== subscription) return;
    this.#byKey.delete(subscription.key);
    if (subscription.stream && !this.all().some((s) => s.stream === subscription.stream)) {
      this.#seen.delete(subscription.stream);
    }
  }

  /** The server granted it: `{channel, id, stream, lastSeq}`. */
  granted(subscription, ack) {
    subscription.acked = true;
    subscription.stream = ack.stream ?? null;
    subscription.headSeq = ack.lastSeq ?? null;
    subscription.settle(null, ack);
  }

  /**
   * Record a received message; false when it is one already delivered (same stream and seq).
   * Unsequenced messages are always new.
   */
  observe(message) {
    if (message.seq === undefined || message.seq === null || !message.stream) return true;
    let seen = this.#seen.get(message.stream);
    if (!seen) {
      seen = new Set();
      this.#seen.set(message.stream, seen);
    }
    if (seen.has(message.seq)) return false;
    seen.add(message.seq);
    if (seen.size > SEEN_PER_STREAM) seen.delete(seen.values().next().value);
    for (const subscription of this.#byKey.values()) {
      if (subscription.carries(message) && message.seq > (subscription.lastSeq ?? -Infinity)) {
        subscription.lastSeq = message.seq;
      }
    }
    return true;
  }

  /** The subscription a SUBSCRIPTION_REVOKED error names (channel and object id). */
  named(errorData) {
    const channel = errorData.channel;
    const field = TARGETS[channel];
    return this.get({ channel, id: field ? (errorData[field] ?? null) : null });
  }
}
