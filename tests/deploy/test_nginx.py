"""The reverse proxy (deploy/nginx.conf): every path reaches its service; TLS with HSTS; http redirects."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

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


Directive = tuple[str, list[str], list[Any]]


def parse(text: str) -> list[Directive]:
    """nginx.conf as a tree: (name, args, children) per directive; quotes kept off, comments dropped."""
    tokens = re.findall(r'"(?:[^"\\]|\\.)*"|\'(?:[^\'\\]|\\.)*\'|#[^\n]*|[{};]|[^\s{};"\']+', text)
    stack: list[list[Directive]] = [[]]
    words: list[str] = []
    for token in tokens:
        if token.startswith("#"):
            continue
        if token in (";", "{"):
            node: Directive = (words[0], words[1:], [])
            stack[-1].append(node)
            if token == "{":
                stack.append(node[2])
            words = []
        elif token == "}":
            stack.pop()
        else:
            words.append(token[1:-1] if token[:1] in "\"'" else token)
    assert len(stack) == 1, "unbalanced braces in nginx.conf"
    assert not words, "a directive without its ; at the end of nginx.conf"
    return stack[0]


def children(nodes: list[Directive], name: str) -> list[Directive]:
    return [node for node in nodes if node[0] == name]


def servers() -> dict[str, list[Directive]]:
    """The http block's servers by what they listen on: "tls" (listen ... ssl) or "plain"."""
    (http,) = children(parse(CONF.read_text()), "http")
    found: dict[str, list[Directive]] = {}
    for _, _, body in children(http[2], "server"):
        listens = [args for _, args, _ in children(body, "listen")]
        found["tls" if any("ssl" in args for args in listens) else "plain"] = body
    assert set(found) == {"tls", "plain"}
    return found


def http_block() -> list[Directive]:
    (http,) = children(parse(CONF.read_text()), "http")
    return http[2]


def headers(nodes: list[Directive]) -> dict[str, list[str]]:
    return {args[0]: args[1:] for _, args, _ in children(nodes, "add_header")}


class TestTls:
    def test_the_tls_server_listens_with_http2_and_the_mounted_certificate(self) -> None:
        tls = servers()["tls"]
        assert [args for _, args, _ in children(tls, "listen")] == [["8443", "ssl", "default_server"]]
        assert [args for _, args, _ in children(tls, "http2")] == [["on"]]
        certificate = [args[0] for _, args, _ in children(tls, "ssl_certificate")]
        key = [args[0] for _, args, _ in children(tls, "ssl_certificate_key")]
        assert certificate == ["/etc/nginx/tls/fullchain.pem"]
        assert key == ["/etc/nginx/tls/privkey.pem"]

    def test_only_tls_1_2_and_1_3_with_forward_secret_aead_ciphers(self) -> None:
        http = http_block()
        (protocols,) = [args for _, args, _ in children(http, "ssl_protocols")]
        assert protocols == ["TLSv1.2", "TLSv1.3"]
        (ciphers,) = [args[0].split(":") for _, args, _ in children(http, "ssl_ciphers")]
        assert ciphers
        assert all(c.startswith("ECDHE-") and ("GCM" in c or "CHACHA20" in c) for c in ciphers)
        settings = {name: args for name, args, _ in http if name.startswith("ssl_session")}
        assert settings["ssl_session_tickets"] == ["off"]
        assert settings["ssl_session_cache"][0].startswith("shared:")
        for body in servers().values():  # no server brings back an older protocol
            assert not children(body, "ssl_protocols")

    def test_hsts_is_sent_by_the_tls_server_only_and_on_every_location(self) -> None:
        found = servers()
        assert headers(found["tls"])["Strict-Transport-Security"] == [
            "max-age=31536000; includeSubDomains",
            "always",
        ]
        assert "Strict-Transport-Security" not in headers(found["plain"])
        assert "Strict-Transport-Security" not in headers(http_block())
        # A location with an add_header of its own would drop the server's: there is none.
        for _, args, body in children(found["tls"], "location"):
            assert not children(body, "add_header"), args

    def test_the_tls_server_proxies_every_service(self) -> None:
        upstreams = {
            args[0].removeprefix("http://").rstrip("/")
            for _, _, body in children(servers()["tls"], "location")
            for _, args, _ in children(body, "proxy_pass")
        }
        assert upstreams == {"submission", "review", "notification"}


class TestPlainHttp:
    def test_everything_redirects_to_https_but_the_health_check(self) -> None:
        plain = servers()["plain"]
        assert [args for _, args, _ in children(plain, "listen")] == [["8080", "default_server"]]
        locations = {tuple(args): body for _, args, body in children(plain, "location")}
        assert set(locations) == {("=", "/_proxy/healthz"), ("^~", "/.well-known/acme-challenge/"), ("/",)}
        assert children(locations[("/",)], "return") == [("return", ["308", "https://$host$request_uri"], [])]
        assert children(locations[("=", "/_proxy/healthz")], "return")[0][1][0] == "200"
        assert children(locations[("^~", "/.well-known/acme-challenge/")], "root") == [
            ("root", ["/var/www/acme"], [])
        ]
        assert not any(children(body, "proxy_pass") for body in locations.values())

    def test_compose_checks_health_on_the_plain_port_and_publishes_both(self) -> None:
        compose = (CONF.parents[1] / "docker-compose.yml").read_text()
        assert "http://127.0.0.1:8080/_proxy/healthz" in compose
        assert '"${HTTP_PORT:-80}:8080"' in compose
        assert '"${HTTPS_PORT:-443}:8443"' in compose
        assert "${TLS_CERT_DIR:-./deploy/tls}:/etc/nginx/tls:ro" in compose
