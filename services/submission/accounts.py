"""Rules of accounts and OPDs: invitations, password resets, logins, imports, replicas.

Every account change is audited and sent to review (reviewer directory) and notification (recipient
contacts) through the outbox. Functions flush; the request or task commits.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import secrets
import uuid
from dataclasses import dataclass, field, fields
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

import argon2.profiles
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.orm import Session

from services.submission import (
    audit,
    messages,  # noqa: F401 - registers the rules' texts
    principals,
    repository,
)
from services.submission.models import AccountToken, Opd, Pemda, UserAccount
from services.submission.throttling import LoginGuard
from shared.auth import Principal, Role
from shared.config import CHEAP_HASH_VARIABLE
from shared.contracts.accounts import AccountSnapshot, SyncRecipient, SyncReviewerAccount
from shared.contracts.notification import Notify
from shared.db import utc_now
from shared.errors import AppError, Conflict, Forbidden, InvalidInput, NotFound, Unauthorized
from shared.messaging.outbox import Database, UnitOfWork
from shared.phone import InvalidPhoneNumber, normalize_msisdn
from shared.sessions import SessionStore
from shared.tabular import looks_like_formula
from shared.throttle import Blocked

# The test suite hashes thousands of passwords: it sets GI_CHEAP_PASSWORD_HASH=1 for argon2's cheapest
# parameters (a hash keeps its parameters, so either kind verifies); production refuses the variable.
hasher = (
    PasswordHasher.from_parameters(argon2.profiles.CHEAPEST)
    if os.environ.get(CHEAP_HASH_VARIABLE) == "1"
    else PasswordHasher()
)
# Verified against when the account does not exist, so both paths take the same time.
_DUMMY_HASH = hasher.hash("no-such-account")
UNUSABLE_PASSWORD = "!invited"  # noqa: S105 - not a hash: nothing verifies against it
ACCOUNT_FIELDS = (
    "email",
    "name",
    "role",
    "pemda_id",
    "opd_id",
    "whatsapp",
    "whatsapp_opt_in",
    "language",
    "is_active",
)
MIN_PASSWORD = 8


class OpdKindUnknown(InvalidInput, code="opd.bad_kind"): ...


class OpdNameTaken(Conflict, code="opd.name_taken"): ...


class NeedsOpd(InvalidInput, code="account.needs_opd"): ...


class PasswordTooShort(InvalidInput, code="account.password_short"): ...


class EmailTaken(Conflict, code="account.email_taken"): ...


class BadPhone(InvalidInput, code="account.bad_phone"):
    """A WhatsApp number that cannot be used, with the reason in words (a landline, abroad, malformed)."""

    def __init__(self, refused: InvalidPhoneNumber):
        super().__init__(f"account.phone_{refused.problem.value}", value=refused.raw)


class AdminOnly(Forbidden, code="account.admin_only"): ...


class TokenInvalid(AppError, code="account.token_invalid"): ...


class InvalidCredentials(Unauthorized, code="auth.invalid_credentials"): ...


class ImportUnreadable(InvalidInput, code="import.unreadable"): ...


class ImportMissingColumns(InvalidInput, code="import.missing_columns"): ...


class ImportFormulaCell(InvalidInput, code="import.formula_cell"): ...


class OpdParentUnknown(InvalidInput, code="opd.bad_parent"): ...


class OpdKind(StrEnum):
    dinas = "dinas"
    badan = "badan"
    bagian = "bagian"
    sekretariat = "sekretariat"
    inspektorat = "inspektorat"
    kecamatan = "kecamatan"
    kelurahan = "kelurahan"
    desa = "desa"
    puskesmas = "puskesmas"
    rumah_sakit = "rumah_sakit"
    sekolah = "sekolah"
    bumd = "bumd"
    bumdes = "bumdes"
    lainnya = "lainnya"


@dataclass(frozen=True)
class AccountPolicy:
    public_url: str = "http://127.0.0.1:8001"
    invite_days: int = 7
    reset_hours: int = 2


# ---- replicas and audit ----


def snapshot_of(user: UserAccount, pemda: Pemda | None) -> AccountSnapshot:
    return AccountSnapshot(
        user_id=user.id,
        pemda_id=user.pemda_id,
        opd_id=user.opd_id,
        role=user.role.value,
        name=user.name,
        email=user.email,
        whatsapp=user.whatsapp,
        whatsapp_opt_in=user.whatsapp_opt_in,
        language=principals.language_of(user),
        timezone=principals.timezone_of(pemda),
        is_active=user.is_active,
        invitation_pending=user.password_hash == UNUSABLE_PASSWORD,
        changed_at=utc_now(),
    )


def _changed(
    uow: UnitOfWork, user: UserAccount, *, actor: Principal | None, action: str, before: dict[str, Any] | None
) -> None:
    """Audit an account change and tell review and notification how the account now is."""
    pemda = repository.get_pemda(uow.session, user.pemda_id) if user.pemda_id else None
    audit.record_row(
        uow.session,
        "user_account",
        user,
        actor=actor,
        action=action,
        before=before,
        after=audit.fields_of(user, ACCOUNT_FIELDS),
    )
    snapshot = snapshot_of(user, pemda)
    uow.publish(SyncReviewerAccount(account=snapshot))
    uow.publish(SyncRecipient(account=snapshot))


# ---- OPDs ----


def create_opd(
    uow: UnitOfWork,
    *,
    pemda: Pemda,
    name: str,
    kind: str,
    parent: Opd | None = None,
    actor: Principal | None = None,
) -> Opd:
    """Add an OPD of a known kind (dinas, kecamatan, puskesmas...), optionally under a parent."""
    name = " ".join(name.split())
    if kind not in OpdKind.__members__:
        raise OpdKindUnknown(kind=kind, choices=", ".join(OpdKind.__members__))
    if repository.get_opd_by_name(uow.session, pemda_id=pemda.id, name=name):
        raise OpdNameTaken(name=name)
    opd = Opd(pemda_id=pemda.id, name=name, kind=kind, parent_id=parent.id if parent else None)
    uow.session.add(opd)
    uow.session.flush()
    audit.record_row(
        uow.session,
        "opd",
        opd,
        actor=actor,
        action="create",
        after=audit.fields_of(opd, ("name", "kind", "parent_id")),
    )
    return opd


# ---- accounts ----


def create_user(
    uow: UnitOfWork,
    *,
    email: str,
    name: str,
    role: Role,
    password: str | None,
    pemda: Pemda | None,
    opd: Opd | None = None,
    whatsapp: str | None = None,
    whatsapp_opt_in: bool = False,
    language: str = "id",
    actor: Principal | None = None,
) -> UserAccount:
    """Create an account (no password: it is set through an invitation link)."""
    if role in (Role.opd_operator, Role.opd_head) and opd is None:
        raise NeedsOpd(role=role.value)
    if role is not Role.superadmin and pemda is None:
        raise ValueError(f"role {role} needs a pemda")
    if password is not None and len(password) < MIN_PASSWORD:
        raise PasswordTooShort(minimum=MIN_PASSWORD)
    if repository.get_user_by_email(uow.session, email):
        raise EmailTaken(email=email)
    phone = _phone(whatsapp)
    user = UserAccount(
        email=email.strip().lower(),
        name=name,
        role=role,
        pemda_id=pemda.id if pemda else None,
        opd_id=opd.id if opd else None,
        password_hash=hasher.hash(password) if password is not None else UNUSABLE_PASSWORD,
        whatsapp=phone,
        whatsapp_opt_in=whatsapp_opt_in and phone is not None,
        language=language,
        is_active=True,
    )
    uow.session.add(user)
    uow.session.flush()
    _changed(uow, user, actor=actor, action="create", before=None)
    return user


def _phone(whatsapp: str | None) -> str | None:
    """The WhatsApp number in international form (None if none was given); a bad one is refused."""
    try:
        return normalize_msisdn(whatsapp) if whatsapp else None
    except InvalidPhoneNumber as exc:
        raise BadPhone(exc) from exc


def _issue_token(uow: UnitOfWork, user: UserAccount, *, purpose: str, ttl: timedelta) -> tuple[str, datetime]:
    raw = secrets.token_urlsafe(32)
    expires_at = utc_now() + ttl
    uow.session.add(
        AccountToken(
            user_id=user.id,
            purpose=purpose,
            token_hash=hashlib.sha256(raw.encode()).hexdigest(),
            expires_at=expires_at,
        )
    )
    uow.session.flush()
    return raw, expires_at


def _send_link(
    uow: UnitOfWork, user: UserAccount, *, purpose: str, ttl: timedelta, event_type: str, url: str, key: str
) -> tuple[str, datetime]:
    """Send the user a one-time link (`url` + its token, under `key`) through notification."""
    raw, expires_at = _issue_token(uow, user, purpose=purpose, ttl=ttl)
    link = f"{url}?token={raw}"
    pemda = repository.get_pemda(uow.session, user.pemda_id) if user.pemda_id else None
    uow.publish(
        Notify(
            event_type=event_type,
            recipients=(principals.recipient_of(user, pemda),),
            data={key: link, "expires_at": expires_at.isoformat(), "pemda": pemda.name if pemda else ""},
        )
    )
    return link, expires_at


def invite(uow: UnitOfWork, *, user: UserAccount, policy: AccountPolicy, actor: Principal | None) -> str:
    """Send a one-time link to set the password (through notification); returns the link."""
    url, expires_at = _send_link(
        uow,
        user,
        purpose="invite",
        ttl=timedelta(days=policy.invite_days),
        event_type="account.invited",
        url=f"{policy.public_url}/accept-invitation",
        key="invite_url",
    )
    audit.record_row(
        uow.session,
        "user_account",
        user,
        actor=actor,
        action="invite",
        after={"expires_at": expires_at.isoformat()},
    )
    return url


def require_admin(principal: Principal) -> uuid.UUID:
    if principal.role is not Role.admin or principal.pemda_id is None:
        raise AdminOnly()
    return principal.pemda_id


@dataclass(frozen=True)
class AccountInput:
    email: str
    name: str
    role: Role
    opd_id: uuid.UUID | None = None
    whatsapp: str | None = None
    whatsapp_opt_in: bool = False
    language: str = "id"

    @classmethod
    def of(cls, source: object) -> AccountInput:
        """The input from a request or form that has these fields under the same names."""
        return cls(**{f.name: getattr(source, f.name) for f in fields(cls)})


def invite_account(
    uow: UnitOfWork, *, principal: Principal, data: AccountInput, policy: AccountPolicy
) -> UserAccount:
    """An admin adds someone to the pemda; they get a link to set their password."""
    pemda_id = require_admin(principal)
    if data.role is Role.superadmin:
        raise AdminOnly()
    pemda = repository.get_pemda(uow.session, pemda_id)
    assert pemda is not None
    opd = _opd_of_pemda(uow.session, pemda_id, data.opd_id)
    user = create_user(
        uow,
        email=data.email,
        name=data.name,
        role=data.role,
        password=None,
        pemda=pemda,
        opd=opd,
        whatsapp=data.whatsapp,
        whatsapp_opt_in=data.whatsapp_opt_in,
        language=data.language,
        actor=principal,
    )
    invite(uow, user=user, policy=policy, actor=principal)
    return user


def _opd_of_pemda(session: Session, pemda_id: uuid.UUID, opd_id: uuid.UUID | None) -> Opd | None:
    if opd_id is None:
        return None
    opd = repository.get_opd(session, opd_id)
    if opd is None or opd.pemda_id != pemda_id:
        raise NotFound()
    return opd


ACCESS_FIELDS = ("is_active", "role", "opd_id")


def update_account(
    uow: UnitOfWork,
    *,
    principal: Principal,
    user_id: uuid.UUID,
    changes: dict[str, Any],
    sessions: SessionStore,
) -> UserAccount:
    """An admin changes a person's role, OPD, contacts or deactivates them. A change of what the person may
    do (deactivation, role, OPD) ends their sessions in every service at once: they log in again as who
    they now are (Redis down: 503 and nothing changes)."""
    pemda_id = require_admin(principal)
    user = repository.get_user(uow.session, user_id)
    if user is None or user.pemda_id != pemda_id:
        raise NotFound()
    before = audit.fields_of(user, ACCOUNT_FIELDS)
    if "opd_id" in changes:
        opd = _opd_of_pemda(uow.session, pemda_id, changes.pop("opd_id"))
        user.opd_id = opd.id if opd else None
    if "whatsapp" in changes:
        user.whatsapp = _phone(changes.pop("whatsapp"))
    if changes.get("role") is Role.superadmin:
        raise AdminOnly()
    for name, value in changes.items():
        if value is not None:
            setattr(user, name, value)
    if user.role in (Role.opd_operator, Role.opd_head) and user.opd_id is None:
        raise NeedsOpd(role=user.role.value)
    uow.session.flush()
    if audit.fields_of(user, ACCESS_FIELDS) != {name: before[name] for name in ACCESS_FIELDS}:
        sessions.end_all(user.id)
    _changed(uow, user, actor=principal, action="update", before=before)
    return user


class WrongPassword(InvalidInput, code="account.wrong_password"): ...


def update_own_account(
    uow: UnitOfWork,
    *,
    principal: Principal,
    name: str,
    whatsapp: str | None,
    whatsapp_opt_in: bool,
    language: str,
) -> UserAccount:
    """A person changes their own name, WhatsApp number (and whether messages may go there) and language;
    role, OPD and email stay the admin's to change. Review and notification learn it as from an admin."""
    user = repository.get_user(uow.session, principal.user_id)
    if user is None or not user.is_active:
        raise NotFound()
    before = audit.fields_of(user, ACCOUNT_FIELDS)
    user.name, user.whatsapp = name, _phone(whatsapp)
    user.whatsapp_opt_in = whatsapp_opt_in and user.whatsapp is not None
    user.language = "en" if language == "en" else "id"
    uow.session.flush()
    _changed(uow, user, actor=principal, action="update_own", before=before)
    return user


