"""Provider rate limits in Redis: a burst waits its turn instead of failing at the provider."""

from __future__ import annotations

import logging
import time
from typing import Protocol

import redis

from shared.errors import TransientError

log = logging.getLogger(__name__)


class RateLimited(TransientError):
    """Over the provider's pace: send again after `retry_after` seconds (not a failed attempt)."""

    def __init__(self, retry_after: float, *, what: str):
        self.retry_after = retry_after
        super().__init__(f"rate limit ({what}); again in {retry_after:.1f}s")


class Limiter(Protocol):
    def acquire(self, *, provider: str, per_second: int, address: str | None, gap_seconds: float) -> None:
        """Take one slot for `provider` (and `address`), or raise RateLimited."""
        ...


class NoLimiter:
    """The filesystem broker of `make run` has no Redis: nothing to count with, nothing limited."""

    def acquire(self, *, provider: str, per_second: int, address: str | None, gap_seconds: float) -> None:
        return None


class RedisLimiter:
    """A fixed one-second window per provider, and a minimum gap between messages to one address."""

    def __init__(self, client: redis.Redis, *, prefix: str = "notification:ratelimit"):
        self.client, self.prefix = client, prefix

    def acquire(self, *, provider: str, per_second: int, address: str | None, gap_seconds: float) -> None:
        now = time.time()
        try:
            if address and gap_seconds > 0:
                key = f"{self.prefix}:{provider}:to:{address}"
                if not self.client.set(key, "1", nx=True, px=int(gap_seconds * 1000)):
                    ttl_ms = int(self.client.pttl(key))
                    raise RateLimited(max(ttl_ms, 100) / 1000, what=f"{provider} same recipient")
            window = f"{self.prefix}:{provider}:{int(now)}"
            pipe = self.client.pipeline()
            pipe.incr(window)
            pipe.expire(window, 2)
            count = int(pipe.execute()[0])
            if count > per_second:
                if address and gap_seconds > 0:
                    # Give back the recipient slot we took: this message did not go.
                    self.client.delete(f"{self.prefix}:{provider}:to:{address}")
                raise RateLimited(max(1.0 - (now - int(now)), 0.05), what=f"{provider} per second")
        except redis.RedisError as exc:
            # Limiting is a courtesy to the provider; its own 429 is retried anyway.
            log.warning("notification.ratelimit.unavailable", extra={"error": f"{type(exc).__name__}: {exc}"})
