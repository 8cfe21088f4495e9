"""The safety analysis on a corpus: dangerous lines all flagged, everyday lines left alone.

Every dangerous line is valid bash (`bash -n` accepts it), so what flags it is the analysis of its
syntax tree; each names the 'danger' rule that must fire. Safe lines must get no finding at all.
"""

from __future__ import annotations

import shlex
from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from storage.models import Command
from tests.support.commands import execute, new_project
from web.commands.safety import analyze, validate

SHELL = "/bin/bash"

# command line, the danger rule that must fire
DANGEROUS: list[tuple[str, str]] = [
    # the seven lines of issue 10
    ("echo ${HOME:-$(rm -rf /)}", "recursive_delete"),
    ("echo $(( $(rm -rf /) ))", "recursive_delete"),
    ("x=${y:-`rm -rf /`}", "recursive_delete"),
    ("bash <<< 'rm -rf /'", "code_from_input"),
    ("bash <<EOF\nrm -rf /\nEOF", "code_from_input"),
    ("sh <<'EOF'\necho hi\nEOF", "code_from_input"),
    ("python3 <<EOF\nimport shutil; shutil.rmtree('/')\nEOF", "code_from_input"),
    ("python - <<EOF\nprint(1)\nEOF", "code_from_input"),
    ("echo 'rm -rf /' | bash", "code_from_input"),
    ("echo hi | sh", "code_from_input"),
    ("r=rm; $r -rf /", "dynamic_command"),
    # recursive deletes, and the ways of writing rm
    ("rm -rf /", "recursive_delete"),
    ("rm -rf /*", "recursive_delete"),
    ("rm -rf ~", "recursive_delete"),
    ("rm -rf ~/", "recursive_delete"),
    ("rm -rf $HOME", "recursive_delete"),
    ('rm -rf "$HOME"', "recursive_delete"),
    ("rm -rf ${HOME}/", "recursive_delete"),
    ("rm -rf .", "recursive_delete"),
    ("rm -rf ..", "recursive_delete"),
    ("rm -fr *", "recursive_delete"),
    ("rm -r -f /usr", "recursive_delete"),
    ("rm --recursive --force /var", "recursive_delete"),
    ("rm -rf /etc/", "recursive_delete"),
    ('rm -rf "$BUILD_DIR"/*', "recursive_delete"),
    ("rm -rf --no-preserve-root /", "recursive_delete"),
    ("\\rm -rf /", "recursive_delete"),
    ('"rm" -rf /', "recursive_delete"),
    ('r""m -rf /', "recursive_delete"),
    ("'r'm -rf /", "recursive_delete"),
    ("$'\\x72\\x6d' -rf /", "recursive_delete"),
    ("/bin/rm -rf /", "recursive_delete"),
    ("command rm -rf /", "recursive_delete"),
    ("command -p rm -rf /", "recursive_delete"),
    ("builtin command rm -rf /", "recursive_delete"),
    ("env rm -rf /", "recursive_delete"),
    ("env -i PATH=/bin rm -rf /", "recursive_delete"),
    ("env -S 'rm -rf /'", "recursive_delete"),
    ("exec rm -rf /", "recursive_delete"),
    ("nohup rm -rf / &", "recursive_delete"),
    ("nice -n 19 rm -rf /home", "recursive_delete"),
    ("timeout 10 rm -rf /", "recursive_delete"),
    ("time rm -rf /", "recursive_delete"),
    ("busybox rm -rf /", "recursive_delete"),
    # xargs and find run the delete
    ("xargs rm -rf /", "recursive_delete"),
    ("echo / | xargs rm -rf", "recursive_delete"),
    ("ls | xargs -n1 rm -rf ~", "recursive_delete"),
    ("xargs rm -rf <<< /", "recursive_delete"),
    ("find / -delete", "recursive_delete"),
    ("find ~ -name '*' -delete", "recursive_delete"),
    ("find . -exec rm -rf / \\;", "recursive_delete"),
    ("find /tmp -execdir rm -rf ~ +", "recursive_delete"),
    ("find . -exec sh -c 'rm -rf /' \\;", "recursive_delete"),
    # in every kind of statement
    ("(rm -rf /)", "recursive_delete"),
    ("{ rm -rf /; }", "recursive_delete"),
    ("true && rm -rf /", "recursive_delete"),
    ("false || rm -rf /", "recursive_delete"),
    ("ls; rm -rf /", "recursive_delete"),
    ("! rm -rf /", "recursive_delete"),
    ("if true; then rm -rf /; fi", "recursive_delete"),
    ("while true; do rm -rf /; done", "recursive_delete"),
    ("for d in a; do rm -rf /; done", "recursive_delete"),
    ("case x in x) rm -rf /;; esac", "recursive_delete"),
    ("f() { rm -rf /; }; f", "recursive_delete"),
    ("function g { rm -rf ~; }", "recursive_delete"),
    # inside substitutions, arithmetic, parameter operands, here-documents, assignments
    ("echo $(rm -rf /)", "recursive_delete"),
    ('echo "$(rm -rf /)"', "recursive_delete"),
    ("echo `rm -rf /`", "recursive_delete"),
    ('echo "`rm -rf /`"', "recursive_delete"),
    ("echo $(echo $(rm -rf /))", "recursive_delete"),
    ('echo "$(echo "$(rm -rf /)")"', "recursive_delete"),
    ("cat <(rm -rf /)", "recursive_delete"),
    ("diff <(ls) >(rm -rf /)", "recursive_delete"),
    ("echo ${x:=$(rm -rf /)}", "recursive_delete"),
    ("echo ${x:+`rm -rf /`}", "recursive_delete"),
    ("echo ${x/a/`rm -rf /`}", "recursive_delete"),
    ("echo ${x#$(rm -rf /)}", "recursive_delete"),
    ('echo "${x:-`rm -rf /`}"', "recursive_delete"),
    ("echo \"${x:-'$(rm -rf /)'}\"", "recursive_delete"),
    ("a=(1 $(rm -rf /) 3)", "recursive_delete"),
    ("x[$(rm -rf /)]=1", "recursive_delete"),
    ("[[ -n $(rm -rf /) ]]", "recursive_delete"),
    ("(( x = $(rm -rf /) ))", "recursive_delete"),
    ("for i in $(rm -rf /); do :; done", "recursive_delete"),
    ("case $(rm -rf /) in *) ;; esac", "recursive_delete"),
    ("cat <<EOF\n$(rm -rf /)\nEOF", "recursive_delete"),
    ("cat <<EOF\n`rm -rf /`\nEOF", "recursive_delete"),
    ('cat <<< "$(rm -rf /)"', "recursive_delete"),
    ('ls > "$(rm -rf /)"', "recursive_delete"),
    ("export X=$(rm -rf /)", "recursive_delete"),
    ("local y=`rm -rf /`", "recursive_delete"),
    # code run as a command line of its own
    ("bash -c 'rm -rf /'", "recursive_delete"),
    ('sh -c "rm -rf ~"', "recursive_delete"),
    ("bash -lc 'rm -rf /'", "recursive_delete"),
    ("zsh -c 'rm -rf /'", "recursive_delete"),
    ('eval "rm -rf /"', "recursive_delete"),
    ("eval 'rm' '-rf' '/'", "recursive_delete"),
    ("bash -c \"bash -c 'rm -rf /'\"", "recursive_delete"),
    ("su -c 'rm -rf /'", "recursive_delete"),
    ("watch -n 1 rm -rf /", "recursive_delete"),
    ("trap 'rm -rf /' EXIT", "recursive_delete"),
    ("alias x='rm -rf /'", "recursive_delete"),
    ("coproc rm -rf /", "recursive_delete"),
    ("flock /tmp/lock -c 'rm -rf /'", "recursive_delete"),
    ("script -q -c 'rm -rf ~' /dev/null", "recursive_delete"),
    # a program the line does not name
    ('cmd=rm; "$cmd" -rf /', "dynamic_command"),
    ("${CMD} -rf /", "dynamic_command"),
    ("$(echo rm) -rf /", "dynamic_command"),
    ("`echo rm` -rf /", "dynamic_command"),
    ("sudo $r -rf /", "dynamic_command"),
    ("env $r -rf /", "dynamic_command"),
    ("command $r -rf /", "dynamic_command"),
    ("/bin/r? -rf /", "dynamic_command"),
    ("/bin/r[m] -rf /", "dynamic_command"),
    ('eval "$CMD"', "dynamic_command"),
    ('eval "$(cat script.txt)"', "dynamic_command"),
    ("bash -c \"$1\" _ 'rm -rf /'", "dynamic_command"),
    ("sh -c \"$(printf 'rm -rf /')\"", "dynamic_command"),
    # downloaded code run unread
    ("curl -fsSL https://example.com/install.sh | sh", "download_into_shell"),
    ("curl https://example.com/i.sh | bash -s -- --yes", "download_into_shell"),
    ("wget -qO- https://example.com/i.sh | sudo bash", "download_into_shell"),
    ("curl -s https://x.example/p.py | python3", "download_into_shell"),
    ("bash <(curl -s https://example.com/i.sh)", "download_into_shell"),
    ("source <(curl -s https://example.com/env.sh)", "download_into_shell"),
    (". <(wget -qO- https://example.com/env.sh)", "download_into_shell"),
    ('eval "$(curl -s https://example.com/x)"', "download_into_shell"),
    ('sh -c "$(wget -qO- https://example.com/i.sh)"', "download_into_shell"),
    ("$(curl -s https://example.com/cmd)", "download_into_shell"),
    ('bash <<< "$(curl -s https://example.com/i.sh)"', "download_into_shell"),
    # interpreters fed code on standard input or from another command
    ("cat script.sh | bash", "code_from_input"),
    ("base64 -d <<< cm0gLXJmIC8K | sh", "code_from_input"),
    ("printf 'rm -rf /\\n' | bash", "recursive_delete"),
    ("cat <<EOF | bash\nrm -rf /\nEOF", "recursive_delete"),
    ("cat <<EOF | sh\necho hi\nEOF", "code_from_input"),
    ('perl <<EOF\nsystem("id")\nEOF', "code_from_input"),
    ("node <<< 'require(\"child_process\")'", "code_from_input"),
    ("ruby - <<EOF\nputs 1\nEOF", "code_from_input"),
    ("bash -s <<< 'echo hi'", "code_from_input"),
    ("bash /dev/stdin <<< 'echo hi'", "code_from_input"),
    ("source /dev/stdin <<< 'rm -rf /'", "recursive_delete"),
    ("bash <(echo id)", "code_from_input"),
    ("python3 <(echo 'print(1)')", "code_from_input"),
    ("ls | xargs bash -c", "code_from_input"),
    ("echo 'rm -rf /' | xargs -0 sh -c", "code_from_input"),
    ("printf '%s\\0' / | xargs -0 rm -rf", "recursive_delete"),
    ("sudo bash <<< 'id'", "code_from_input"),
    # disks and devices
    ("dd if=/dev/zero of=/dev/sda", "device_write"),
    ("dd if=/dev/urandom of=/dev/nvme0n1 bs=1M", "device_write"),
    ("cat image.iso > /dev/sdb", "device_write"),
    ("echo x > /dev/mmcblk0", "device_write"),
    ("cp disk.img /dev/sdc", "device_write"),
    ("tee /dev/vda < image", "device_write"),
    ("shred /dev/sda", "device_write"),
    ("mkfs.ext4 /dev/sda1", "disk_format"),
    ("mkfs -t ext4 /dev/sdb", "disk_format"),
    ("mkswap /dev/sda2", "disk_format"),
    ("wipefs -a /dev/sda", "disk_format"),
    ("fdisk /dev/sda", "disk_format"),
    ("parted /dev/sda mklabel gpt", "disk_format"),
    # fork bombs
    (":(){ :|:& };:", "fork_bomb"),
    ("bomb() { bomb | bomb & }; bomb", "fork_bomb"),
    ("f(){ f|f& }; f", "fork_bomb"),
    ("function boom { boom | boom & }; boom", "fork_bomb"),
    # permissions
    ("chmod -R 777 /", "recursive_permissions"),
    ("chmod -R 000 /etc", "recursive_permissions"),
    ("chown -R nobody:nogroup /", "recursive_permissions"),
    ("chmod -R a+w ~", "recursive_permissions"),
    ("chgrp -R users /usr", "recursive_permissions"),
    # writes over system files
    ("> /etc/passwd", "protected_write"),
    ("echo 'x' > /etc/passwd", "protected_write"),
    ("echo 'nameserver 1.1.1.1' >> /etc/resolv.conf", "protected_write"),
    ("cat x >| /etc/hosts", "protected_write"),
    ("echo x &> /etc/shadow", "protected_write"),
    ("echo x >& /etc/shadow", "protected_write"),
    ("{ echo root::0:0::/:/bin/sh; } >> /etc/passwd", "protected_write"),
    ("while true; do echo; done > /etc/motd", "protected_write"),
    ("echo x | tee -a /etc/sudoers", "protected_write"),
    ("sed -i 's/a/b/' /etc/ssh/sshd_config", "protected_write"),
    ("truncate -s 0 /etc/passwd", "protected_write"),
    ("cp evil /usr/bin/ls", "protected_write"),
    ("mv /etc/passwd /tmp/", "protected_write"),
    ("ln -sf /dev/null /etc/hosts", "protected_write"),
    ("touch /boot/x", "protected_write"),
    # deletes of system files
    ("rm /etc/passwd", "system_delete"),
    ("rm -f /bin/bash", "system_delete"),
    ("unlink /usr/bin/python3", "system_delete"),
    # privilege, power, processes, environment
    ("sudo apt-get install htop", "privilege"),
    ("sudo -u root id", "privilege"),
    ("su - root", "privilege"),
    ("doas ls", "privilege"),
    ("pkexec id", "privilege"),
    ("runuser -u bob -- id", "privilege"),
    ("shutdown -h now", "power"),
    ("reboot", "power"),
    ("poweroff", "power"),
    ("systemctl reboot", "power"),
    ("init 0", "power"),
    ("telinit 6", "power"),
    ("kill -9 -1", "kill_all"),
    ("killall5 -9", "kill_all"),
    ("LD_PRELOAD=/tmp/evil.so ls", "environment"),
    ("export LD_LIBRARY_PATH=/tmp", "environment"),
    ("BASH_ENV=/tmp/x bash -c true", "environment"),
    ("env PYTHONPATH=/tmp python3 x.py", "environment"),
    ("declare -x PROMPT_COMMAND='rm -rf /'", "environment"),
    ("IFS=/ ls", "environment"),
    ("GIT_SSH_COMMAND='sh -c id' git fetch", "environment"),
]

