"""Every text field of the API's request models, found by walking their JSON schemas, and a
body that puts a given text at one of them (for tests that probe all of them at once)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from web import app as web_app
from web.http.calls import NoBody
from web.http.models import Body
from web.http.routing import Endpoint, endpoint_of
from web.ws.protocol import CLIENT_MESSAGES

Location = tuple[int | str, ...]


@dataclass(frozen=True)
class TextField:
    """One place that takes text: its model, where it sits, and how the API names it."""

    model: type[Body]
    location: Location
    owner: Location  # the model field that holds it (a list's or map's field for their items)
    fixed: dict[str, Any]  # fields the model needs to be chosen at all (a WebSocket `type`)

    @property
    def name(self) -> str:
        return _name(self.location)

    @property
    def owner_name(self) -> str:
        return _name(self.owner)

    def body(self, text: str) -> dict[str, Any]:
        """{...fixed, <location>: text}, nested objects, lists and maps built on the way."""
        root: dict[str, Any] = dict(self.fixed)
        holder: Any = root
        for part, after in zip(self.location, self.location[1:], strict=False):
            child: Any = [] if isinstance(after, int) else {}
            if isinstance(holder, list):
                holder.append(child)
            else:
                holder[part] = child
            holder = child
        if isinstance(holder, list):
            holder.append(text)
        else:
            holder[self.location[-1]] = text
        return root


def endpoints() -> Iterator[Endpoint]:
    """Each endpoint of the route table that takes a JSON body."""
    for module in web_app.RESOURCES:
        for handler in vars(module).values():
            spec = endpoint_of(handler)
            if spec is not None and spec.body is not NoBody:
                yield spec


def request_models() -> Iterator[tuple[type[Body], dict[str, Any]]]:
    """Each body model of the route table, and each WebSocket client message."""
    seen: set[type[Body]] = set()
    for spec in endpoints():
        if spec.body not in seen:
            seen.add(spec.body)
            yield spec.body, {}
    for kind, message in CLIENT_MESSAGES.items():
        yield message, {"type": kind}


def text_fields() -> Iterator[TextField]:
    for model, fixed in request_models():
        yield from fields_of(model, fixed)


def fields_of(model: type[Body], fixed: dict[str, Any] | None = None) -> Iterator[TextField]:
    """The text fields of one model (those of its nested objects, lists and maps included)."""
    schema = model.model_json_schema()
    for location, owner in _strings(schema, schema, (), ()):
        if location[0] not in (fixed or {}):
            yield TextField(model, location, owner, fixed or {})


def _name(location: Location) -> str:
    text = ""
    for part in location:
        text += f"[{part}]" if isinstance(part, int) else f".{part}" if text else str(part)
    return text


def _strings(
    schema: dict[str, Any], root: dict[str, Any], at: Location, owner: Location
) -> Iterator[tuple[Location, Location]]:
    if "$ref" in schema:
        schema = root["$defs"][schema["$ref"].rsplit("/", 1)[-1]]
    options = schema.get("anyOf", [schema])
    for option in options:
        if "$ref" in option:
            yield from _strings(option, root, at, owner)
            continue
        kinds = option.get("type")
        kinds = kinds if isinstance(kinds, list) else [kinds]
        if "string" in kinds and "enum" not in option and "const" not in option:
            yield at, owner
            return
        if "array" in kinds and isinstance(option.get("items"), dict):
            yield from _strings(option["items"], root, (*at, 0), owner)
        if "object" in kinds:
            for name, prop in option.get("properties", {}).items():
                yield from _strings(prop, root, (*at, name), (*at, name))
            extra = option.get("additionalProperties")
            if isinstance(extra, dict):
                yield from _strings(extra, root, (*at, "KEY"), owner)
