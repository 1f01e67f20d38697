"""Commands of the notification service: `python -m services.notification <command>`."""

from __future__ import annotations

from services.notification.deps import get_runtime
from shared.cli import ServiceCli

cli = ServiceCli("notification", get_runtime)
