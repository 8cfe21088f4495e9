"""Worktree isolation: each execution of a project whose settings.cli.isolation is `worktree`
runs in its own `git worktree` on a new branch, so parallel runs never write over each other.

The worktree lives under DATA_DIR/worktrees/<project>/<execution>; at the end its changes are
committed on the branch (which stays for the user to merge) and the diff recorded. Worktrees
older than WORKTREE_RETENTION_HOURS are removed when the next one of their project is made.

git runs on the project's repository, whose configuration, hooks and attributes the project's
users control: with a sandbox every git step runs under bubblewrap too (the project directory
and its worktrees writable, nothing else of the host), and always with hooks, fsmonitor,
external diff and textconv turned off.
"""

from __future__ import annotations

import contextlib
import dataclasses
import shutil
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from actors.sandbox import SandboxPolicy, bwrap_argv
from storage.cli import is_repository
from storage.file_locks import file_lock

WORKTREES = "worktrees"  # under DATA_DIR
GIT_TIMEOUT = 120.0
SAFE_CONFIG = (
    "-c",
    "core.hooksPath=/dev/null",
    "-c",
    "core.fsmonitor=false",
    "-c",
    "diff.external=",
    "-c",
    "user.name=claude-cli-web",
    "-c",
    "user.email=claude-cli-web@localhost",
    "-c",
    "commit.gpgSign=false",
)
GIT_ENV = {
    "PATH": "/usr/local/bin:/usr/bin:/bin",
    "HOME": "/tmp",
    "LANG": "C",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_CONFIG_GLOBAL": "/dev/null",
    "GIT_TERMINAL_PROMPT": "0",
}


class WorktreeError(Exception):
    """Raised when a git step of worktree isolation fails (its message says which and why)."""


@dataclass(frozen=True)
class Worktree:
    path: str
    branch: str
    base_commit: str


@dataclass(frozen=True)
class WorktreeResult:
    """What a run changed on its branch: the commit made (None: nothing changed) and the diff
    from the base commit, capped."""

    head_commit: str | None
    stat: str
    patch: str
    truncated: bool


class Git:
    """git on one project's repository, confined like that project's runs when sandboxed."""

    def __init__(self, project_dir: str, root: Path, sandbox: SandboxPolicy | None) -> None:
        self.project_dir = project_dir
        self.root = root  # this project's worktrees
        self.sandbox = sandbox

    def __call__(self, cwd: str, *args: str) -> str:
        git = shutil.which("git", path=GIT_ENV["PATH"]) or "git"
        argv: tuple[str, ...] = (git, "-C", cwd, *SAFE_CONFIG, *args)  # bwrap sets its own cwd
        if self.sandbox is not None:
            policy = dataclasses.replace(
                self.sandbox,
                workdir=self.project_dir,
                write_paths=(*self.sandbox.write_paths, str(self.root)),
                home=None,
                home_source=None,
            )
            argv = bwrap_argv(policy, git, argv[1:])
        try:
            done = subprocess.run(
                argv,
                cwd=cwd,
                env=GIT_ENV,
                capture_output=True,
                timeout=GIT_TIMEOUT,
                check=False,
                stdin=subprocess.DEVNULL,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise WorktreeError(f"git {args[0]}: {exc}") from None
        if done.returncode != 0:
            detail = done.stderr.decode(errors="replace").strip().splitlines()
            raise WorktreeError(
                f"git {args[0]} failed: {detail[-1] if detail else done.returncode}"
            )
        return done.stdout.decode(errors="replace")


class IsolatedRun:
    """One execution's worktree: made before the CLI starts, finished (committed, diffed)
    after it ends."""

    def __init__(self, git: Git, worktree: Worktree) -> None:
        self.git, self.worktree = git, worktree

    @classmethod
    def start(
        cls,
        git: Git,
        execution_id: str,
        branch: str,
        retention_hours: float,
    ) -> IsolatedRun:
        """Sweep the project's expired worktrees, then make this run's (WorktreeError); one
        run of the project at a time (`git worktree prune` beside another run's `worktree add`
        can remove the new worktree's entry before its directory is linked)."""
        with project_lock(git):
            sweep(git, retention_hours)
            return cls(git, create(git, execution_id, branch))

    def columns(self) -> dict[str, object]:
        """The execution columns of where it runs."""
        tree = self.worktree
        return {
            "worktree_branch": tree.branch,
            "worktree_base_commit": tree.base_commit,
            "worktree_path": tree.path,
        }

    def finish(self, message: str, max_bytes: int) -> dict[str, object]:
        """Commit and diff; the execution columns of the outcome (a git failure recorded)."""
        try:
            result = finish(self.git, self.worktree, message, max_bytes)
        except WorktreeError as exc:
            return {"worktree_error": str(exc)}
        return {
            "worktree_head_commit": result.head_commit,
            "diff_stat": result.stat,
            "diff_patch": result.patch,
            "diff_truncated": result.truncated,
        }


def branch_name(task_id: str, attempt: int) -> str:
    return f"claude/{task_id[:8]}-{attempt}"


def project_root(data_dir: Path, project_id: str) -> Path:
    root = data_dir / WORKTREES / project_id
    root.mkdir(mode=0o700, parents=True, exist_ok=True)
    return root


@contextlib.contextmanager
def project_lock(git: Git) -> Iterator[None]:
    """The project's worktree steps, one process at a time (an flock beside its worktrees'
    folder, never inside it: the sweep removes what it finds there)."""
    with file_lock(git.root.with_suffix(".lock")):
        yield


def create(git: Git, execution_id: str, branch: str) -> Worktree:
    """A new worktree on a new branch from the repository's current HEAD."""
    if not is_repository(git.project_dir):
        raise WorktreeError("the project's directory is not a git repository")
    base = git(git.project_dir, "rev-parse", "--verify", "HEAD^{commit}").strip()
    path = str(git.root / execution_id)
    git(git.project_dir, "worktree", "add", "--quiet", "-b", branch, path, base)
    return Worktree(path, branch, base)


def finish(git: Git, worktree: Worktree, message: str, max_bytes: int) -> WorktreeResult:
    """Commit everything the run changed on its branch; the diff from the base, capped."""
    git(worktree.path, "add", "--all")
    changed = git(worktree.path, "status", "--porcelain").strip()
    head = None
    if changed:
        git(worktree.path, "commit", "--quiet", "--no-verify", "-m", message)
        head = git(worktree.path, "rev-parse", "HEAD").strip()
    span = f"{worktree.base_commit}..{head or worktree.base_commit}"
    options = ("--no-ext-diff", "--no-textconv", "--no-color")
    stat = git(worktree.path, "diff", *options, "--stat", span)
    patch = git(worktree.path, "diff", *options, span)
    data = patch.encode()
    truncated = len(data) > max_bytes
    if truncated:
        patch = data[:max_bytes].decode(errors="ignore")
    return WorktreeResult(head, stat, patch, truncated)


def sweep(git: Git, retention_hours: float, keep: str | None = None) -> None:
    """Remove this project's worktrees older than the retention time (their branches stay)."""
    if not git.root.is_dir():
        return
    deadline = time.time() - retention_hours * 3600
    for entry in git.root.iterdir():
        if entry.name == keep or entry.stat().st_mtime > deadline:
            continue
        try:
            git(git.project_dir, "worktree", "remove", "--force", str(entry))
        except WorktreeError:
            shutil.rmtree(entry, ignore_errors=True)
    with contextlib.suppress(WorktreeError):
        git(git.project_dir, "worktree", "prune")
