"""Rules of the review service. Functions flush; the request or task commits."""

from __future__ import annotations

import hashlib
import logging
import unicodedata
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from services.review import exports, repository, scoring
from services.review.models import (
    Adjudication,
    Assignment,
    CaseStatus,
    DeadMessage,
    Decision,
    DirectoryAccount,
    IndicatorVerdict,
    ReviewCase,
    ReviewPeriod,
    ReviewRound,
    SpdEntry,
    Verdict,
)
from shared.auth import Principal, Role
from shared.contracts.accounts import SyncReviewerAccount
from shared.contracts.catalogue import Catalogue
from shared.contracts.notification import Notify, Recipient
from shared.contracts.review import (
    EvidenceRef,
    OpenReviewCase,
    PeriodSettings,
    SyncPeriod,
    WithdrawReviewCase,
)
from shared.contracts.submission import ApplyReviewResult, IndicatorNote, MarkInReview
from shared.db import utc_now
from shared.errors import AppError, Conflict, Forbidden, NotFound, TransientError
from shared.i18n import register, translate
from shared.messaging.outbox import UnitOfWork
from shared.storage import CHUNK, EvidenceStore

log = logging.getLogger(__name__)

register(
    {
        "review.case_not_found": {
            "id": "Kasus review tidak ditemukan.",
            "en": "Review case not found.",
        },
        "review.evidence_not_found": {
            "id": "Data dukung tidak ditemukan pada kasus review ini.",
            "en": "This evidence file is not part of the review case.",
        },
        "review.case_already_decided": {
            "id": "Kasus review ini sudah diputuskan ({decision}). Keputusan tidak dapat diubah lagi.",
            "en": "This review case has already been decided ({decision}). The decision cannot be changed.",
        },
        "review.case_closed": {
            "id": "Kasus review ini sudah {status}; penilaian tidak dapat diubah.",
            "en": "This review case is already {status}; its assessment cannot be changed.",
        },
        "review.note_required": {
            "id": "Catatan wajib diisi untuk keputusan '{decision}': tuliskan apa yang harus diperbaiki "
            "atau alasan penolakannya.",
            "en": "A note is required for the decision '{decision}': say what must be fixed "
            "or why it is rejected.",
        },
        "review.decision_incomplete": {
            "id": "Keputusan belum dapat diambil: {details}.",
            "en": "The case cannot be decided yet: {details}.",
        },
        "review.missing.no_reviewer": {"id": "belum ada penilai", "en": "no reviewer is assigned"},
        "review.missing.verdicts": {
            "id": "{name} belum menilai indikator {indicators}",
            "en": "{name} has not assessed indicators {indicators}",
        },
        "review.missing.not_submitted": {
            "id": "{name} belum mengirim penilaiannya",
            "en": "{name} has not submitted their verdicts",
        },
        "review.missing.disagreement": {
            "id": "perbedaan penilaian pada indikator {indicator_no} belum diputuskan koordinator",
            "en": "the reviewers' disagreement on indicator {indicator_no} awaits the coordinator",
        },
        "review.not_assigned": {
            "id": "Anda tidak ditugaskan menilai kasus ini.",
            "en": "You are not assigned to review this case.",
        },
        "review.not_decider": {
            "id": "Keputusan hanya dapat diambil oleh admin atau penilai yang ditugaskan pada kasus ini.",
            "en": "Only an admin or a reviewer assigned to this case can decide it.",
        },
        "review.admin_only": {
            "id": "Hanya admin pemda yang dapat melakukan ini.",
            "en": "Only the pemda's admin can do this.",
        },
        "review.indicator_unknown": {
            "id": "Indikator {indicators} tidak ada dalam katalog kasus ini (indikator yang ada: {known}).",
            "en": "Indicators {indicators} are not in this case's catalogue (known indicators: {known}).",
        },
        "review.verdict_note_required": {
            "id": "Catatan wajib diisi untuk indikator {indicators} karena penilaiannya bukan 'sesuai'.",
            "en": "A note is required for indicators {indicators} because their verdict is not 'sesuai'.",
        },
        "review.verdicts_already_submitted": {
            "id": "Penilaian Anda untuk kasus ini sudah dikirim dan tidak dapat diubah lagi.",
            "en": "Your verdicts for this case are already submitted and can no longer be changed.",
        },
        "review.verdicts_incomplete": {
            "id": "Penilaian belum lengkap: indikator {indicators} belum dinilai.",
            "en": "Your assessment is incomplete: indicators {indicators} have no verdict yet.",
        },
        "review.nothing_to_reopen": {
            "id": "Permintaan perbaikan membutuhkan minimal satu indikator yang dibuka kembali.",
            "en": "A revision request needs at least one indicator to reopen.",
        },
        "review.reviewer_not_found": {
            "id": "Penilai tidak ditemukan di direktori pemda ini.",
            "en": "The reviewer is not in this pemda's directory.",
        },
        "review.reviewer_ineligible": {
            "id": "{name} tidak dapat menilai kasus ini: {reason}.",
            "en": "{name} cannot review this case: {reason}.",
        },
        "review.reason.own_opd": {
            "id": "berasal dari OPD pengusul inovasi",
            "en": "they belong to the innovation's own OPD",
        },
        "review.reason.conflict": {"id": "memiliki konflik kepentingan", "en": "they declared a conflict"},
        "review.reason.not_reviewer": {"id": "bukan penilai aktif", "en": "they are not an active reviewer"},
        "review.reason.already_assigned": {"id": "sudah ditugaskan", "en": "they are already assigned"},
        "review.period_not_found": {
            "id": "Periode belum dikenal oleh layanan review.",
            "en": "The period is not known to the review service yet.",
        },
        "review.spd_unknown": {
            "id": "Indikator SPD '{code}' tidak ada dalam katalog periode ini.",
            "en": "SPD indicator '{code}' is not in this period's catalogue.",
        },
        "review.integrity.ok": {
            "id": "SHA-256 berkas cocok dengan yang dikirim OPD.",
            "en": "The file's SHA-256 matches what the OPD submitted.",
        },
        "review.integrity.mismatch": {
            "id": "PERINGATAN: isi berkas TIDAK SAMA dengan yang dikirim OPD (SHA-256 berbeda). "
            "Jangan gunakan berkas ini sebagai bukti; laporkan ke admin.",
            "en": "WARNING: the file's content DOES NOT MATCH what the OPD submitted (SHA-256 differs). "
            "Do not rely on it as evidence; report it to the admin.",
        },
        "review.integrity.missing": {
            "id": "PERINGATAN: berkas tidak ditemukan di penyimpanan.",
            "en": "WARNING: the file is missing from storage.",
        },
        "review.decision.accepted": {"id": "diterima", "en": "accepted"},
        "review.decision.revision_requested": {"id": "perlu perbaikan", "en": "revision requested"},
        "review.decision.rejected": {"id": "ditolak", "en": "rejected"},
        "review.status.decided": {"id": "diputuskan", "en": "decided"},
        "review.status.withdrawn": {"id": "ditarik oleh OPD", "en": "withdrawn by the OPD"},
    }
)


class CaseAlreadyDecided(Conflict):
    code = "review.case_already_decided"


class CaseClosed(Conflict):
    code = "review.case_closed"


class NoteRequired(AppError):
    status_code = 422
    code = "review.note_required"


class DecisionIncomplete(Conflict):
    """409 with the list of what is still missing (`missing`), also shown in the message."""

    code = "review.decision_incomplete"

    def __init__(self, missing: list[dict[str, Any]]):
        details = "; ".join(translate(item["message_key"], **item["params"]) for item in missing)
        super().__init__(details=details)
        self.missing = [
            {
                **{k: v for k, v in item.items() if k not in ("message_key", "params")},
                "message": translate(item["message_key"], **item["params"]),
            }
            for item in missing
        ]


class NotAssigned(Forbidden):
    code = "review.not_assigned"


class NotDecider(Forbidden):
    code = "review.not_decider"


class AdminOnly(Forbidden):
    code = "review.admin_only"


class IndicatorUnknown(AppError):
    status_code = 422
    code = "review.indicator_unknown"


class VerdictNoteRequired(AppError):
    status_code = 422
    code = "review.verdict_note_required"


class VerdictsAlreadySubmitted(Conflict):
    code = "review.verdicts_already_submitted"


class VerdictsIncomplete(Conflict):
    code = "review.verdicts_incomplete"


class NothingToReopen(AppError):
    status_code = 422
    code = "review.nothing_to_reopen"


class ReviewerNotFound(NotFound):
    code = "review.reviewer_not_found"


class ReviewerIneligible(Conflict):
    code = "review.reviewer_ineligible"


class PeriodNotFound(NotFound):
    code = "review.period_not_found"


class SpdUnknown(AppError):
    status_code = 422
    code = "review.spd_unknown"


class UnknownVersion(TransientError):
    """A message names a version review has not seen (its open_case may still be on its way)."""


def _decision_label(decision: Decision) -> str:
    return translate(f"review.decision.{decision.value}")


def _numbers(values: list[int] | set[int]) -> str:
    return ", ".join(str(v) for v in sorted(values))


UNDER_REVIEW = (CaseStatus.open, CaseStatus.in_review)
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


# ---- periods (from submission's messages) ----


def period_settings(session: Session, period_id: uuid.UUID) -> PeriodSettings | None:
    row = repository.get_period(session, period_id)
    return PeriodSettings.model_validate(row.settings) if row is not None else None


