"""Quiet hours, the digest hour and the WhatsApp window, in the pemda's own zone."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from services.notification import policy

WITA = "Asia/Makassar"


def utc(hour: int, minute: int = 0, day: int = 29) -> datetime:
    return datetime(2026, 11, day, hour, minute, tzinfo=UTC)


class TestQuietUntil:
    def test_late_evening_waits_for_six_next_morning(self) -> None:
        # 22.30 WITA = 14.30 UTC; released at 06.00 WITA = 22.00 UTC the same UTC day.
        assert policy.quiet_until(utc(14, 30), timezone=WITA, start=None, end=None) == utc(22, 0)

    def test_after_midnight_waits_for_six_the_same_morning(self) -> None:
        # 02.00 WITA on the 30th = 18.00 UTC on the 29th.
        assert policy.quiet_until(utc(18, 0), timezone=WITA, start=None, end=None) == utc(22, 0)

    def test_daytime_is_not_quiet(self) -> None:
        assert policy.quiet_until(utc(2, 0), timezone=WITA, start=None, end=None) is None

    def test_the_same_clock_time_differs_by_zone(self) -> None:
        at = utc(13, 30)  # 21.30 WITA but 20.30 WIB
        assert policy.quiet_until(at, timezone=WITA, start=None, end=None) is not None
        assert policy.quiet_until(at, timezone="Asia/Jakarta", start=None, end=None) is None

    def test_own_hours_within_one_day(self) -> None:
        start, end = time(12, 0), time(13, 0)
        assert policy.quiet_until(utc(4, 30), timezone=WITA, start=start, end=end) == utc(5, 0)


class TestDigestDue:
    def test_from_seven_local_once_a_day(self) -> None:
        seven_wita = utc(23, 0, day=28)
        assert not policy.digest_due(seven_wita - timedelta(minutes=1), timezone=WITA, last_digest_at=None)
        assert policy.digest_due(seven_wita, timezone=WITA, last_digest_at=None)
        assert not policy.digest_due(
            seven_wita + timedelta(hours=3), timezone=WITA, last_digest_at=seven_wita
        )
        assert policy.digest_due(seven_wita + timedelta(days=1), timezone=WITA, last_digest_at=seven_wita)


class TestWhatsAppWindow:
    def test_free_text_only_within_24_hours_of_their_last_message(self) -> None:
        now = utc(12)
        assert policy.inside_whatsapp_window(now, now - timedelta(hours=23))
        assert not policy.inside_whatsapp_window(now, now - timedelta(hours=25))
        assert not policy.inside_whatsapp_window(now, None)
