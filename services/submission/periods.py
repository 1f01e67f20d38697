"""Rules of periods (the yearly calls), their catalogues and deadlines. Functions flush only."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from services.submission import (
    audit,
    messages,  # noqa: F401 - registers the rules' texts
    principals,
    repository,
)
from services.submission.catalogue import (
    DEFAULT_CODE,
    DEFAULT_JUMLAH_INOVASI,
    DEFAULT_PREDICATES,
    DEFAULT_TEMATIK,
    available_codes,
    load_catalogue,
)
from services.submission.models import Pemda, Period, PeriodExtension, UserAccount
from shared.auth import Principal, Role
from shared.contracts.catalogue import Catalogue, JumlahInovasiRule, Predicate
from shared.contracts.notification import Notify
from shared.contracts.review import PeriodSettings, SyncPeriod
from shared.db import utc_now
from shared.errors import Conflict, Forbidden, InvalidInput, NotFound
from shared.i18n import current_language
from shared.messaging.outbox import UnitOfWork
from shared.timefmt import format_local

PERIOD_FIELDS = (
    "name",
    "opens_at",
    "closes_at",
    "catalogue_code",
    "revision_days",
    "eligible_from",
    "eligible_to",
    "k",
    "predicates",
    "jumlah_inovasi",
    "tematik_options",
)


class PeriodAdminOnly(Forbidden, code="period.admin_only"): ...


class UnknownCatalogue(InvalidInput, code="period.unknown_catalogue"): ...


class BadDates(InvalidInput, code="period.bad_dates"): ...


class DuplicateYear(Conflict, code="period.duplicate_year"): ...


class BadWindow(InvalidInput, code="period.bad_window"): ...


class CatalogueFrozen(Conflict, code="period.catalogue_frozen"): ...


class RulesFrozen(Conflict, code="period.rules_frozen"): ...


class PeriodNotOpen(Conflict, code="period.not_open"): ...


class PeriodClosed(Conflict, code="period.closed"): ...


class NobodyToRemind(Conflict, code="period.remind_nobody"): ...


def local(moment: datetime, timezone: str) -> str:
    """A moment in the pemda's zone, in the request's language (`... pukul 23.59 WITA`)."""
    return format_local(moment, timezone, current_language.get())


def local_year_bounds(timezone: str, year: int) -> tuple[datetime, datetime]:
    """1 January 00:00 to 1 January of the next year in the pemda's zone, as UTC."""
    zone = ZoneInfo(timezone)
    start = datetime(year, 1, 1, tzinfo=zone).astimezone(UTC)
    end = datetime(year + 1, 1, 1, tzinfo=zone).astimezone(UTC)
    return start, end


def as_local(moment: datetime | None, timezone: str) -> datetime | None:
    """A time without a zone is the pemda's local time (what an admin types); returned in UTC."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=ZoneInfo(timezone))
    return moment.astimezone(UTC)


def catalogue_of(period: Period) -> Catalogue:
    """The period's own copy of its catalogue (the file's, for periods made before copies)."""
    if period.catalogue:
        return Catalogue.model_validate(period.catalogue)
    return load_catalogue(period.catalogue_code)


def require_admin(principal: Principal, pemda_id: uuid.UUID | None = None) -> uuid.UUID:
    """The admin's pemda id; anyone else is refused."""
    if principal.role not in (Role.admin, Role.superadmin) or (
        principal.role is Role.admin and principal.pemda_id is None
    ):
        raise PeriodAdminOnly()
    if principal.role is Role.superadmin and pemda_id is not None:
        return pemda_id
    if principal.pemda_id is None:
        raise PeriodAdminOnly()
    return principal.pemda_id


