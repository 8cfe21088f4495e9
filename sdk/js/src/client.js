// ClaudeCliClient: the API's resources over one transport, and the session WebSocket.

import { Transport } from './http.js';
import { LiveSocket } from './live/socket.js';
import { buildResources } from './resources.js';
import { socketURL } from './urls.js';

export class ClaudeCliClient {
  /**
   * baseURL: the API's root (`http://localhost:8000/api`, or `/api` in a page of the server);
   * token: a JWT access token (bearer mode); without it, cookie mode (the page's session
   * cookie, `credentials: 'same-origin'`, `csrfToken` sent as X-CSRF-Token on writes).
   * See index.d.ts (ClientOptions) for the rest.
   */
  constructor(options = {}) {
    this.options = options;
    this.transport = new Transport(options);
    Object.assign(this, buildResources(this.transport));
    this.websocket = {
      /** The socket of a session, connecting now: `ws.on(type, handler)`, `ws.subscribe(...)`. */
      connect: (sessionId, socketOptions = {}) => this.#connect(sessionId, socketOptions),
      /** The URL a session's socket connects to. */
      url: (sessionId) => this.#socketURL(sessionId, {}),
    };
  }

  /** The access token the client sends (null in cookie mode). */
  get token() {
    return this.transport.credentials.token;
  }

  /** Use another access token (and refresh token, if given) from now on, sockets included. */
  setToken(accessToken, refreshToken) {
    this.transport.credentials.store({ accessToken, refreshToken });
  }

  /** Any API call by method and path (relative to baseURL): its data, camelCase. */
  request(method, path, options) {
    return this.transport.request(method, path, options);
  }

  #connect(sessionId, socketOptions) {
    return new LiveSocket({
      url: this.#socketURL(sessionId, socketOptions),
      WebSocket: socketOptions.WebSocket ?? this.options.WebSocket ?? globalThis.WebSocket,
      credentials: this.transport.credentials,
      reconnect: socketOptions.reconnect ?? this.options.reconnect,
      heartbeat: socketOptions.heartbeat ?? this.options.heartbeat,
      connectTimeout: socketOptions.connectTimeout ?? this.options.connectTimeout,
    });
  }

  #socketURL(sessionId, socketOptions) {
    return socketURL(this.options.baseURL, sessionId, {
      websocketURL: socketOptions.websocketURL ?? this.options.websocketURL,
    });
  }
}
