// Handlers by event name: on/off/once, for the socket's messages and its own events.

export class Emitter {
  #handlers = new Map();

  /** Call handler for each `type`; returns a function that removes it. */
  on(type, handler) {
    if (typeof handler !== 'function') throw new TypeError('handler must be a function');
    if (!this.#handlers.has(type)) this.#handlers.set(type, new Set());
    this.#handlers.get(type).add(handler);
    return () => this.off(type, handler);
  }

  off(type, handler) {
    this.#handlers.get(type)?.delete(handler);
  }

  /** The next `type` event's first argument, as a promise (or call handler once). */
  once(type, handler) {
    if (handler) {
      const off = this.on(type, (...args) => {
        off();
        handler(...args);
      });
      return off;
    }
    return new Promise((resolve) => this.once(type, resolve));
  }

  /** Whether anyone listens to type. */
  listens(type) {
    return (this.#handlers.get(type)?.size ?? 0) > 0;
  }

  /**
   * Call every handler of type. A handler that throws does not stop the others; its error is
   * thrown again outside (as an EventTarget listener's would be), so it is not swallowed.
   */
  emit(type, ...args) {
    for (const handler of [...(this.#handlers.get(type) ?? [])]) {
      try {
        handler(...args);
      } catch (error) {
        setTimeout(() => {
          throw error;
        });
      }
    }
  }
}