def sync_period(uow: UnitOfWork, *, message: SyncPeriod) -> None:
    """Keep the period's settings (latest `changed_at` wins); rescore and staff its open cases."""
    if not uow.claim(message):
        return
    settings = message.period
    row = repository.get_period(uow.session, settings.period_id, for_update=True)
    if row is not None and row.changed_at >= message.changed_at:
        log.info("review.sync_period.stale", extra={"period_id": str(settings.period_id)})
        return
    if row is None:
        row = ReviewPeriod(period_id=settings.period_id, pemda_id=settings.pemda_id)
        uow.session.add(row)
    row.settings = settings.model_dump(mode="json")
    row.changed_at = message.changed_at
    uow.session.flush()
    for case in repository.cases_of_period(uow.session, settings.period_id):
        rescore(uow.session, case=case, settings=settings)
        if case.status in UNDER_REVIEW:
            auto_assign(uow, case=case, settings=settings)
    log.info("review.sync_period.applied", extra={"period_id": str(settings.period_id)})


# ---- the reviewer directory (replica of submission's accounts) ----


def sync_account(uow: UnitOfWork, *, message: SyncReviewerAccount) -> None:
    """Apply an account change if it is newer than what the directory holds."""
    if not uow.claim(message):
        return
    snapshot = message.account
    row = repository.get_account(uow.session, snapshot.user_id, for_update=True)
    if row is not None and row.source == "sync" and row.changed_at >= snapshot.changed_at:
        log.info("review.sync_account.stale", extra={"user_id": str(snapshot.user_id)})
        return
    was_active_reviewer = row is not None and row.is_active and row.role == Role.reviewer.value
    if row is None:
        row = DirectoryAccount(user_id=snapshot.user_id)
        uow.session.add(row)
    row.pemda_id, row.opd_id, row.role, row.name = (
        snapshot.pemda_id,
        snapshot.opd_id,
        snapshot.role,
        snapshot.name,
    )
    row.email, row.whatsapp, row.whatsapp_opt_in = snapshot.email, snapshot.whatsapp, snapshot.whatsapp_opt_in
    row.language, row.timezone, row.is_active = snapshot.language, snapshot.timezone, snapshot.is_active
    row.source, row.changed_at = "sync", snapshot.changed_at
    uow.session.flush()
    is_active_reviewer = row.role == Role.reviewer.value and row.is_active
    if was_active_reviewer and not is_active_reviewer:
        _release_assignments(uow, reviewer_id=row.user_id)
    if row.pemda_id and is_active_reviewer != was_active_reviewer:
        staff_open_cases(uow, pemda_id=row.pemda_id)
    log.info("review.sync_account.applied", extra={"user_id": str(snapshot.user_id)})


def _release_assignments(uow: UnitOfWork, *, reviewer_id: uuid.UUID) -> None:
    """A reviewer who left (deactivated or no longer a reviewer) gives up the cases they had not
    finished; their submitted verdicts stay."""
    for assignment in repository.unfinished_assignments_of(uow.session, reviewer_id):
        assignment.active = False
        log.info(
            "review.assignment.released",
            extra={"case_id": str(assignment.case_id), "reviewer_id": str(reviewer_id)},
        )
    uow.session.flush()


def known_from_token(uow: UnitOfWork, *, principal: Principal) -> None:
    """Register a reviewer or admin seen only through their token (until submission syncs them).

    The row is the oldest possible, so the first real sync replaces it; a new reviewer is put on
    the pemda's understaffed cases straight away.
    """
    if principal.role not in (Role.reviewer, Role.admin) or principal.pemda_id is None:
        return
    if repository.get_account(uow.session, principal.user_id) is not None:
        return
    uow.session.add(
        DirectoryAccount(
            user_id=principal.user_id,
            pemda_id=principal.pemda_id,
            opd_id=principal.opd_id,
            role=principal.role.value,
            name=principal.name,
            language=principal.language,
            source="token",
            changed_at=EPOCH,
            expertise_urusan=[],
            conflict_opd_ids=[],
            conflict_innovation_ids=[],
        )
    )
    uow.session.flush()
    log.info("review.directory.registered_from_token", extra={"user_id": str(principal.user_id)})
    if principal.role is Role.reviewer:
        staff_open_cases(uow, pemda_id=principal.pemda_id)


def require_admin(principal: Principal) -> uuid.UUID | None:
    if principal.role not in (Role.admin, Role.superadmin):
        raise AdminOnly()
    return None if principal.role is Role.superadmin else principal.pemda_id


def list_directory(session: Session, *, principal: Principal) -> list[DirectoryAccount]:
    """The reviewers and admins of the caller's pemda that review knows."""
    if principal.pemda_id is None:
        return []
    people = repository.accounts_of_pemda(session, principal.pemda_id)
    return [p for p in people if p.role in (Role.reviewer.value, Role.admin.value)]


def update_reviewer_profile(
    uow: UnitOfWork,
    *,
    principal: Principal,
    user_id: uuid.UUID,
    expertise_urusan: list[str],
    conflict_opd_ids: list[uuid.UUID],
    conflict_innovation_ids: list[uuid.UUID],
) -> DirectoryAccount:
    """Declare a reviewer's urusan of expertise and conflicts (admin of the same pemda)."""
    require_admin(principal)
    row = repository.get_account(uow.session, user_id, for_update=True)
    if row is None or (principal.role is not Role.superadmin and row.pemda_id != principal.pemda_id):
        raise ReviewerNotFound()
    row.expertise_urusan = sorted({u.strip() for u in expertise_urusan if u.strip()})
    row.conflict_opd_ids = sorted({str(i) for i in conflict_opd_ids})
    row.conflict_innovation_ids = sorted({str(i) for i in conflict_innovation_ids})
    uow.session.flush()
    return row


# ---- opening, withdrawing and reading cases ----


def _profile_columns(message: OpenReviewCase) -> dict[str, Any]:
    profile = message.profile
    urusan = profile.get("urusan_utama") or profile.get("urusan") or ""
    return {
        "nama": message.snapshot.nama,
        "tahapan": message.snapshot.tahapan,
        "jenis": message.snapshot.jenis,
        "bentuk": str(profile.get("bentuk") or "")[:200],
        "urusan": str(urusan)[:200],
        "opd_name": message.opd_name[:300],
    }


def snapshot_of(message: OpenReviewCase) -> dict[str, Any]:
    """What a round keeps of the message: profile, answers, evidence (keys and hashes), flags."""
    return message.model_dump(
        mode="json", include={"snapshot", "evidence", "profile", "answers", "flags", "opd_name"}
    )


def open_case(uow: UnitOfWork, *, message: OpenReviewCase) -> ReviewCase:
    """Open the innovation's case, or the next round of it for a resubmission (no-op if already open)."""
    session = uow.session
    first_time = uow.claim(message)
    if not first_time:
        log.info("review.open_case.duplicate", extra={"message_id": str(message.message_id)})
    columns = _profile_columns(message)
    inserted = first_time and repository.add_case_if_absent(
        session,
        innovation_id=message.innovation_id,
        version=message.version,
        round=1,
        pemda_id=message.pemda_id,
        opd_id=message.opd_id,
        period_id=message.period_id,
        submitted_at=message.submitted_at,
        snapshot=snapshot_of(message),
        claimed_score=0.0,
        verified_score=0.0,
        **columns,
    )
    case = repository.get_case_of_innovation(session, message.innovation_id, for_update=True)
    assert case is not None  # inserted above, or committed by whoever inserted it first
    if not first_time:
        return case
    if inserted:
        session.add(
            ReviewRound(
                case_id=case.id,
                round=1,
                version=message.version,
                submitted_at=message.submitted_at,
                snapshot=snapshot_of(message),
                reopened_indicators=[],
                sent_back_indicators=[],
            )
        )
        session.flush()
        log.info(
            "review.open_case.opened",
            extra={"innovation_id": str(message.innovation_id), "version": message.version},
        )
    elif repository.get_round(session, case_id=case.id, version=message.version) is not None:
        log.info(
            "review.open_case.already_open",
            extra={"innovation_id": str(message.innovation_id), "version": message.version},
        )
        return case
    elif message.version < case.version:
        log.warning(
            "review.open_case.stale_version",
            extra={"innovation_id": str(message.innovation_id), "version": message.version},
        )
        return case
    else:
        _open_next_round(uow, case=case, message=message, columns=columns)
    settings = period_settings(session, case.period_id)
    rescore(session, case=case, settings=settings)
    auto_assign(uow, case=case, settings=settings)
    return case


def _open_next_round(
    uow: UnitOfWork, *, case: ReviewCase, message: OpenReviewCase, columns: dict[str, Any]
) -> None:
    """A resubmission: the next round reassesses only the reopened indicators, by the same reviewers."""
    session = uow.session
    previous = repository.current_round(session, case)
    # Changing an evidence item or a claimed parameter resets that indicator's verification, even
    # where the reviewers did not send it back.
    reopened = sorted(
        set(message.reopened_indicators)
        | set(previous.sent_back_indicators)
        | _changed_indicators(previous.snapshot, snapshot_of(message))
    )
    case.round += 1
    case.version = message.version
    case.submitted_at = message.submitted_at
    case.snapshot = snapshot_of(message)
    for key, value in columns.items():
        setattr(case, key, value)
    case.status, case.started_at = CaseStatus.open, None
    case.decision = case.decision_note = case.decided_by = case.decided_at = None
    case.revision_deadline = None
    session.add(
        ReviewRound(
            case_id=case.id,
            round=case.round,
            version=message.version,
            submitted_at=message.submitted_at,
            snapshot=snapshot_of(message),
            reopened_indicators=reopened,
            sent_back_indicators=[],
        )
    )
    session.flush()
    settings = period_settings(session, case.period_id)
    for earlier in repository.assignments_of(session, case.id, round_no=previous.round):
        reviewer = repository.get_account(session, earlier.reviewer_id)
        if earlier.active and reviewer is not None and _ineligibility(reviewer, case) is None:
            _assign(uow, case=case, reviewer=reviewer, by=None, settings=settings)
    log.info(
        "review.open_case.next_round",
        extra={"innovation_id": str(case.innovation_id), "version": case.version, "round": case.round},
    )


