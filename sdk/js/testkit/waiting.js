// Waiting for a state with a deadline (never a guessed sleep), as tests/support/waiting.py.

import { setTimeout as pause } from 'node:timers/promises';

/** Poll check until it returns something truthy; fail after timeout ms. */
export async function eventually(check, { timeout = 30_000, interval = 50, what = 'condition' } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`${what} not met within ${timeout} ms`);
    await pause(interval);
  }
}

/** Resolve with the first event of emitter (on/off API) for which match(...args) holds. */
export function nextEvent(emitter, type, match = () => true, { timeout = 30_000 } = {}) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no matching ${type} within ${timeout} ms`));
    }, timeout);
    const off = emitter.on(type, (...args) => {
      if (!match(...args)) return;
      clearTimeout(timer);
      off();
      resolve(args);
    });
  });
}

/** A task's final state, polled over REST. */
export function finished(client, taskId, options) {
  const final = new Set(['completed', 'failed', 'cancelled']);
  return eventually(
    async () => {
      const task = await client.tasks.get(taskId);
      return final.has(task.status) ? task : null;
    },
    { what: `task ${taskId} finished`, ...options },
  );
}
