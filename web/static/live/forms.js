// Small helpers the live components share: form fields and the connection's label.

/** A form field's text, trimmed; undefined when empty or absent. */
export function formText(form, name) {
  const value = form.get(name);
  if (typeof value !== 'string' || !value.trim()) return undefined;
  return value.trim();
}

const LABELS = Object.freeze({
  connecting: 'Connecting…',
  live: 'Live',
  reconnecting: 'Reconnecting…',
  ended: 'Offline: reload for live updates',
});

/** What the page says of its socket's state. */
export function liveLabel(state) {
  return LABELS[state] ?? 'Not live';
}
