// The task page, live (Alpine component `liveTask`): the task's status and progress, the
// current execution's transcript and output as they stream, execute, cancel, retry and a
// follow-up without a reload. Over a reconnect nothing is lost or shown twice: the SDK
// resubscribes from the last seq it delivered (the server replays task events and output
// from storage), and each grant of the output stream fetches the transcript messages above
// the last one shown (transcript messages are not replayed on the socket: REST after_seq).

import { client, problem, projectSocket, watchState } from './connection.js';
import { formText, liveLabel } from './forms.js';
import { OutputText, TranscriptList } from './render.js';

const ACTIVE = new Set(['queued', 'running']);
const RETRYABLE = new Set(['failed', 'cancelled']);
const PAGE = 1000;

/** The body of POST /tasks/{id}/execute from the page's execute form (fields left empty: out). */
export function executeBody(form) {
  const text = (name) => formText(form, name);
  const number = (name) => (text(name) === undefined ? undefined : Number(text(name)));
  const list = (name) => text(name)?.split(/[\n,]/).map((item) => item.trim()).filter(Boolean);
  const cli = defined({
    model: text('model'),
    permissionMode: text('permission_mode'),
    maxTurns: number('max_turns'),
    allowedTools: list('allowed_tools'),
    appendSystemPrompt: text('append_system_prompt'),
  });
  const prompt = text('prompt');
  const options = defined({
    timeout: number('timeout'),
    retryAttempts: number('retry_attempts'),
    cli: Object.keys(cli).length ? cli : undefined,
    prompt,
    continue: prompt ? true : undefined,
  });
  return defined({ priority: text('priority'), options: Object.keys(options).length ? options : undefined });
}

function defined(fields) {
  return Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined));
}

