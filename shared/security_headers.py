"""The headers every response carries: what a page may load and run, and who may frame it.

Pages run only their own scripts and styles (no inline script or style anywhere); what they may fetch,
frame and show from elsewhere is the other services' pages (under `make run` each has its own port)
and the S3 endpoint browsers reach (the reviewer's PDF frame and images, the OPD's direct uploads).
No one may frame any page. The API documents (`/docs`, `/redoc`) keep FastAPI's own page, which
needs inline script, so they get every header but the policy.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared.config import CommonSettings

DOCUMENT_PATHS = ("/docs", "/redoc")
FIXED_HEADERS = (
    (b"x-content-type-options", b"nosniff"),
    # Only our origin leaves in a Referer, never a path (a case id, a presigned URL); and browsers send
    # our Origin on cross-port forms under `make run` (with same-origin it would be "null").
    (b"referrer-policy", b"strict-origin-when-cross-origin"),
    (b"x-frame-options", b"DENY"),  # frame-ancestors, for browsers that predate it
    (b"cross-origin-opener-policy", b"same-origin"),
)


def origin(url: str) -> str:
    """`scheme://host[:port]` of a URL."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def content_security_policy(others: Iterable[str]) -> str:
    """The policy of every page; `others` are the origins beside the page's own it may reach."""
    elsewhere = " ".join(sorted(set(others)))
    allowed = f"'self' {elsewhere}".strip()
    return "; ".join(
        (
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            f"img-src {allowed} data:",
            f"frame-src {allowed}",
            f"connect-src {allowed}",
            f"form-action {allowed}",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
        )
    )


def policy_of(settings: CommonSettings) -> str:
    """The policy for this install: the three services' pages and the S3 endpoint browsers use."""
    pages = (settings.public_base_url, settings.review_base_url, settings.notification_base_url)
    return content_security_policy([settings.s3.browser_origin, *(origin(url) for url in pages)])


class SecurityHeadersMiddleware:
    """Adds the fixed headers and the content security policy to every HTTP response."""

    def __init__(self, app: ASGIApp, *, policy: str):
        self.app, self.policy = app, policy.encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = list(FIXED_HEADERS)
        if not str(scope.get("path", "")).startswith(DOCUMENT_PATHS):
            headers.append((b"content-security-policy", self.policy))

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {key.lower() for key, _ in message.get("headers", [])}
                message["headers"] = [
                    *message.get("headers", []),
                    *((key, value) for key, value in headers if key not in present),
                ]
            await send(message)

        await self.app(scope, receive, send_with_headers)
