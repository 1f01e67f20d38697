"""Sessions that end: one record per login in a store every replica of every service reads.

A token names its session (`sid`); a token whose session is gone is refused everywhere at once. Logging
out ends one session; a deactivation, role or OPD change, or "log out everywhere" ends all of a user's.

The store is Redis (the default: `REDIS_URL`) or a SQL database (`SESSION_STORE_URL=postgresql+psycopg://
...`: logins then survive a Redis outage; `make run` without Redis uses a SQLite file all its processes
share). Redis keys: `gi:session:<sid>` (a hash: user, kind, created, seen, agent, address, refresh
digest; it expires with the session's absolute lifetime) and `gi:user-sessions:<user id>` (the user's
sids).
API sessions also carry a refresh token `<sid>.<secret>`, rotated on every use; presenting a spent one
ends the session (someone else holds a copy).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any, TypeVar

import redis
from sqlalchemy import Column, DateTime, Engine, MetaData, String, Table, delete, insert, select, update
from sqlalchemy.exc import OperationalError

from shared.db import as_aware, create_db_engine, utc_now
from shared.errors import ServiceUnavailable, Unauthorized

T = TypeVar("T")
SESSION_PREFIX = "gi:session:"
USER_PREFIX = "gi:user-sessions:"


class SessionKind(StrEnum):
    browser = "browser"
    api = "api"


class SessionsUnavailable(ServiceUnavailable, code="auth.sessions_unavailable"): ...


@dataclass(frozen=True)
class SessionInfo:
    """One active session, as the account page lists it."""

    session_id: str
    kind: SessionKind
    created: datetime
    seen: datetime
    agent: str
    address: str


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _moment(value: str | None) -> datetime:
    return datetime.fromtimestamp(float(value or 0), tz=UTC)


class SessionStore:
    """The session records (one or two round trips per call); a backend stores `Record`s."""

    def start(
        self,
        user_id: uuid.UUID,
        *,
        kind: SessionKind,
        lifetime: timedelta,
        agent: str = "",
        address: str = "",
    ) -> str:
        """A new session for `user_id`, ending by itself after `lifetime`; returns its id."""
        sid = secrets.token_urlsafe(18)
        now = utc_now()
        record = Record(sid, user_id, kind, now, now, now + lifetime, agent[:200], address[:64], "")
        self._guarded(lambda: self._insert(record))
        return sid

    def is_active(self, sid: str, user_id: uuid.UUID) -> bool:
        """Whether the session exists and belongs to `user_id`."""
        record = self._guarded(lambda: self._get(sid))
        return record is not None and record.user_id == user_id

    def end(self, sid: str) -> None:
        self._guarded(lambda: self._delete(sid))

    def end_all(self, user_id: uuid.UUID, *, keep: str | None = None) -> int:
        """End every session of `user_id` (but `keep`); returns how many ended."""
        return self._guarded(lambda: self._delete_user(user_id, keep))

    def active(self, user_id: uuid.UUID) -> list[SessionInfo]:
        """The user's sessions still alive, newest first."""
        records = self._guarded(lambda: self._of_user(user_id))
        return [
            SessionInfo(r.sid, r.kind, r.created, r.seen, r.agent, r.address)
            for r in sorted(records, key=lambda r: r.created, reverse=True)
        ]

    def new_refresh_token(self, sid: str) -> str:
        """A fresh refresh token for the session; the one before it is spent."""
        secret = secrets.token_urlsafe(32)
        self._guarded(lambda: self._set_refresh(sid, _digest(secret)))
        return f"{sid}.{secret}"

    def redeem_refresh_token(self, token: str) -> tuple[str, uuid.UUID]:
        """The (session id, user id) a refresh token belongs to; a spent or unknown one is refused, and a
        spent one ends its session (its copy is in someone else's hands)."""
        sid, _, secret = token.partition(".")
        record = self._guarded(lambda: self._get(sid)) if sid and secret else None
        if record is None or not record.refresh:
            raise Unauthorized("auth.refresh_invalid")
        if not hmac.compare_digest(record.refresh, _digest(secret)):
            self.end(sid)
            raise Unauthorized("auth.refresh_reused")
        return sid, record.user_id

    def _guarded(self, action: Callable[[], T]) -> T:
        try:
            return action()
        except self.unavailable as exc:
            raise SessionsUnavailable() from exc

    # ---- what a backend provides ----

    unavailable: tuple[type[Exception], ...] = ()

    def _insert(self, record: Record) -> None:
        raise NotImplementedError

    def _get(self, sid: str) -> Record | None:
        """The live session `sid` (None when it ended or expired)."""
        raise NotImplementedError

    def _delete(self, sid: str) -> None:
        raise NotImplementedError

    def _delete_user(self, user_id: uuid.UUID, keep: str | None) -> int:
        raise NotImplementedError

    def _of_user(self, user_id: uuid.UUID) -> list[Record]:
        raise NotImplementedError

    def _set_refresh(self, sid: str, digest: str) -> None:
        raise NotImplementedError

    def ping(self) -> None:
        raise NotImplementedError