def _changed_indicators(before: dict[str, Any], after: dict[str, Any]) -> set[int]:
    """Indicators whose evidence (by hash or link) or claimed parameter differs between two snapshots."""

    def evidence(snapshot: dict[str, Any]) -> dict[int, set[str]]:
        found: dict[int, set[str]] = {}
        for item in snapshot.get("evidence", []):
            found.setdefault(item["indicator_no"], set()).add(
                item.get("sha256") or item.get("link_url") or ""
            )
        return found

    def claimed(snapshot: dict[str, Any]) -> dict[int, int]:
        return {a["indicator_no"]: a["claimed_parameter"] for a in snapshot.get("answers", [])}

    old_files, new_files = evidence(before), evidence(after)
    old_claims, new_claims = claimed(before), claimed(after)
    changed = {no for no in old_files.keys() | new_files.keys() if old_files.get(no) != new_files.get(no)}
    changed |= {
        no for no in old_claims.keys() | new_claims.keys() if old_claims.get(no, 0) != new_claims.get(no, 0)
    }
    return {no for no in changed if no >= 1}


def withdraw_case(uow: UnitOfWork, *, message: WithdrawReviewCase) -> None:
    """Close the version's round if review has not started; unknown versions are retried."""
    if not uow.claim(message):
        return
    case = repository.get_case_of_innovation(uow.session, message.innovation_id, for_update=True)
    if case is None or repository.get_round(uow.session, case_id=case.id, version=message.version) is None:
        raise UnknownVersion(
            f"no review case for innovation {message.innovation_id} version {message.version}"
        )
    if case.version != message.version or case.status is not CaseStatus.open:
        log.warning(
            "review.withdraw_case.too_late",
            extra={"case_id": str(case.id), "version": message.version, "status": case.status.value},
        )
        return
    case.status = CaseStatus.withdrawn
    for assignment in repository.assignments_of(uow.session, case.id, round_no=case.round):
        assignment.active = False
    uow.session.flush()
    log.info("review.withdraw_case.withdrawn", extra={"case_id": str(case.id)})


def _visible(case: ReviewCase | None, principal: Principal) -> ReviewCase:
    """The case if the caller reviews for its pemda (superadmin: any), else 404 (no hint it exists)."""
    if case is None or (principal.role is not Role.superadmin and case.pemda_id != principal.pemda_id):
        raise NotFound("review.case_not_found")
    return case


def get_case(session: Session, *, principal: Principal, case_id: uuid.UUID) -> ReviewCase:
    return _visible(repository.get_case(session, case_id), principal)


def list_cases(
    session: Session,
    *,
    principal: Principal,
    status: CaseStatus | None,
    limit: int,
    offset: int,
    mine: bool = False,
    period_id: uuid.UUID | None = None,
) -> list[ReviewCase]:
    """The cases of the caller's pemda, newest submission first (`mine`: assigned to the caller)."""
    if principal.role is Role.superadmin:
        pemda_id = None
    elif principal.pemda_id is None:
        return []
    else:
        pemda_id = principal.pemda_id
    return repository.list_cases(
        session,
        pemda_id=pemda_id,
        status=status,
        limit=limit,
        offset=offset,
        reviewer_id=principal.user_id if mine else None,
        period_id=period_id,
    )


# ---- what a case's review looks like (pure, from its rows) ----


@dataclass
class IndicatorView:
    indicator_no: int
    name: str
    bobot: int
    wajib: bool
    claimed_parameter: int
    required: bool
    round: int  # the round whose verdicts decide this indicator
    outcome: scoring.IndicatorOutcome
    evidence_count: int

    @property
    def verified_parameter(self) -> int:
        return self.outcome.verified or 0


@dataclass
class CaseReview:
    """A case with everything its verification needs, loaded once."""

    case: ReviewCase
    catalogue: Catalogue | None
    settings: PeriodSettings | None
    rounds: list[ReviewRound]
    assignments: list[Assignment]
    verdicts: list[IndicatorVerdict]
    adjudications: list[Adjudication]
    accounts: dict[uuid.UUID, DirectoryAccount] = field(default_factory=dict)

    @property
    def current(self) -> ReviewRound:
        return next(r for r in self.rounds if r.round == self.case.round)

    def active_assignments(self, round_no: int | None = None) -> list[Assignment]:
        wanted = self.case.round if round_no is None else round_no
        return [a for a in self.assignments if a.round == wanted and a.active]

    def claimed(self) -> dict[int, int]:
        return {a["indicator_no"]: a["claimed_parameter"] for a in self.case.snapshot.get("answers", [])}

    def evidence_counts(self) -> dict[int, int]:
        counts: dict[int, int] = {}
        for item in self.case.snapshot.get("evidence", []):
            if item["indicator_no"] >= 1:  # 0: the profile's own files (anggaran, profil bisnis)
                counts[item["indicator_no"]] = counts.get(item["indicator_no"], 0) + 1
        return counts

    def answered(self) -> set[int]:
        return {no for no, p in self.claimed().items() if p > 0} | set(self.evidence_counts())

    def known_indicators(self) -> list[int]:
        if self.catalogue is not None:
            return [i.no for i in self.catalogue.indicators]
        return sorted(self.answered())

    def assessed_in(self, round_: ReviewRound) -> set[int]:
        return set(self.known_indicators()) if round_.round == 1 else set(round_.reopened_indicators)

    def required(self) -> set[int]:
        """What the current round's reviewers must each give a verdict on."""
        if self.case.round == 1:
            return self.answered() & set(self.known_indicators())
        return set(self.current.reopened_indicators)

    def marks(self, round_no: int, indicator_no: int) -> list[scoring.Mark]:
        active = {a.reviewer_id for a in self.active_assignments(round_no)}
        return [
            scoring.Mark(v.reviewer_id, v.verdict.value, v.verified_parameter, v.note)
            for v in self.verdicts
            if v.round == round_no and v.indicator_no == indicator_no and v.reviewer_id in active
        ]

    def ruling(self, round_no: int, indicator_no: int) -> scoring.Ruling | None:
        for a in self.adjudications:
            if a.round == round_no and a.indicator_no == indicator_no:
                return scoring.Ruling(a.verdict.value, a.verified_parameter, a.note)
        return None

    def indicators(self) -> list[IndicatorView]:
        """Each indicator as the latest round that assessed it left it."""
        claimed, evidence, required = self.claimed(), self.evidence_counts(), self.required()
        deciding_round: dict[int, int] = {}
        for round_ in self.rounds:
            for no in self.assessed_in(round_):
                deciding_round[no] = round_.round
        views = []
        for no in self.known_indicators():
            definition = self.catalogue.indicator(no) if self.catalogue is not None else None
            round_no = deciding_round.get(no, self.case.round)
            views.append(
                IndicatorView(
                    indicator_no=no,
                    name=definition.name if definition else "",
                    bobot=definition.bobot if definition else 0,
                    wajib=definition.wajib if definition else False,
                    claimed_parameter=claimed.get(no, 0),
                    required=no in required,
                    round=round_no,
                    outcome=scoring.aggregate(self.marks(round_no, no), self.ruling(round_no, no)),
                    evidence_count=evidence.get(no, 0),
                )
            )
        return views

    def scores(self) -> tuple[float, float]:
        """(claimed, verified) as bobot x parameter summed over the catalogue; 0 without one."""
        if self.catalogue is None:
            return 0.0, 0.0
        views = self.indicators()
        claimed = scoring.innovation_score(
            self.catalogue, {v.indicator_no: v.claimed_parameter for v in views}
        )
        verified = scoring.innovation_score(
            self.catalogue, {v.indicator_no: v.outcome.verified for v in views}
        )
        return claimed, verified

    def missing_for_decision(self) -> list[dict[str, Any]]:
        """Everything that stands between the case and a decision, for the 409 and the case page."""
        active = self.active_assignments()
        if not active:
            return [{"kind": "no_reviewer", "message_key": "review.missing.no_reviewer", "params": {}}]
        missing: list[dict[str, Any]] = []
        required = self.required()
        for assignment in active:
            done = {
                v.indicator_no
                for v in self.verdicts
                if v.round == self.case.round and v.reviewer_id == assignment.reviewer_id
            }
            account = self.accounts.get(assignment.reviewer_id)
            name = account.name if account else str(assignment.reviewer_id)
            lacking = sorted(required - done)
            if lacking:
                missing.append(
                    {
                        "kind": "verdicts_missing",
                        "reviewer_id": str(assignment.reviewer_id),
                        "indicators": lacking,
                        "message_key": "review.missing.verdicts",
                        "params": {"name": name, "indicators": _numbers(lacking)},
                    }
                )
            elif assignment.submitted_at is None:
                missing.append(
                    {
                        "kind": "not_submitted",
                        "reviewer_id": str(assignment.reviewer_id),
                        "message_key": "review.missing.not_submitted",
                        "params": {"name": name},
                    }
                )
        for view in self.indicators():
            if view.round == self.case.round and view.outcome.unresolved:
                missing.append(
                    {
                        "kind": "disagreement",
                        "indicator_no": view.indicator_no,
                        "message_key": "review.missing.disagreement",
                        "params": {"indicator_no": view.indicator_no},
                    }
                )
        return missing


