// The notification area (Alpine component `notificationArea`): the `notification` messages of
// the page's project session (task completions, the sign-in about to expire), newest first,
// each dismissable. Pages without a project take the user's newest Web UI session, if any.

import { client, projectSocket } from './connection.js';

const KEEP = 5;
let nextId = 1;

/** The project whose session the page's socket uses: the page's own, else the newest one. */
async function pageProject() {
  const own = document.querySelector('[data-project-id]')?.dataset.projectId;
  if (own) return own;
  const { sessions } = await client.sessions.list({ status: 'active' });
  const ours = sessions
    .filter((session) => session.settings?.web_ui === true)
    .sort((a, b) => String(b.lastAccessed).localeCompare(String(a.lastAccessed)));
  return ours[0]?.projectId ?? null;
}

export function notificationArea() {
  return {
    items: [],

    get none() {
      return this.items.length === 0;
    },

    async init() {
      let socket;
      try {
        const projectId = await pageProject();
        if (!projectId) return;
        socket = await projectSocket(projectId);
      } catch {
        return; // the page works without it
      }
      socket.on('notification', (data) => this.add(data));
      socket.subscribe('notifications').catch(() => {});
    },

    add(data) {
      const item = {
        id: nextId++,
        level: ['error', 'warning', 'success'].includes(data.level) ? data.level : 'info',
        title: String(data.title ?? ''),
        message: String(data.message ?? ''),
        href: data.taskId ? `/tasks/${encodeURIComponent(data.taskId)}` : '',
        noLink: !data.taskId,
      };
      this.items = [item, ...this.items].slice(0, KEEP);
    },

    dismiss(event) {
      const id = Number(event.target.closest('[data-id]')?.dataset.id);
      this.items = this.items.filter((item) => item.id !== id);
    },
  };
}
