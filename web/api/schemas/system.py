"""Health and system information (API.md, Health and System)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from storage.system import MaintenanceWindow
from web.http.models import Body, DateTimeInput, Nullable, Out, Timestamp

Health = Literal["healthy", "unhealthy"]


class BasicHealth(Out):
    status: Health
    timestamp: Timestamp
    uptime: int
    version: str


class Check(Out):
    """One dependency; the other fields depend on which."""

    status: Health
    error: str | None = None
    response_time: float | None = None
    running_executions: int | None = None
    worker_slots: int | None = None
    active_connections: int | None = None
    avg_latency: float | None = None
    latency_of: str | None = None


class SandboxCheck(Out):
    """How the runtime confines runs (not part of the overall status: a server the operator
    runs without a sandbox is still up). unknown: the runtime did not answer."""

    status: Literal["enabled", "disabled", "unknown"]
    mode: Literal["bwrap", "off"] | None = None
    detail: str | None = None
    cgroup_limits: list[str] | None = None
    command_network: bool | None = None
    unsandboxed_commands: Literal["admins", "everyone"] | None = None


class Checks(Out):
    database: Check
    actor_system: Check
    websocket: Check
    sandbox: SandboxCheck


class DetailedHealth(Out):
    status: Health
    timestamp: Timestamp
    checks: Checks


class Features(Out):
    websocket_enabled: bool
    redis_enabled: bool
    monitoring_enabled: bool


class Limits(Out):
    max_concurrent_tasks: int
    max_output_bytes: int
    max_request_bytes: int


class MaintenanceRequest(Body):
    """The maintenance window: while enabled (and, if given, between starts_at and ends_at),
    writes by non-admins get 503 SYSTEM_MAINTENANCE."""

    enabled: bool
    message: Nullable[str] = Field(None, max_length=1000)
    starts_at: Nullable[DateTimeInput] = Field(None, description="default: at once")
    ends_at: Nullable[DateTimeInput] = Field(None, description="default: until disabled")


class MaintenanceOut(Out):
    enabled: bool
    active: bool = Field(description="writes by non-admins are refused right now")
    message: str | None
    starts_at: Timestamp | None
    ends_at: Timestamp | None
    updated_at: Timestamp | None
    updated_by: str | None

    @classmethod
    def of(cls, window: MaintenanceWindow) -> MaintenanceOut:
        return cls.model_validate(window.shown())


class SystemInfo(Out):
    version: str
    environment: str
    features: Features
    limits: Limits
    maintenance: MaintenanceOut