@dataclass(frozen=True)
class PeriodInput:
    year: int
    opens_at: datetime | None = None
    closes_at: datetime | None = None
    name: str | None = None
    catalogue_code: str = DEFAULT_CODE
    revision_days: int = 7
    eligible_from: date | None = None
    eligible_to: date | None = None
    # None: the year's rule from the catalogue (`year_rules`), else today's default.
    k: int | None = None
    predicates: tuple[Predicate, ...] | None = None
    jumlah_inovasi: JumlahInovasiRule | None = None
    tematik_options: tuple[str, ...] | None = None


RULE_FIELDS = ("eligible_from", "eligible_to", "k", "predicates", "jumlah_inovasi", "tematik_options")


@dataclass(frozen=True)
class YearDefaults:
    """The rules a new period of `year` takes from its catalogue (today's defaults where it has none)."""

    k: int
    predicates: tuple[Predicate, ...]
    jumlah_inovasi: JumlahInovasiRule
    tematik_options: tuple[str, ...]
    eligible_from: date
    eligible_to: date


def year_defaults(catalogue: Catalogue, year: int) -> YearDefaults:
    """k, bands, tematik, jumlah-inovasi rule and the window: applied from 1 January of year - n to
    31 December of the previous year (Pedoman IGA 2026: 2024-01-01..2025-12-31 for 2026)."""
    rules = catalogue.year_rules
    back = rules.eligibility_years_back if rules else 2
    return YearDefaults(
        k=rules.k if rules else 14,
        predicates=rules.predicates if rules else DEFAULT_PREDICATES,
        jumlah_inovasi=rules.jumlah_inovasi if rules else DEFAULT_JUMLAH_INOVASI,
        tematik_options=rules.tematik if rules else DEFAULT_TEMATIK,
        eligible_from=date(year - back, 1, 1),
        eligible_to=date(year - 1, 12, 31),
    )


def _check_catalogue(code: str) -> Catalogue:
    try:
        return load_catalogue(code)
    except LookupError as exc:
        raise UnknownCatalogue(code=code, choices=", ".join(available_codes())) from exc


def create_period(
    uow: UnitOfWork, *, pemda: Pemda, data: PeriodInput, actor: Principal | None = None
) -> Period:
    """Open a pemda's yearly call with a copy of its catalogue, and tell review."""
    default_open, default_close = local_year_bounds(pemda.timezone, data.year)
    opens_at = as_local(data.opens_at, pemda.timezone) or default_open
    closes_at = as_local(data.closes_at, pemda.timezone) or default_close
    if closes_at <= opens_at:
        raise BadDates()
    if repository.get_period(uow.session, pemda_id=pemda.id, year=data.year):
        raise DuplicateYear(year=data.year)
    catalogue = _check_catalogue(data.catalogue_code)
    defaults = year_defaults(catalogue, data.year)
    eligible_from = data.eligible_from or defaults.eligible_from
    eligible_to = data.eligible_to or defaults.eligible_to
    if eligible_to < eligible_from:
        raise BadWindow()
    period = Period(
        pemda_id=pemda.id,
        year=data.year,
        name=data.name or f"Gelar Inovasi Daerah {data.year}",
        opens_at=opens_at,
        closes_at=closes_at,
        catalogue_code=catalogue.code,
        catalogue=catalogue.model_dump(mode="json"),
        revision_days=data.revision_days,
        eligible_from=eligible_from,
        eligible_to=eligible_to,
        k=data.k or defaults.k,
        predicates=[p.model_dump(mode="json") for p in data.predicates or defaults.predicates],
        jumlah_inovasi=(data.jumlah_inovasi or defaults.jumlah_inovasi).model_dump(mode="json"),
        tematik_options=list(data.tematik_options or defaults.tematik_options),
    )
    uow.session.add(period)
    _changed(uow, period, pemda, actor=actor, action="create", after=audit.fields_of(period, PERIOD_FIELDS))
    return period