SAFE: list[str] = [
    "git status",
    "git diff --stat HEAD~1",
    "git log --oneline -20 | head -5",
    'git commit -m "fix: rm -rf / was documented wrong"',
    "ls -la",
    'ls -la | grep -v "^d" | sort -k5 -n',
    "grep -r foo .",
    "grep -rn 'curl .* | bash' docs/",
    "echo 'rm -rf /'",
    'echo "rm -rf /" > notes.txt',
    "echo '$(rm -rf /)' '`rm -rf /`'",
    'echo "\\$(rm -rf /) \\`rm -rf /\\`"',
    "printf '%s\\n' 'rm -rf /'",
    "# rm -rf /",
    "ls # rm -rf /",
    "cat <<'EOF'\n$(rm -rf /)\nEOF",
    'cat <<"EOF"\n`rm -rf /`\nEOF',
    "cat <<EOF > README.txt\nrm -rf / is dangerous\nEOF",
    "python3 -c 'print(\"rm -rf /\")'",
    "python3 -m pytest -q tests/",
    "python3 script.py < input.txt",
    "python3 tool.py <<< 'data'",
    "echo data | python3 tool.py",
    "cat data.csv | python3 -m json.tool",
    "bash ./build.sh",
    "sh scripts/install.sh --prefix ./local",
    "bash -n script.sh",
    "bash -c 'echo hello'",
    'sh -c "ls -la && pwd"',
    "node server.js",
    "node -e 'console.log(1)'",
    "perl -ne 'print if /x/' file.txt",
    "echo hi | perl -pe 's/h/H/'",
    "make -j4 build 2>&1 | tee build.log",
    "npm test -- --watch=false",
    "npm run build",
    "pip install -r requirements.txt",
    "docker compose up -d",
    'x=$(git rev-parse HEAD); echo "$x"',
    'for f in *.txt; do wc -l "$f"; done',
    'while read -r line; do echo "$line"; done < list.txt',
    "find . -name '*.log' -exec rm -f {} \\;",
    "find . -type f -exec grep -l TODO {} +",
    "find src -name '*.py' | xargs grep -n 'import os'",
    "rm -f build.log",
    "mkdir -p out && cp -r src out/",
    "tar czf dist.tgz ./dist",
    "curl -fsSLo install.sh https://example.com/i.sh && less install.sh",
    "curl -s https://api.example.com/health | jq .status",
    "wget -q https://example.com/file.tar.gz",
    "cat /etc/hosts | wc -l",
    "cp /etc/hosts ./hosts.copy",
    "diff <(sort a.txt) <(sort b.txt)",
    "echo $(( 6 * 7 ))",
    "echo ${HOME:-/tmp}/cache",
    'echo "${USER:-nobody}"',
    'case "$1" in start) echo s;; *) echo u;; esac',
    "if [ -f Makefile ]; then make; else echo none; fi",
    "test -d build || mkdir build",
    "[[ $x == y* ]] && echo yes",
    'f() { echo "hi $1"; }; f there',
    "export NODE_ENV=production",
    "FOO=bar npm start",
    "env FOO=1 make test",
    "time make test",
    "timeout 60 pytest -x",
    "nohup python3 server.py > server.log 2>&1 &",
    "sed -n '1,10p' file.txt",
    "sed -i 's/foo/bar/' ./config.ini",
    "awk '{print $1}' access.log | sort | uniq -c",
    "du -sh * | sort -h",
    "df -h",
    "ps aux | grep python",
    "kill 12345",
    "chmod 755 script.sh",
    "chmod +x run.sh",
    "ln -s ../shared ./shared",
    "git stash && git pull --rebase && git stash pop",
    "echo \"a;b\" ';' '|' && printf '%s\\n' x",
    "dd if=/dev/zero of=./disk.img bs=1M count=10",
    "sort < input.txt > sorted.txt",
    'wc -l <<< "$(ls)"',
]


