"""The headers every response carries, and the policy built from the install's addresses."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.responses import PlainTextResponse
from fastapi.testclient import TestClient

from shared.config import CommonSettings, S3Settings
from shared.security_headers import SecurityHeadersMiddleware, content_security_policy, policy_of


def app_with(policy: str) -> FastAPI:
    app = FastAPI(docs_url="/docs")

    @app.get("/page")
    def page() -> PlainTextResponse:
        return PlainTextResponse("ok", headers={"Referrer-Policy": "no-referrer"})

    app.add_middleware(SecurityHeadersMiddleware, policy=policy)
    return app


def test_every_response_says_nosniff_no_framing_and_its_policy_but_keeps_its_own_headers() -> None:
    client = TestClient(app_with(content_security_policy(["http://127.0.0.1:8333"])))

    response = client.get("/page")
    missing = client.get("/nowhere")

    for answer in (response, missing):
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert answer.headers["x-frame-options"] == "DENY"
        assert "frame-ancestors 'none'" in answer.headers["content-security-policy"]
    assert response.headers["referrer-policy"] == "no-referrer"  # set by the page itself
    assert missing.headers["referrer-policy"] == "strict-origin-when-cross-origin"


def test_the_api_documents_keep_their_inline_script_so_they_have_no_policy() -> None:
    response = TestClient(app_with("default-src 'self'")).get("/docs")
    assert response.status_code == 200
    assert "content-security-policy" not in response.headers
    assert response.headers["x-content-type-options"] == "nosniff"


def test_the_policy_allows_only_own_scripts_and_the_services_and_storage_browsers_use() -> None:
    settings = CommonSettings(
        public_base_url="https://inovasi.kukarkab.go.id/",
        review_base_url="https://inovasi.kukarkab.go.id/review",
        notification_base_url="https://inovasi.kukarkab.go.id/notifications",
        s3=S3Settings(endpoint="minio:9000", public_endpoint="berkas.kukarkab.go.id", public_secure=True),
    )

    directives = dict(part.split(" ", 1) for part in policy_of(settings).split("; "))

    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-src"] == "'self' https://berkas.kukarkab.go.id https://inovasi.kukarkab.go.id"
    assert directives["connect-src"] == directives["frame-src"]
    assert directives["object-src"] == "'none'"
    assert "minio:9000" not in policy_of(settings)  # the address only the services use stays out
