"""Errors on the web pages' paths, shown to a browser (it asks for text/html) as a page: the
API's code, message and field, with the status the API would answer. Other clients, and the
API's own paths, keep the envelope."""

from __future__ import annotations

import aiohttp_jinja2
from aiohttp import web

from storage.error_codes import ErrorCode
from web.http.errors import ApiError
from web.http.page_session import CsrfRefused
from web.pages.paths import is_page

TITLES = {
    400: "Bad request",
    401: "Sign in first",
    403: "Not allowed",
    404: "Not found",
    409: "Not possible now",
    422: "Please check the form",
    429: "Too many requests",
    503: "Unavailable",
}


def page_error(request: web.Request, error: ApiError) -> web.Response | None:
    """The error as a page, or None (the envelope answers)."""
    if not is_page(request.path) or "text/html" not in request.headers.get("Accept", ""):
        return None
    context = {
        "title": TITLES.get(error.status, "Something went wrong"),
        "error": error,
        "field": error.details.get("field"),
        "issue": error.details.get("issue"),
        "stale_form": isinstance(error, CsrfRefused),
        "not_found": error.code in (ErrorCode.RESOURCE_NOT_FOUND,) or error.status == 404,
    }
    response = aiohttp_jinja2.render_template(
        "pages/error.html", request, context, status=error.status
    )
    response.headers.update(error.headers)
    return response