@dataclass(frozen=True)
class Record:
    sid: str
    user_id: uuid.UUID
    kind: SessionKind
    created: datetime
    seen: datetime
    expires: datetime
    agent: str
    address: str
    refresh: str


def session_store(url: str) -> SessionStore:
    """The store at `url`: `redis://...` or a SQLAlchemy database URL."""
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisSessionStore(
            redis.Redis.from_url(url, socket_connect_timeout=3, socket_timeout=3, decode_responses=True)
        )
    return SqlSessionStore(create_db_engine(url))


class RedisSessionStore(SessionStore):
    """A hash per session expiring with it, and a set of sids per user."""

    unavailable = (redis.RedisError,)

    def __init__(self, client: redis.Redis):
        self._redis = client

    def _insert(self, record: Record) -> None:
        seconds = max(1, int((record.expires - record.created).total_seconds()))
        fields: dict[Any, Any] = {
            "user": str(record.user_id),
            "kind": record.kind.value,
            "created": record.created.timestamp(),
            "seen": record.seen.timestamp(),
            "agent": record.agent,
            "address": record.address,
        }
        index = USER_PREFIX + str(record.user_id)
        with self._redis.pipeline() as pipe:
            pipe.hset(SESSION_PREFIX + record.sid, mapping=fields)
            pipe.expire(SESSION_PREFIX + record.sid, seconds)
            pipe.sadd(index, record.sid)
            pipe.expire(index, seconds, gt=True)
            pipe.expire(index, seconds, nx=True)
            pipe.execute()

    def _get(self, sid: str) -> Record | None:
        fields: dict[str, str] = self._redis.hgetall(SESSION_PREFIX + sid)  # type: ignore[assignment]
        return self._record(sid, fields)

    @staticmethod
    def _record(sid: str, fields: dict[str, str]) -> Record | None:
        if not fields.get("user"):
            return None
        return Record(
            sid,
            uuid.UUID(fields["user"]),
            SessionKind(fields.get("kind", "browser")),
            _moment(fields.get("created")),
            _moment(fields.get("seen")),
            _moment(None),
            fields.get("agent", ""),
            fields.get("address", ""),
            fields.get("refresh", ""),
        )

    def _members(self, user_id: uuid.UUID) -> list[str]:
        return sorted(str(sid) for sid in self._redis.smembers(USER_PREFIX + str(user_id)))

    def _delete(self, sid: str) -> None:
        owner = self._redis.hget(SESSION_PREFIX + sid, "user")
        with self._redis.pipeline() as pipe:
            pipe.delete(SESSION_PREFIX + sid)
            if owner:
                pipe.srem(USER_PREFIX + str(owner), sid)
            pipe.execute()

    def _delete_user(self, user_id: uuid.UUID, keep: str | None) -> int:
        sids = [sid for sid in self._members(user_id) if sid != keep]
        if not sids:
            return 0
        with self._redis.pipeline() as pipe:
            pipe.delete(*(SESSION_PREFIX + sid for sid in sids))
            pipe.srem(USER_PREFIX + str(user_id), *sids)
            pipe.execute()
        return len(sids)

    def _of_user(self, user_id: uuid.UUID) -> list[Record]:
        sids = self._members(user_id)
        with self._redis.pipeline() as pipe:
            for sid in sids:
                pipe.hgetall(SESSION_PREFIX + sid)
            found: list[dict[str, str]] = pipe.execute()
        records = {sid: self._record(sid, fields) for sid, fields in zip(sids, found, strict=True)}
        if gone := [sid for sid, record in records.items() if record is None]:
            self._redis.srem(USER_PREFIX + str(user_id), *gone)  # expired: forget them
        return [record for record in records.values() if record is not None]

    def _set_refresh(self, sid: str, digest: str) -> None:
        if self._redis.exists(SESSION_PREFIX + sid):
            self._redis.hset(SESSION_PREFIX + sid, mapping={"refresh": digest, "seen": utc_now().timestamp()})

    def ping(self) -> None:
        self._redis.ping()