def _nested(wrapper: str, code: str, times: int) -> str:
    for _ in range(times):
        code = f"{wrapper} {shlex.quote(code)}"
    return code


# valid bash that tree-sitter-bash reads with ERROR or MISSING nodes, or nested past the limits
UNREADABLE: list[str] = [
    "{rm,-rf,/}",  # brace expansion as the command: bash runs rm -rf /
    "echo ${y:-a`rm -rf /`b}",
    "cat <<EOF; rm -rf /\nx\nEOF",
    "coproc X { rm -rf /; }",
    _nested("bash -c", "id", times=6),  # past MAX_DEPTH command lines in command lines
    "echo " + "$(" * 100 + "id" + ")" * 100,
]


def _dangers(findings: Any) -> set[str]:
    return {f.rule for f in findings if f.severity == "danger"}


@pytest.mark.parametrize(("command", "rule"), DANGEROUS, ids=[c for c, _ in DANGEROUS])
async def test_every_dangerous_line_is_flagged(command: str, rule: str) -> None:
    verdict = await validate(command, SHELL)
    assert verdict.syntax_error is None, verdict
    assert verdict.safe is False and verdict.valid is False, verdict
    assert rule in _dangers(verdict.findings), verdict
    assert all(f.message and f.suggestion for f in verdict.findings)


