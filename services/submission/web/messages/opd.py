"""Texts of these pages (id first, then en)."""

from __future__ import annotations

from shared.i18n import register

TEXTS: dict[str, dict[str, str]] = {}

register(TEXTS)  # type: ignore[arg-type]