def _changed(
    uow: UnitOfWork,
    period: Period,
    pemda: Pemda,
    *,
    actor: Principal | None,
    action: str,
    before: dict[str, Any] | None = None,
    after: dict[str, Any],
) -> None:
    """Audit a period's change and tell review how the period now is."""
    uow.session.flush()
    audit.record_row(uow.session, "period", period, actor=actor, action=action, before=before, after=after)
    uow.publish(SyncPeriod(period=period_settings(period, pemda), changed_at=utc_now()))


def period_settings(period: Period, pemda: Pemda) -> PeriodSettings:
    """What review needs to know of a period."""
    return PeriodSettings(
        period_id=period.id,
        pemda_id=pemda.id,
        pemda_name=pemda.name,
        timezone=pemda.timezone,
        year=period.year,
        name=period.name,
        opens_at=period.opens_at,
        closes_at=period.closes_at,
        revision_days=period.revision_days,
        k=period.k,
        predicates=tuple(Predicate.model_validate(p) for p in period.predicates) or DEFAULT_PREDICATES,
        jumlah_inovasi=JumlahInovasiRule.model_validate(period.jumlah_inovasi)
        if period.jumlah_inovasi
        else DEFAULT_JUMLAH_INOVASI,
        catalogue=catalogue_of(period),
    )


def get_period(session: Session, *, principal: Principal, period_id: uuid.UUID) -> Period:
    period = repository.get_period_by_id(session, period_id)
    if period is None or (principal.role is not Role.superadmin and period.pemda_id != principal.pemda_id):
        raise NotFound()
    return period


def _admin_period(session: Session, principal: Principal, period_id: uuid.UUID) -> tuple[Period, Pemda]:
    """A period the caller administers, with its pemda (404 if not visible, 403 if not an admin)."""
    period = get_period(session, principal=principal, period_id=period_id)
    require_admin(principal, period.pemda_id)
    pemda = repository.get_pemda(session, period.pemda_id)
    assert pemda is not None
    return period, pemda


def update_period(
    uow: UnitOfWork, *, principal: Principal, period_id: uuid.UUID, changes: dict[str, Any]
) -> Period:
    """Change a period's dates; its catalogue and year rules only until it opens.

    A new catalogue brings its year's rules, except those given in the same change.
    """
    period, pemda = _admin_period(uow.session, principal, period_id)
    before = audit.fields_of(period, PERIOD_FIELDS)
    changed_rules = [
        name
        for name in RULE_FIELDS
        if changes.get(name) is not None and _differs(period, name, changes[name])
    ]
    if changed_rules and utc_now() >= period.opens_at:
        raise RulesFrozen(opens=local(period.opens_at, pemda.timezone))
    if "catalogue_code" in changes and changes["catalogue_code"] != period.catalogue_code:
        _ensure_not_open(period, pemda)
        catalogue = _check_catalogue(changes.pop("catalogue_code"))
        period.catalogue_code, period.catalogue = catalogue.code, catalogue.model_dump(mode="json")
        for name, value in vars(year_defaults(catalogue, period.year)).items():
            if changes.get(name) is None:
                changes[name] = value
    changes.pop("catalogue_code", None)
    for name in ("predicates", "jumlah_inovasi"):
        if name in changes and changes[name] is not None:
            value = changes.pop(name)
            setattr(
                period,
                name,
                [p.model_dump(mode="json") for p in value]
                if isinstance(value, tuple | list)
                else value.model_dump(mode="json"),
            )
    for name in ("opens_at", "closes_at"):
        if changes.get(name) is not None:
            changes[name] = as_local(changes[name], pemda.timezone)
    for name, value in changes.items():
        if value is not None:
            setattr(period, name, list(value) if isinstance(value, tuple) else value)
    if period.closes_at <= period.opens_at:
        raise BadDates()
    if period.eligible_from and period.eligible_to and period.eligible_to < period.eligible_from:
        raise BadWindow()
    _changed(
        uow,
        period,
        pemda,
        actor=principal,
        action="update",
        before=before,
        after=audit.fields_of(period, PERIOD_FIELDS),
    )
    return period


