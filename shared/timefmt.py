"""Dates as people in the pemda read them: in its own zone, with the zone shown (WIB, WITA, WIT)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from shared.i18n import Language

ZONE_LABELS = {"Asia/Jakarta": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}
MONTHS: dict[Language, tuple[str, ...]] = {
    "id": (
        "Januari",
        "Februari",
        "Maret",
        "April",
        "Mei",
        "Juni",
        "Juli",
        "Agustus",
        "September",
        "Oktober",
        "November",
        "Desember",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}


def format_local(moment: datetime, timezone: str, language: Language = "id") -> str:
    """`29 November 2026 pukul 10.24 WITA` (id) or `29 November 2026, 10:24 WITA` (en)."""
    local = moment.astimezone(ZoneInfo(timezone))
    zone = ZONE_LABELS.get(timezone, local.tzname() or timezone)
    month = MONTHS[language][local.month - 1]
    if language == "id":
        return f"{local.day} {month} {local.year} pukul {local:%H.%M} {zone}"
    return f"{local.day} {month} {local.year}, {local:%H:%M} {zone}"