def load_review(session: Session, case: ReviewCase) -> CaseReview:
    settings = period_settings(session, case.period_id)
    assignments = repository.assignments_of(session, case.id)
    accounts = {a.reviewer_id: repository.get_account(session, a.reviewer_id) for a in assignments}
    return CaseReview(
        case=case,
        catalogue=settings.catalogue if settings else None,
        settings=settings,
        rounds=repository.rounds_of(session, case.id),
        assignments=assignments,
        verdicts=repository.verdicts_of(session, case.id),
        adjudications=repository.adjudications_of(session, case.id),
        accounts={k: v for k, v in accounts.items() if v is not None},
    )


def rescore(session: Session, *, case: ReviewCase, settings: PeriodSettings | None = None) -> bool:
    """Store the case's claimed and verified scores; True if they changed (the incremental update)."""
    session.flush()
    review = load_review(session, case)
    claimed, verified = review.scores()
    changed = (case.claimed_score, case.verified_score) != (claimed, verified)
    case.claimed_score, case.verified_score = claimed, verified
    session.flush()
    return changed


def recompute_all(uow: UnitOfWork) -> tuple[int, int]:
    """Recompute every case's scores from its verdicts; (cases checked, cases whose stored score differed)."""
    checked = differed = 0
    for case_id in repository.all_case_ids(uow.session):
        case = repository.get_case(uow.session, case_id, for_update=True)
        assert case is not None
        checked += 1
        if rescore(uow.session, case=case):
            differed += 1
            log.warning("review.recompute.corrected", extra={"case_id": str(case_id)})
    return checked, differed


def review_of(session: Session, *, principal: Principal, case_id: uuid.UUID) -> CaseReview:
    return load_review(session, get_case(session, principal=principal, case_id=case_id))


def sees_current_verdicts(review: CaseReview, principal: Principal) -> bool:
    """A reviewer sees the current round's verdicts (and the verified score) once they submitted
    their own; one not on the case, once it is decided (they may still be assigned to it)."""
    if principal.role in (Role.admin, Role.superadmin) or review.case.status not in UNDER_REVIEW:
        return True
    own = [a for a in review.active_assignments() if a.reviewer_id == principal.user_id]
    return bool(own) and own[0].submitted_at is not None


def reveals_scores(case: ReviewCase, principal: Principal, submitted: set[uuid.UUID]) -> bool:
    """The list's version of `sees_current_verdicts`; `submitted`: cases the caller has submitted on."""
    if principal.role in (Role.admin, Role.superadmin) or case.status not in UNDER_REVIEW:
        return True
    return case.id in submitted


def cases_i_submitted(session: Session, *, principal: Principal) -> set[uuid.UUID]:
    """Cases on whose current round the caller has submitted their verdicts."""
    return set(repository.submitted_case_ids(session, principal.user_id))


def visible_verdicts(review: CaseReview, principal: Principal) -> list[IndicatorVerdict]:
    open_to_all = sees_current_verdicts(review, principal)
    return [
        v
        for v in review.verdicts
        if open_to_all or v.round != review.case.round or v.reviewer_id == principal.user_id
    ]


# ---- assignment ----


def _ineligibility(reviewer: DirectoryAccount, case: ReviewCase) -> str | None:
    """Why this reviewer may not review this case (a translation key), or None."""
    if reviewer.role != Role.reviewer.value or not reviewer.is_active or reviewer.pemda_id != case.pemda_id:
        return "review.reason.not_reviewer"
    if reviewer.opd_id is not None and reviewer.opd_id == case.opd_id:
        return "review.reason.own_opd"
    if (
        str(case.opd_id) in reviewer.conflict_opd_ids
        or str(case.innovation_id) in reviewer.conflict_innovation_ids
    ):
        return "review.reason.conflict"
    return None


def _due_at(settings: PeriodSettings | None) -> datetime:
    return utc_now() + timedelta(days=settings.review_due_days if settings else 7)


def _recipient(account: DirectoryAccount) -> Recipient:
    assert account.pemda_id is not None
    return Recipient(
        user_id=account.user_id,
        pemda_id=account.pemda_id,
        name=account.name,
        email=account.email,
        whatsapp=account.whatsapp,
        whatsapp_opt_in=account.whatsapp_opt_in,
        language="en" if account.language == "en" else "id",
        timezone=account.timezone,
    )


def _case_data(case: ReviewCase, settings: PeriodSettings | None) -> dict[str, Any]:
    return {
        "case_id": str(case.id),
        "innovation_id": str(case.innovation_id),
        "nama": case.nama,
        "opd": case.opd_name,
        "version": case.version,
        "pemda": settings.pemda_name if settings else "",
        "timezone": settings.timezone if settings else "Asia/Jakarta",
    }


def _assign(
    uow: UnitOfWork,
    *,
    case: ReviewCase,
    reviewer: DirectoryAccount,
    by: uuid.UUID | None,
    settings: PeriodSettings | None,
) -> Assignment:
    existing = repository.get_assignment(
        uow.session, case_id=case.id, round_no=case.round, reviewer_id=reviewer.user_id
    )
    if existing is not None:  # a reviewer removed earlier and put back
        existing.active, existing.assigned_by, existing.assigned_at = True, by, utc_now()
        existing.due_at = _due_at(settings)
        assignment = existing
    else:
        assignment = Assignment(
            case_id=case.id,
            round=case.round,
            reviewer_id=reviewer.user_id,
            assigned_by=by,
            assigned_at=utc_now(),
            due_at=_due_at(settings),
            active=True,
        )
        uow.session.add(assignment)
    uow.session.flush()
    uow.publish(
        Notify(
            event_type="reviewer.assigned",
            recipients=(_recipient(reviewer),),
            data={**_case_data(case, settings), "due_at": assignment.due_at.isoformat()},
        )
    )
    log.info(
        "review.assignment.assigned",
        extra={"case_id": str(case.id), "reviewer_id": str(reviewer.user_id), "manual": by is not None},
    )
    return assignment


def auto_assign(uow: UnitOfWork, *, case: ReviewCase, settings: PeriodSettings | None) -> list[Assignment]:
    """Top the case up to N reviewers: least open load first, urusan expertise preferred on a tie,
    never the innovation's own OPD nor a declared conflict."""
    if case.status not in UNDER_REVIEW:
        return []
    wanted = settings.reviewers_per_case if settings else 2
    current = [a for a in repository.assignments_of(uow.session, case.id, round_no=case.round) if a.active]
    taken = {a.reviewer_id for a in current}
    candidates = [
        r
        for r in repository.accounts_of_pemda(uow.session, case.pemda_id, role=Role.reviewer.value)
        if r.user_id not in taken and _ineligibility(r, case) is None
    ]
    load = repository.open_load(uow.session, [r.user_id for r in candidates])
    urusan = case.urusan.strip().lower()

    def preference(reviewer: DirectoryAccount) -> tuple[int, int, str, str]:
        expert = bool(urusan) and urusan in {u.lower() for u in reviewer.expertise_urusan}
        return (load.get(reviewer.user_id, 0), 0 if expert else 1, reviewer.name, str(reviewer.user_id))

    chosen = sorted(candidates, key=preference)[: max(wanted - len(current), 0)]
    return [_assign(uow, case=case, reviewer=r, by=None, settings=settings) for r in chosen]


def staff_open_cases(uow: UnitOfWork, *, pemda_id: uuid.UUID) -> None:
    """Give understaffed cases of the pemda their reviewers (a reviewer joined or became active)."""
    for case in repository.open_cases_of_pemda(uow.session, pemda_id):
        auto_assign(uow, case=case, settings=period_settings(uow.session, case.period_id))


def _case_for_change(session: Session, principal: Principal, case_id: uuid.UUID) -> ReviewCase:
    case = _visible(repository.get_case(session, case_id, for_update=True), principal)
    if case.status not in UNDER_REVIEW:
        raise CaseClosed(status=translate(f"review.status.{case.status.value}"))
    return case


def assign_reviewer(
    uow: UnitOfWork, *, principal: Principal, case_id: uuid.UUID, reviewer_id: uuid.UUID
) -> Assignment:
    """Assign a reviewer by hand (admin); the same conflict rules as the automatic assignment."""
    require_admin(principal)
    case = _case_for_change(uow.session, principal, case_id)
    reviewer = repository.get_account(uow.session, reviewer_id)
    if reviewer is None or reviewer.pemda_id != case.pemda_id:
        raise ReviewerNotFound()
    reason = _ineligibility(reviewer, case)
    existing = repository.get_assignment(
        uow.session, case_id=case.id, round_no=case.round, reviewer_id=reviewer_id
    )
    if reason is None and existing is not None and existing.active:
        reason = "review.reason.already_assigned"
    if reason is not None:
        raise ReviewerIneligible(name=reviewer.name, reason=translate(reason))
    return _assign(
        uow,
        case=case,
        reviewer=reviewer,
        by=principal.user_id,
        settings=period_settings(uow.session, case.period_id),
    )


def unassign_reviewer(
    uow: UnitOfWork, *, principal: Principal, case_id: uuid.UUID, reviewer_id: uuid.UUID
) -> None:
    """Take a reviewer off the case's current round (admin); their verdicts stop counting."""
    require_admin(principal)
    case = _case_for_change(uow.session, principal, case_id)
    assignment = repository.get_assignment(
        uow.session, case_id=case.id, round_no=case.round, reviewer_id=reviewer_id, for_update=True
    )
    if assignment is None or not assignment.active:
        raise ReviewerNotFound()
    assignment.active = False
    uow.session.flush()
    rescore(uow.session, case=case)


