"""Rules about code a command line does not show: downloaded, fed in, or named by a variable.

Interpreters fed their program on standard input (`bash <<< ...`, `curl ... | sh`, a
here-document to python), scripts that are another command's output (`bash <(...)`), and commands
whose name is only known when the line runs (`$cmd -rf /`) could do anything, whatever the rest
of the line says.
"""

from __future__ import annotations

from collections.abc import Iterator

from web.commands.call import Call, Feed
from web.commands.findings import Finding, danger
from web.commands.interpreters import Source, code_source, interpreter

_DOWNLOADERS = frozenset({"curl", "wget", "fetch", "aria2c", "http", "https", "lwp-request"})
_STREAMED = {
    Feed.PIPE: "the output piped into it",
    Feed.HEREDOC: "a here-document",
    Feed.HERESTRING: "a here-string",
}
_SCRIPT_IT = (
    "Save the code as a script in your project, read it, then run the file, e.g. 'bash ./script.sh'"
)


def download_into_shell(call: Call) -> Iterator[Finding]:
    if call.program in _DOWNLOADERS and call.consumer is not None and interpreter(call.consumer):
        yield danger(
            "download_into_shell",
            f"Runs code downloaded by {call.program} without any review (piped into "
            f"{call.consumer})",
            "Download to a file, read it and check its checksum, then run it: "
            "'curl -fsSLo install.sh URL && less install.sh'",
        )


def code_from_input(call: Call) -> Iterator[Finding]:
    source = code_source(call.program, call.args)
    if source == Source.STDIN and call.feed in _STREAMED:
        yield danger(
            "code_from_input",
            f"Runs {_STREAMED[call.feed]} as {call.program} code",
            _SCRIPT_IT,
        )
    elif source == Source.STREAM:
        yield danger(
            "code_from_input",
            f"Runs code that another command produces as {call.program} code",
            _SCRIPT_IT,
        )
    elif source == Source.MISSING and call.feed == Feed.ARGUMENTS:
        yield danger(
            "code_from_input",
            f"Runs the input of xargs as {call.program} code",
            _SCRIPT_IT,
        )


def dynamic_command(call: Call) -> Iterator[Finding]:
    if call.dynamic is not None:
        yield danger(
            "dynamic_command",
            f"Runs a program whose name is only known when the line runs ({call.dynamic})",
            "Write the program's name out, e.g. 'rm -r ./build' rather than '$cmd -r ./build'",
        )
