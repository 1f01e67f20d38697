"""The notification app's health endpoints."""

from __future__ import annotations

from fastapi.testclient import TestClient


class TestHealth:
    def test_ready_when_database_and_broker_answer(self, client: TestClient) -> None:
        response = client.get("/readyz")

        assert response.status_code == 200
        assert response.json()["checks"] == {"database": "ok", "broker": "ok", "sessions": "ok"}