def change_own_password(
    uow: UnitOfWork, *, principal: Principal, current: str, new: str, sessions: SessionStore
) -> UserAccount:
    """A new password for one's own account, the current one given first; every session ends (the
    person logs in again with the new one, and a stolen session stops working too)."""
    user = repository.get_user(uow.session, principal.user_id)
    if user is None or not user.is_active:
        raise NotFound()
    try:
        hasher.verify(user.password_hash, current)
    except (VerificationError, InvalidHashError) as exc:
        raise WrongPassword() from exc
    if len(new) < MIN_PASSWORD:
        raise PasswordTooShort(minimum=MIN_PASSWORD)
    user.password_hash = hasher.hash(new)
    uow.session.flush()
    sessions.end_all(user.id)
    audit.record_row(uow.session, "user_account", user, actor=principal, action="password_changed")
    return user


def end_sessions(uow: UnitOfWork, *, principal: Principal, user_id: uuid.UUID, sessions: SessionStore) -> int:
    """An admin logs a person of their pemda out everywhere (a lost phone, a shared password)."""
    user = _admins_user(uow, principal, user_id)
    ended = sessions.end_all(user.id)
    audit.record_row(
        uow.session, "user_account", user, actor=principal, action="sessions.ended", after={"ended": ended}
    )
    return ended