# ---- verdicts ----


@dataclass(frozen=True)
class VerdictInput:
    indicator_no: int
    verdict: Verdict
    verified_parameter: int
    note: str


def _check_inputs(review: CaseReview, items: list[VerdictInput]) -> None:
    allowed = set(review.known_indicators()) if review.case.round == 1 else review.required()
    unknown = sorted({i.indicator_no for i in items} - allowed)
    if unknown:
        raise IndicatorUnknown(indicators=_numbers(unknown), known=_numbers(allowed) or "-")
    lacking_note = sorted(
        {i.indicator_no for i in items if i.verdict is not Verdict.sesuai and not i.note.strip()}
    )
    if lacking_note:
        raise VerdictNoteRequired(indicators=_numbers(lacking_note))


def _start_review(uow: UnitOfWork, case: ReviewCase) -> None:
    if case.status is CaseStatus.open:
        case.status, case.started_at = CaseStatus.in_review, utc_now()
        uow.session.flush()
        uow.publish(
            MarkInReview(
                case_id=case.id,
                innovation_id=case.innovation_id,
                version=case.version,
                started_at=case.started_at,
            )
        )


def record_verdicts(
    uow: UnitOfWork, *, principal: Principal, case_id: uuid.UUID, items: list[VerdictInput]
) -> CaseReview:
    """Record (or change, until submitted) the caller's verdicts on indicators of the current round."""
    case = _case_for_change(uow.session, principal, case_id)
    assignment = repository.get_assignment(
        uow.session, case_id=case.id, round_no=case.round, reviewer_id=principal.user_id, for_update=True
    )
    if assignment is None or not assignment.active:
        raise NotAssigned()
    if assignment.submitted_at is not None:
        raise VerdictsAlreadySubmitted()
    _check_inputs(load_review(uow.session, case), items)
    for item in items:
        row = repository.get_verdict(
            uow.session,
            case_id=case.id,
            round_no=case.round,
            reviewer_id=principal.user_id,
            indicator_no=item.indicator_no,
        )
        if row is None:
            row = IndicatorVerdict(
                case_id=case.id,
                round=case.round,
                reviewer_id=principal.user_id,
                indicator_no=item.indicator_no,
            )
            uow.session.add(row)
        row.verdict, row.verified_parameter = item.verdict, item.verified_parameter
        row.note, row.recorded_at = item.note.strip(), utc_now()
    _start_review(uow, case)
    rescore(uow.session, case=case)
    return load_review(uow.session, case)


def submit_verdicts(uow: UnitOfWork, *, principal: Principal, case_id: uuid.UUID) -> CaseReview:
    """Close the caller's assessment: every required indicator has their verdict; others' become visible."""
    case = _case_for_change(uow.session, principal, case_id)
    assignment = repository.get_assignment(
        uow.session, case_id=case.id, round_no=case.round, reviewer_id=principal.user_id, for_update=True
    )
    if assignment is None or not assignment.active:
        raise NotAssigned()
    review = load_review(uow.session, case)
    if assignment.submitted_at is None:
        done = {
            v.indicator_no
            for v in review.verdicts
            if v.round == case.round and v.reviewer_id == principal.user_id
        }
        lacking = sorted(review.required() - done)
        if lacking:
            raise VerdictsIncomplete(indicators=_numbers(lacking))
        assignment.submitted_at = utc_now()
        _start_review(uow, case)
        uow.session.flush()
    return load_review(uow.session, case)


def adjudicate(
    uow: UnitOfWork, *, principal: Principal, case_id: uuid.UUID, item: VerdictInput
) -> CaseReview:
    """The coordinator's (admin's) final verdict and parameter on one indicator of the current round."""
    require_admin(principal)
    case = _case_for_change(uow.session, principal, case_id)
    review = load_review(uow.session, case)
    _check_inputs(review, [item])
    row = repository.get_adjudication(
        uow.session, case_id=case.id, round_no=case.round, indicator_no=item.indicator_no
    )
    if row is None:
        row = Adjudication(case_id=case.id, round=case.round, indicator_no=item.indicator_no)
        uow.session.add(row)
    row.verdict, row.verified_parameter, row.note = item.verdict, item.verified_parameter, item.note.strip()
    row.decided_by, row.decided_at = principal.user_id, utc_now()
    rescore(uow.session, case=case)
    return load_review(uow.session, case)


# ---- deciding ----


def _indicator_notes(review: CaseReview) -> list[IndicatorNote]:
    notes = []
    for view in review.indicators():
        if view.round != review.case.round or view.outcome.verdict in (None, Verdict.sesuai.value):
            continue
        notes.append(
            IndicatorNote(
                indicator_no=view.indicator_no,
                verdict=view.outcome.verdict,
                verified_parameter=view.outcome.verified,
                note=" / ".join(view.outcome.notes),
            )
        )
    return notes


def decide(
    uow: UnitOfWork,
    *,
    principal: Principal,
    case_id: uuid.UUID,
    decision: Decision,
    note: str,
    reopen: list[int] | None = None,
    revision_deadline: datetime | None = None,
) -> ReviewCase:
    """Record the decision once and tell submission through the outbox (same transaction)."""
    case = _visible(repository.get_case(uow.session, case_id, for_update=True), principal)
    if case.status is CaseStatus.decided:
        assert case.decision is not None
        if case.decision is decision:  # a double click or a retried request: nothing new happens
            return case
        raise CaseAlreadyDecided(decision=_decision_label(case.decision))
    if case.status is CaseStatus.withdrawn:
        raise CaseClosed(status=translate("review.status.withdrawn"))
    review = load_review(uow.session, case)
    is_reviewer = any(a.reviewer_id == principal.user_id for a in review.active_assignments())
    if principal.role not in (Role.admin, Role.superadmin) and not is_reviewer:
        raise NotDecider()
    note = note.strip()
    if decision is not Decision.accepted and not note:
        raise NoteRequired(decision=_decision_label(decision))
    missing = review.missing_for_decision()
    if missing:
        raise DecisionIncomplete(missing)
    indicator_notes = _indicator_notes(review)
    reopened: list[int] = []
    deadline: datetime | None = None
    if decision is Decision.revision_requested:
        flagged = [n.indicator_no for n in indicator_notes if n.verdict == Verdict.perlu_perbaikan.value]
        reopened = sorted(set(reopen if reopen else flagged))
        unknown = sorted(set(reopened) - set(review.known_indicators()))
        if unknown:
            raise IndicatorUnknown(indicators=_numbers(unknown), known=_numbers(review.known_indicators()))
        if not reopened:
            raise NothingToReopen()
        days = review.settings.revision_days if review.settings else 7
        deadline = revision_deadline or utc_now() + timedelta(days=days)
    claimed, verified = review.scores()
    case.status, case.decision, case.decision_note = CaseStatus.decided, decision, note or None
    case.decided_by, case.decided_at, case.revision_deadline = principal.user_id, utc_now(), deadline
    case.claimed_score, case.verified_score = claimed, verified
    current = review.current
    current.decision, current.decision_note = decision, note or None
    current.decided_by, current.decided_at, current.sent_back_indicators = (
        principal.user_id,
        case.decided_at,
        reopened,
    )
    uow.session.flush()
    assert case.decided_at is not None
    uow.publish(
        ApplyReviewResult(
            case_id=case.id,
            innovation_id=case.innovation_id,
            version=case.version,
            decision=decision.value,
            note=note,
            decided_at=case.decided_at,
            indicator_notes=tuple(indicator_notes),
            reopened_indicators=tuple(reopened),
            revision_deadline=deadline,
            claimed_score=claimed if review.catalogue else None,
            verified_score=verified if review.catalogue else None,
        )
    )
    log.info("review.decide.decided", extra={"case_id": str(case.id), "decision": decision.value})
    return case


# ---- evidence ----


@dataclass(frozen=True)
class EvidenceLink:
    url: str
    expires_in: int
    sha256: str
    filename: str
    integrity: str  # ok / mismatch / missing / link
    actual_sha256: str | None
    warning: str | None


def header_safe_filename(filename: str) -> str:
    """The filename as plain ASCII without quotes: it goes into a Content-Disposition header
    that the S3 server writes back verbatim, where a quote or non-Latin-1 byte breaks the header."""
    ascii_name = unicodedata.normalize("NFKD", filename).encode("ascii", "ignore").decode()
    cleaned = "".join("_" if ch in '"\\;' or not ch.isprintable() else ch for ch in ascii_name).strip()
    return cleaned or "berkas"


def evidence_of(case: ReviewCase, evidence_id: uuid.UUID) -> EvidenceRef:
    """One evidence file of the case's snapshot, else 404."""
    for item in case.snapshot.get("evidence", []):
        ref = EvidenceRef.model_validate(item)
        if ref.evidence_id == evidence_id:
            return ref
    raise NotFound("review.evidence_not_found")


def stored_sha256(store: EvidenceStore, key: str) -> str | None:
    """SHA-256 of the stored object's bytes, streamed; None if there is no such object."""
    if store.stat(key) is None:
        return None
    digest = hashlib.sha256()
    for chunk in store.stream(key, chunk_size=CHUNK):
        digest.update(chunk)
    return digest.hexdigest()


