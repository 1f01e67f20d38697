"""Provider rate limits on a real Redis: per second per provider, and a gap between messages to one number."""

from __future__ import annotations

import time
import uuid

import pytest
import redis

from services.notification.ratelimit import NoLimiter, RateLimited, RedisLimiter


@pytest.fixture
def limiter(notification_redis: str) -> RedisLimiter:
    return RedisLimiter(redis.Redis.from_url(notification_redis), prefix=f"test:{uuid.uuid4().hex}")


class TestPerSecond:
    def test_a_burst_over_the_limit_is_told_to_wait_under_a_second(self, limiter: RedisLimiter) -> None:
        # Start at the top of a second so the burst falls in one window.
        time.sleep(1 - (time.time() % 1))
        for _ in range(5):
            limiter.acquire(provider="cloud_api", per_second=5, address=None, gap_seconds=0)

        with pytest.raises(RateLimited) as raised:
            limiter.acquire(provider="cloud_api", per_second=5, address=None, gap_seconds=0)

        assert 0 < raised.value.retry_after <= 1

    def test_the_next_second_has_room_again(self, limiter: RedisLimiter) -> None:
        time.sleep(1 - (time.time() % 1))
        limiter.acquire(provider="smtp", per_second=1, address=None, gap_seconds=0)
        time.sleep(1.05)

        limiter.acquire(provider="smtp", per_second=1, address=None, gap_seconds=0)


class TestSameNumber:
    def test_a_second_message_to_one_number_waits_for_the_gap(self, limiter: RedisLimiter) -> None:
        limiter.acquire(provider="cloud_api", per_second=80, address="+6281234500001", gap_seconds=6)
        limiter.acquire(provider="cloud_api", per_second=80, address="+6281234500002", gap_seconds=6)

        with pytest.raises(RateLimited) as raised:
            limiter.acquire(provider="cloud_api", per_second=80, address="+6281234500001", gap_seconds=6)

        assert 5 < raised.value.retry_after <= 6


class TestWithoutRedis:
    def test_nothing_is_limited(self) -> None:
        limiter = NoLimiter()
        for _ in range(1000):
            limiter.acquire(provider="cloud_api", per_second=1, address="+6281234500001", gap_seconds=6)

    def test_redis_gone_does_not_stop_sending(self) -> None:
        gone = RedisLimiter(redis.Redis(host="127.0.0.1", port=1, socket_connect_timeout=0.2))

        gone.acquire(provider="cloud_api", per_second=1, address="+6281234500001", gap_seconds=6)