def _differs(period: Period, name: str, value: Any) -> bool:
    """Whether a rule's new value differs from the stored one (an unchanged value sent again is no change)."""
    if name in ("predicates", "jumlah_inovasi"):
        dumped: Any = (
            [p.model_dump(mode="json") for p in value]
            if isinstance(value, tuple | list)
            else value.model_dump(mode="json")
        )
        return bool(dumped != getattr(period, name))
    if name == "tematik_options":
        return list(value) != list(period.tematik_options)
    return bool(value != getattr(period, name))


def _ensure_not_open(period: Period, pemda: Pemda) -> None:
    if utc_now() >= period.opens_at:
        raise CatalogueFrozen(opens=local(period.opens_at, pemda.timezone))


def replace_catalogue(
    uow: UnitOfWork, *, principal: Principal, period_id: uuid.UUID, catalogue: Catalogue
) -> Period:
    """Put an edited copy of a catalogue on a period that has not opened yet."""
    period, pemda = _admin_period(uow.session, principal, period_id)
    _ensure_not_open(period, pemda)
    before = {"catalogue": period.catalogue}
    period.catalogue, period.catalogue_code = catalogue.model_dump(mode="json"), catalogue.code
    _changed(
        uow,
        period,
        pemda,
        actor=principal,
        action="replace_catalogue",
        before=before,
        after={"catalogue": period.catalogue},
    )
    return period


def set_extension(
    uow: UnitOfWork,
    *,
    principal: Principal,
    period_id: uuid.UUID,
    opd_id: uuid.UUID,
    closes_at: datetime,
    reason: str,
) -> PeriodExtension:
    """Give one OPD a later close than the period's."""
    period, pemda = _admin_period(uow.session, principal, period_id)
    opd = repository.get_opd(uow.session, opd_id)
    if opd is None or opd.pemda_id != period.pemda_id:
        raise NotFound()
    closes_at = as_local(closes_at, pemda.timezone) or closes_at
    if closes_at <= period.opens_at:
        raise BadDates()
    extension = repository.get_extension(uow.session, period_id=period.id, opd_id=opd.id)
    before = {"closes_at": extension.closes_at} if extension else None
    if extension is None:
        extension = PeriodExtension(period_id=period.id, opd_id=opd.id, closes_at=closes_at, reason=reason)
        uow.session.add(extension)
    extension.closes_at, extension.reason = closes_at, reason
    uow.session.flush()
    audit.record(
        uow.session,
        actor=principal,
        pemda_id=period.pemda_id,
        entity="period_extension",
        entity_id=extension.id,
        action="set",
        before=before,
        after={"opd_id": opd.id, "closes_at": closes_at, "reason": reason},
    )
    return extension


def deadline_for(session: Session, *, period: Period, opd_id: uuid.UUID) -> datetime:
    """When the period closes for this OPD (its extension, if later)."""
    extension = repository.get_extension(session, period_id=period.id, opd_id=opd_id)
    if extension is not None and extension.closes_at > period.closes_at:
        return extension.closes_at
    return period.closes_at


def ensure_open_for(session: Session, *, period: Period, opd_id: uuid.UUID, timezone: str) -> None:
    """Refuse (409, deadline in the pemda's zone) an OPD action outside the period's window."""
    now = utc_now()
    if now < period.opens_at:
        raise PeriodNotOpen(opens=local(period.opens_at, timezone))
    deadline = deadline_for(session, period=period, opd_id=opd_id)
    if now >= deadline:
        raise PeriodClosed(deadline=local(deadline, timezone))


def revision_deadline(period: Period, decided_at: datetime) -> datetime:
    return decided_at + timedelta(days=period.revision_days)


# ---- compliance and deadline reminders ----

REMINDER_DAYS = (7, 3, 1)
DRAFT_STATUSES = ("draft", "withdrawn", "awaiting_head")


