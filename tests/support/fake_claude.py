#!/usr/bin/env python3
"""A stand-in for the `claude` CLI that speaks its stream-json format.

Like the real CLI in print mode (`-p`/`--print`, a flag), it takes the prompt as its argument
or, given none, reads it from standard input.

Directives in the prompt steer it: `[sleep=SECONDS]` pauses before the result, `[fail]` ends with
an error result and exit code 1, `[exit=N]` exits with N, `[lines=N]` prints N plain lines,
`[interval=S]` waits S seconds after each of those lines, `[todos=N]` reports N todos
completed one by one, `[ignore-term]` ignores SIGTERM (with a child
that ignores it too), `[bytes=N]` prints N bytes of plain output, `[env=NAME]` prints
`env NAME=<its value>` (`<unset>` when it has none), `[run]` runs the rest of the prompt with
/bin/sh -c (its output goes to ours, as the real CLI's Bash tool would run it).
"""

import json
import os
import re
import signal
import subprocess
import sys
import time
import uuid


def emit(event: dict[str, object]) -> None:
    sys.stdout.write(json.dumps(event) + "\n")
    sys.stdout.flush()


def directive(prompt: str, name: str, default: float = 0) -> str | float:
    """The value of `[name=value]` in prompt, True for a bare `[name]`, else default."""
    match = re.search(r"\[" + name + r"(?:=([^\]]+))?\]", prompt)
    if not match:
        return default
    return match.group(1) if match.group(1) is not None else True


OPTIONS_WITH_VALUE = {"--output-format", "--resume", "--model", "--input-format"}
NO_INPUT = (
    "Error: Input must be provided either through stdin or as a prompt argument when using --print"
)


def parse(argv: list[str]) -> tuple[bool, dict[str, str], list[str]]:
    """Print mode, options with their values, and the positional arguments (the prompt)."""
    printing, options, positional = False, {}, []
    args = iter(argv)
    for arg in args:
        if arg in ("-p", "--print"):
            printing = True
        elif arg in OPTIONS_WITH_VALUE:
            options[arg] = next(args, "")
        elif not arg.startswith("-"):
            positional.append(arg)
    return printing, options, positional


def main(argv: list[str]) -> int:
    started_at = time.time()
    printing, options, positional = parse(argv)
    if not printing:
        print("fake claude: only print mode (-p) is faked", file=sys.stderr)
        return 2
    prompt = " ".join(positional) if positional else sys.stdin.read()
    if not prompt.strip():
        print(NO_INPUT, file=sys.stderr)
        return 1
    session = options.get("--resume") or str(uuid.uuid4())
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
            "session_id": session,
            "cwd": os.getcwd(),
            "tools": ["Bash", "Edit", "TodoWrite"],
            "model": "fake-claude",
            "started_at": started_at,
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
        emit(
            {
                "type": "assistant",
                "session_id": session,
                "message": {
                    "role": "assistant",
                    "content": [
                        {
                            "type": "tool_use",
                            "name": "TodoWrite",
                            "id": f"t{done}",
                            "input": {"todos": items},
                        }
                    ],
                },
            }
        )
    emit(
        {
            "type": "assistant",
            "session_id": session,
            "message": {
                "role": "assistant",
                "content": [{"type": "text", "text": f"Working on: {prompt}"}],
            },
        }
    )
    sleep = float(directive(prompt, "sleep", 0))
    if sleep:
        time.sleep(sleep)
    failed = bool(directive(prompt, "fail"))
    emit(
        {
            "type": "result",
            "subtype": "error_during_execution" if failed else "success",
            "is_error": failed,
            "session_id": session,
            "num_turns": 1,
            "duration_ms": 1,
            "result": "fake failure" if failed else f"done in {os.getcwd()}",
        }
    )
    return int(directive(prompt, "exit", 1 if failed else 0))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
