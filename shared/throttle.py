"""Throttling: counters in a fixed window, shared by every replica (Redis, or the sessions' database).

A `Rule` says how many hits a subject may have in a window (5 failed logins per account and address in
15 minutes, say). `check` refuses with `TooManyAttempts` (429, `Retry-After`) once a counter has reached
its limit; `hit` counts one more and says whether that hit reached the limit. A subject may belong to a
group (the account a pair of account and address belongs to) so that an admin can clear every counter of
the group at once ("unlock").

The store is the session store's (`SESSION_STORE_URL`, else `REDIS_URL`): Redis keys
`gi:throttle:<rule>:<subject>` (a counter expiring with its window) and `gi:throttle-group:<rule>:<group>`
(the group's subjects); or a table `gi_throttle` in the sessions' database. When the store does not
answer, throttling is skipped for a while and a warning logged: logging in matters more than counting.
"""

from __future__ import annotations

import hashlib
import ipaddress
import logging
import math
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TypeVar

import redis
from sqlalchemy import (
    Column,
    DateTime,
    Engine,
    Integer,
    MetaData,
    String,
    Table,
    delete,
    insert,
    select,
    update,
)
from sqlalchemy.exc import IntegrityError, OperationalError
from starlette.requests import Request

from shared.db import as_aware, create_db_engine
from shared.errors import AppError

log = logging.getLogger(__name__)
T = TypeVar("T")
PREFIX = "gi:throttle:"
GROUP_PREFIX = "gi:throttle-group:"
OUTAGE_PAUSE = 30.0  # seconds without throttling after the store failed to answer


class TooManyAttempts(AppError, code="auth.throttled", status=429):
    """Too many attempts: the answer names the wait, in minutes, and carries `Retry-After` in seconds."""

    def __init__(self, retry_after: int, code: str | None = None):
        self.retry_after = max(1, retry_after)
        super().__init__(code, minutes=max(1, math.ceil(self.retry_after / 60)))

    def headers(self) -> dict[str, str]:
        return {"Retry-After": str(self.retry_after)}


@dataclass(frozen=True)
class Rule:
    name: str
    limit: int
    window: timedelta

    @property
    def seconds(self) -> int:
        return int(self.window.total_seconds())


@dataclass(frozen=True)
class Blocked:
    subject: str
    retry_after: int


def client_address(host: str | None) -> str:
    """The address a throttle counts by: IPv4 as it is, IPv6 by its /64 (one household or office)."""
    if not host:
        return "unknown"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return host[:64]
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return str(address.ipv4_mapped)
        return str(ipaddress.IPv6Network(f"{address}/64", strict=False))
    return str(address)


def address_of(request: Request) -> str:
    """The caller's address as throttles count it. Behind the proxy uvicorn has already put the
    `X-Forwarded-For` address here, and only for requests from the proxy (`FORWARDED_ALLOW_IPS`)."""
    return client_address(request.client.host if request.client else None)


def hashed(text: str) -> str:
    """An email (any case) as it is kept in a counter's name: hashed, so the store holds no addresses."""
    return hashlib.sha256(text.strip().lower().encode()).hexdigest()[:32]


class Throttle:
    """Counters per rule and subject; the backends below keep them."""

    unavailable: tuple[type[Exception], ...] = ()

    def __init__(self) -> None:
        self._paused_until = 0.0

    # -- the backend's part --

    def _count(self, rule: Rule, subject: str) -> tuple[int, int]:
        """The counter and the seconds left in its window (0, 0 when there is none)."""
        raise NotImplementedError

    def _add(self, rule: Rule, subject: str, group: str | None) -> tuple[int, int]:
        raise NotImplementedError

    def _clear(self, rule: Rule, subjects: Iterable[str], group: str | None) -> None:
        raise NotImplementedError

    def _members(self, rule: Rule, group: str) -> list[str]:
        raise NotImplementedError

    # -- what callers use --

    def check(self, *counters: tuple[Rule, str], code: str | None = None) -> None:
        """Refuse (429) while any of these counters is at its limit."""
        found = [(rule, *self._counted(rule, subject)) for rule, subject in counters]
        waits = [left for rule, count, left in found if count >= rule.limit]
        if waits:
            raise TooManyAttempts(max(waits), code)

    def over(self, rule: Rule, subject: str) -> bool:
        """Whether the counter is at its limit (the caller decides what that means)."""
        return self._counted(rule, subject)[0] >= rule.limit

    def _counted(self, rule: Rule, subject: str) -> tuple[int, int]:
        return self._guarded(lambda: self._count(rule, subject), (0, 0))

    def hit(self, rule: Rule, subject: str, *, group: str | None = None) -> bool:
        """Count one more; True when this hit reached the limit (the moment to write it down)."""
        return self._guarded(lambda: self._add(rule, subject, group), (0, 0))[0] == rule.limit

    def clear(self, rule: Rule, subject: str) -> None:
        self._guarded(lambda: self._clear(rule, [subject], None), None)

    def blocked(self, rule: Rule, group: str) -> list[Blocked]:
        """The group's subjects now at the rule's limit, with their wait."""

        def read() -> list[Blocked]:
            found = [(subject, self._count(rule, subject)) for subject in self._members(rule, group)]
            return [Blocked(subject, left) for subject, (count, left) in found if count >= rule.limit]

        return self._guarded(read, [])

    def clear_group(self, rule: Rule, group: str) -> int:
        """Clear every counter of the group (an admin unlocking an account); how many were blocked."""
        was_blocked = len(self.blocked(rule, group))
        self._guarded(lambda: self._clear(rule, self._members(rule, group), group), None)
        return was_blocked

    def _guarded(self, action: Callable[[], T], fallback: T) -> T:
        """`action` on the store, or `fallback` while it does not answer (then paused a while, logged)."""
        if time.monotonic() < self._paused_until:
            return fallback
        try:
            return action()
        except self.unavailable as exc:
            self._paused_until = time.monotonic() + OUTAGE_PAUSE
            log.warning("throttle.unavailable", extra={"error": f"{type(exc).__name__}: {exc}"})
            return fallback


