"""Pages of this feature (being built)."""

from __future__ import annotations

from services.notification.web import pages

router = pages.router()
