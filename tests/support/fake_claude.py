#!/usr/bin/env python3
"""A stand-in for the `claude` CLI that speaks its stream-json format.

Like the real CLI in print mode (`-p`/`--print`, a flag), it takes the prompt as its argument
or, given none, reads it from standard input. Its stream has the real shapes: a `system`/`init`
event (session id, cwd, tools, model, permission mode, MCP servers), `assistant` messages with
`thinking`, `text` and `tool_use` blocks and their usage, `user` messages with `tool_result`
blocks, and a `result` event with cost, usage, turns, durations, `is_error` and `subtype`.
Before anything else it prints one `{"type": "fake_invocation", "argv": [...], "stdin": ...}`
line (an event type the real CLI does not have): what it was started with, for tests to check.

Flags it understands as the real CLI does (`--flag value` or `--flag=value`; the list flags
repeat): `--resume` (continues that session id), `--model`, `--permission-mode`, `--max-turns`,
`--mcp-config` (a file it reads: its `mcpServers` are reported in init), `--allowedTools`,
`--disallowedTools`, `--add-dir`, `--append-system-prompt`.

Directives in the prompt steer it: `[sleep=SECONDS]` pauses before the result, `[fail]` ends with
an error result and exit code 1, `[exit=N]` exits with N, `[lines=N]` prints N plain lines,
`[interval=S]` waits S seconds after each of those lines, `[todos=N]` reports N todos
completed one by one, `[ignore-term]` ignores SIGTERM (with a child
that ignores it too), `[bytes=N]` prints N bytes of plain output, `[env=NAME]` prints
`env NAME=<its value>` (`<unset>` when it has none), `[turns=N]` takes N turns (each a Bash
tool use and its result; past --max-turns it ends with `error_max_turns`), `[write=PATH]`
writes PATH (relative to its cwd) through a Write tool use, `[cost=USD]` reports that total
cost, `[run]` runs the rest of the prompt with /bin/sh -c (its output goes to ours, as the
real CLI's Bash tool would run it).
"""

import json
import os
import re
import signal
import subprocess
import sys
import time
import uuid

MODEL = "claude-fake-1"
TOOLS = ["Bash", "Edit", "Read", "TodoWrite", "Write"]
TURN_COST_USD = 0.01
OPTIONS_WITH_VALUE = {
    "--output-format",
    "--input-format",
    "--resume",
    "--model",
    "--permission-mode",
    "--max-turns",
    "--mcp-config",
    "--append-system-prompt",
}
LIST_OPTIONS = {"--allowedTools", "--disallowedTools", "--add-dir"}
NO_INPUT = (
    "Error: Input must be provided either through stdin or as a prompt argument when using --print"
)


def emit(event: dict[str, object]) -> None:
    sys.stdout.write(json.dumps(event) + "\n")
    sys.stdout.flush()


def directive(prompt: str, name: str, default: float = 0) -> str | float:
    """The value of `[name=value]` in prompt, True for a bare `[name]`, else default."""
    match = re.search(r"\[" + name + r"(?:=([^\]]+))?\]", prompt)
    if not match:
        return default
    return match.group(1) if match.group(1) is not None else True


def parse(argv: list[str]) -> tuple[bool, dict[str, str], dict[str, list[str]], list[str]]:
    """Print mode, options with their values, list options, and the positional arguments."""
    printing, options, lists, positional = False, {}, {}, []
    args = iter(argv)
    for arg in args:
        name, given, value = arg.partition("=")
        if arg in ("-p", "--print"):
            printing = True
        elif name in OPTIONS_WITH_VALUE:
            options[name] = value if given else next(args, "")
        elif name in LIST_OPTIONS:
            lists.setdefault(name, []).append(value if given else next(args, ""))
        elif not arg.startswith("-"):
            positional.append(arg)
    return printing, options, lists, positional


class Session:
    """One run's conversation: messages with their usage, and the totals of the result."""

    def __init__(self, session_id: str, model: str) -> None:
        self.session_id, self.model = session_id, model
        self.turns = 0
        self.usage = {
            "input_tokens": 0,
            "output_tokens": 0,
            "cache_creation_input_tokens": 0,
            "cache_read_input_tokens": 0,
        }

    def assistant(self, *content: dict[str, object]) -> None:
        usage = {
            "input_tokens": 100,
            "output_tokens": 50,
            "cache_creation_input_tokens": 10,
            "cache_read_input_tokens": 20,
        }
        for key, value in usage.items():
            self.usage[key] += value
        emit(
            {
                "type": "assistant",
                "session_id": self.session_id,
                "uuid": str(uuid.uuid4()),
                "parent_tool_use_id": None,
                "message": {
                    "id": f"msg_{uuid.uuid4().hex[:12]}",
                    "type": "message",
                    "role": "assistant",
                    "model": self.model,
                    "content": list(content),
                    "stop_reason": None,
                    "usage": usage,
                },
            }
        )

    def tool(self, name: str, tool_input: dict[str, object], result: str, error: bool) -> None:
        """One turn: a tool use and the tool's result."""
        self.turns += 1
        tool_id = f"toolu_{uuid.uuid4().hex[:12]}"
        self.assistant({"type": "tool_use", "id": tool_id, "name": name, "input": tool_input})
        emit(
            {
                "type": "user",
                "session_id": self.session_id,
                "uuid": str(uuid.uuid4()),
                "parent_tool_use_id": None,
                "message": {
                    "role": "user",
                    "content": [
                        {
                            "type": "tool_result",
                            "tool_use_id": tool_id,
                            "content": result,
                            "is_error": error,
                        }
                    ],
                },
            }
        )


