"""Pages of this feature (being built)."""

from __future__ import annotations

from services.review.web import pages

router = pages.router()
