// The pages' live components (Alpine's CSP build: registered by name with Alpine.data, never
// evaluated from strings), on the JavaScript SDK served at /static/sdk/. Loaded as a module
// before Alpine, which runs after it (both deferred, in document order).

import { commandConsole } from './console.js';
import { notificationArea } from './notifications.js';
import { liveTask } from './task.js';

const COMPONENTS = { liveTask, commandConsole, notificationArea };

function register(Alpine) {
  for (const [name, component] of Object.entries(COMPONENTS)) Alpine.data(name, component);
}

document.addEventListener('alpine:init', () => register(window.Alpine));
