"""What a CLI run reports about itself (its stream's `system`/`init` and `result` events), as
the execution columns that keep it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from peewee import ModelSelect, fn

from storage.models import Execution
from storage.rows import tuples


class ResultSubtype(StrEnum):
    """The `subtype` of the CLI's result event; anything but success fails the run."""

    SUCCESS = "success"
    ERROR_MAX_TURNS = "error_max_turns"
    ERROR_DURING_EXECUTION = "error_during_execution"


FAILURE_REASONS: dict[str, str] = {
    ResultSubtype.ERROR_MAX_TURNS: "max turns reached ({turns} turns)",
    ResultSubtype.ERROR_DURING_EXECUTION: "the CLI failed during execution",
}
TOKEN_FIELDS = (
    "input_tokens",
    "output_tokens",
    "cache_creation_input_tokens",
    "cache_read_input_tokens",
)


@dataclass(frozen=True)
class CliInit:
    """The CLI's own account of the session it started."""

    session_id: str | None
    model: str | None
    details: dict[str, Any]  # tools, cwd, permission mode and MCP servers it reported


@dataclass(frozen=True)
class CliResult:
    """The CLI's result event."""

    subtype: str
    is_error: bool
    text: str | None
    cost_usd: float | None
    tokens: dict[str, int]
    num_turns: int | None
    duration_ms: int | None
    duration_api_ms: int | None

    @property
    def failed(self) -> bool:
        return self.is_error or self.subtype != ResultSubtype.SUCCESS

    def failure_reason(self) -> str:
        """Why the run failed: the CLI's own message, else what its subtype means."""
        if self.is_error and self.text:
            return self.text
        template = FAILURE_REASONS.get(self.subtype)
        if template is None:
            return f"the CLI ended with {self.subtype}"
        return template.format(turns=self.num_turns)


def totals(runs: ModelSelect[Execution]) -> dict[str, Any]:
    """The cost_usd and tokens summed over the executions runs selects."""
    sums = [fn.COALESCE(fn.SUM(getattr(Execution, name)), 0) for name in TOKEN_FIELDS]
    cost, *tokens = tuples(runs.select(fn.COALESCE(fn.SUM(Execution.cost_usd), 0), *sums))[0]
    return {
        "cost_usd": round(float(cost), 6),
        "tokens": {name: int(n) for name, n in zip(TOKEN_FIELDS, tokens, strict=True)},
    }


def columns(init: CliInit | None, result: CliResult | None) -> dict[str, Any]:
    """The execution columns of what the run reported (only what it reported)."""
    values: dict[str, Any] = {}
    if init is not None:
        values.update(model=init.model, cli_init=init.details)
    if result is not None:
        values.update(
            cost_usd=result.cost_usd,
            num_turns=result.num_turns,
            duration_ms=result.duration_ms,
            duration_api_ms=result.duration_api_ms,
            result_subtype=result.subtype,
            **{name: result.tokens.get(name) for name in TOKEN_FIELDS},
        )
    return values
