// Live output and transcript messages as DOM nodes, every value set as text (textContent):
// what the CLI or a command printed is never parsed as HTML. The transcript's markup is the
// server's (web/templates/pages/_transcript_message.html), so a live message looks like a
// stored one.

/** An element with a class and text, children appended. */
export function el(tag, { cls, text, open } = {}, ...children) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined && text !== null) node.textContent = String(text);
  if (open) node.open = true;
  for (const child of children) if (child) node.append(child);
  return node;
}

/** Dollars as the pages show them: four places below one dollar, else two. */
export function money(amount) {
  const value = Number(amount) || 0;
  const places = value > 0 && value < 1 ? 4 : 2;
  return `$${value.toLocaleString('en-US', { minimumFractionDigits: places, maximumFractionDigits: places })}`;
}

function pretty(value) {
  return JSON.stringify(value ?? null, null, 2);
}

function pre(text, cls = 'text') {
  return el('pre', { cls, text });
}

function folded(summary, body, open = false) {
  const head = el('summary');
  head.append(...(Array.isArray(summary) ? summary : [summary]));
  return el('details', { open }, head, body);
}

/** `Result success · $0.0100 · 1 turns · tokens in 100, out 50`. */
export function resultLine(data) {
  const parts = [data.subtype ?? ''];
  if (data.totalCostUsd !== undefined && data.totalCostUsd !== null) parts.push(money(data.totalCostUsd));
  if (data.numTurns) parts.push(`${data.numTurns} turns`);
  if (data.usage) parts.push(`tokens in ${data.usage.inputTokens ?? 0}, out ${data.usage.outputTokens ?? 0}`);
  return parts.join(' · ');
}

const KINDS = {
  text: (d) => [pre(d.text)],
  thinking: (d) => [folded('Thinking', pre(d.thinking))],
  tool_use: (d) => [folded(['Tool: ', el('code', { text: d.name })], pre(pretty(d.input)), true)],
  tool_result: (d) => [
    folded(
      d.isError ? 'Result (error)' : 'Result',
      pre(typeof d.content === 'string' ? d.content : pretty(d.content)),
    ),
  ],
  result: (d) => {
    const line = el('p', {}, el('strong', { text: 'Result' }), document.createTextNode(` ${resultLine(d)}`));
    return d.result ? [line, pre(d.result)] : [line];
  },
  system_init: (d) => [el('p', { cls: 'muted', text: `Session ${d.sessionId} · ${d.model}` })],
  user_text: (d) => [pre(d.text, 'text user')],
};

/** One transcript message ({seq, kind, data}) as the list item the server renders. */
export function transcriptItem(message) {
  const data = message.data ?? {};
  const render = KINDS[message.kind] ?? (() => [folded(message.kind, pre(pretty(data)))]);
  const item = el('li', { cls: `msg msg-${message.kind}` }, ...render(data));
  item.dataset.seq = String(message.seq);
  return item;
}

/** A transcript list: messages kept in seq order, each shown once. */
export class TranscriptList {
  constructor(list) {
    this.list = list;
    this.seen = new Set();
    for (const item of list.querySelectorAll('li[data-seq]')) this.seen.add(Number(item.dataset.seq));
  }

  get lastSeq() {
    return this.seen.size ? Math.max(...this.seen) : -1;
  }

  add(message) {
    const seq = Number(message.seq);
    if (this.seen.has(seq)) return null;
    this.seen.add(seq);
    for (const placeholder of this.list.querySelectorAll('li:not([data-seq])')) placeholder.remove();
    const item = transcriptItem(message);
    const after = [...this.list.children].find((li) => Number(li.dataset.seq) > seq);
    this.list.insertBefore(item, after ?? null);
    return item;
  }

  clear() {
    this.seen.clear();
    this.list.replaceChildren();
  }
}

/** Output chunks ({seq, stream, content}) appended in order; a seq seen before is dropped. */
export class OutputText {
  constructor(pre) {
    this.pre = pre;
    const shown = [...pre.querySelectorAll('[data-seq]')].map((part) => Number(part.dataset.seq));
    this.lastSeq = shown.length ? Math.max(...shown) : -1; // what the server rendered
  }

  add(seq, chunk) {
    if (seq <= this.lastSeq) return false;
    this.lastSeq = seq;
    const part = el('span', { cls: chunk.stream === 'stderr' ? 'stderr' : null, text: chunk.content });
    part.dataset.seq = String(seq);
    this.pre.append(part);
    return true;
  }

  clear() {
    this.lastSeq = -1;
    this.pre.replaceChildren();
  }
}