def evidence_link(
    session: Session,
    *,
    store: EvidenceStore,
    principal: Principal,
    case_id: uuid.UUID,
    evidence_id: uuid.UUID,
) -> EvidenceLink:
    """A short-lived download URL for one evidence file, with its SHA-256 re-checked against the snapshot."""
    case = get_case(session, principal=principal, case_id=case_id)
    ref = evidence_of(case, evidence_id)
    if not ref.object_key and ref.link_url:  # a video link: nothing stored to re-hash
        return EvidenceLink(
            url=ref.link_url,
            expires_in=0,
            sha256="",
            filename=ref.filename,
            integrity="link",
            actual_sha256=None,
            warning=None,
        )
    actual = stored_sha256(store, ref.object_key) if ref.object_key else None
    integrity = "missing" if actual is None else ("ok" if actual == ref.sha256 else "mismatch")
    if integrity != "ok":
        log.warning(
            "review.evidence.integrity_failed",
            extra={"case_id": str(case.id), "evidence_id": str(evidence_id), "integrity": integrity},
        )
    url = store.presigned_get(ref.object_key, filename=header_safe_filename(ref.filename))
    return EvidenceLink(
        url=url,
        expires_in=store.settings.presign_seconds,
        sha256=ref.sha256,
        filename=ref.filename,
        integrity=integrity,
        actual_sha256=actual,
        warning=None if integrity == "ok" else translate(f"review.integrity.{integrity}"),
    )


# ---- exports ----


def _dossier_of(session: Session, case: ReviewCase, *, folder: str) -> exports.Dossier:
    settings = period_settings(session, case.period_id)
    names = {i.no: i.name for i in settings.catalogue.indicators} if settings else {}
    files = [
        exports.DossierFile(
            indicator_no=ref.indicator_no,
            indicator_name=names.get(ref.indicator_no, ""),
            filename=ref.filename,
            object_key=ref.object_key,
            sha256=ref.sha256,
            size=ref.size,
            link_url=ref.link_url,
            nomor_surat=ref.nomor_surat,
            tanggal_surat=ref.tanggal_surat.isoformat() if ref.tanggal_surat else None,
            tentang=ref.tentang,
        )
        for ref in sorted(
            (EvidenceRef.model_validate(item) for item in case.snapshot.get("evidence", [])),
            key=lambda r: (r.indicator_no, r.filename),
        )
    ]
    return exports.Dossier(folder=folder, nama=case.nama, files=files)


def case_dossier(
    session: Session, *, principal: Principal, case_id: uuid.UUID
) -> tuple[str, list[exports.Dossier]]:
    """The evidence of one case's current version, for a ZIP (its file name and content)."""
    case = get_case(session, principal=principal, case_id=case_id)
    return f"dossier-{exports.slug(case.nama, limit=40)}-v{case.version}.zip", [
        _dossier_of(session, case, folder="")
    ]


def period_dossiers(
    session: Session, *, principal: Principal, period_id: uuid.UUID
) -> tuple[str, list[exports.Dossier]]:
    """Every innovation of the period (withdrawn ones left out), one folder each under its OPD."""
    require_admin(principal)
    settings = _period_of_pemda(session, principal, period_id)
    cases = sorted(
        (c for c in repository.cases_of_period(session, period_id) if c.status is not CaseStatus.withdrawn),
        key=lambda c: (c.opd_name, c.nama, str(c.id)),
    )
    dossiers = [
        _dossier_of(
            session,
            case,
            folder="/".join(
                (
                    exports.slug(case.opd_name or str(case.opd_id)),
                    f"{exports.slug(case.nama)}-{str(case.id)[:8]}",
                )
            ),
        )
        for case in cases
    ]
    return f"dossier-{exports.slug(settings.name, limit=40)}.zip", dossiers


VERDICT_LABELS = {"sesuai": "Sesuai", "tidak_sesuai": "Tidak sesuai", "perlu_perbaikan": "Perlu perbaikan"}
STATUS_LABELS = {
    "open": "Menunggu penilaian",
    "in_review": "Sedang dinilai",
    "decided": "Diputuskan",
    "withdrawn": "Ditarik",
}


def period_workbook(session: Session, *, principal: Principal, period_id: uuid.UUID) -> tuple[str, bytes]:
    """The period's recap: one row per innovation (profile, claimed and verified per indicator), the
    OPD summary and the IID on claimed and verified scores (admin)."""
    require_admin(principal)
    index = projected_index(session, principal=principal, period_id=period_id)
    settings = index.settings
    cases = sorted(
        (c for c in repository.cases_of_period(session, period_id) if c.status is not CaseStatus.withdrawn),
        key=lambda c: (c.opd_name, c.nama, str(c.id)),
    )
    rows = []
    for case in cases:
        views = load_review(session, case).indicators()
        rows.append(
            exports.WorkbookRow(
                opd_name=case.opd_name,
                status=STATUS_LABELS[case.status.value],
                decision=translate(f"review.decision.{case.decision.value}", "id") if case.decision else "",
                version=case.version,
                profile={
                    "nama": case.nama,
                    **case.snapshot.get("snapshot", {}),
                    **case.snapshot.get("profile", {}),
                },
                claimed={v.indicator_no: v.claimed_parameter for v in views},
                verified={v.indicator_no: v.outcome.verified for v in views},
                claimed_score=case.claimed_score,
                verified_score=case.verified_score,
            )
        )
    opds = [
        exports.WorkbookOpd(
            opd_name=r.opd_name,
            innovations=r.innovations,
            accepted=r.accepted,
            verified_total=r.verified_total,
            verified_average=r.verified_average,
            claimed_total=r.claimed_total,
        )
        for r in opd_ranking(session, principal=principal, filters=RankingFilters(period_id=period_id))
    ]
    entered = {e.code: e.parameter for e in index.spd_entries}
    content = exports.build_workbook(
        title=f"{settings.name} — {settings.pemda_name}",
        indicators=[(i.no, i.name) for i in settings.catalogue.indicators],
        rows=rows,
        opds=opds,
        index=[
            exports.WorkbookIndex(
                label=label, **{k: v for k, v in result.__dict__.items() if k != "urusan_covered"}
            )
            for label, result in (("Klaim", index.claimed), ("Verifikasi", index.verified))
        ],
        spd=[(s.code, s.name, s.bobot, entered.get(s.code, 0)) for s in settings.catalogue.spd_indicators],
    )
    return f"rekap-{exports.slug(settings.name, limit=40)}.xlsx", content


def case_profile_pdf(session: Session, *, principal: Principal, case_id: uuid.UUID) -> tuple[str, bytes]:
    """The innovation's profile as a PDF: profile, indicators claimed vs verified with notes, decision."""
    review = review_of(session, principal=principal, case_id=case_id)
    case = review.case
    reveal = sees_current_verdicts(review, principal)
    profile = case.snapshot.get("profile", {})
    labels = dict(exports.PROFILE_COLUMNS)
    indicators = [
        exports.ProfileIndicator(
            no=v.indicator_no,
            name=v.name,
            bobot=v.bobot,
            claimed=v.claimed_parameter,
            verified=v.outcome.verified if reveal or v.round != case.round else None,
            verdict=VERDICT_LABELS.get(v.outcome.verdict or "", "")
            if reveal or v.round != case.round
            else "",
            note=" / ".join(v.outcome.notes) if reveal or v.round != case.round else "",
        )
        for v in review.indicators()
    ]
    content = exports.build_profile_pdf(
        title=case.nama,
        facts=[
            ("OPD", case.opd_name),
            ("Versi / putaran", f"{case.version} / {case.round}"),
            ("Status", STATUS_LABELS[case.status.value]),
            ("Diajukan", case.submitted_at.isoformat(timespec="minutes")),
        ],
        profile=[
            (labels.get(key, key), exports.cell(profile.get(key)) if key in profile else "")
            for key, _ in exports.PROFILE_COLUMNS
            if key != "nama"
        ],
        indicators=indicators,
        totals=(case.claimed_score, case.verified_score),
        decision=[
            (
                "Keputusan",
                translate(f"review.decision.{case.decision.value}", "id") if case.decision else "-",
            ),
            ("Catatan", case.decision_note or "-"),
            ("Tanggal", case.decided_at.isoformat(timespec="minutes") if case.decided_at else "-"),
            (
                "Batas perbaikan",
                case.revision_deadline.isoformat(timespec="minutes") if case.revision_deadline else "-",
            ),
        ],
    )
    return f"profil-{exports.slug(case.nama, limit=40)}-v{case.version}.pdf", content


# ---- SPD, index, rankings, dashboard ----


def _period_of_pemda(session: Session, principal: Principal, period_id: uuid.UUID) -> PeriodSettings:
    settings = period_settings(session, period_id)
    if settings is None or (
        principal.role is not Role.superadmin and settings.pemda_id != principal.pemda_id
    ):
        raise PeriodNotFound()
    return settings


def set_spd_entry(
    uow: UnitOfWork,
    *,
    principal: Principal,
    period_id: uuid.UUID,
    code: str,
    parameter: int,
    note: str,
    evidence_url: str | None,
) -> SpdEntry:
    """Enter (or correct) one SPD indicator's parameter for the period (admin)."""
    require_admin(principal)
    settings = _period_of_pemda(uow.session, principal, period_id)
    if code not in {s.code for s in settings.catalogue.spd_indicators}:
        raise SpdUnknown(code=code)
    row = repository.get_spd_entry(uow.session, period_id=period_id, code=code)
    if row is None:
        row = SpdEntry(period_id=period_id, code=code)
        uow.session.add(row)
    row.parameter, row.note, row.evidence_url = parameter, note.strip(), evidence_url
    row.entered_by, row.entered_at = principal.user_id, utc_now()
    uow.session.flush()
    return row


@dataclass(frozen=True)
class PeriodIndex:
    settings: PeriodSettings
    spd_entries: list[SpdEntry]
    claimed: scoring.IndexResult
    verified: scoring.IndexResult


