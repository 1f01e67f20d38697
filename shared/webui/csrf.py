"""CSRF protection: a random token in a readable cookie, echoed by every form (field) and script (header).

Pages check the echo in the `verify_csrf` dependency every page router carries; the JSON API checks it in
`CsrfMiddleware` whenever the caller is authenticated by the session cookie instead of a bearer header.
"""

from __future__ import annotations

import hmac
import secrets

from fastapi import Request
from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from shared.errors import AppError

CSRF_COOKIE = "gi_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class CsrfFailed(AppError, code="error.csrf", status=403): ...


def new_token() -> str:
    return secrets.token_urlsafe(32)


def _matches(expected: str | None, given: str | None) -> bool:
    return bool(expected and given) and hmac.compare_digest(str(expected), str(given))


async def verify_csrf(request: Request) -> None:
    """For unsafe methods: the form field or header must equal the cookie (else 403, nothing changes)."""
    if request.method in SAFE_METHODS:
        return
    expected = request.cookies.get(CSRF_COOKIE)
    given = request.headers.get(CSRF_HEADER)
    if given is None:
        content_type = request.headers.get("content-type", "")
        if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            value = (await request.form()).get(CSRF_FIELD)
            given = value if isinstance(value, str) else None
    if not _matches(expected, given):
        raise CsrfFailed()


class CsrfMiddleware:
    """API calls that ride on the browser's session cookie must carry the CSRF header."""

    def __init__(self, app: ASGIApp, *, session_cookie: str):
        self.app, self.session_cookie = app, session_cookie

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] == "http"
            and scope["method"] not in SAFE_METHODS
            and scope["path"].startswith("/api/")
        ):
            request = Request(scope)
            cookie_auth = self.session_cookie in request.cookies and "authorization" not in request.headers
            if cookie_auth and not _matches(
                request.cookies.get(CSRF_COOKIE), request.headers.get(CSRF_HEADER)
            ):
                error = CsrfFailed()
                body = {"error": {"code": error.code, "message": error.message()}}
                await JSONResponse(body, status_code=error.status_code)(scope, receive, send)
                return
        await self.app(scope, receive, send)
