"""Texts of review's pages, one module per feature (id first, then en); one catalog at run time."""

from services.review.web.messages import admin, dashboard, errors, exports, reviewer

__all__ = ["admin", "dashboard", "errors", "exports", "reviewer"]