def urusan_of(case: ReviewCase) -> set[str]:
    profile = case.snapshot.get("profile", {})
    found = {case.urusan} if case.urusan else set()
    lain = profile.get("urusan_lain") or []
    if isinstance(lain, list):
        found |= {str(u) for u in lain if u}
    return found


def projected_index(session: Session, *, principal: Principal, period_id: uuid.UUID) -> PeriodIndex:
    """The pemda's projected IID for the period, on claimed and on verified scores.

    Claimed counts every case not withdrawn; verified leaves out rejected ones too.
    """
    require_admin(principal)
    settings = _period_of_pemda(session, principal, period_id)
    entries = repository.spd_entries(session, period_id)
    spd = scoring.spd_score(settings.catalogue, {e.code: e.parameter for e in entries})
    cases = [
        c for c in repository.cases_of_period(session, period_id) if c.status is not CaseStatus.withdrawn
    ]
    kept = [c for c in cases if c.decision is not Decision.rejected]

    def build(chosen: list[ReviewCase], scores: list[float]) -> scoring.IndexResult:
        return scoring.index(
            spd=spd,
            innovation_scores=scores,
            k=settings.k,
            rule=settings.jumlah_inovasi,
            urusan_covered=set().union(*(urusan_of(c) for c in chosen)) if chosen else set(),
            predicates=settings.predicates,
        )

    return PeriodIndex(
        settings=settings,
        spd_entries=entries,
        claimed=build(cases, [c.claimed_score for c in cases]),
        verified=build(kept, [c.verified_score for c in kept]),
    )


@dataclass(frozen=True)
class RankingFilters:
    period_id: uuid.UUID | None = None
    urusan: str | None = None
    bentuk: str | None = None
    jenis: str | None = None
    tahapan: str | None = None


def _ranked_cases(session: Session, principal: Principal, filters: RankingFilters) -> list[ReviewCase]:
    require_admin(principal)
    cases = list_cases(
        session, principal=principal, status=None, limit=100_000, offset=0, period_id=filters.period_id
    )

    def keep(case: ReviewCase) -> bool:
        if case.status is CaseStatus.withdrawn or case.decision is Decision.rejected:
            return False
        wanted = {"bentuk": filters.bentuk, "jenis": filters.jenis, "tahapan": filters.tahapan}
        if any(value and getattr(case, key).lower() != value.lower() for key, value in wanted.items()):
            return False
        return not filters.urusan or filters.urusan.lower() in {u.lower() for u in urusan_of(case)}

    return sorted(
        (c for c in cases if keep(c)), key=lambda c: (-c.verified_score, -c.claimed_score, c.nama, str(c.id))
    )


def innovation_ranking(
    session: Session, *, principal: Principal, filters: RankingFilters
) -> list[ReviewCase]:
    """Innovations by verified score (rejected and withdrawn ones left out)."""
    return _ranked_cases(session, principal, filters)


@dataclass(frozen=True)
class OpdRank:
    opd_id: uuid.UUID
    opd_name: str
    innovations: int
    accepted: int
    verified_total: float
    verified_average: float
    claimed_total: float


def opd_ranking(session: Session, *, principal: Principal, filters: RankingFilters) -> list[OpdRank]:
    """OPDs by the total verified score of their innovations, then by their count."""
    groups: dict[uuid.UUID, list[ReviewCase]] = {}
    for case in _ranked_cases(session, principal, filters):
        groups.setdefault(case.opd_id, []).append(case)
    ranks = [
        OpdRank(
            opd_id=opd_id,
            opd_name=cases[0].opd_name,
            innovations=len(cases),
            accepted=sum(1 for c in cases if c.decision is Decision.accepted),
            verified_total=sum(c.verified_score for c in cases),
            verified_average=sum(c.verified_score for c in cases) / len(cases),
            claimed_total=sum(c.claimed_score for c in cases),
        )
        for opd_id, cases in groups.items()
    ]
    return sorted(ranks, key=lambda r: (-r.verified_total, -r.innovations, r.opd_name, str(r.opd_id)))