@dataclass(frozen=True)
class OpdCompliance:
    opd_id: uuid.UUID
    name: str
    kind: str
    submitted: int
    drafts: int
    deadline: datetime

    @property
    def compliant(self) -> bool:
        return self.submitted > 0


def compliance(session: Session, *, principal: Principal, period_id: uuid.UUID) -> list[OpdCompliance]:
    """Per OPD of the pemda: how many innovations it sent to the pemda this period, and its drafts."""
    period = get_period(session, principal=principal, period_id=period_id)
    if principal.role not in (Role.admin, Role.superadmin):
        raise PeriodAdminOnly()
    return _compliance_rows(session, period)


def _compliance_rows(session: Session, period: Period) -> list[OpdCompliance]:
    counts = repository.innovation_counts_by_opd(session, period_id=period.id)
    rows = []
    for opd in repository.list_opds(session, pemda_id=period.pemda_id):
        submitted, drafts = _submitted_and_drafts(counts.get(opd.id, {}))
        rows.append(
            OpdCompliance(
                opd_id=opd.id,
                name=opd.name,
                kind=opd.kind,
                submitted=submitted,
                drafts=drafts,
                deadline=deadline_for(session, period=period, opd_id=opd.id),
            )
        )
    return rows


def _submitted_and_drafts(by_status: dict[str, int]) -> tuple[int, int]:
    """Of an OPD's innovations by status: how many reached the pemda, how many are still with the OPD."""
    sent = {s.value for s in repository.SENT_STATUSES}
    return (
        sum(n for status, n in by_status.items() if status in sent),
        sum(n for status, n in by_status.items() if status in DRAFT_STATUSES),
    )


@dataclass(frozen=True)
class ScheduledReminder:
    """One of an OPD's D-7/D-3/D-1 reminders: when it goes (or went), and whether it still will."""

    days_before: int
    at: datetime
    sent_at: datetime | None
    needed: bool  # False once the OPD has sent something and holds no draft: nothing to remind of

    @property
    def state(self) -> str:
        if self.sent_at is not None:
            return "sent"
        return "planned" if self.needed else "not_needed"


def reminder_schedule(
    session: Session, period: Period, rows: list[OpdCompliance]
) -> dict[uuid.UUID, list[ScheduledReminder]]:
    """Per OPD the D-7/D-3/D-1 reminders of its deadline (its extension when it has one): sent, planned,
    or not needed (the admin's compliance board shows them)."""
    sent = repository.sent_reminders(session, period_id=period.id)
    schedule: dict[uuid.UUID, list[ScheduledReminder]] = {}
    for row in rows:
        needed = not (row.compliant and row.drafts == 0)
        schedule[row.opd_id] = [
            ScheduledReminder(
                days_before=days,
                at=row.deadline - timedelta(days=days),
                sent_at=sent.get((row.opd_id, days)),
                needed=needed,
            )
            for days in REMINDER_DAYS
        ]
    return schedule


def _due_reminder(deadline: datetime, now: datetime) -> int | None:
    """The D-7/D-3/D-1 reminder due now for this deadline (the nearest one only), if any."""
    left = deadline - now
    if left <= timedelta(0):
        return None
    due = [days for days in REMINDER_DAYS if left <= timedelta(days=days)]
    return min(due) if due else None