def _use_token(session: Session, raw: str, purpose: str) -> AccountToken:
    token = repository.get_account_token(session, hashlib.sha256(raw.encode()).hexdigest())
    if (
        token is None
        or token.purpose != purpose
        or token.used_at is not None
        or token.expires_at <= utc_now()
    ):
        raise TokenInvalid()
    token.used_at = utc_now()
    return token


def set_password_with_token(
    uow: UnitOfWork,
    *,
    raw_token: str,
    password: str,
    purpose: str,
    sessions: SessionStore,
    guard: LoginGuard,
    address: str,
) -> UserAccount:
    """Accept an invitation or complete a reset: the link works once, before it expires (wrong links are
    counted per address: too many, 429). A new password ends every session the old one opened."""
    guard.check_link(address)
    if len(password) < MIN_PASSWORD:
        raise PasswordTooShort(minimum=MIN_PASSWORD)
    try:
        token = _use_token(uow.session, raw_token, purpose)
    except TokenInvalid:
        guard.link_failed(address)
        raise
    user = repository.get_user(uow.session, token.user_id)
    assert user is not None
    was_invited = user.password_hash == UNUSABLE_PASSWORD
    user.password_hash = hasher.hash(password)
    uow.session.flush()
    sessions.end_all(user.id)
    audit.record_row(uow.session, "user_account", user, actor=None, action=f"{purpose}.password_set")
    if was_invited:  # the replicas learn the invitation was accepted: review may now give them work
        pemda = repository.get_pemda(uow.session, user.pemda_id) if user.pemda_id else None
        snapshot = snapshot_of(user, pemda)
        uow.publish(SyncReviewerAccount(account=snapshot))
        uow.publish(SyncRecipient(account=snapshot))
    return user


