"""Commands: `python -m services.review serve|worker|migrate`."""

from __future__ import annotations

from services.review.deps import get_runtime
from shared.cli import ServiceCli

cli = ServiceCli("review", get_runtime)
