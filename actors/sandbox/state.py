"""The runtime's sandbox as found at start, and the policy it gives each run."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from actors.sandbox.cgroups import Controller, LimitKind
from actors.sandbox.policy import ResourceLimits, RunKind, SandboxPolicy
from config import Settings

SERVER_ROOT = Path(__file__).resolve().parents[2]  # the server's own code
PROJECT_HOMES = "cli-homes"  # under DATA_DIR: one HOME per project for its CLI runs


def cgroup_prefix(settings: Settings) -> str:
    """What the cgroup names of this runtime's runs start with (one runtime per admin port)."""
    return f"{settings.actor_admin_port}-"


@dataclass(frozen=True)
class Sandbox:
    """bubblewrap's path (None: runs are not sandboxed) and what the probe found."""

    bwrap: str | None
    detail: str  # bubblewrap's version, or why there is no sandbox
    controllers: tuple[Controller, ...] = ()
    command_network: bool = True
    allow_unsandboxed: bool = False

    @property
    def enabled(self) -> bool:
        return self.bwrap is not None

    @property
    def cgroup_limits(self) -> tuple[LimitKind, ...]:
        """The limits a per-run cgroup enforces here; the others are rlimits."""
        return tuple(c.kind for c in self.controllers)

    def allows(self, by_admin: bool) -> bool:
        """Whether an ad-hoc command may run: always in a sandbox; without one only an
        admin's, unless the operator allowed unsandboxed runs."""
        return self.enabled or by_admin or self.allow_unsandboxed

    def policy(
        self,
        settings: Settings,
        kind: RunKind,
        workdir: str,
        home: str | None,
        run_id: str,
        project_id: str | None = None,
        read_files: tuple[str, ...] = (),
    ) -> SandboxPolicy | None:
        """The confinement of one run, or None without a sandbox. A CLI run of a project keeps
        its HOME (the CLI's own state) in that project's home; anything else gets an empty one.
        read_files: the run's own files (under DATA_DIR) it sees read-only at the same path."""
        if self.bwrap is None:
            return None
        config = settings.sandbox
        cli = kind == RunKind.CLI
        hidden = [settings.data_dir, settings.workspace_root, SERVER_ROOT, Path(sys.prefix)]
        if settings.sqlite_path is not None:
            hidden.append(settings.sqlite_path.parent)
        return SandboxPolicy(
            bwrap=self.bwrap,
            workdir=workdir,
            system_paths=config.system_paths,
            read_paths=(config.read_paths if cli else ()) + read_files,
            write_paths=config.write_paths if cli else (),
            hidden=tuple(dict.fromkeys(str(path) for path in hidden)),
            home=home,
            home_source=str(project_home(settings, project_id)) if cli and project_id else None,
            network=cli or config.command_network,
            limits=ResourceLimits(
                processes=config.max_processes,
                memory_bytes=config.max_memory_mb * 1024 * 1024,
                cpu_seconds=config.max_cpu_seconds,
            ),
            controllers=self.controllers,
            cgroup_prefix=cgroup_prefix(settings),
            run_id=run_id,
        )


def project_home(settings: Settings, project_id: str) -> Path:
    """The CLI's HOME for a project's runs, under DATA_DIR (private to the server's user, made on
    first use): what the CLI writes there (~/.claude) is seen by that project's runs only."""
    home = settings.data_dir / PROJECT_HOMES / project_id
    home.mkdir(mode=0o700, parents=True, exist_ok=True)
    return home