def request_password_reset(
    uow: UnitOfWork, *, email: str, policy: AccountPolicy, guard: LoginGuard, address: str
) -> None:
    """Send a reset link if the account exists and has not had its links for the hour (the answer is the
    same either way); too many requests from one address: 429."""
    if not guard.reset_allowed(email, address):
        return
    user = repository.get_user_by_email(uow.session, email)
    if user is None or not user.is_active:
        return
    _send_link(
        uow,
        user,
        purpose="reset",
        ttl=timedelta(hours=policy.reset_hours),
        event_type="account.password_reset",
        url=f"{policy.public_url}/reset-password",
        key="reset_url",
    )


# ---- login ----


def authenticate(session: Session, *, email: str, password: str) -> UserAccount:
    """The active account with this email and password, else 401 (throttling is the caller's:
    `throttling.LoginGuard`, checked before the hash is computed)."""
    user = repository.get_user_by_email(session, email)
    try:
        hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError) as exc:
        raise InvalidCredentials() from exc
    if user is None or not user.is_active:
        raise InvalidCredentials()
    return user


def log_in(
    uow: UnitOfWork, db: Database, guard: LoginGuard, *, email: str, password: str, address: str
) -> UserAccount:
    """The page's and the API's login: throttled before the hash, a failure counted (the request's
    transaction rolled back first), a success clearing its address's count."""
    guard.check_login(email, address)
    try:
        user = authenticate(uow.session, email=email, password=password)
    except Unauthorized:
        uow.session.rollback()
        count_failed_login(db, guard, email=email, address=address)
        raise
    guard.login_succeeded(email, address)
    return user