_METADATA = MetaData()
SESSIONS_TABLE = Table(
    "gi_session",
    _METADATA,
    Column("sid", String(40), primary_key=True),
    Column("user_id", String(36), nullable=False, index=True),
    Column("kind", String(10), nullable=False),
    Column("created", DateTime(timezone=True), nullable=False),
    Column("seen", DateTime(timezone=True), nullable=False),
    Column("expires", DateTime(timezone=True), nullable=False, index=True),
    Column("agent", String(200), nullable=False, default=""),
    Column("address", String(64), nullable=False, default=""),
    Column("refresh", String(64), nullable=False, default=""),
)


class SqlSessionStore(SessionStore):
    """One table in a database of its own that every service reaches (created on first use)."""

    unavailable = (OperationalError,)

    def __init__(self, engine: Engine):
        self._engine = engine
        _METADATA.create_all(engine, checkfirst=True)

    def _insert(self, record: Record) -> None:
        values = {**record.__dict__, "user_id": str(record.user_id), "kind": record.kind.value}
        with self._engine.begin() as conn:
            conn.execute(insert(SESSIONS_TABLE).values(values))

    def _row(self, row: Any) -> Record:
        return Record(
            row.sid,
            uuid.UUID(row.user_id),
            SessionKind(row.kind),
            as_aware(row.created),
            as_aware(row.seen),
            as_aware(row.expires),
            row.agent,
            row.address,
            row.refresh,
        )

    def _get(self, sid: str) -> Record | None:
        query = select(SESSIONS_TABLE).where(
            SESSIONS_TABLE.c.sid == sid, SESSIONS_TABLE.c.expires > utc_now()
        )
        with self._engine.connect() as conn:
            row = conn.execute(query).first()
        return self._row(row) if row is not None else None

    def _delete(self, sid: str) -> None:
        with self._engine.begin() as conn:
            conn.execute(delete(SESSIONS_TABLE).where(SESSIONS_TABLE.c.sid == sid))

    def _delete_user(self, user_id: uuid.UUID, keep: str | None) -> int:
        query = delete(SESSIONS_TABLE).where(
            SESSIONS_TABLE.c.user_id == str(user_id), SESSIONS_TABLE.c.sid != (keep or "")
        )
        with self._engine.begin() as conn:
            conn.execute(delete(SESSIONS_TABLE).where(SESSIONS_TABLE.c.expires <= utc_now()))
            return int(conn.execute(query).rowcount)

    def _of_user(self, user_id: uuid.UUID) -> list[Record]:
        query = select(SESSIONS_TABLE).where(
            SESSIONS_TABLE.c.user_id == str(user_id), SESSIONS_TABLE.c.expires > utc_now()
        )
        with self._engine.connect() as conn:
            return [self._row(row) for row in conn.execute(query)]

    def _set_refresh(self, sid: str, digest: str) -> None:
        query = update(SESSIONS_TABLE).where(SESSIONS_TABLE.c.sid == sid)
        with self._engine.begin() as conn:
            conn.execute(query.values(refresh=digest, seen=utc_now()))

    def ping(self) -> None:
        with self._engine.connect() as conn:
            conn.execute(select(1))
