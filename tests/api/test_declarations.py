"""An endpoint's models come from its handler's signature; a signature that states none fails
at import, naming the handler."""

from __future__ import annotations

import pytest
from aiohttp import web

from web.api.schemas.tasks import TaskDetails, TaskListQuery, TaskUpdate
from web.http.calls import Call, NoBody, NoQuery, Reply
from web.http.routing import DeclarationError, Resource, endpoint_of

api = Resource(tag="probe")


def test_sync_and_async_handlers_state_body_query_and_response() -> None:
    @api.put("/probe", status=201)
    def update(call: Call[TaskUpdate, TaskListQuery]) -> TaskDetails:
        """Sync"""
        raise NotImplementedError

    @api.get("/probe")
    async def read(call: Call) -> Reply[TaskDetails]:
        """Async"""
        raise NotImplementedError

    sync, asynchronous = endpoint_of(update), endpoint_of(read)
    assert sync is not None and asynchronous is not None
    assert (sync.method, sync.tag, sync.status) == ("PUT", "probe", 201)
    assert (sync.body, sync.query, sync.response) == (TaskUpdate, TaskListQuery, TaskDetails)
    assert (asynchronous.body, asynchronous.query) == (NoBody, NoQuery)
    assert asynchronous.response is TaskDetails


def test_a_body_alone_leaves_the_query_empty() -> None:
    @api.post("/probe")
    def create(call: Call[TaskUpdate]) -> TaskDetails:
        """Body only"""
        raise NotImplementedError

    spec = endpoint_of(create)
    assert spec is not None and (spec.body, spec.query) == (TaskUpdate, NoQuery)


def test_unresolvable_annotations_fail_naming_the_handler() -> None:
    with pytest.raises(DeclarationError, match="unresolved.*cannot be resolved"):

        @api.get("/probe")
        def unresolved(call: Call[Undefined]) -> TaskDetails:  # type: ignore[name-defined]  # noqa: F821
            """Broken"""
            raise NotImplementedError


def test_a_return_that_is_no_response_model_fails() -> None:
    with pytest.raises(DeclarationError, match="plain_dict must return a response model"):

        @api.get("/probe")  # type: ignore[arg-type]  # what mypy refuses too
        def plain_dict(call: Call) -> dict[str, str]:
            """Not a model"""
            raise NotImplementedError

    with pytest.raises(DeclarationError, match="unannotated must return a response model"):

        @api.get("/probe")
        def unannotated(call: Call):  # type: ignore[no-untyped-def]
            """No annotation"""
            raise NotImplementedError


def test_the_parameter_must_be_a_call() -> None:
    with pytest.raises(DeclarationError, match="request_handler must take one parameter"):

        @api.get("/probe")  # type: ignore[arg-type]  # what mypy refuses too
        def request_handler(call: web.Request) -> TaskDetails:
            """Not a call"""
            raise NotImplementedError


def test_response_is_named_only_by_a_handler_writing_its_own_response() -> None:
    @api.get("/probe", response=TaskDetails)
    def raw(call: Call) -> web.Response:
        """Raw"""
        raise NotImplementedError

    spec = endpoint_of(raw)
    assert spec is not None and spec.response is TaskDetails
    with pytest.raises(DeclarationError, match="twice: response= is only for"):

        @api.get("/probe", response=TaskDetails)
        def twice(call: Call) -> TaskDetails:
            """Twice"""
            raise NotImplementedError


def test_the_docstring_documents_the_endpoint() -> None:
    @api.get("/probe")
    def documented(call: Call) -> TaskDetails:
        """Read a probe

        The paragraphs after the first line are its description,
        joined into one line each.

        A second paragraph.
        """
        raise NotImplementedError

    spec = endpoint_of(documented)
    assert spec is not None and spec.summary == "Read a probe"
    assert spec.description == (
        "The paragraphs after the first line are its description, joined into one line each."
        "\n\nA second paragraph."
    )
    with pytest.raises(DeclarationError, match="undocumented: an endpoint needs a docstring"):

        @api.get("/probe")
        def undocumented(call: Call) -> TaskDetails:
            raise NotImplementedError
