// The page's client of the API (cookie mode: the page session's cookie, its CSRF token on
// writes) and its WebSocket: one session per project, kept across pages (a session whose
// settings say web_ui), one socket per page and project, shared by the page's components.

import { ClaudeCliClient } from '/static/sdk/index.js';

const WEB_UI = 'web_ui';

function csrfToken() {
  return document.querySelector('meta[name="csrf-token"]')?.content ?? '';
}

export const client = new ClaudeCliClient({ baseURL: '/api', csrfToken });

const sockets = new Map(); // project id -> Promise<LiveSocket>

/** The page's socket on the project's session (made on first use, then shared). */
export function projectSocket(projectId) {
  if (!sockets.has(projectId)) {
    const opened = sessionFor(projectId).then((sessionId) => client.websocket.connect(sessionId));
    opened.catch(() => sockets.delete(projectId));
    sockets.set(projectId, opened);
  }
  return sockets.get(projectId);
}

/** The newest active Web UI session of the project, or a new one. */
async function sessionFor(projectId) {
  const { sessions } = await client.sessions.list({ status: 'active', projectId });
  const ours = sessions
    .filter((session) => session.settings?.[WEB_UI] === true)
    .sort((a, b) => String(b.lastAccessed).localeCompare(String(a.lastAccessed)));
  if (ours.length) return ours[0].sessionId;
  const made = await client.sessions.create({ projectId, settings: { [WEB_UI]: true } });
  return made.sessionId;
}

/**
 * Report a socket's state to `report(state)`: connecting, live, reconnecting or ended (closed
 * for good: the session ended or the sign-in did; a reload starts again).
 */
export function watchState(socket, report) {
  report(socket.state === 'open' ? 'live' : 'connecting');
  socket.on('open', () => report('live'));
  socket.on('close', ({ reconnecting }) => report(reconnecting ? 'reconnecting' : 'ended'));
}

/** The message of an error the API or the socket answered, for a person. */
export function problem(error) {
  return error?.message ? String(error.message) : 'Something went wrong';
}
