"""The browser's security headers: a strict Content-Security-Policy on every page (no inline
script, no eval: Alpine's CSP build, htmx with eval off), and on every response no sniffing,
no referrer outside this origin and no framing."""

from __future__ import annotations

from aiohttp import web

from web.pages.paths import is_page

CSP = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
EVERY_RESPONSE = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


async def security_headers(request: web.Request, response: web.StreamResponse) -> None:
    """An on_response_prepare hook: the headers above (CSP on pages and static files)."""
    response.headers.update(EVERY_RESPONSE)
    if is_page(request.path):
        response.headers["Content-Security-Policy"] = CSP
        response.headers["X-Frame-Options"] = "DENY"
