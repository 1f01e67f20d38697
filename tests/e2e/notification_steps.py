"""Steps of the slice that belong to notification (its API)."""

from __future__ import annotations

import httpx

from tests.e2e.conftest import System


def deliveries(system: System, admin: dict[str, str]) -> list[dict[str, object]]:
    response = httpx.get(f"{system.urls['notification']}/api/v1/deliveries", headers=admin, timeout=10)
    assert response.status_code == 200, response.text
    body = response.json()
    return list(body["items"] if isinstance(body, dict) else body)


def timeline(system: System, admin: dict[str, str], notification_id: str) -> list[dict[str, object]]:
    """Every step of one notification's deliveries, oldest first."""
    url = f"{system.urls['notification']}/api/v1/notifications/{notification_id}/timeline"
    response = httpx.get(url, headers=admin, timeout=10)
    assert response.status_code == 200, response.text
    return list(response.json()["timeline"])


def dev_inbox(system: System) -> str:
    """The development inbox page (make run only): every email and WhatsApp message the sinks kept."""
    response = httpx.get(f"{system.urls['notification']}/notification/dev/inbox", timeout=10)
    assert response.status_code == 200, response.text
    return response.text
