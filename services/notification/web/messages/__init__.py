"""Texts of notification's pages (id first, then en); one catalog at run time."""

from services.notification.web.messages import pages_texts

__all__ = ["pages_texts"]