@pytest.mark.parametrize("command", SAFE)
async def test_everyday_lines_are_not_flagged(command: str) -> None:
    verdict = await validate(command, SHELL)
    assert verdict.valid is True and verdict.safe is True, verdict
    assert verdict.findings == (), verdict


@pytest.mark.parametrize("command", UNREADABLE)
async def test_lines_the_analysis_cannot_read_are_refused_with_the_reason(command: str) -> None:
    verdict = await validate(command, SHELL)
    assert verdict.syntax_error is None, verdict  # bash itself accepts them
    assert verdict.safe is False and verdict.valid is False
    [finding] = verdict.findings
    assert finding.rule == "unreadable" and "cannot read this command (it " in finding.message


def test_the_tables_are_big_and_varied() -> None:
    assert len(DANGEROUS) >= 100 and len(SAFE) >= 50
    assert len({rule for _, rule in DANGEROUS}) >= 14  # every danger rule but 'unreadable'
    assert len({command for command, _ in DANGEROUS}) == len(DANGEROUS)


SAMPLE = DANGEROUS[::10]


async def test_a_sample_through_the_validate_endpoint(
    client: TestClient, make_user: Any, headers: Any
) -> None:
    auth = headers(make_user("viewer"))
    for command, rule in SAMPLE:
        response = await client.post(
            "/api/commands/validate", json={"command": command}, headers=auth
        )
        assert response.status == 200, command
        data = (await response.json())["data"]
        assert data["valid"] is False and data["safe"] is False, (command, data)
        assert data["syntax_error"] is None and data["warnings"] and data["suggestions"]
        assert rule in {f["rule"] for f in data["findings"] if f["severity"] == "danger"}
    for command in [*SAFE[::8], UNREADABLE[0]]:
        response = await client.post(
            "/api/commands/validate", json={"command": command}, headers=auth
        )
        data = (await response.json())["data"]
        assert data["safe"] is (command != UNREADABLE[0]), (command, data)


async def test_execute_refuses_the_issues_lines(
    client: TestClient, make_user: Any, headers: Any
) -> None:
    auth = headers(make_user())
    await new_project(client, auth)
    for command, _ in DANGEROUS[:11]:
        error = await execute(client, auth, 403, command=command)
        assert error["code"] == "COMMAND_UNSAFE" and error["details"]["warnings"], command
    assert Command.select().count() == 0


def test_analysis_of_a_long_line_stays_whole() -> None:
    line = " && ".join(['echo $(ls -la /tmp | grep x) "$HOME" > out.txt'] * 300)
    assert analyze(line) == ()
    assert analyze(line + " && rm -rf /")[0].rule == "recursive_delete"
