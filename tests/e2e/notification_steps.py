"""Steps of the slice that belong to notification (its API)."""

from __future__ import annotations

import httpx

from tests.e2e.conftest import System


def deliveries(system: System, admin: dict[str, str]) -> list[dict[str, object]]:
    response = httpx.get(f"{system.urls['notification']}/api/v1/deliveries", headers=admin, timeout=10)
    assert response.status_code == 200, response.text
    body = response.json()
    return list(body["items"] if isinstance(body, dict) else body)
