"""Driving server-rendered pages from tests: a browser session (cookies + CSRF) on a TestClient."""

from __future__ import annotations

import re
from typing import Any

import httpx
from fastapi.testclient import TestClient

from shared.config import DEV_CSRF_SECRET
from shared.web import SESSION_COOKIE
from shared.webui.csrf import CSRF_COOKIE, CSRF_FIELD, new_token

CSRF_INPUT = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_token_for(session: str | None) -> str:
    """A CSRF token bound to `session`, as the pages would give it (the development key)."""
    return new_token(DEV_CSRF_SECRET.encode(), session)


def login_browser(client: TestClient, token: str) -> None:
    """Make `client` behave like a browser logged in with `token` (session cookie plus a CSRF token)."""
    client.cookies.set(SESSION_COOKIE, token)
    client.cookies.set(CSRF_COOKIE, csrf_token_for(token))


def logout_browser(client: TestClient) -> None:
    client.cookies.clear()


def submit_form(
    client: TestClient, url: str, data: dict[str, Any] | None = None, **kwargs: Any
) -> httpx.Response:
    """POST a form the way the page would: with the CSRF field taken from the cookie (set one if missing)."""
    token = client.cookies.get(CSRF_COOKIE)
    if token is None:
        token = csrf_token_for(client.cookies.get(SESSION_COOKIE))
        client.cookies.set(CSRF_COOKIE, token)
    response: httpx.Response = client.post(
        url, data={**(data or {}), CSRF_FIELD: token}, follow_redirects=False, **kwargs
    )
    return response


def csrf_from(html: str) -> str:
    """The CSRF token a rendered form carries."""
    match = CSRF_INPUT.search(html)
    assert match, "the page has no CSRF field"
    return match.group(1)
