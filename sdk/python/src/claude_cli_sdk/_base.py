"""The base of every generated model: attribute access, and fields this SDK does not know yet
kept rather than refused (a newer server may send more)."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class ApiModel(BaseModel):
    """A JSON object of the API as a typed, validated model."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)
