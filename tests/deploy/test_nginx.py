"""The reverse proxy sends every API path of every service to that service (deploy/nginx.conf)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from starlette.routing import Mount

CONF = Path(__file__).resolve().parents[2] / "deploy" / "nginx.conf"
LOCATION = re.compile(r"location\s+(=|~|\^~)?\s*(\S+)\s*\{\s*(?:[^{}]*?)proxy_pass\s+http://(\w+)", re.S)


def locations() -> list[tuple[str, str, str]]:
    """(modifier, pattern, upstream) of every proxied location, in file order."""
    return [(m.group(1) or "", m.group(2), m.group(3)) for m in LOCATION.finditer(CONF.read_text())]


def upstream_for(path: str) -> str:
    """Which upstream nginx picks for `path` (exact, then ^~ longest prefix, then regex in order,
    then the longest plain prefix)."""
    found = locations()
    for modifier, pattern, upstream in found:
        if modifier == "=" and path == pattern:
            return upstream
    prefixes = [(p, u, m) for m, p, u in found if m in ("", "^~") and path.startswith(p)]
    longest = max(prefixes, key=lambda item: len(item[0]), default=None)
    if longest is not None and longest[2] == "^~":
        return longest[1]
    for modifier, pattern, upstream in found:
        if modifier == "~" and re.search(pattern, path):
            return upstream
    assert longest is not None, f"no location for {path}"
    return longest[1]


def api_paths(app: FastAPI) -> list[str]:
    return [p for p in app.openapi()["paths"] if p.startswith(("/api/", "/webhooks/"))]


@pytest.mark.parametrize("service", ["submission", "review", "notification"])
def test_every_api_path_reaches_its_own_service(service: str) -> None:
    module = __import__(f"services.{service}.main", fromlist=["create_app"])
    paths = api_paths(module.create_app())
    assert paths, f"{service} has no API paths"
    wrong = {path: upstream_for(path) for path in paths if upstream_for(path) != service}
    assert wrong == {}, f"paths of {service} the proxy sends elsewhere: {wrong}"


SAME_IN_EVERY_SERVICE = ("/lang/", "/assets/gi")  # served alike by all three: any upstream will do
NOT_PAGES = ("/api/", "/webhooks/", "/healthz", "/readyz", "/metrics", "/docs", "/redoc", "/openapi.json")


def page_paths(app: FastAPI) -> list[str]:
    """Paths of the pages and static files a service serves itself (not its API, health or docs)."""
    paths = [
        str(route.path) + ("/any-file" if isinstance(route, Mount) else "")
        for route in app.routes
        if isinstance(route, APIRoute | Mount)
    ]
    return [
        path
        for path in paths
        if path and not path.startswith(NOT_PAGES) and not path.startswith(SAME_IN_EVERY_SERVICE)
    ]


@pytest.mark.parametrize("service", ["submission", "review", "notification"])
def test_every_page_reaches_its_own_service(service: str) -> None:
    module = __import__(f"services.{service}.main", fromlist=["create_app"])
    paths = page_paths(module.create_app())
    assert any(path.startswith(f"/assets/{service}") for path in paths), f"{service} serves no static files"
    wrong = {path: upstream_for(path) for path in paths if upstream_for(path) != service}
    assert wrong == {}, f"pages of {service} the proxy sends elsewhere: {wrong}"


def test_a_service_can_be_reached_directly_with_its_prefix() -> None:
    assert upstream_for("/_svc/review/docs") == "review"
    assert upstream_for("/_svc/notification/readyz") == "notification"
