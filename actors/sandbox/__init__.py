"""The sandbox of every CLI run and ad-hoc command: bubblewrap and per-run resource limits.

probe (at start) finds whether bubblewrap works and which cgroup limits the host offers; the
Sandbox it returns gives each run a SandboxPolicy; bwrap_argv turns a policy into bubblewrap's
command line; RunCgroup and the rlimit fallback bound what a run may use.
"""

from actors.sandbox.cgroups import Controller, LimitKind, RunCgroup
from actors.sandbox.limits import apply_rlimits, fallback_rlimits
from actors.sandbox.policy import ResourceLimits, RunKind, SandboxPolicy, bwrap_argv
from actors.sandbox.probe import SandboxUnavailable, probe
from actors.sandbox.state import Sandbox

__all__ = [
    "Controller",
    "LimitKind",
    "ResourceLimits",
    "RunCgroup",
    "RunKind",
    "Sandbox",
    "SandboxPolicy",
    "SandboxUnavailable",
    "apply_rlimits",
    "bwrap_argv",
    "fallback_rlimits",
    "probe",
]
