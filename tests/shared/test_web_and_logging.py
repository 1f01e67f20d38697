"""Shared web behaviour: request ids in JSON logs, errors people can act on, health endpoints."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from typing import Annotated, Any

import pytest
from fastapi import APIRouter, Depends, FastAPI
from fastapi.responses import Response
from fastapi.testclient import TestClient
from pydantic import BaseModel

from services.review.main import create_app as create_review_app
from shared.auth import Principal
from shared.logging import JsonFormatter, task_id_var
from shared.web import CONFLICT, attachment, create_service_app, principal_dependency, streamed_attachment

router = APIRouter()
log = logging.getLogger("tests.web")


@router.get("/echo")
def echo() -> dict[str, str]:
    log.info("echo.called", extra={"answer": 42})
    return {"ok": "yes"}


@router.get("/boom")
def boom() -> dict[str, str]:
    raise RuntimeError("secret internals must not leak")


class Note(BaseModel):
    text: str


def no_verifier() -> Any:
    raise AssertionError("not called while building the document")


Caller = Annotated[Principal, Depends(principal_dependency(no_verifier))]


@router.post("/notes/{note_id}", responses=CONFLICT)
def replace_note(note_id: int, note: Note, caller: Caller) -> Note:
    return note


@pytest.fixture
def captured() -> Iterator[io.StringIO]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter("test"))
    root = logging.getLogger()
    root.addHandler(handler)
    old_level = root.level
    root.setLevel(logging.INFO)
    yield stream
    root.removeHandler(handler)
    root.setLevel(old_level)


def broken_check() -> None:
    raise ConnectionError("database down")


@pytest.fixture
def client() -> TestClient:
    app = create_service_app(
        title="t",
        lifespan=None,
        routers=[router],
        readiness=lambda: [("database", lambda: None), ("storage", broken_check)],
    )
    return TestClient(app, raise_server_exceptions=False)


def lines(stream: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(line) for line in stream.getvalue().splitlines() if line.startswith("{")]


class TestRequestIds:
    def test_a_given_request_id_is_logged_and_echoed(self, client: TestClient, captured: io.StringIO) -> None:
        response = client.get("/api/v1/echo", headers={"X-Request-ID": "req-123"})
        assert response.headers["x-request-id"] == "req-123"
        entry = next(e for e in lines(captured) if e["event"] == "echo.called")
        assert (entry["request_id"], entry["answer"], entry["level"]) == ("req-123", 42, "info")

    def test_a_request_without_one_gets_one(self, client: TestClient) -> None:
        assert len(client.get("/api/v1/echo").headers["x-request-id"]) == 32

    def test_a_task_id_is_logged_inside_a_task(self, captured: io.StringIO) -> None:
        token = task_id_var.set("task-9")
        try:
            log.info("task.step")
        finally:
            task_id_var.reset(token)
        assert lines(captured)[-1]["task_id"] == "task-9"


class TestErrors:
    def test_an_unexpected_error_shows_no_internals(self, client: TestClient) -> None:
        response = client.get("/api/v1/boom")
        assert response.status_code == 500
        assert response.json()["error"]["code"] == "error.internal"
        assert "secret" not in response.text

    def test_an_unexpected_error_is_one_log_line_without_the_traceback(
        self, client: TestClient, captured: io.StringIO
    ) -> None:
        client.get("/api/v1/boom", headers={"X-Request-ID": "req-boom"})
        errors = [e for e in lines(captured) if e["level"] == "error"]
        assert len(errors) == 1
        assert errors[0]["event"] == "request.unhandled_error"
        assert (errors[0]["error_type"], errors[0]["path"], errors[0]["request_id"]) == (
            "RuntimeError",
            "/api/v1/boom",
            "req-boom",
        )
        assert "Traceback" not in captured.getvalue()

    def test_the_server_does_not_see_the_error_again(self, client: TestClient) -> None:
        """Starlette re-raises after the 500, and uvicorn logged "Exception in ASGI application" with a
        traceback; the app now ends it at its own handler (a test client that raises gets the answer)."""
        with TestClient(client.app, raise_server_exceptions=True) as raising:
            response = raising.get("/api/v1/boom")
        assert response.status_code == 500
        assert response.json()["error"]["code"] == "error.internal"

    def test_the_traceback_is_logged_at_debug(self, client: TestClient, captured: io.StringIO) -> None:
        logging.getLogger().setLevel(logging.DEBUG)
        client.get("/api/v1/boom")
        assert "Traceback" in captured.getvalue()

    def test_an_unknown_route_is_404(self, client: TestClient) -> None:
        assert client.get("/api/v1/nothing").status_code == 404


class TestHealth:
    def test_healthz_says_alive(self, client: TestClient) -> None:
        assert client.get("/healthz").json() == {"status": "ok"}

    def test_readyz_names_what_does_not_answer(self, client: TestClient) -> None:
        response = client.get("/readyz")
        assert response.status_code == 503
        assert response.json()["checks"] == {"database": "ok", "storage": "error: ConnectionError"}

    def test_openapi_docs_are_served(self, client: TestClient) -> None:
        assert client.get("/docs").status_code == 200


class TestOpenApi:
    def test_the_security_schemes_are_declared(self, client: TestClient) -> None:
        schemes = client.get("/openapi.json").json()["components"]["securitySchemes"]
        assert schemes["bearer"] == {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"}
        assert schemes["session"] == {"type": "apiKey", "in": "cookie", "name": "gi_session"}

    def test_a_route_lists_the_errors_it_answers_with_the_error_body(self, client: TestClient) -> None:
        operation = client.get("/openapi.json").json()["paths"]["/api/v1/notes/{note_id}"]["post"]
        assert operation["security"] == [{"bearer": []}, {"session": []}]
        assert {"401", "403", "404", "409", "413", "422"} <= set(operation["responses"])
        schema = operation["responses"]["409"]["content"]["application/json"]["schema"]
        assert schema == {"$ref": "#/components/schemas/ErrorBody"}

    def test_a_public_route_asks_for_nothing(self, client: TestClient) -> None:
        operation = client.get("/openapi.json").json()["paths"]["/api/v1/echo"]["get"]
        assert "security" not in operation
        assert set(operation["responses"]) == {"200"}

    def test_the_review_service_routes_ask_for_a_token(self) -> None:
        document = create_review_app().openapi()
        decision = document["paths"]["/api/v1/cases/{case_id}/decision"]["post"]
        assert decision["security"] == [{"bearer": []}, {"session": []}]
        assert {"401", "403", "404", "409", "413", "422"} <= set(decision["responses"])
        assert "security" not in document["paths"]["/healthz"]["get"]


class TestAttachments:
    def test_a_file_to_save_under_its_name(self) -> None:
        response = attachment(b"%PDF-1.7", filename="profile.pdf", media_type="application/pdf")

        assert response.body == b"%PDF-1.7"
        assert response.media_type == "application/pdf"
        assert response.headers["content-disposition"] == 'attachment; filename="profile.pdf"'

    def test_a_streamed_file_to_save_under_its_name(self) -> None:
        app = FastAPI()

        @app.get("/dossier.zip")
        def dossier() -> Response:
            return streamed_attachment(
                iter([b"PK", b"\x03\x04"]), filename="d.zip", media_type="application/zip"
            )

        with TestClient(app) as http:
            response = http.get("/dossier.zip")

        assert response.content == b"PK\x03\x04"
        assert response.headers["content-type"] == "application/zip"
        assert response.headers["content-disposition"] == 'attachment; filename="d.zip"'