def mcp_servers(path: str | None) -> list[dict[str, str]]:
    if not path:
        return []
    with open(path) as file:
        config = json.load(file)
    return [{"name": name, "status": "connected"} for name in config.get("mcpServers", {})]


def main(argv: list[str]) -> int:
    started_at = time.time()
    printing, options, lists, positional = parse(argv)
    if not printing:
        print("fake claude: only print mode (-p) is faked", file=sys.stderr)
        return 2
    prompt = " ".join(positional) if positional else sys.stdin.read()
    emit({"type": "fake_invocation", "argv": argv, "stdin": prompt})
    if not prompt.strip():
        print(NO_INPUT, file=sys.stderr)
        return 1
    session = Session(options.get("--resume") or str(uuid.uuid4()), options.get("--model", MODEL))
    if directive(prompt, "ignore-term"):
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        subprocess.Popen(
            [
                sys.executable,
                "-c",
                "import signal,time; signal.signal(signal.SIGTERM, signal.SIG_IGN); "
                "time.sleep(3600)",
            ]
        )
    emit(
        {
            "type": "system",
            "subtype": "init",
            "session_id": session.session_id,
            "cwd": os.getcwd(),
            "tools": TOOLS,
            "mcp_servers": mcp_servers(options.get("--mcp-config")),
            "model": session.model,
            "permissionMode": options.get("--permission-mode", "default"),
            "apiKeySource": "none",
            "uuid": str(uuid.uuid4()),
        }
    )
    interval = float(directive(prompt, "interval", 0))
    for i in range(int(directive(prompt, "lines", 0))):
        print(f"plain line {i}", flush=True)
        if interval:
            time.sleep(interval)
    name = directive(prompt, "env", "")
    if name:
        print(f"env {name}={os.environ.get(str(name), '<unset>')}", flush=True)
    snippet = re.search(r"\[run\](.*)", prompt, re.DOTALL)
    if snippet:
        sys.stdout.flush()
        subprocess.run(["/bin/sh", "-c", snippet.group(1)], check=False)
    size = int(directive(prompt, "bytes", 0))
    if size:
        sys.stdout.write("x" * size + "\n")
        sys.stdout.flush()
    todos = int(directive(prompt, "todos", 0))
    for done in range(todos + 1):
        items = [
            {"content": f"step {i}", "status": "completed" if i < done else "pending"}
            for i in range(todos)
        ]
        session.assistant(
            {"type": "tool_use", "name": "TodoWrite", "id": f"t{done}", "input": {"todos": items}}
        )
    session.assistant({"type": "thinking", "thinking": "Let me look at the task.", "signature": ""})
    max_turns = int(options.get("--max-turns") or 0)
    for turn in range(int(directive(prompt, "turns", 0))):
        if max_turns and session.turns >= max_turns:
            return finish(session, started_at, prompt, "error_max_turns")
        session.tool("Bash", {"command": f"echo turn {turn}"}, f"turn {turn}", False)
    written = directive(prompt, "write", "")
    if written:
        path = os.path.join(os.getcwd(), str(written))
        text = f"written by fake claude for: {prompt.splitlines()[0]}\n"
        with open(path, "w") as file:
            file.write(text)
        session.tool(
            "Write",
            {"file_path": path, "content": text},
            f"File created successfully at: {path}",
            False,
        )
    session.turns += 1
    session.assistant({"type": "text", "text": f"Working on: {prompt}"})
    sleep = float(directive(prompt, "sleep", 0))
    if sleep:
        time.sleep(sleep)
    failed = bool(directive(prompt, "fail"))
    return finish(session, started_at, prompt, "error_during_execution" if failed else "success")


def finish(session: Session, started_at: float, prompt: str, subtype: str) -> int:
    """The result event; the exit code as the real CLI ends (or as [exit=N] asks)."""
    failed = subtype != "success"
    elapsed = int((time.time() - started_at) * 1000)
    event: dict[str, object] = {
        "type": "result",
        "subtype": subtype,
        "is_error": subtype == "error_during_execution",
        "duration_ms": elapsed,
        "duration_api_ms": elapsed // 2,
        "num_turns": session.turns,
        "session_id": session.session_id,
        "total_cost_usd": float(directive(prompt, "cost", TURN_COST_USD * max(session.turns, 1))),
        "usage": {**session.usage, "service_tier": "standard"},
        "permission_denials": [],
        "uuid": str(uuid.uuid4()),
    }
    if subtype == "success":
        event["result"] = f"done in {os.getcwd()}"
    elif subtype == "error_during_execution":
        event["result"] = "fake failure"
    emit(event)
    return int(directive(prompt, "exit", 1 if failed else 0))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
