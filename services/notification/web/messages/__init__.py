"""Texts of notification's pages (id first, then en); one catalog at run time."""

from services.notification.web.messages import inbox, log, preferences

__all__ = ["inbox", "log", "preferences"]