def count_failed_login(db: Database, guard: LoginGuard, *, email: str, address: str) -> None:
    """Count a failed login; the one that blocks the account from this address is written in the audit log
    (in a transaction of its own: the request's is rolled back, and on SQLite holds the write lock)."""
    if not guard.login_failed(email, address):
        return
    with db.unit_of_work() as uow:
        user = repository.get_user_by_email(uow.session, email)
        if user is not None:
            after = {"address": address, "minutes": guard.lock_minutes}
            audit.record_row(
                uow.session, "user_account", user, actor=None, action="login.locked", after=after
            )


def login_blocks(
    uow: UnitOfWork, *, principal: Principal, user_id: uuid.UUID, guard: LoginGuard
) -> list[Blocked]:
    """The addresses a person of the admin's pemda is blocked from logging in from, now."""
    return guard.blocked(_admins_user(uow, principal, user_id).email)


def unlock_login(uow: UnitOfWork, *, principal: Principal, user_id: uuid.UUID, guard: LoginGuard) -> int:
    """An admin lifts every login block of a person of their pemda; how many addresses were blocked."""
    user = _admins_user(uow, principal, user_id)
    unblocked = guard.unlock(user.email)
    audit.record_row(
        uow.session,
        "user_account",
        user,
        actor=principal,
        action="login.unlocked",
        after={"addresses": unblocked},
    )
    return unblocked


def _admins_user(uow: UnitOfWork, principal: Principal, user_id: uuid.UUID) -> UserAccount:
    pemda_id = require_admin(principal)
    user = repository.get_user(uow.session, user_id)
    if user is None or user.pemda_id != pemda_id:
        raise NotFound()
    return user


# ---- imports (CSV or XLSX; all rows or none) ----

OPD_COLUMNS = ("name", "kind")
USER_COLUMNS = ("email", "name", "role")


@dataclass
class RowReport:
    row: int
    ok: bool
    errors: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    imported: int
    refused: int
    rows: list[RowReport]


def read_table(content: bytes, filename: str) -> list[dict[str, str]]:
    """Rows of a CSV (UTF-8, comma or semicolon) or the first sheet of an XLSX, keyed by lower-case header."""
    try:
        if content.startswith(b"PK") or filename.lower().endswith(".xlsx"):
            from openpyxl import load_workbook

            # Not data_only: a formula cell reads as its "=..." text, which the rows then refuse.
            sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
            values = [
                ["" if v is None else str(v).strip() for v in row]
                for row in sheet.iter_rows(values_only=True)
            ]
        else:
            text = content.decode("utf-8-sig")
            dialect = csv.Sniffer().sniff(text.splitlines()[0] if text else ",", delimiters=",;")
            values = [[c.strip() for c in row] for row in csv.reader(io.StringIO(text), dialect)]
    except Exception as exc:  # a broken zip, bad encoding...: the user fixes the file
        raise ImportUnreadable(reason=type(exc).__name__) from exc
    if not values:
        return []
    header = [h.lower() for h in values[0]]
    return [dict(zip(header, row, strict=False)) for row in values[1:] if any(row)]