def _count(values: list[str]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for value in values:
        counts[value or "-"] = counts.get(value or "-", 0) + 1
    return dict(sorted(counts.items()))


def dashboard(session: Session, *, principal: Principal, period_id: uuid.UUID | None) -> dict[str, Any]:
    """Counts by status, OPD, urusan, bentuk and tahapan; score distribution; progress; throughput."""
    require_admin(principal)
    cases = list_cases(
        session, principal=principal, status=None, limit=100_000, offset=0, period_id=period_id
    )
    buckets = [f"{low}-{low + 9}" for low in range(0, 110, 10)]
    distribution = dict.fromkeys(buckets, 0)
    for case in cases:
        if case.status is not CaseStatus.withdrawn:
            distribution[buckets[min(int(case.verified_score) // 10, len(buckets) - 1)]] += 1
    submitted = _count([c.submitted_at.date().isoformat() for c in cases])
    decided = _count([c.decided_at.date().isoformat() for c in cases if c.decided_at])
    throughput: dict[uuid.UUID, dict[str, Any]] = {}
    for assignment in repository.assignments_of_cases(session, [c.id for c in cases]):
        if assignment.active:
            entry = throughput.setdefault(
                assignment.reviewer_id,
                {"reviewer_id": str(assignment.reviewer_id), "assigned": 0, "submitted": 0},
            )
            entry["assigned"] += 1
            entry["submitted"] += 1 if assignment.submitted_at else 0
    for reviewer_id, entry in throughput.items():
        account = repository.get_account(session, reviewer_id)
        entry["name"] = account.name if account else ""
    return {
        "total": len(cases),
        "by_status": _count([c.status.value for c in cases]),
        "by_decision": _count([c.decision.value for c in cases if c.decision]),
        "by_opd": _count([c.opd_name or str(c.opd_id) for c in cases]),
        "by_urusan": _count([c.urusan for c in cases]),
        "by_bentuk": _count([c.bentuk for c in cases]),
        "by_tahapan": _count([c.tahapan for c in cases]),
        "verified_score_distribution": distribution,
        "submitted_per_day": submitted,
        "decided_per_day": decided,
        "reviewer_throughput": sorted(throughput.values(), key=lambda e: (-e["submitted"], e["name"])),
    }


# ---- reminders ----

DUE_SOON = timedelta(days=2)


def send_review_reminders(uow: UnitOfWork) -> dict[str, int]:
    """Due in two days and overdue reminders, once each; escalate to the pemda's admins past the limit."""
    now = utc_now()
    sent = {"due_soon": 0, "overdue": 0, "escalated": 0}
    for assignment, case in repository.reminder_candidates(uow.session, due_before=now + DUE_SOON):
        settings = period_settings(uow.session, case.period_id)
        reviewer = repository.get_account(uow.session, assignment.reviewer_id)
        if reviewer is None or reviewer.pemda_id is None:
            continue
        data = {**_case_data(case, settings), "due_at": assignment.due_at.isoformat()}
        if assignment.due_at > now and assignment.due_soon_sent_at is None:
            assignment.due_soon_sent_at = now
            uow.publish(Notify(event_type="review.due_soon", recipients=(_recipient(reviewer),), data=data))
            sent["due_soon"] += 1
        if assignment.due_at <= now and assignment.overdue_sent_at is None:
            assignment.overdue_sent_at = now
            uow.publish(Notify(event_type="review.overdue", recipients=(_recipient(reviewer),), data=data))
            sent["overdue"] += 1
        limit = timedelta(days=settings.escalate_after_days if settings else 3)
        if assignment.due_at + limit <= now and assignment.escalated_at is None:
            assignment.escalated_at = now
            admins = [
                _recipient(a)
                for a in repository.accounts_of_pemda(uow.session, case.pemda_id, role=Role.admin.value)
                if a.is_active
            ]
            if admins:
                uow.publish(
                    Notify(
                        event_type="review.escalated",
                        recipients=tuple(admins),
                        data={**data, "reviewer": reviewer.name},
                    )
                )
            sent["escalated"] += 1
    uow.session.flush()
    if any(sent.values()):
        log.info("review.send_review_reminders.sent", extra=sent)
    return sent


# ---- dead messages ----


def _pemda_of_payload(payload: dict[str, Any]) -> str | None:
    for part in (payload, payload.get("period") or {}, payload.get("account") or {}):
        if isinstance(part, dict) and part.get("pemda_id"):
            return str(part["pemda_id"])
    return None


def dead_messages(session: Session, *, principal: Principal, limit: int) -> list[DeadMessage]:
    """The messages review gave up on, newest first: a pemda's admin sees those naming their pemda,
    the superadmin sees all (a message naming no pemda included)."""
    pemda_id = require_admin(principal)
    rows = repository.dead_messages(session, limit=limit if pemda_id is None else 1000)
    if pemda_id is None:
        return rows
    return [r for r in rows if _pemda_of_payload(r.payload) == str(pemda_id)][:limit]


def record_dead_message(
    uow: UnitOfWork,
    *,
    message_id: uuid.UUID,
    task_name: str,
    payload: dict[str, Any],
    error: str,
    attempts: int,
) -> None:
    """Keep a message that exhausted its retries where an admin can see it."""
    repository.add_dead_message_if_absent(
        uow.session,
        message_id=message_id,
        task_name=task_name,
        payload=payload,
        error=error[:4000],
        attempts=attempts,
    )
    log.error("review.dead_message.recorded", extra={"message_id": str(message_id), "task_name": task_name})


# ---- reviewer pages (reads for services/review/web/reviewer.py) ----


@dataclass(frozen=True)
class QueueItem:
    """One line of a reviewer's queue: the case, the due date and whether the work is done."""

    case: ReviewCase
    due_at: datetime | None
    done: bool  # the reviewer (admin: every reviewer) submitted their verdicts on the current round

    @property
    def overdue(self) -> bool:
        return (
            not self.done
            and self.case.status in UNDER_REVIEW
            and self.due_at is not None
            and (self.due_at <= utc_now())
        )

    @property
    def due_soon(self) -> bool:
        return (
            not self.done
            and self.case.status in UNDER_REVIEW
            and self.due_at is not None
            and utc_now() < self.due_at <= utc_now() + DUE_SOON
        )


QUEUE_LIMIT = 1000


def reviewer_queue(
    session: Session,
    *,
    principal: Principal,
    status: CaseStatus | None = None,
    opd_id: uuid.UUID | None = None,
    due: str | None = None,
) -> tuple[list[QueueItem], list[tuple[uuid.UUID, str]]]:
    """A reviewer's assigned cases (an admin: every case of the pemda), earliest due date first, and
    the OPDs found in it (for the filter). `due`: "soon" (within two days) or "overdue"."""
    admin = principal.role in (Role.admin, Role.superadmin)
    cases = list_cases(session, principal=principal, status=None, limit=QUEUE_LIMIT, offset=0, mine=not admin)
    assignments = repository.assignments_of_cases(session, [c.id for c in cases])
    items: list[QueueItem] = []
    for case in cases:
        current = [a for a in assignments if a.case_id == case.id and a.round == case.round and a.active]
        if not admin:
            current = [a for a in current if a.reviewer_id == principal.user_id]
        waiting = [a for a in current if a.submitted_at is None]
        due_at = min((a.due_at for a in waiting or current), default=None)
        items.append(QueueItem(case=case, due_at=due_at, done=bool(current) and not waiting))
    opds = sorted({(i.case.opd_id, i.case.opd_name or str(i.case.opd_id)) for i in items}, key=lambda o: o[1])
    chosen = [
        item
        for item in items
        if (status is None or item.case.status is status)
        and (opd_id is None or item.case.opd_id == opd_id)
        and (due != "soon" or item.due_soon)
        and (due != "overdue" or item.overdue)
    ]
    far = datetime.max.replace(tzinfo=UTC)
    chosen.sort(key=lambda i: (i.done, _aware(i.due_at) if i.due_at else far, i.case.nama, str(i.case.id)))
    return chosen, opds


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


@dataclass(frozen=True)
class EvidenceView:
    """One evidence file or link of an indicator, ready to show: where to open it and what to watch for."""

    evidence_id: uuid.UUID
    filename: str
    kind: str  # pdf / image / video / link / file
    url: str | None  # a short-lived presigned URL, or the OPD's http(s) link; None if unusable
    content_type: str
    size: int
    flags: tuple[str, ...]
    integrity: str  # ok / mismatch / missing / link / unchecked (too big to re-hash on a page) / unavailable
    warning: str | None
    nomor_surat: str | None
    tanggal_surat: str | None
    tentang: str | None


# Files up to this size are re-hashed when their indicator's page is shown; bigger ones (videos) are not.
PAGE_HASH_LIMIT = 25 * 1024 * 1024


def _kind_of(ref: EvidenceRef) -> str:
    if not ref.object_key:
        return "link"
    if ref.content_type == "application/pdf":
        return "pdf"
    if ref.content_type.startswith("image/"):
        return "image"
    if ref.content_type.startswith("video/"):
        return "video"
    return "file"


def indicator_evidence(
    session: Session, *, store: EvidenceStore, principal: Principal, case_id: uuid.UUID, indicator_no: int
) -> list[EvidenceView]:
    """The evidence of one indicator of the case's current version, each with a short-lived URL; files
    small enough are re-hashed against the submitted SHA-256 (storage down: shown as unavailable)."""
    case = get_case(session, principal=principal, case_id=case_id)
    views = []
    for item in case.snapshot.get("evidence", []):
        ref = EvidenceRef.model_validate(item)
        if ref.indicator_no != indicator_no:
            continue
        kind = _kind_of(ref)
        url: str | None = None
        integrity, warning = "link", None
        if kind == "link":
            link = (ref.link_url or "").strip()
            url = link if link.lower().startswith(("https://", "http://")) else None
        else:
            url = store.presigned_get(ref.object_key, filename=header_safe_filename(ref.filename))
            integrity = "unchecked"
            if ref.size <= PAGE_HASH_LIMIT:
                try:
                    actual = stored_sha256(store, ref.object_key)
                except AppError as exc:  # the storage did not answer (503): the page still shows
                    if exc.status_code != 503:
                        raise
                    integrity = "unavailable"
                else:
                    integrity = (
                        "missing" if actual is None else ("ok" if actual == ref.sha256 else "mismatch")
                    )
                if integrity in ("missing", "mismatch"):
                    warning = translate(f"review.integrity.{integrity}")
                    log.warning(
                        "review.evidence.integrity_failed",
                        extra={"case_id": str(case.id), "evidence_id": str(ref.evidence_id)},
                    )
        views.append(
            EvidenceView(
                evidence_id=ref.evidence_id,
                filename=ref.filename or (ref.link_url or ""),
                kind=kind,
                url=url,
                content_type=ref.content_type,
                size=ref.size,
                flags=ref.flags,
                integrity=integrity,
                warning=warning,
                nomor_surat=ref.nomor_surat,
                tanggal_surat=ref.tanggal_surat.isoformat() if ref.tanggal_surat else None,
                tentang=ref.tentang,
            )
        )
    return views


@dataclass(frozen=True)
class ShownVerdict:
    """A verdict as a page shows it: who, what, which parameter, the note."""

    round: int
    reviewer_id: uuid.UUID
    reviewer_name: str
    verdict: str
    verified_parameter: int
    note: str
    adjudication: bool = False


@dataclass(frozen=True)
class RoundHistory:
    """How an earlier round left one indicator: what the OPD claimed, the verdicts, the round's decision."""

    round: int
    version: int
    claimed_parameter: int
    verdicts: list[ShownVerdict]
    decision: str | None
    decision_note: str | None
    sent_back: bool


def _name_of(review: CaseReview, user_id: uuid.UUID) -> str:
    account = review.accounts.get(user_id)
    return account.name if account else str(user_id)[:8]


def indicator_verdicts(
    review: CaseReview, principal: Principal, indicator_no: int, *, round_no: int | None = None
) -> list[ShownVerdict]:
    """The verdicts on one indicator in one round (current by default) the caller may see: others'
    only once the caller submitted (or is an admin); the coordinator's ruling last."""
    wanted = review.case.round if round_no is None else round_no
    active = {a.reviewer_id for a in review.active_assignments(wanted)}
    shown = [
        ShownVerdict(
            round=v.round,
            reviewer_id=v.reviewer_id,
            reviewer_name=_name_of(review, v.reviewer_id),
            verdict=v.verdict.value,
            verified_parameter=v.verified_parameter,
            note=v.note,
        )
        for v in visible_verdicts(review, principal)
        if v.round == wanted and v.indicator_no == indicator_no and v.reviewer_id in active
    ]
    shown.sort(key=lambda s: s.reviewer_name)
    for ruling in review.adjudications:
        if ruling.round == wanted and ruling.indicator_no == indicator_no:
            shown.append(
                ShownVerdict(
                    round=ruling.round,
                    reviewer_id=ruling.decided_by,
                    reviewer_name=_name_of(review, ruling.decided_by),
                    verdict=ruling.verdict.value,
                    verified_parameter=ruling.verified_parameter,
                    note=ruling.note,
                    adjudication=True,
                )
            )
    return shown


def indicator_history(review: CaseReview, principal: Principal, indicator_no: int) -> list[RoundHistory]:
    """The earlier rounds that assessed this indicator, newest first (empty on round 1)."""
    history = []
    for round_ in sorted(review.rounds, key=lambda r: -r.round):
        if round_.round >= review.case.round or indicator_no not in review.assessed_in(round_):
            continue
        answers = {a["indicator_no"]: a["claimed_parameter"] for a in round_.snapshot.get("answers", [])}
        history.append(
            RoundHistory(
                round=round_.round,
                version=round_.version,
                claimed_parameter=answers.get(indicator_no, 0),
                verdicts=indicator_verdicts(review, principal, indicator_no, round_no=round_.round),
                decision=round_.decision.value if round_.decision else None,
                decision_note=round_.decision_note,
                sent_back=indicator_no in (round_.sent_back_indicators or []),
            )
        )
    return history


def my_verdicts(review: CaseReview, principal: Principal) -> dict[int, IndicatorVerdict]:
    """The caller's own verdicts on the current round, by indicator."""
    return {
        v.indicator_no: v
        for v in review.verdicts
        if v.round == review.case.round and v.reviewer_id == principal.user_id
    }


def my_assignment(review: CaseReview, principal: Principal) -> Assignment | None:
    """The caller's active assignment on the current round, if any."""
    return next((a for a in review.active_assignments() if a.reviewer_id == principal.user_id), None)


def assessable_indicators(review: CaseReview) -> list[int]:
    """The indicators a reviewer may give a verdict on in the current round (round 1: all of them;
    later rounds: the reopened ones)."""
    if review.case.round == 1:
        return review.known_indicators()
    return sorted(review.required())


def case_flags(case: ReviewCase, indicator_no: int | None) -> list[dict[str, Any]]:
    """Submission's flags on the case for one indicator (None: those naming no indicator)."""
    return [
        f
        for f in case.snapshot.get("flags", [])
        if isinstance(f, dict) and (f.get("indicator_no") or None) == indicator_no
    ]