export function liveTask() {
  // not reactive: the socket, the DOM lists and the execution followed
  let socket = null;
  let transcript = null;
  let output = null;
  let taskId = null;
  let executionId = null;
  let following = false;

  return {
    status: '',
    progress: 0,
    attempt: '',
    live: 'connecting',
    error: '',
    busy: false,
    resumable: false,
    streamed: false,

    get active() {
      return ACTIVE.has(this.status);
    },
    get idle() {
      return !this.active;
    },
    get notRetryable() {
      return !RETRYABLE.has(this.status);
    },
    get notResumable() {
      return this.active || !this.resumable;
    },
    get notRun() {
      return !this.attempt;
    },
    get noError() {
      return !this.error;
    },
    get noOutput() {
      return !this.streamed;
    },
    get liveLabel() {
      return liveLabel(this.live);
    },

    init() {
      const data = this.$el.dataset;
      taskId = data.taskId;
      executionId = data.executionId || null;
      this.status = data.status;
      this.progress = Number(data.progress) || 0;
      this.attempt = data.attempt;
      this.resumable = data.resumable === 'true';
      transcript = new TranscriptList(this.$refs.transcript);
      output = new OutputText(this.$refs.output);
      this.connect(data.projectId);
    },

    async connect(projectId) {
      try {
        socket = await projectSocket(projectId);
      } catch (error) {
        this.live = 'ended';
        this.error = problem(error);
        return;
      }
      watchState(socket, (state) => {
        this.live = state;
      });
      socket.on('subscribed', (data) => this.granted(data));
      socket.on('task_update', (data) => this.updated(data));
      socket.on('task_completed', (data) => this.completed(data));
      socket.on('transcript_message', (data) => this.message(data));
      socket.on('command_output', (data, message) => this.chunk(data, message));
      socket.subscribe('task_updates', { taskId }).catch((error) => this.failed(error));
      if (executionId && this.active) this.follow(executionId, false);
    },

    /** Follow an execution's output and transcript (fresh: a new run, the lists start empty). */
    follow(id, fresh = true) {
      if (following && executionId === id) return;
      if (!socket) {
        // not connected yet: connect() follows it once the socket is there
        if (fresh && executionId !== id) {
          transcript.clear();
          output.clear();
        }
        executionId = id;
        return;
      }
      if (following && executionId) {
        socket.unsubscribe('command_output', { commandId: executionId }).catch(() => {});
      }
      if (fresh && executionId !== id) {
        transcript.clear();
        output.clear();
        this.streamed = false;
      }
      executionId = id;
      following = true;
      socket.subscribe('command_output', { commandId: id, since: -1 }).catch((error) => this.failed(error));
    },

    /** A subscription granted (first, or again after a reconnect): catch up over REST. */
    granted(data) {
      if (data.channel === 'command_output' && data.id === executionId) this.catchUp(data.id);
      if (data.channel === 'task_updates' && data.id === taskId) this.reconcile();
    },

    async catchUp(id) {
      try {
        for (;;) {
          const page = await client.executions.transcript(taskId, id, { afterSeq: transcript.lastSeq, limit: PAGE });
          if (id !== executionId) return;
          for (const message of page.messages) transcript.add(message);
          if (page.messages.length < PAGE) return;
        }
      } catch (error) {
        this.failed(error);
      }
    },

    /** The task as REST has it now: what happened before the socket held its stream. */
    async reconcile() {
      try {
        const task = await client.tasks.get(taskId);
        this.status = task.status;
        this.progress = task.progressPercentage ?? 0;
        const latest = task.latestExecution;
        if (!latest) return;
        this.attempt = String(latest.attempt);
        this.resumable = Boolean(latest.cliSessionId);
        if (latest.id !== executionId) {
          this.follow(latest.id);
          this.refresh();
        }
      } catch (error) {
        this.failed(error);
      }
    },

    updated(data) {
      if (data.taskId !== taskId) return;
      this.status = data.status;
      if (data.progressPercentage !== undefined && data.progressPercentage !== null) {
        this.progress = data.progressPercentage;
      }
      if (data.executionId && data.executionId !== executionId) {
        this.follow(data.executionId);
        this.reconcile();
      }
    },

    completed(data) {
      if (data.taskId !== taskId) return;
      this.status = data.status;
      if (data.status === 'completed') this.progress = 100;
      if (data.retryExecutionId) this.follow(data.retryExecutionId);
      this.reconcile();
      this.refresh();
    },

    message(data) {
      if (data.executionId === executionId) transcript.add(data);
    },

    chunk(data, message) {
      if ((data.executionId ?? data.commandId) !== executionId) return;
      if (output.add(message.seq, data)) this.streamed = true;
    },

    /** The page's executions, history, details and run figures, reloaded (htmx). */
    refresh() {
      window.htmx?.ajax('GET', window.location.pathname, { target: '#task-records', swap: 'outerHTML' });
    },

    failed(error) {
      this.error = problem(error);
    },

    /** Run an action of the page's forms; its answer, or null when it was refused. */
    async act(call) {
      this.busy = true;
      this.error = '';
      try {
        return await call();
      } catch (error) {
        this.failed(error);
        return null;
      } finally {
        this.busy = false;
      }
    },

    /** A run queued from this page (execute, retry, follow-up): follow it from its start. */
    queued(answer) {
      if (!answer?.executionId) return false;
      this.status = 'queued';
      this.progress = 0;
      this.resumable = false;
      this.follow(answer.executionId);
      this.reconcile(); // its attempt number, as REST has it
      this.refresh();
      return true;
    },

    async execute(event) {
      const body = executeBody(new FormData(event.target));
      this.queued(await this.act(() => client.tasks.execute(taskId, body)));
    },

    async followUp(event) {
      const form = event.target;
      const body = executeBody(new FormData(form));
      if (this.queued(await this.act(() => client.tasks.execute(taskId, body)))) form.reset();
    },

    async cancel(event) {
      const reason = formText(new FormData(event.target), 'reason');
      const answer = await this.act(() => client.tasks.cancel(taskId, reason ? { reason } : {}));
      if (answer?.status) this.status = answer.status;
    },

    async retry() {
      this.queued(await this.act(() => client.tasks.retry(taskId)));
    },
  };
}
