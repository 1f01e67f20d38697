"""Texts of submission's pages, one module per feature (id first, then en); one catalog at run time."""

from services.submission.web.messages import admin, opd, session, showcase

__all__ = ["admin", "opd", "session", "showcase"]
