"""Session records in Redis: started, checked, ended one by one or all of a user's, refresh tokens rotated."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from datetime import timedelta

import pytest

from shared.errors import Unauthorized
from shared.sessions import RedisSessionStore, SessionKind, SessionStore, SqlSessionStore, session_store


@pytest.fixture(params=["redis", "postgresql"])
def sessions(
    request: pytest.FixtureRequest, redis_url: str, pg_database: Callable[[str], str]
) -> SessionStore:
    """Each test on both stores: Redis (the default) and a database (logins that survive a Redis outage)."""
    if request.param == "redis":
        store = session_store(redis_url)
        assert isinstance(store, RedisSessionStore)
        return store
    store = session_store(pg_database("sessions"))
    assert isinstance(store, SqlSessionStore)
    return store


def _start(
    sessions: SessionStore, user: uuid.UUID, seconds: float = 60, kind: SessionKind = SessionKind.api
) -> str:
    return sessions.start(
        user, kind=kind, lifetime=timedelta(seconds=seconds), agent="Chrome", address="10.0.0.7"
    )


def test_a_session_is_active_for_its_user_only_until_it_ends(sessions: SessionStore) -> None:
    user, stranger = uuid.uuid4(), uuid.uuid4()
    sid = _start(sessions, user)

    assert sessions.is_active(sid, user)
    assert not sessions.is_active(sid, stranger)  # a token naming someone else's session
    sessions.end(sid)
    assert not sessions.is_active(sid, user)


def test_ending_all_of_a_users_sessions_can_keep_the_current_one(sessions: SessionStore) -> None:
    user, other = uuid.uuid4(), uuid.uuid4()
    phone, laptop, api = _start(sessions, user), _start(sessions, user), _start(sessions, user)
    others = _start(sessions, other)

    assert sessions.end_all(user, keep=laptop) == 2
    assert [sessions.is_active(sid, user) for sid in (phone, laptop, api)] == [False, True, False]
    assert sessions.is_active(others, other)  # nobody else is touched


def test_the_list_shows_live_sessions_newest_first_and_forgets_expired_ones(sessions: SessionStore) -> None:
    user = uuid.uuid4()
    short = _start(sessions, user, seconds=1, kind=SessionKind.browser)
    time.sleep(0.01)
    long = _start(sessions, user, seconds=60)

    listed = sessions.active(user)
    assert [s.session_id for s in listed] == [long, short]
    assert (listed[1].kind, listed[1].agent, listed[1].address) == (SessionKind.browser, "Chrome", "10.0.0.7")
    time.sleep(1.2)
    assert [s.session_id for s in sessions.active(user)] == [long]


def test_a_refresh_token_works_once_and_a_second_use_ends_the_session(sessions: SessionStore) -> None:
    user = uuid.uuid4()
    sid = _start(sessions, user)
    first = sessions.new_refresh_token(sid)

    assert sessions.redeem_refresh_token(first) == (sid, user)
    second = sessions.new_refresh_token(sid)
    assert sessions.redeem_refresh_token(second) == (sid, user)
    sessions.new_refresh_token(sid)

    with pytest.raises(Unauthorized) as info:
        sessions.redeem_refresh_token(first)  # a copy someone kept
    assert info.value.code == "auth.refresh_reused"
    assert not sessions.is_active(sid, user)


@pytest.mark.parametrize("token", ["", "no-dot", "unknown.secret", ".secret"])
def test_an_unknown_refresh_token_is_refused(sessions: SessionStore, token: str) -> None:
    with pytest.raises(Unauthorized) as info:
        sessions.redeem_refresh_token(token)
    assert info.value.code == "auth.refresh_invalid"
