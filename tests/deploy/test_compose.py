"""The compose stack: uvicorn trusts forwarded addresses from the proxy alone (docker-compose.yml)."""

from __future__ import annotations

import ipaddress
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def rendered() -> dict[str, Any]:
    """docker-compose.yml with its variables resolved as `docker-compose config` resolves them."""
    if shutil.which("docker-compose") is None:
        pytest.fail("docker-compose is missing (apt-get install docker-compose)")
    out = subprocess.run(
        ["docker-compose", "-f", "docker-compose.yml", "config"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={"PATH": "/usr/bin:/bin"},
    ).stdout
    config: dict[str, Any] = yaml.safe_load(out)
    return config


def test_only_the_proxy_may_name_the_client_address(rendered: dict[str, Any]) -> None:
    services = rendered["services"]
    proxy = services["proxy"]["networks"]["default"]["ipv4_address"]
    subnet = ipaddress.ip_network(rendered["networks"]["default"]["ipam"]["config"][0]["subnet"])
    assert ipaddress.ip_address(proxy) in subnet
    apis = [
        name for name, service in services.items() if "FORWARDED_ALLOW_IPS" in service.get("environment", {})
    ]
    assert {"submission-api", "review-api", "notification-api"} <= set(apis)
    for name in apis:
        assert services[name]["environment"]["FORWARDED_ALLOW_IPS"] == proxy, name


def test_every_service_links_to_the_site_address(rendered: dict[str, Any]) -> None:
    for name in ("submission-api", "review-api", "notification-api", "notification-worker"):
        env = rendered["services"][name]["environment"]
        assert env["PUBLIC_BASE_URL"] == env["REVIEW_BASE_URL"] == env["NOTIFICATION_BASE_URL"], name


def test_submission_scans_with_the_stacks_clamd(rendered: dict[str, Any]) -> None:
    services = rendered["services"]
    assert "healthcheck" in services["clamd"]
    assert "ports" not in services["clamd"]  # reachable by the services only
    for name in ("submission-api", "submission-worker"):
        assert services[name]["environment"]["CLAMD_URL"] == "tcp://clamd:3310", name
        assert services[name]["depends_on"]["clamd"]["condition"] == "service_healthy", name
