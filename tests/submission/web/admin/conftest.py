"""The admin fixture: a browser logged in as the tenant's pemda admin."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.submission.conftest import Tenant
from tests.submission.web.admin.support import admin_browser


@pytest.fixture
def admin(client: TestClient, tenant: Tenant) -> TestClient:
    return admin_browser(client, tenant)
