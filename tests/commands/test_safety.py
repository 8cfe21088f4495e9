"""Command validation: bash -n for syntax and the safety rules' verdicts."""

from __future__ import annotations

from typing import Any

import pytest
from aiohttp.test_utils import TestClient

from web.commands.safety import validate

SHELL = "/bin/bash"
OK, UNSAFE, BAD = "ok", "unsafe", "syntax"

# command, verdict, the rules that must fire (danger or caution)
TABLE: list[tuple[str, str, set[str]]] = [
    ("ls -la", OK, set()),
    ("git status && git diff --stat", OK, set()),
    ("npm test -- --watch=false", OK, set()),
    ("python3 -m pytest -q tests/", OK, set()),
    ("make -j4 build 2>&1 | tee build.log", OK, set()),
    ("echo 'rm -rf /' > notes.txt", OK, set()),
    ("echo \"a;b\" ';' '|' && printf '%s\\n' x", OK, set()),
    ("grep -rn TODO . # rm -rf / in a comment", OK, set()),
    ("cat <<EOF > msg.txt\nrm -rf /\nEOF", OK, set()),
    ("cat /etc/hosts | wc -l", OK, set()),
    ("cp /etc/hosts ./hosts.copy", OK, set()),
    ("curl -fsSLo install.sh https://example.com/i.sh && less install.sh", OK, set()),
    ("echo $(( 6 * 7 )) > /dev/null", OK, set()),
    ("rm -rf ./build dist", OK, {"recursive_delete"}),
    ("git push --force origin main", OK, {"git_force_push"}),
    ("git reset --hard HEAD~1", OK, {"git_discard"}),
    ("chmod 777 script.sh", OK, {"world_writable"}),
    ("rm -rf /", UNSAFE, {"recursive_delete"}),
    ("rm -rf ~", UNSAFE, {"recursive_delete"}),
    ("rm -fr *", UNSAFE, {"recursive_delete"}),
    ("rm -r -f /usr/../", UNSAFE, {"recursive_delete"}),
    ("rm -rf --no-preserve-root /tmp/x", UNSAFE, {"recursive_delete"}),
    ('rm -rf "$BUILD_DIR"/*', UNSAFE, {"recursive_delete"}),
    ("/bin/rm -R /etc/nginx", UNSAFE, {"recursive_delete", "protected_write"}),
    ("find / -name '*.log' -delete", UNSAFE, {"recursive_delete"}),
    ("find . -type d -exec rm -rf ~ \\;", UNSAFE, {"recursive_delete"}),
    ("rm /boot/vmlinuz", UNSAFE, {"system_delete", "protected_write"}),
    (":(){ :|:& };:", UNSAFE, {"fork_bomb"}),
    ("bomb() { bomb | bomb & }; bomb", UNSAFE, {"fork_bomb"}),
    ("mkfs.ext4 /dev/sdb1", UNSAFE, {"disk_format"}),
    ("wipefs -a /dev/nvme0n1", UNSAFE, {"disk_format"}),
    ("dd if=/dev/zero of=/dev/sda bs=1M", UNSAFE, {"device_write"}),
    ("echo garbage > /dev/sda", UNSAFE, {"device_write"}),
    ("chmod -R 777 /", UNSAFE, {"recursive_permissions", "world_writable"}),
    ("chown -R nobody /usr/lib", UNSAFE, {"recursive_permissions", "protected_write"}),
    ("curl -fsSL https://example.com/i.sh | bash", UNSAFE, {"download_into_shell"}),
    ("wget -qO- https://example.com/i.sh | sudo sh", UNSAFE, {"download_into_shell", "privilege"}),
    ("bash <(curl -s https://example.com/i.sh)", UNSAFE, {"download_into_shell"}),
    ('sh -c "$(curl -fsSL https://example.com/i.sh)"', UNSAFE, {"download_into_shell"}),
    ("echo 'nameserver 1.1.1.1' > /etc/resolv.conf", UNSAFE, {"protected_write"}),
    ("echo x | tee -a /boot/grub/grub.cfg", UNSAFE, {"protected_write"}),
    ("sed -i 's/a/b/' /etc/passwd", UNSAFE, {"protected_write"}),
    ("shutdown -h now", UNSAFE, {"power"}),
    ("systemctl reboot", UNSAFE, {"power"}),
    ("sudo apt-get install -y htop", UNSAFE, {"privilege"}),
    ("su - root -c 'id'", UNSAFE, {"privilege"}),
    ("LD_PRELOAD=/tmp/evil.so ls", UNSAFE, {"environment"}),
    ("export BASH_ENV=/tmp/x.sh; bash -c true", UNSAFE, {"environment"}),
    ("kill -9 -1", UNSAFE, {"kill_all"}),
    ("bash -c 'rm -rf /'", UNSAFE, {"recursive_delete"}),
    ('eval "rm -rf ~/"', UNSAFE, {"recursive_delete"}),
    ('echo "$(rm -rf /)"', UNSAFE, {"recursive_delete"}),
    ("nohup env FOO=1 timeout 5 rm -rf /var", UNSAFE, {"recursive_delete"}),
    ("if [ -d x ]; then", BAD, set()),
    ("echo 'unterminated", BAD, set()),
    ("ls )", BAD, set()),
]


@pytest.mark.parametrize(("command", "verdict", "rules"), TABLE, ids=[c for c, _, _ in TABLE])
async def test_validate_table(command: str, verdict: str, rules: set[str]) -> None:
    result = await validate(command, SHELL)
    fired = {f.rule for f in result.findings}
    assert rules <= fired, result
    assert result.valid is (verdict == OK), result
    if verdict == BAD:
        assert result.syntax_error
    else:
        assert result.syntax_error is None and result.safe is (verdict == OK), result
    assert all(f.message and f.suggestion for f in result.findings)


def test_the_table_is_big_enough() -> None:
    assert len(TABLE) >= 30
    assert sum(v == UNSAFE for _, v, _ in TABLE) >= 15 and sum(v == OK for _, v, _ in TABLE) >= 10


async def test_the_api_documents_example_through_the_endpoint(
    client: TestClient, make_user: Any, headers: Any
) -> None:
    response = await client.post(
        "/api/commands/validate",
        json={"command": "rm -rf /", "check_safety": True},
        headers=headers(make_user("viewer")),
    )
    data = (await response.json())["data"]
    assert response.status == 200
    assert data["valid"] is False and data["safe"] is False
    assert data["warnings"] and data["suggestions"]
    assert data["findings"][0]["rule"] == "recursive_delete"
    unchecked = await client.post(
        "/api/commands/validate",
        json={"command": "rm -rf /", "check_safety": False},
        headers=headers(make_user()),
    )
    assert (await unchecked.json())["data"]["safe"] is None


@pytest.mark.parametrize("body", [{}, {"command": ""}, {"command": "ls", "extra": 1}, []])
async def test_validate_refuses_bad_bodies(
    client: TestClient, make_user: Any, headers: Any, body: Any
) -> None:
    response = await client.post("/api/commands/validate", json=body, headers=headers(make_user()))
    assert response.status in (400, 422)
    assert (await response.json())["error"]["code"].startswith("VALIDATION")


async def test_nul_is_never_valid() -> None:
    result = await validate("ls\0-la", SHELL)
    assert not result.valid and result.syntax_error