def _check_columns(rows: list[dict[str, str]], required: tuple[str, ...]) -> None:
    missing = [c for c in required if rows and c not in rows[0]]
    if missing:
        raise ImportMissingColumns(columns=", ".join(missing))


class ImportRefused(InvalidInput, code="import.refused"):
    """Some rows were refused: the whole import is rolled back, the report says why per row."""

    def __init__(self, report: ImportReport):
        super().__init__(refused=report.refused)
        self.report = report


def _refuse_formulas(row: dict[str, str], *, number: int) -> None:
    """A cell a spreadsheet would run as a formula refuses its row (see `shared.tabular`)."""
    for column, value in row.items():
        if looks_like_formula(value):
            raise ImportFormulaCell(row=number, column=column)


def _run_rows(uow: UnitOfWork, rows: list[dict[str, str]], apply: Any) -> ImportReport:
    """Apply each row in its own savepoint so every row is reported; keep all only if all pass."""
    reports = []
    for number, row in enumerate(rows, start=2):  # row 1 is the header
        savepoint = uow.session.begin_nested()
        try:
            _refuse_formulas(row, number=number)
            apply(row)
            uow.session.flush()
            savepoint.commit()
            reports.append(RowReport(row=number, ok=True))
        except (AppError, ValueError) as exc:
            savepoint.rollback()
            message = exc.message() if isinstance(exc, AppError) else str(exc)
            reports.append(RowReport(row=number, ok=False, errors=[message]))
    refused = sum(1 for r in reports if not r.ok)
    if refused:
        raise ImportRefused(ImportReport(imported=0, refused=refused, rows=reports))
    return ImportReport(imported=len(reports), refused=0, rows=reports)


def _admin_import(
    uow: UnitOfWork, principal: Principal, content: bytes, filename: str, required: tuple[str, ...]
) -> tuple[Pemda, list[dict[str, str]]]:
    """The admin's pemda and the file's rows, once the file has the required columns."""
    pemda = repository.get_pemda(uow.session, require_admin(principal))
    assert pemda is not None
    rows = read_table(content, filename)
    _check_columns(rows, required)
    return pemda, rows


def _named_opd(session: Session, pemda: Pemda, name: str) -> Opd | None:
    """The pemda's OPD a row names (None for an empty cell); an unknown name refuses the row."""
    if not name:
        return None
    opd = repository.get_opd_by_name(session, pemda_id=pemda.id, name=name)
    if opd is None:
        raise OpdParentUnknown(parent=name)
    return opd


def import_opds(uow: UnitOfWork, *, principal: Principal, content: bytes, filename: str) -> ImportReport:
    """Columns: name, kind, parent (optional, the parent's name, earlier in the file or existing)."""
    pemda, rows = _admin_import(uow, principal, content, filename, OPD_COLUMNS)

    def apply(row: dict[str, str]) -> None:
        parent = _named_opd(uow.session, pemda, row.get("parent", ""))
        create_opd(
            uow,
            pemda=pemda,
            name=row.get("name", ""),
            kind=row.get("kind", ""),
            parent=parent,
            actor=principal,
        )

    return _run_rows(uow, rows, apply)


def import_users(
    uow: UnitOfWork, *, principal: Principal, content: bytes, filename: str, policy: AccountPolicy
) -> ImportReport:
    """Columns: email, name, role, opd, whatsapp, whatsapp_opt_in (ya/yes/1), language; each invited."""
    pemda, rows = _admin_import(uow, principal, content, filename, USER_COLUMNS)

    def apply(row: dict[str, str]) -> None:
        try:
            role = Role(row.get("role", "").strip().lower())
        except ValueError as exc:
            raise ValueError(f"role '{row.get('role', '')}'?") from exc
        if role is Role.superadmin:
            raise AdminOnly()
        opd = _named_opd(uow.session, pemda, row.get("opd", ""))
        if "@" not in row.get("email", ""):
            raise ValueError(f"email '{row.get('email', '')}'?")
        user = create_user(
            uow,
            email=row["email"],
            name=row.get("name") or row["email"],
            role=role,
            password=None,
            pemda=pemda,
            opd=opd,
            whatsapp=row.get("whatsapp") or None,
            whatsapp_opt_in=row.get("whatsapp_opt_in", "").lower() in ("1", "ya", "yes", "true", "y"),
            language="en" if row.get("language", "").lower() == "en" else "id",
            actor=principal,
        )
        invite(uow, user=user, policy=policy, actor=principal)

    return _run_rows(uow, rows, apply)
