"""Per-run cgroups: a process, memory and CPU-time budget for everything one run starts.

Each run gets a child of the runtime's own cgroup in every hierarchy that offers a limit
(cgroup v1 `pids`, `memory`, `cpuacct`, or the v2 unified tree), joined by the spawned process
before it execs, and removed after the run. A limit the host does not offer here is left to an
rlimit (actors/sandbox/limits.py).
"""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import time
from dataclasses import dataclass
from enum import IntEnum, StrEnum

log = logging.getLogger(__name__)

PREFIX = "claude-web-"
REMOVE_SECONDS = 2.0


class LimitKind(StrEnum):
    PROCESSES = "processes"
    MEMORY = "memory"
    CPU = "cpu"


class CgroupVersion(IntEnum):
    V1 = 1
    V2 = 2


# the file that sets a limit (None: accounted only, enforced by reading usage)
_LIMIT_FILE = {
    (LimitKind.PROCESSES, CgroupVersion.V1): "pids.max",
    (LimitKind.PROCESSES, CgroupVersion.V2): "pids.max",
    (LimitKind.MEMORY, CgroupVersion.V1): "memory.limit_in_bytes",
    (LimitKind.MEMORY, CgroupVersion.V2): "memory.max",
    (LimitKind.CPU, CgroupVersion.V1): None,
    (LimitKind.CPU, CgroupVersion.V2): None,
}
_USAGE_FILE = {CgroupVersion.V1: "cpuacct.usage", CgroupVersion.V2: "cpu.stat"}
_V1_CONTROLLER = {"pids": LimitKind.PROCESSES, "memory": LimitKind.MEMORY, "cpuacct": LimitKind.CPU}
_V2_CONTROLLER = {"pids": LimitKind.PROCESSES, "memory": LimitKind.MEMORY, "cpu": LimitKind.CPU}


@dataclass(frozen=True)
class Controller:
    """Where runs get their cgroup for one kind of limit: the runtime's own cgroup there."""

    kind: LimitKind
    parent: str
    version: CgroupVersion

    def probe_file(self) -> str:
        return _LIMIT_FILE[self.kind, self.version] or _USAGE_FILE[self.version]


def usable_controllers() -> tuple[Controller, ...]:
    """One controller per kind of limit that a child cgroup can really be made for (v1 first,
    then v2), found by making one."""
    found: dict[LimitKind, Controller] = {}
    for controller in _candidates():
        if controller.kind not in found and _works(controller):
            found[controller.kind] = controller
    return tuple(found.values())


def _candidates() -> list[Controller]:
    """The hierarchies mounted here and this process's cgroup in each, v1 before v2."""
    own = _own_cgroups()
    candidates: list[Controller] = []
    unified: list[Controller] = []
    try:
        with open("/proc/self/mountinfo") as handle:
            lines = handle.read().splitlines()
    except OSError:
        return []
    for line in lines:
        before, _, after = line.partition(" - ")
        fields, tail = before.split(), after.split()
        if len(fields) < 5 or len(tail) < 3:
            continue
        root, mount_point, fstype, options = fields[3], fields[4], tail[0], tail[2].split(",")
        if fstype == "cgroup":
            for name, kind in _V1_CONTROLLER.items():
                if name in options and name in own:
                    path = _below(mount_point, root, own[name])
                    candidates.append(Controller(kind, path, CgroupVersion.V1))
        elif fstype == "cgroup2" and "" in own:
            path = _below(mount_point, root, own[""])
            unified += [Controller(k, path, CgroupVersion.V2) for k in _V2_CONTROLLER.values()]
    return candidates + unified


def _own_cgroups() -> dict[str, str]:
    """Controller name (v2: "") → this process's cgroup path, from /proc/self/cgroup."""
    own: dict[str, str] = {}
    try:
        with open("/proc/self/cgroup") as handle:
            for line in handle.read().splitlines():
                _, names, path = line.split(":", 2)
                for name in names.split(",") if names else [""]:
                    own[name] = path
    except (OSError, ValueError):
        return {}
    return own


def _below(mount_point: str, mount_root: str, path: str) -> str:
    relative = os.path.relpath(path, mount_root) if mount_root != "/" else path.lstrip("/")
    return os.path.normpath(os.path.join(mount_point, relative))


