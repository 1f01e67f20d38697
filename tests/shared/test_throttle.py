"""Throttle counters on the real stores: Redis, and the sessions' database (PostgreSQL)."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import timedelta

import pytest
import redis

from shared.throttle import (
    RedisThrottle,
    Rule,
    Throttle,
    TooManyAttempts,
    client_address,
    hashed,
    throttle_of,
)
from tests.conftest import clear_throttle

FIVE = Rule("test-login", 5, timedelta(minutes=15))


@pytest.fixture(params=["redis", "postgresql"])
def throttle(request: pytest.FixtureRequest, pg_database: Callable[[str], str], redis_url: str) -> Throttle:
    clear_throttle(redis_url)
    url = redis_url if request.param == "redis" else pg_database("throttle")
    return throttle_of(url)


class TestCounting:
    def test_the_limit_is_reached_on_the_last_allowed_hit_and_refused_after(self, throttle: Throttle) -> None:
        reached = [throttle.hit(FIVE, "a|10.0.0.1") for _ in range(5)]
        assert reached == [False, False, False, False, True]
        with pytest.raises(TooManyAttempts) as refused:
            throttle.check((FIVE, "a|10.0.0.1"))
        assert refused.value.status_code == 429
        assert 14 * 60 < refused.value.retry_after <= 15 * 60
        assert refused.value.headers() == {"Retry-After": str(refused.value.retry_after)}
        assert "15 menit" in refused.value.message()

    def test_other_subjects_are_untouched(self, throttle: Throttle) -> None:
        for _ in range(5):
            throttle.hit(FIVE, "a|10.0.0.1")
        throttle.check((FIVE, "a|10.0.0.2"), (FIVE, "b|10.0.0.1"))  # no error
        assert not throttle.over(FIVE, "a|10.0.0.2")

    def test_a_counter_ends_with_its_window(self, throttle: Throttle) -> None:
        short = Rule("test-short", 1, timedelta(seconds=1))
        throttle.hit(short, "x")
        assert throttle.over(short, "x")
        time.sleep(1.3)
        assert not throttle.over(short, "x")
        assert throttle.hit(short, "x") is True  # a fresh window counts from one

    def test_a_group_lists_its_blocked_subjects_and_clears_at_once(self, throttle: Throttle) -> None:
        group = hashed("Operator@Example.go.id")
        for address in ("10.0.0.1", "10.0.0.2"):
            for _ in range(5):
                throttle.hit(FIVE, f"{group}|{address}", group=group)
        throttle.hit(FIVE, f"{group}|10.0.0.3", group=group)  # one failure: not blocked
        blocked = throttle.blocked(FIVE, group)
        assert sorted(item.subject.partition("|")[2] for item in blocked) == ["10.0.0.1", "10.0.0.2"]
        assert throttle.clear_group(FIVE, group) == 2
        assert throttle.blocked(FIVE, group) == []
        throttle.check((FIVE, f"{group}|10.0.0.1"))


def test_emails_are_kept_hashed_whatever_their_case() -> None:
    assert hashed(" Operator@Example.go.id ") == hashed("operator@example.go.id")
    assert "@" not in hashed("operator@example.go.id")


@pytest.mark.parametrize(
    ("host", "counted"),
    [
        ("203.0.113.7", "203.0.113.7"),
        ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::/64"),
        ("2001:db8:1:2:ffff::1", "2001:db8:1:2::/64"),
        ("::ffff:203.0.113.7", "203.0.113.7"),
        (None, "unknown"),
        ("testclient", "testclient"),
    ],
)
def test_addresses_are_counted_per_host_or_ipv6_network(host: str | None, counted: str) -> None:
    assert client_address(host) == counted


def test_a_store_that_does_not_answer_lets_people_in_and_says_so(caplog: pytest.LogCaptureFixture) -> None:
    silent = RedisThrottle(redis.Redis(host="127.0.0.1", port=1, socket_connect_timeout=0.2))
    with caplog.at_level(logging.WARNING, logger="shared.throttle"):
        assert silent.hit(FIVE, "a") is False
        silent.check((FIVE, "a"))  # paused: no second wait on the dead store
    assert [r.message for r in caplog.records] == ["throttle.unavailable"]
