// A TCP proxy in front of the live server whose connections a test can cut (a real network
// outage between the SDK and the server, which keeps running) or freeze (their bytes stop
// flowing while they stay open, as behind a NAT that forgot them).

import net from 'node:net';

export class CuttableProxy {
  #server;
  #sockets = new Set();
  #pairs = new Set();
  #down = false;
  accepted = 0;
  refused = 0;

  constructor(targetURL) {
    const target = new URL(targetURL);
    this.host = target.hostname;
    this.port = Number(target.port);
    this.#server = net.createServer((client) => this.#relay(client));
  }

  /** Listen on a free port of 127.0.0.1; resolves with `http://127.0.0.1:<port>`. */
  listen() {
    return new Promise((resolve) => {
      this.#server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${this.#server.address().port}`));
    });
  }

  /** Drop every connection through it, and every new one until restore(). */
  cut() {
    this.#down = true;
    for (const socket of this.#sockets) socket.destroy();
    this.#sockets.clear();
  }

  /** Stop forwarding on every open connection, leaving it open; new ones work. */
  freeze() {
    for (const [client, upstream] of this.#pairs) {
      client.unpipe(upstream);
      upstream.unpipe(client);
      client.pause();
      upstream.pause();
    }
    this.#pairs.clear();
  }

  restore() {
    this.#down = false;
  }

  close() {
    this.cut();
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }

  #relay(client) {
    if (this.#down) {
      this.refused++;
      client.destroy();
      return;
    }
    this.accepted++;
    const upstream = net.connect(this.port, this.host);
    const pair = [client, upstream];
    this.#pairs.add(pair);
    client.on('close', () => this.#pairs.delete(pair));
    for (const [from, to] of [[client, upstream], [upstream, client]]) {
      this.#sockets.add(from);
      from.pipe(to);
      from.on('error', () => to.destroy());
      from.on('close', () => {
        this.#sockets.delete(from);
        to.destroy();
      });
    }
  }
}
