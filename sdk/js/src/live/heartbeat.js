// A socket that hears nothing is pinged; one that stays silent is dead (a network that drops
// packets without closing the connection, e.g. a NAT or a sleeping laptop).

export class Heartbeat {
  #interval;
  #ping;
  #dead;
  #timer = null;
  #last = 0;

  /** Every interval ms: ping after one quiet interval, declare dead after two. */
  constructor(interval, { ping, dead }) {
    this.#interval = interval;
    this.#ping = ping;
    this.#dead = dead;
  }

  start() {
    this.stop();
    if (!this.#interval) return;
    this.#last = Date.now();
    this.#timer = setInterval(() => this.#tick(), this.#interval);
    this.#timer.unref?.(); // a heartbeat alone keeps no Node process alive
  }

  /** Something arrived: the peer is alive. */
  seen() {
    this.#last = Date.now();
  }

  stop() {
    clearInterval(this.#timer);
    this.#timer = null;
  }

  #tick() {
    const quiet = Date.now() - this.#last;
    if (quiet >= 2 * this.#interval) {
      this.stop();
      this.#dead();
    } else if (quiet >= this.#interval) {
      this.#ping();
    }
  }
}
