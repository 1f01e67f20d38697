"""Indonesian phone numbers as WhatsApp wants them: E.164 (+62...)."""

from __future__ import annotations

import re


class InvalidPhoneNumber(ValueError):
    pass


def normalize_msisdn(raw: str, *, country_code: str = "62") -> str:
    """`0812-3456-789`, `62812...`, `+62 812...` -> `+62812...`; anything else is refused."""
    digits = re.sub(r"[\s\-().]", "", raw.strip())
    if digits.startswith("+"):
        digits = digits[1:]
    elif digits.startswith("0"):
        digits = country_code + digits[1:]
    if not digits.isdigit() or not 10 <= len(digits) <= 15 or digits.startswith("0"):
        raise InvalidPhoneNumber(f"not a phone number: {raw!r}")
    return "+" + digits
