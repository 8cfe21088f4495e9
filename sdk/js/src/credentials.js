// The client's authentication: its tokens (bearer mode) or none (cookie mode), and the CSRF token.

/** What the client holds to authenticate: tokens (bearer mode) or nothing (cookie mode). */
export class Credentials {
  constructor({ token = null, refreshToken = null, csrfToken = null, onTokens = null } = {}) {
    this.token = token;
    this.refreshToken = refreshToken;
    this.csrfToken = csrfToken;
    this.onTokens = onTokens;
    this.listeners = new Set();
    this.refreshing = null;
  }

  /** Cookie mode: no token, the browser's session cookie authenticates. */
  get cookieMode() {
    return !this.token;
  }

  /** Keep new tokens (login, refresh) and tell whoever listens (open sockets, onTokens). */
  store({ accessToken, refreshToken }) {
    this.token = accessToken ?? null;
    if (refreshToken !== undefined) this.refreshToken = refreshToken;
    for (const listener of this.listeners) listener(this.token);
    this.onTokens?.({ accessToken: this.token, refreshToken: this.refreshToken });
  }

  clear() {
    this.token = null;
    this.refreshToken = null;
  }

  csrf() {
    return typeof this.csrfToken === 'function' ? this.csrfToken() : this.csrfToken;
  }
}