def send_deadline_reminders(uow: UnitOfWork, *, now: datetime | None = None) -> int:
    """Remind OPDs with nothing submitted, or with drafts, at D-7, D-3 and D-1 (each once)."""
    now = now or utc_now()
    sent = 0
    horizon = now - timedelta(days=90)  # extensions may run past the period's own close
    for period in repository.list_periods_closing_between(
        uow.session, start=horizon, end=now + timedelta(days=8)
    ):
        if period.opens_at > now:
            continue
        pemda = repository.get_pemda(uow.session, period.pemda_id)
        assert pemda is not None
        for row in _compliance_rows(uow.session, period):
            days = _due_reminder(row.deadline, now)
            if days is None or (row.compliant and row.drafts == 0):
                continue
            users = repository.list_opd_users(
                uow.session, opd_id=row.opd_id, roles=(Role.opd_operator, Role.opd_head)
            )
            # Nobody to tell: not recorded as sent (the board must not say "terkirim"), tried again later.
            if not users:
                continue
            if not repository.add_reminder_if_absent(
                uow.session, period_id=period.id, opd_id=row.opd_id, days_before=days
            ):
                continue
            _publish_closing(
                uow,
                pemda=pemda,
                period=period,
                users=users,
                deadline=row.deadline,
                days_left=days,
                submitted=row.submitted,
                drafts=row.drafts,
                extra={"opd": row.name},
            )
            sent += 1
    return sent


def _publish_closing(
    uow: UnitOfWork,
    *,
    pemda: Pemda,
    period: Period,
    users: list[UserAccount],
    deadline: datetime,
    days_left: int,
    submitted: int,
    drafts: int,
    extra: dict[str, Any],
) -> None:
    """The `period.closing` notice to an OPD's people: the deadline, what it has sent and drafted."""
    uow.publish(
        Notify(
            event_type="period.closing",
            recipients=tuple(principals.recipient_of(user, pemda) for user in users),
            data={
                "pemda": pemda.name,
                "period": period.name,
                "days_left": days_left,
                "closes_at": deadline.isoformat(),
                "closes_at_local": format_local(deadline, pemda.timezone),
                "submitted": submitted,
                "drafts": drafts,
                **extra,
            },
        )
    )


# ---- the admins' daily digest ----

DIGEST_LOCAL_HOUR = 7
REVIEW_STATUSES = ("submitted", "in_review", "resubmitted")


def _digest_row(name: str, by_status: dict[str, int]) -> dict[str, Any]:
    """One OPD's line: `drafts` and `submitted` are totals (as in compliance), the rest a breakdown."""
    submitted, drafts = _submitted_and_drafts(by_status)
    return {
        "name": name,
        "drafts": drafts,
        "awaiting_head": by_status.get("awaiting_head", 0),
        "submitted": submitted,
        "in_review": sum(n for status, n in by_status.items() if status in REVIEW_STATUSES),
        "revision_requested": by_status.get("revision_requested", 0),
        "accepted": by_status.get("accepted", 0),
        "rejected": by_status.get("rejected", 0),
    }


def send_admin_digest(uow: UnitOfWork, *, now: datetime | None = None) -> int:
    """Once a local day per pemda (from 07:00 in its zone): every OPD's progress in the open period."""
    now = now or utc_now()
    sent = 0
    for pemda in repository.list_pemdas(uow.session):
        local_now = now.astimezone(ZoneInfo(pemda.timezone))
        if local_now.hour < DIGEST_LOCAL_HOUR:
            continue
        period = repository.get_open_period(uow.session, pemda_id=pemda.id, at=now)
        if period is None:
            continue
        admins = repository.list_pemda_admins(uow.session, pemda_id=pemda.id)
        # Nobody to tell: not recorded, so an admin added later today still gets the day's digest.
        if not admins:
            continue
        if not repository.add_admin_digest_if_absent(
            uow.session, pemda_id=pemda.id, local_date=local_now.date()
        ):
            continue
        counts = repository.innovation_counts_by_opd(uow.session, period_id=period.id)
        opds = [
            {"opd_id": str(opd.id), **_digest_row(opd.name, counts.get(opd.id, {}))}
            for opd in repository.list_opds(uow.session, pemda_id=pemda.id)
        ]
        uow.publish(
            Notify(
                event_type="digest.admin_daily",
                recipients=tuple(principals.recipient_of(user, pemda) for user in admins),
                data={
                    "pemda": pemda.name,
                    "period": period.name,
                    "period_id": str(period.id),
                    "closes_at": period.closes_at.isoformat(),
                    "closes_at_local": format_local(period.closes_at, pemda.timezone),
                    "date": local_now.date().isoformat(),
                    "opds": opds,
                    "opds_total": len(opds),
                    "opds_without_submission": sum(1 for opd in opds if not opd["submitted"]),
                },
            )
        )
        sent += 1
    return sent


