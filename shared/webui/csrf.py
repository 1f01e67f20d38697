"""CSRF protection: a token bound to the session, and changes only from our own origins.

The token is `<nonce>.<signature>`: an HMAC (the `CSRF_SECRET` every service shares) over the nonce and a
digest of the session cookie the browser holds (anonymous forms such as login: of no session). It lives
in a readable cookie and is echoed by every form (field) and script (header). A token made for another
session, or made up, fails; so does an attacker's own pair planted in a victim's browser.

Every unsafe request from a browser also names where it comes from (`Origin`, else `Referer`): it must
be one of the three services' base URLs or the address the request was sent to. Pages check both in the
`verify_csrf` dependency every page router carries; the JSON API in `CsrfMiddleware` whenever the caller
is authenticated by the session cookie instead of a bearer header.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from collections.abc import Iterable
from urllib.parse import urlsplit

from fastapi import Request
from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send

from shared.errors import AppError

CSRF_COOKIE = "gi_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
SESSION_COOKIE = "gi_session"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class CsrfFailed(AppError, code="error.csrf", status=403): ...


class ForeignOrigin(AppError, code="error.foreign_origin", status=403): ...


def _signature(key: bytes, nonce: str, session: str | None) -> str:
    bound = hashlib.sha256((session or "").encode()).hexdigest()
    mac = hmac.new(key, f"{nonce}|{bound}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac[:24]).decode()


def new_token(key: bytes, session: str | None) -> str:
    """A token for the browser holding `session` (None: not logged in)."""
    nonce = secrets.token_urlsafe(16)
    return f"{nonce}.{_signature(key, nonce, session)}"


def valid_for(key: bytes, token: str | None, session: str | None) -> bool:
    """Whether `token` was made, with our key, for this session."""
    nonce, _, signature = (token or "").partition(".")
    return bool(nonce and signature) and hmac.compare_digest(signature, _signature(key, nonce, session))


def origin_of(url: str) -> str:
    """`scheme://host[:port]` of a URL, lower case ('' when it has none)."""
    parts = urlsplit(url.strip())
    return f"{parts.scheme}://{parts.netloc}".lower() if parts.scheme and parts.netloc else ""


class CsrfGuard:
    """The key and the origins a service accepts changes from (its app holds one: `app.state.csrf`)."""

    def __init__(self, key: bytes, origins: Iterable[str]):
        self.key = key
        self.origins = frozenset(origin for origin in map(origin_of, origins) if origin)

    @staticmethod
    def of(request: Request) -> CsrfGuard:
        guard: CsrfGuard = request.app.state.csrf
        return guard

    def token(self, request: Request) -> str:
        """The browser's token if it is still good for its session, else a new one."""
        session = request.cookies.get(SESSION_COOKIE)
        held = request.cookies.get(CSRF_COOKIE)
        return held if held and valid_for(self.key, held, session) else new_token(self.key, session)

    def origin_allowed(self, request: Request) -> bool:
        """Absent both headers (not a browser): allowed, the token still decides. Present: ours only."""
        claimed = request.headers.get("origin") or request.headers.get("referer")
        if not claimed:
            return True
        own = origin_of(f"{request.url.scheme}://{request.headers.get('host', '')}")
        return origin_of(claimed) in self.origins | {own}

    def check(self, request: Request, given: str | None) -> None:
        """Refuse (403, nothing changes) a change from elsewhere or without this session's token."""
        if not self.origin_allowed(request):
            raise ForeignOrigin()
        held = request.cookies.get(CSRF_COOKIE)
        session = request.cookies.get(SESSION_COOKIE)
        if not (given and held and hmac.compare_digest(held, given) and valid_for(self.key, given, session)):
            raise CsrfFailed()


async def verify_csrf(request: Request) -> None:
    """For unsafe methods: our origin, and the form field or header carrying this session's token."""
    if request.method in SAFE_METHODS:
        return
    given = request.headers.get(CSRF_HEADER)
    if given is None:
        content_type = request.headers.get("content-type", "")
        if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            value = (await request.form()).get(CSRF_FIELD)
            given = value if isinstance(value, str) else None
    CsrfGuard.of(request).check(request, given)


class CsrfMiddleware:
    """API calls that ride on the browser's session cookie must carry the CSRF header."""

    def __init__(self, app: ASGIApp, *, guard: CsrfGuard):
        self.app, self.guard = app, guard

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] == "http"
            and scope["method"] not in SAFE_METHODS
            and scope["path"].startswith("/api/")
        ):
            request = Request(scope)
            if SESSION_COOKIE in request.cookies and "authorization" not in request.headers:
                try:
                    self.guard.check(request, request.headers.get(CSRF_HEADER))
                except AppError as error:
                    body = {"error": {"code": error.code, "message": error.message()}}
                    await JSONResponse(body, status_code=error.status_code)(scope, receive, send)
                    return
        await self.app(scope, receive, send)