def throttle_of(url: str) -> Throttle:
    """The throttle at `url` (the session store's): `redis://...` or a SQLAlchemy database URL."""
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisThrottle(redis.Redis.from_url(url, socket_connect_timeout=2, socket_timeout=2))
    return SqlThrottle(create_db_engine(url))


class RedisThrottle(Throttle):
    unavailable = (redis.RedisError,)

    def __init__(self, client: redis.Redis):
        super().__init__()
        self._redis = client

    def _count(self, rule: Rule, subject: str) -> tuple[int, int]:
        key = f"{PREFIX}{rule.name}:{subject}"
        pipe = self._redis.pipeline()
        pipe.get(key)
        pipe.ttl(key)
        raw, ttl = pipe.execute()
        return (int(raw), max(int(ttl), 1)) if raw is not None else (0, 0)

    def _add(self, rule: Rule, subject: str, group: str | None) -> tuple[int, int]:
        key = f"{PREFIX}{rule.name}:{subject}"
        pipe = self._redis.pipeline()
        pipe.incr(key)
        pipe.expire(key, rule.seconds, nx=True)
        pipe.ttl(key)
        if group is not None:
            group_key = f"{GROUP_PREFIX}{rule.name}:{group}"
            pipe.sadd(group_key, subject)
            pipe.expire(group_key, rule.seconds)
        count, _, ttl, *_ = pipe.execute()
        return int(count), max(int(ttl), 1)

    def _clear(self, rule: Rule, subjects: Iterable[str], group: str | None) -> None:
        keys = [f"{PREFIX}{rule.name}:{subject}" for subject in subjects]
        if group is not None:
            keys.append(f"{GROUP_PREFIX}{rule.name}:{group}")
        if keys:
            self._redis.delete(*keys)

    def _members(self, rule: Rule, group: str) -> list[str]:
        members = self._redis.smembers(f"{GROUP_PREFIX}{rule.name}:{group}")
        return sorted(m.decode() if isinstance(m, bytes) else str(m) for m in members)


_METADATA = MetaData()
THROTTLE_TABLE = Table(
    "gi_throttle",
    _METADATA,
    Column("key", String(160), primary_key=True),
    Column("grp", String(160), nullable=True, index=True),
    Column("hits", Integer, nullable=False),
    Column("expires", DateTime(timezone=True), nullable=False),
)


class SqlThrottle(Throttle):
    """One row per counter; a row past its window counts as none (and is replaced on the next hit)."""

    unavailable = (OperationalError,)

    def __init__(self, engine: Engine):
        super().__init__()
        self._engine = engine
        _METADATA.create_all(engine)

    def _count(self, rule: Rule, subject: str) -> tuple[int, int]:
        now, table = datetime.now(UTC), THROTTLE_TABLE
        with self._engine.connect() as conn:
            query = select(table.c.hits, table.c.expires).where(table.c.key == f"{rule.name}:{subject}")
            row = conn.execute(query).first()
        if row is None or as_aware(row.expires) <= now:
            return 0, 0
        return int(row.hits), max(1, math.ceil((as_aware(row.expires) - now).total_seconds()))

    def _add(self, rule: Rule, subject: str, group: str | None) -> tuple[int, int]:
        key, table = f"{rule.name}:{subject}", THROTTLE_TABLE
        grp = f"{rule.name}:{group}" if group is not None else None
        for _ in range(3):
            now = datetime.now(UTC)
            with self._engine.begin() as conn:
                live = (table.c.key == key) & (table.c.expires > now)
                if conn.execute(update(table).where(live).values(hits=table.c.hits + 1)).rowcount:
                    break
                conn.execute(delete(table).where(table.c.key == key))
                try:
                    with conn.begin_nested():
                        row = {"key": key, "grp": grp, "hits": 1, "expires": now + rule.window}
                        conn.execute(insert(table).values(**row))
                except IntegrityError:
                    continue  # another replica inserted it first: count again
                break
        return self._count(rule, subject)

    def _clear(self, rule: Rule, subjects: Iterable[str], group: str | None) -> None:
        keys, table = [f"{rule.name}:{subject}" for subject in subjects], THROTTLE_TABLE
        with self._engine.begin() as conn:
            if keys:
                conn.execute(delete(table).where(table.c.key.in_(keys)))
            conn.execute(delete(table).where(table.c.expires <= datetime.now(UTC)))

    def _members(self, rule: Rule, group: str) -> list[str]:
        prefix, table = f"{rule.name}:", THROTTLE_TABLE
        with self._engine.connect() as conn:
            keys = conn.execute(select(table.c.key).where(table.c.grp == f"{rule.name}:{group}")).scalars()
            return sorted(key.removeprefix(prefix) for key in keys)
