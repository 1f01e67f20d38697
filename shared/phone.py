"""Indonesian mobile numbers as WhatsApp wants them: E.164 (+628...), parsed with `phonenumbers`."""

from __future__ import annotations

from enum import StrEnum

import phonenumbers
from phonenumbers import PhoneNumberType

HOME_REGION = "ID"
MOBILE_TYPES = frozenset({PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE})


class PhoneProblem(StrEnum):
    """Why a number was refused; the pages turn it into words (`account.phone_<problem>`)."""

    invalid = "invalid"  # not a phone number at all, or no such number plan
    landline = "landline"  # a real fixed line: WhatsApp cannot reach it
    not_mobile = "not_mobile"  # toll-free, premium, shared-cost, pager...
    foreign = "foreign"  # a mobile number outside Indonesia


class InvalidPhoneNumber(ValueError):
    def __init__(self, raw: str, problem: PhoneProblem) -> None:
        super().__init__(f"{problem.value} phone number: {raw[:40]!r}")
        self.raw = raw
        self.problem = problem


def normalize_msisdn(raw: str, *, region: str = HOME_REGION) -> str:
    """`0812-3456-7890`, `62812...`, `+62 812...` -> `+6281234567890`; a landline, a foreign or a
    malformed number is refused with the reason (`InvalidPhoneNumber.problem`)."""
    text = raw.strip()
    if text[:1].isdigit() and text.startswith(_country_digits(region)):
        text = "+" + text  # "62812..." as providers send it (wa_id): the country code without "+"
    try:
        number = phonenumbers.parse(text, region)
    except phonenumbers.NumberParseException as exc:
        raise InvalidPhoneNumber(raw, PhoneProblem.invalid) from exc
    if not phonenumbers.is_valid_number(number):
        raise InvalidPhoneNumber(raw, PhoneProblem.invalid)
    if phonenumbers.region_code_for_number(number) != region:
        raise InvalidPhoneNumber(raw, PhoneProblem.foreign)
    kind = phonenumbers.number_type(number)
    if kind == PhoneNumberType.FIXED_LINE:
        raise InvalidPhoneNumber(raw, PhoneProblem.landline)
    if kind not in MOBILE_TYPES:
        raise InvalidPhoneNumber(raw, PhoneProblem.not_mobile)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def _country_digits(region: str) -> str:
    return str(phonenumbers.country_code_for_region(region))
