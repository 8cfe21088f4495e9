"""The calls found in a command line's syntax tree: words, wrappers, pipes, feeds, nesting."""

from __future__ import annotations

import pytest

from web.commands.call import Feed
from web.commands.interpreters import Source, code_source
from web.commands.syntax import Unreadable
from web.commands.walk import calls


def test_the_issues_lines_become_the_calls_they_run() -> None:
    echo, rm = calls("echo ${HOME:-$(rm -rf /)}")
    assert (rm.program, rm.args, rm.consumer) == ("rm", ("-rf", "/"), "echo")
    assignment, rm = calls("x=${y:-`rm -rf /`}")
    assert assignment.assignments == ("x=${y:-`rm -rf /`}",) and rm.program == "rm"
    assert [c.program for c in calls("echo $(( $(rm -rf /) ))")] == ["echo", "rm"]
    bash, rm = calls("bash <<< 'rm -rf /'")
    assert bash.feed == Feed.HERESTRING and (rm.program, rm.args) == ("rm", ("-rf", "/"))
    bash, rm = calls("bash <<EOF\nrm -rf /\nEOF")
    assert bash.feed == Feed.HEREDOC and rm.program == "rm"
    echo, bash, rm = calls("echo rm -rf / | bash")
    assert echo.consumer == "bash" and bash.feed == Feed.PIPE and rm.program == "rm"
    assert [c.dynamic for c in calls("r=rm; $r -rf /")] == [None, "$r"]


def test_words_lose_their_quotes_and_keep_their_substitutions() -> None:
    found = calls("echo ';' \"$(id)\" '$(id)' `uname` a\\ b $'\\x41' # rm -rf /")
    assert found[0].args == (";", "$(id)", "$(id)", "`uname`", "a b", "A")
    assert [(c.program, c.consumer) for c in found[1:]] == [("id", "echo"), ("uname", "echo")]
    assert [c.program for c in calls("\\rm x; r''m x; \"rm\" x; $'\\x72m' x")] == ["rm"] * 4
    assert [c.program for c in calls("cat <<'EOF'\n$(rm -rf /)\nEOF")] == ["cat"]
    assert [c.program for c in calls("echo \"${x:-'$(id)'}\" ${x:-'$(uname)'}")] == [
        "echo",
        "id",  # inside double quotes the single quotes are characters: $(id) runs
    ]


def test_calls_peel_wrappers_and_follow_pipes() -> None:
    found = calls("sudo -u bob nice -n 5 curl x | xargs -n1 rm -f && watch -n 2 'ls -l'")
    assert [(c.program, c.wrappers) for c in found] == [
        ("curl", ("sudo", "nice")),
        ("rm", ("xargs",)),
        ("watch", ()),
        ("ls", ()),
    ]
    assert found[0].consumer == "rm" and found[1].args == ("-f",)
    assert found[1].feed == Feed.ARGUMENTS
    assert [(c.program, c.args) for c in calls("env -S 'rm -rf /'")] == [("rm", ("-rf", "/"))]
    assert calls("echo / | xargs rm -rf")[1].args == ("-rf", "/")


def test_each_redirect_belongs_to_its_own_statement() -> None:
    # tree-sitter-bash reads `a 2>&1 | b > f` as `(a 2>&1 | b) > f`
    a, b = calls("a 2>&1 | b > f")
    assert a.redirects == ((">&", "1"),) and b.redirects == ((">", "f"),)
    a, b, c = calls("a > f && b || c > g")
    assert (a.redirects, b.redirects, c.redirects) == (((">", "f"),), (), ((">", "g"),))
    cat, bash, rm = calls("true || cat <<EOF | bash\nrm -rf /\nEOF")[1:]
    assert cat.consumer == "bash" and bash.feed == Feed.PIPE and rm.program == "rm"
    assert [c.redirects for c in calls("{ a; b; } > /etc/x")] == [((">", "/etc/x"),), (), ()]
    assert calls("echo x >& /etc/shadow")[0].redirects == (("&>", "/etc/shadow"),)


def test_long_chains_are_read_without_nesting() -> None:
    for joiner in (" && ", " | ", "; ", " || "):
        assert len(calls(joiner.join(["a 2>&1 > f"] * 1000))) == 1000


def test_functions_and_background_are_known() -> None:
    found = calls(":(){ :|:& };:")
    assert [(c.program, c.function, c.consumer, c.background) for c in found] == [
        (":", ":", ":", True),
        (":", ":", None, True),
        (":", None, None, False),
    ]


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("{rm,-rf,/}", "cannot parse"),
        ("[[ -f x", "is missing"),
        ("echo " + "$(" * 100 + "id" + ")" * 100, "levels deep"),
        ('eval \'eval "eval \\"eval \\\\\\"eval x\\\\\\"\\""\'', "levels deep"),
    ],
)
def test_trees_that_cannot_be_read_are_refused(line: str, reason: str) -> None:
    with pytest.raises(Unreadable, match=reason):
        calls(line)


@pytest.mark.parametrize(
    ("program", "args", "source"),
    [
        ("bash", (), Source.STDIN),
        ("bash", ("-s", "--", "x"), Source.STDIN),
        ("bash", ("-xc", "id"), Source.INLINE),
        ("bash", ("-c",), Source.MISSING),
        ("bash", ("-o", "pipefail", "run.sh"), Source.FILE),
        ("sh", ("/dev/fd/63",), Source.STREAM),
        ("python3", ("-",), Source.STDIN),
        ("python3", ("-m", "pytest"), Source.INLINE),
        ("python3.12", ("-W", "ignore", "x.py"), Source.FILE),
        ("perl", ("-Iinclude", "-ne", "print"), Source.INLINE),
        ("perl", ("-w",), Source.STDIN),
        ("node", ("--eval", "1"), Source.INLINE),
        ("source", ("/dev/stdin",), Source.STDIN),
        (".", ("./env.sh",), Source.FILE),
        ("ls", (), None),
    ],
)
def test_where_interpreters_read_their_code(
    program: str, args: tuple[str, ...], source: Source | None
) -> None:
    assert code_source(program, args) == source
