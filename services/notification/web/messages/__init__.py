"""Texts of notification's pages and errors (id first, then en); one catalog at run time."""

from services.notification.web.messages import errors, inbox, log, preferences

__all__ = ["errors", "inbox", "log", "preferences"]
