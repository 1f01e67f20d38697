"""Phone numbers: Indonesian mobile numbers in, E.164 out; everything else refused with its reason."""

from __future__ import annotations

import pytest

from shared.phone import InvalidPhoneNumber, PhoneProblem, normalize_msisdn


@pytest.mark.parametrize(
    "raw",
    ["0812-3456-7890", "+62 812 3456 7890", "6281234567890", "(0812) 3456.7890", " 081234567890 "],
)
def test_indonesian_mobile_numbers_become_e164(raw: str) -> None:
    assert normalize_msisdn(raw) == "+6281234567890"


@pytest.mark.parametrize("raw", ["0852 5012 3456", "0895-1234-5678", "+6281122334455"])
def test_every_operator_prefix_is_accepted(raw: str) -> None:
    result = normalize_msisdn(raw)
    assert result.startswith("+628")
    assert result[1:].isdigit()


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        ("021-5551234", PhoneProblem.landline),  # Jakarta office line
        ("0541 123456", PhoneProblem.landline),  # Samarinda office line
        ("6221 5551234", PhoneProblem.landline),
        ("0800 1234 567", PhoneProblem.not_mobile),  # toll-free
        ("+44 7911 123456", PhoneProblem.foreign),
        ("+1 650 253 0000", PhoneProblem.foreign),
        ("", PhoneProblem.invalid),
        ("12", PhoneProblem.invalid),
        ("0811", PhoneProblem.invalid),
        ("08abc", PhoneProblem.invalid),
        ("+0812345678901", PhoneProblem.invalid),
        ("628123", PhoneProblem.invalid),
    ],
)
def test_refused_numbers_say_why(raw: str, problem: PhoneProblem) -> None:
    with pytest.raises(InvalidPhoneNumber) as refused:
        normalize_msisdn(raw)
    assert refused.value.problem is problem
    assert refused.value.raw == raw