def _works(controller: Controller) -> bool:
    probe = os.path.join(controller.parent, f"{PREFIX}probe-{os.getpid()}")
    try:
        os.mkdir(probe)
    except OSError:
        return False
    try:
        sets_limit = _LIMIT_FILE[controller.kind, controller.version] is not None
        target = os.path.join(probe, controller.probe_file())
        return os.access(target, os.W_OK if sets_limit else os.R_OK)
    finally:
        with contextlib.suppress(OSError):
            os.rmdir(probe)


class RunCgroup:
    """One run's cgroups (a directory per hierarchy); kinds says which limits they enforce."""

    def __init__(self, directories: dict[str, CgroupVersion], kinds: dict[LimitKind, str]) -> None:
        self.directories = directories
        self.kinds = kinds  # limit → the directory holding it

    @classmethod
    def create(
        cls, controllers: tuple[Controller, ...], name: str, limits: dict[LimitKind, int]
    ) -> RunCgroup:
        """Make the run's cgroups and write its limits; a hierarchy that refuses is skipped
        (its limit falls back to an rlimit)."""
        directories: dict[str, CgroupVersion] = {}
        kinds: dict[LimitKind, str] = {}
        for controller in controllers:
            directory = os.path.join(controller.parent, PREFIX + name)
            try:
                if directory not in directories:
                    os.mkdir(directory)
                    directories[directory] = controller.version
                limit_file = _LIMIT_FILE[controller.kind, controller.version]
                if limit_file is not None:
                    _write(os.path.join(directory, limit_file), str(limits[controller.kind]))
            except OSError as exc:
                log.warning("no %s cgroup for this run: %s", controller.kind, exc)
                continue
            kinds[controller.kind] = directory
        return cls(directories, kinds)

    @classmethod
    def existing(cls, controllers: tuple[Controller, ...], name: str) -> RunCgroup:
        """The run's cgroups as its runner made them (to remove them when the runner died)."""
        directories = {os.path.join(c.parent, PREFIX + name): c.version for c in controllers}
        return cls({d: v for d, v in directories.items() if os.path.isdir(d)}, {})

    def join(self) -> None:
        """In the spawned child before exec: move this process into every run cgroup."""
        for directory in self.directories:
            _write(os.path.join(directory, "cgroup.procs"), "0")

    def cpu_seconds(self) -> float | None:
        """CPU time used so far by every process of the run, None if not accounted here."""
        directory = self.kinds.get(LimitKind.CPU)
        if directory is None:
            return None
        version = self.directories[directory]
        try:
            with open(os.path.join(directory, _USAGE_FILE[version])) as handle:
                text = handle.read()
        except OSError:
            return None
        if version == CgroupVersion.V1:
            return int(text) / 1e9
        usage = next(line for line in text.splitlines() if line.startswith("usage_usec"))
        return int(usage.split()[1]) / 1e6

    def remove(self) -> None:
        """Kill whatever of the run is still in its cgroups, then remove them (killed
        processes may take a moment to be reaped)."""
        deadline = time.monotonic() + REMOVE_SECONDS
        for directory in self.directories:
            _kill_members(directory)
            while True:
                try:
                    os.rmdir(directory)
                    break
                except FileNotFoundError:
                    break
                except OSError as exc:
                    if time.monotonic() > deadline:
                        log.warning("cgroup %s not removed: %s", directory, exc)
                        break
                    time.sleep(0.01)
        self.directories, self.kinds = {}, {}


def remove_stale(controllers: tuple[Controller, ...], prefix: str, min_age: float = 0) -> None:
    """Remove the empty run cgroups of this prefix that a crash left behind (of a runner, or of
    the whole runtime), made at least min_age seconds ago (younger ones may be a run's own,
    between their making and its process joining them)."""
    born_before = time.time() - min_age
    for parent in {c.parent for c in controllers}:
        with contextlib.suppress(OSError):
            for entry in os.listdir(parent):
                path = os.path.join(parent, entry)
                if entry.startswith(PREFIX + prefix):
                    with contextlib.suppress(OSError):
                        if not min_age or os.stat(path).st_mtime < born_before:
                            os.rmdir(path)  # refused while processes are in it


def _kill_members(directory: str) -> None:
    try:
        with open(os.path.join(directory, "cgroup.procs")) as handle:
            pids = [int(line) for line in handle.read().split()]
    except (OSError, ValueError):
        return
    for pid in pids:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)


def _write(path: str, value: str) -> None:
    fd = os.open(path, os.O_WRONLY)
    try:
        os.write(fd, value.encode())
    finally:
        os.close(fd)
