// The command console (Alpine component `commandConsole`): the command checked as it is typed
// (POST /api/commands/validate, debounced), run, its output streamed over the project
// session's socket (replayed from the last seq shown after a reconnect), cancel, and the
// history reloaded when it ends.

import { client, problem, projectSocket, watchState } from './connection.js';
import { formText, liveLabel } from './forms.js';
import { OutputText } from './render.js';

const DEBOUNCE_MS = 300;
const ENDED = new Set(['completed', 'failed', 'cancelled', 'timeout']);

/** What the console says of validate's answer: a state (for its style) and a sentence. */
export function consoleVerdict(verdict) {
  if (verdict.syntaxError) return { state: 'invalid', text: `Syntax error: ${verdict.syntaxError}` };
  if (verdict.safe === false && !verdict.valid) {
    return { state: 'invalid', text: 'Refused: this command looks dangerous.' };
  }
  if (verdict.safe === false) return { state: 'unsafe', text: 'Warning: this command looks risky.' };
  if (!verdict.valid) return { state: 'invalid', text: 'This command would be refused.' };
  return { state: 'ok', text: 'No problems found.' };
}

export function commandConsole() {
  let output = null;
  let socket = null;
  let socketProject = null;
  let commandId = null;
  let timer = null;
  let asked = 0; // validate requests made; only the latest answer is shown

  return {
    status: '',
    exitCode: null,
    commandText: '',
    live: 'off',
    error: '',
    busy: false,
    verdictState: '',
    verdictText: '',
    warnings: [],
    suggestions: [],

    get noVerdict() {
      return !this.verdictText;
    },
    get noWarnings() {
      return this.warnings.length === 0;
    },
    get noSuggestions() {
      return this.suggestions.length === 0;
    },
    get noError() {
      return !this.error;
    },
    get noCommand() {
      return !this.status;
    },
    get notRunning() {
      return this.status !== 'running';
    },
    get exitText() {
      return this.exitCode === null || this.exitCode === undefined ? '' : `exit code ${this.exitCode}`;
    },
    get liveLabel() {
      return liveLabel(this.live);
    },

    init() {
      const data = this.$el.dataset;
      output = new OutputText(this.$refs.output);
      commandId = data.commandId || null;
      this.status = data.status;
      this.commandText = this.$el.querySelector('#command-output-card code')?.textContent ?? '';
      if (commandId && !ENDED.has(this.status) && data.projectId) this.follow(data.projectId);
    },

    /** The command field changed: validate it once typing pauses. */
    typed(event) {
      clearTimeout(timer);
      const command = event.target.value;
      timer = setTimeout(() => this.validate(command), DEBOUNCE_MS);
    },

    async validate(command) {
      const mine = ++asked;
      if (!command.trim()) {
        this.showVerdict(null);
        return;
      }
      try {
        const verdict = await client.commands.validate({ command });
        if (mine === asked) this.showVerdict(verdict);
      } catch (error) {
        if (mine === asked) this.error = problem(error);
      }
    },

    showVerdict(verdict) {
      const shown = verdict ? consoleVerdict(verdict) : { state: '', text: '' };
      this.verdictState = shown.state;
      this.verdictText = shown.text;
      this.warnings = verdict?.warnings ?? [];
      this.suggestions = verdict?.suggestions ?? [];
    },

    projectChosen() {
      this.error = '';
    },

    async run(event) {
      const form = new FormData(event.target);
      const timeout = formText(form, 'timeout');
      const body = {
        command: String(form.get('command') ?? ''),
        projectId: formText(form, 'project_id'),
        workingDirectory: formText(form, 'working_directory'),
        timeout: timeout === undefined ? undefined : Number(timeout),
      };
      this.busy = true;
      this.error = '';
      try {
        const started = await client.commands.execute(body);
        this.start(started);
        if (started.projectId) await this.follow(started.projectId);
      } catch (error) {
        const warnings = error?.details?.warnings;
        this.error = Array.isArray(warnings) && warnings.length ? `${problem(error)}: ${warnings.join('; ')}` : problem(error);
      } finally {
        this.busy = false;
      }
    },

    /** A command just started: show it, and its output from the start. */
    start(started) {
      if (commandId && socket) socket.unsubscribe('command_output', { commandId }).catch(() => {});
      commandId = started.commandId;
      this.status = started.status;
      this.exitCode = started.exitCode ?? null;
      this.commandText = started.command;
      output.clear();
      const cancel = this.$el.querySelector('form[action$="/cancel"]');
      if (cancel) cancel.action = `/console/${encodeURIComponent(commandId)}/cancel`;
    },

    /** Stream the command's output over the socket of its project's session. */
    async follow(projectId) {
      try {
        if (socketProject !== projectId) {
          socket = await projectSocket(projectId);
          socketProject = projectId;
          watchState(socket, (state) => {
            this.live = state;
          });
          socket.on('command_output', (data, message) => this.chunk(data, message));
          socket.on('command_completed', (data) => this.ended(data));
          socket.on('subscribed', (data) => this.granted(data));
        }
        await socket.subscribe('command_output', { commandId, since: output.lastSeq });
      } catch (error) {
        this.error = problem(error);
      }
    },

    chunk(data, message) {
      if (data.commandId === commandId) output.add(message.seq, data);
    },

    ended(data) {
      if (data.commandId !== commandId) return;
      this.status = data.status;
      this.exitCode = data.exitCode ?? null;
      this.refresh();
    },

    /** Granted (again, after a reconnect): the status as REST has it (an end may be past). */
    async granted(data) {
      if (data.channel !== 'command_output' || data.id !== commandId) return;
      try {
        const state = await client.commands.status(commandId, { afterSeq: output.lastSeq });
        if (state.commandId !== commandId) return;
        if (ENDED.has(state.status) && !ENDED.has(this.status)) this.refresh();
        this.status = state.status;
        this.exitCode = state.exitCode ?? null;
      } catch (error) {
        this.error = problem(error);
      }
    },

    async cancel() {
      this.busy = true;
      this.error = '';
      try {
        const answer = await client.commands.cancel(commandId);
        this.status = answer.status;
        this.exitCode = answer.exitCode ?? null;
        this.refresh();
      } catch (error) {
        this.error = problem(error);
      } finally {
        this.busy = false;
      }
    },

    /** The history, reloaded (htmx). */
    refresh() {
      window.htmx?.ajax('GET', '/console', { target: '#command-history', swap: 'outerHTML' });
    },
  };
}