# ---- a reminder sent by hand from the admin's compliance board ----

MANUAL_REMINDER_GAP = timedelta(minutes=1)


@dataclass(frozen=True)
class ManualReminder:
    sent: bool  # False: the same OPD was reminded for this period less than a minute ago
    recipients: int
    last_at: datetime


def last_manual_reminders(
    session: Session, *, period: Period, opd_ids: list[uuid.UUID]
) -> dict[uuid.UUID, datetime]:
    """When each OPD was last reminded by hand in this period (from the audit log)."""
    if not opd_ids:
        return {}
    last: dict[uuid.UUID, datetime] = {}
    for entry in repository.audit_entries_since(
        session,
        pemda_id=period.pemda_id,
        entity="opd",
        action="remind",
        entity_ids=opd_ids,
        since=period.created_at,
    ):
        if (entry.after or {}).get("period_id") == str(period.id):
            last.setdefault(entry.entity_id, entry.at)
    return last


def remind_opd(
    uow: UnitOfWork,
    *,
    principal: Principal,
    period_id: uuid.UUID,
    opd_id: uuid.UUID,
    now: datetime | None = None,
) -> ManualReminder:
    """The admin reminds one OPD now: the same `period.closing` notice as the D-7/D-3/D-1 reminders.

    Sent through the outbox to the OPD's active operators and head, and audited (action `remind`). A
    second reminder for the same OPD and period within a minute (a double click) sends nothing: the OPD
    row is locked first, so two clicks at once queue and the second sees the first.
    """
    now = now or utc_now()
    period, pemda = _admin_period(uow.session, principal, period_id)
    opd = repository.lock_opd(uow.session, opd_id)
    if opd is None or opd.pemda_id != period.pemda_id:
        raise NotFound()
    last = last_manual_reminders(uow.session, period=period, opd_ids=[opd.id]).get(opd.id)
    if last is not None and now - last < MANUAL_REMINDER_GAP:
        return ManualReminder(sent=False, recipients=0, last_at=last)
    ensure_open_for(uow.session, period=period, opd_id=opd.id, timezone=pemda.timezone)
    users = repository.list_opd_users(uow.session, opd_id=opd.id, roles=(Role.opd_operator, Role.opd_head))
    if not users:
        raise NobodyToRemind(opd=opd.name)
    deadline = deadline_for(uow.session, period=period, opd_id=opd.id)
    by_status = repository.innovation_counts_by_opd(uow.session, period_id=period.id).get(opd.id, {})
    submitted, drafts = _submitted_and_drafts(by_status)
    days_left = max(1, -((now - deadline) // timedelta(days=1)))  # whole days, rounded up
    extra: dict[str, Any] = {"manual": True}
    if submitted == 0:  # the notice then says the OPD has sent nothing yet
        extra["opd"] = opd.name
    _publish_closing(
        uow,
        pemda=pemda,
        period=period,
        users=users,
        deadline=deadline,
        days_left=days_left,
        submitted=submitted,
        drafts=drafts,
        extra=extra,
    )
    entry = audit.record(
        uow.session,
        actor=principal,
        pemda_id=period.pemda_id,
        entity="opd",
        entity_id=opd.id,
        action="remind",
        after={"period_id": str(period.id), "recipients": len(users), "days_left": days_left},
    )
    entry.at = now
    uow.session.flush()
    return ManualReminder(sent=True, recipients=len(users), last_at=now)
