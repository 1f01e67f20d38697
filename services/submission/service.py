"""Rules of the submission service. Functions flush; the request or task commits."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy.orm import Session

from services.submission import repository
from services.submission.models import (
    EvidenceItem,
    Innovation,
    InnovationStatus,
    Opd,
    Pemda,
    PemdaKind,
    Period,
    UserAccount,
)
from services.submission.schemas import InnovationCreate
from shared import filetypes
from shared.auth import Principal, Role
from shared.contracts.notification import EventType, Notify, Recipient
from shared.contracts.review import EvidenceRef, InnovationSnapshot, OpenReviewCase
from shared.contracts.submission import ApplyReviewResult
from shared.db import utc_now
from shared.errors import AppError, Conflict, Forbidden, NotFound, Unauthorized
from shared.i18n import register
from shared.messaging.outbox import UnitOfWork
from shared.phone import normalize_msisdn
from shared.storage import EvidenceStore, SpooledUpload

log = logging.getLogger(__name__)
hasher = PasswordHasher()
# Verified against when the account does not exist, so both paths take the same time.
_DUMMY_HASH = hasher.hash("no-such-account")

EDITABLE = (InnovationStatus.draft, InnovationStatus.revision_requested)
INDICATOR_NUMBERS = range(1, 21)
ACCEPTED_EVIDENCE_TYPES = (filetypes.PDF, filetypes.PNG, filetypes.JPEG)

register(
    {
        "auth.invalid_credentials": {
            "id": "Email atau kata sandi salah.",
            "en": "Wrong email or password.",
        },
        "innovation.no_open_period": {
            "id": "Tidak ada periode Gelar Inovasi yang sedang dibuka untuk pemda Anda.",
            "en": "There is no open Gelar Inovasi period for your pemda.",
        },
        "innovation.not_editable": {
            "id": "Inovasi berstatus '{status}' tidak dapat diubah.",
            "en": "An innovation with status '{status}' cannot be changed.",
        },
        "innovation.not_submittable": {
            "id": "Inovasi berstatus '{status}' tidak dapat dikirim.",
            "en": "An innovation with status '{status}' cannot be submitted.",
        },
        "innovation.not_opd_member": {
            "id": "Hanya operator OPD yang dapat membuat inovasi.",
            "en": "Only an OPD operator can create innovations.",
        },
        "evidence.bad_indicator": {
            "id": "Nomor indikator harus antara 1 dan 20.",
            "en": "The indicator number must be between 1 and 20.",
        },
        "evidence.unsupported_type": {
            "id": "Isi berkas '{filename}' bukan PDF, PNG atau JPEG yang sah. Unggah berkas aslinya.",
            "en": "The content of '{filename}' is not a valid PDF, PNG or JPEG. Upload the original file.",
        },
        "evidence.name_mismatch": {
            "id": "Nama berkas '{filename}' tidak sesuai dengan isinya ({actual}). Periksa berkas Anda.",
            "en": "The file name '{filename}' does not match its content ({actual}). Check your file.",
        },
        "evidence.empty": {"id": "Berkas kosong.", "en": "The file is empty."},
    }
)


class UnsupportedMediaType(AppError):
    status_code = 415


# ---- accounts and tenants (admin CLI) ----


def create_pemda(session: Session, *, slug: str, name: str, kind: PemdaKind, timezone: str) -> Pemda:
    """Create a pemda (tenant); its time zone must be one of Indonesia's three."""
    if timezone not in ("Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura"):
        raise ValueError("timezone must be Asia/Jakarta (WIB), Asia/Makassar (WITA) or Asia/Jayapura (WIT)")
    if repository.get_pemda_by_slug(session, slug):
        raise ValueError(f"pemda {slug!r} already exists")
    pemda = Pemda(slug=slug, name=name, kind=kind, timezone=timezone)
    session.add(pemda)
    session.flush()
    return pemda


def create_opd(session: Session, *, pemda: Pemda, name: str, kind: str) -> Opd:
    if repository.get_opd_by_name(session, pemda_id=pemda.id, name=name):
        raise ValueError(f"OPD {name!r} already exists in {pemda.slug}")
    opd = Opd(pemda_id=pemda.id, name=name, kind=kind)
    session.add(opd)
    session.flush()
    return opd


def create_user(
    session: Session,
    *,
    email: str,
    name: str,
    role: Role,
    password: str,
    pemda: Pemda | None,
    opd: Opd | None = None,
    whatsapp: str | None = None,
    whatsapp_opt_in: bool = False,
    language: str = "id",
) -> UserAccount:
    """Create an account; OPD roles need an OPD, every role but superadmin a pemda."""
    if role in (Role.opd_operator, Role.opd_head) and opd is None:
        raise ValueError(f"role {role} needs an OPD")
    if role is not Role.superadmin and pemda is None:
        raise ValueError(f"role {role} needs a pemda")
    if len(password) < 8:
        raise ValueError("password must have at least 8 characters")
    if repository.get_user_by_email(session, email):
        raise ValueError(f"an account for {email} already exists")
    user = UserAccount(
        email=email.strip().lower(),
        name=name,
        role=role,
        pemda_id=pemda.id if pemda else None,
        opd_id=opd.id if opd else None,
        password_hash=hasher.hash(password),
        whatsapp=normalize_msisdn(whatsapp) if whatsapp else None,
        whatsapp_opt_in=whatsapp_opt_in,
        language=language,
    )
    session.add(user)
    session.flush()
    return user


def create_period(
    session: Session, *, pemda: Pemda, year: int, opens_at: datetime, closes_at: datetime
) -> Period:
    if closes_at <= opens_at:
        raise ValueError("a period must close after it opens")
    if repository.get_period(session, pemda_id=pemda.id, year=year):
        raise ValueError(f"{pemda.slug} already has a period for {year}")
    period = Period(
        pemda_id=pemda.id,
        year=year,
        name=f"Gelar Inovasi Daerah {year}",
        opens_at=opens_at,
        closes_at=closes_at,
    )
    session.add(period)
    session.flush()
    return period


def local_year_bounds(timezone: str, year: int) -> tuple[datetime, datetime]:
    """1 January 00:00 to 31 December 23:59:59 of `year` in the pemda's zone, as UTC."""
    zone = ZoneInfo(timezone)
    start = datetime(year, 1, 1, tzinfo=zone).astimezone(UTC)
    end = datetime(year + 1, 1, 1, tzinfo=zone).astimezone(UTC)
    return start, end


def authenticate(session: Session, *, email: str, password: str) -> UserAccount:
    """The active account with this email and password, else 401 (same time either way)."""
    user = repository.get_user_by_email(session, email)
    try:
        hasher.verify(user.password_hash if user else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError) as exc:
        raise Unauthorized("auth.invalid_credentials") from exc
    if user is None or not user.is_active:
        raise Unauthorized("auth.invalid_credentials")
    return user


def principal_of(user: UserAccount) -> Principal:
    return Principal(
        user_id=user.id,
        pemda_id=user.pemda_id,
        opd_id=user.opd_id,
        role=user.role,
        name=user.name,
        language="en" if user.language == "en" else "id",
    )


# ---- innovations ----


def _visible(innovation: Innovation | None, principal: Principal) -> Innovation:
    """The innovation if the caller may see it (same pemda; OPD users only their OPD), else 404."""
    if innovation is None or (
        principal.role is not Role.superadmin and innovation.pemda_id != principal.pemda_id
    ):
        raise NotFound()
    if principal.role in (Role.opd_operator, Role.opd_head) and innovation.opd_id != principal.opd_id:
        raise NotFound()
    return innovation


def get_innovation(session: Session, *, principal: Principal, innovation_id: uuid.UUID) -> Innovation:
    return _visible(repository.get_innovation(session, innovation_id), principal)


def list_innovations(session: Session, *, principal: Principal, limit: int, offset: int) -> list[Innovation]:
    if principal.pemda_id is None:
        return []
    opd_id = principal.opd_id if principal.role in (Role.opd_operator, Role.opd_head) else None
    return repository.list_innovations(
        session, pemda_id=principal.pemda_id, opd_id=opd_id, limit=limit, offset=offset
    )


def create_innovation(uow: UnitOfWork, *, principal: Principal, data: InnovationCreate) -> Innovation:
    """Start a draft in the pemda's open period."""
    if principal.role is not Role.opd_operator or principal.opd_id is None or principal.pemda_id is None:
        raise Forbidden("innovation.not_opd_member")
    period = repository.get_open_period(uow.session, pemda_id=principal.pemda_id, at=utc_now())
    if period is None:
        raise Conflict("innovation.no_open_period")
    innovation = Innovation(
        pemda_id=principal.pemda_id,
        period_id=period.id,
        opd_id=principal.opd_id,
        created_by=principal.user_id,
        nama=data.nama,
        tahapan=data.tahapan,
        jenis=data.jenis,
        status=InnovationStatus.draft,
        evidence=[],
    )
    uow.session.add(innovation)
    uow.session.flush()
    return innovation


def _editable(session: Session, principal: Principal, innovation_id: uuid.UUID) -> Innovation:
    innovation = _visible(repository.get_innovation(session, innovation_id, for_update=True), principal)
    if principal.role is not Role.opd_operator:
        raise Forbidden()
    if innovation.status not in EDITABLE:
        raise Conflict("innovation.not_editable", status=innovation.status.value)
    return innovation


def check_evidence_file(upload: SpooledUpload, *, filename: str) -> str:
    """The sniffed media type of an upload, or 415 saying what is wrong with it."""
    if upload.size == 0:
        raise UnsupportedMediaType("evidence.empty")
    actual = filetypes.sniff(upload.head)
    if actual not in ACCEPTED_EVIDENCE_TYPES:
        raise UnsupportedMediaType("evidence.unsupported_type", filename=filename)
    if not filetypes.matches_name(actual, filename):
        raise UnsupportedMediaType("evidence.name_mismatch", filename=filename, actual=actual)
    return actual


@dataclass(frozen=True)
class EvidenceMeta:
    indicator_no: int
    filename: str
    nomor_surat: str | None = None
    tanggal_surat: date | None = None
    tentang: str | None = None


def evidence_key(innovation: Innovation, indicator_no: int, sha256: str) -> str:
    """Content-addressed and immutable: `{pemda}/{period}/{innovation}/{indicator}/{sha256}`."""
    return f"{innovation.pemda_id}/{innovation.period_id}/{innovation.id}/{indicator_no:02d}/{sha256}"


def add_evidence(
    uow: UnitOfWork,
    *,
    store: EvidenceStore,
    principal: Principal,
    innovation_id: uuid.UUID,
    upload: SpooledUpload,
    meta: EvidenceMeta,
) -> EvidenceItem:
    """Store the file in S3 first, then record it; a file already there is returned as is."""
    if meta.indicator_no not in INDICATOR_NUMBERS:
        raise AppError("evidence.bad_indicator", status_code=422)
    innovation = _editable(uow.session, principal, innovation_id)
    media_type = check_evidence_file(upload, filename=meta.filename)
    existing = repository.find_evidence(
        uow.session, innovation_id=innovation.id, indicator_no=meta.indicator_no, sha256=upload.sha256
    )
    if existing is not None:  # the same file again (a double click, a retry): one record
        return existing
    key = evidence_key(innovation, meta.indicator_no, upload.sha256)
    stored = store.put(key, upload.file, length=upload.size, content_type=media_type, sha256=upload.sha256)
    try:
        item = EvidenceItem(
            innovation_id=innovation.id,
            indicator_no=meta.indicator_no,
            object_key=key,
            sha256=upload.sha256,
            size=stored.size,
            content_type=media_type,
            filename=meta.filename,
            nomor_surat=meta.nomor_surat,
            tanggal_surat=meta.tanggal_surat,
            tentang=meta.tentang,
            uploaded_by=principal.user_id,
        )
        uow.session.add(item)
        uow.session.flush()
    except Exception:
        store.delete(key)  # no row will point to it
        raise
    return item


def submit(uow: UnitOfWork, *, principal: Principal, innovation_id: uuid.UUID) -> Innovation:
    """Freeze the current version and hand it to review."""
    innovation = _visible(repository.get_innovation(uow.session, innovation_id, for_update=True), principal)
    if principal.role is not Role.opd_operator:
        raise Forbidden()
    if innovation.status not in EDITABLE:
        raise Conflict("innovation.not_submittable", status=innovation.status.value)
    innovation.status = InnovationStatus.submitted
    innovation.submitted_at = utc_now()
    innovation.version += 1
    uow.session.flush()
    uow.publish(_open_case_message(innovation))
    _notify(uow, innovation, "innovation.submitted", roles=(Role.opd_operator, Role.opd_head))
    return innovation


def _open_case_message(innovation: Innovation) -> OpenReviewCase:
    assert innovation.submitted_at is not None
    return OpenReviewCase(
        innovation_id=innovation.id,
        version=innovation.version,
        pemda_id=innovation.pemda_id,
        opd_id=innovation.opd_id,
        period_id=innovation.period_id,
        submitted_at=innovation.submitted_at,
        snapshot=InnovationSnapshot(
            nama=innovation.nama, tahapan=innovation.tahapan.value, jenis=innovation.jenis.value
        ),
        evidence=tuple(
            EvidenceRef(
                evidence_id=item.id,
                indicator_no=item.indicator_no,
                object_key=item.object_key,
                sha256=item.sha256,
                size=item.size,
                content_type=item.content_type,
                filename=item.filename,
            )
            for item in innovation.evidence
        ),
    )


def _notify(uow: UnitOfWork, innovation: Innovation, event: EventType, *, roles: tuple[Role, ...]) -> None:
    """Tell the innovation's OPD people (with their contacts: notification keeps what it is sent)."""
    pemda = repository.get_pemda(uow.session, innovation.pemda_id)
    assert pemda is not None
    users = repository.list_opd_users(uow.session, opd_id=innovation.opd_id, roles=roles)
    if not users:
        log.warning("submission.notify.no_recipients", extra={"innovation_id": str(innovation.id)})
        return
    recipients = tuple(
        Recipient(
            user_id=user.id,
            pemda_id=pemda.id,
            name=user.name,
            email=user.email,
            whatsapp=user.whatsapp,
            whatsapp_opt_in=user.whatsapp_opt_in,
            language="en" if user.language == "en" else "id",
            timezone=pemda.timezone,
        )
        for user in users
    )
    uow.publish(
        Notify(
            event_type=event,
            recipients=recipients,
            data={
                "innovation_id": str(innovation.id),
                "nama": innovation.nama,
                "version": innovation.version,
                "pemda": pemda.name,
                "note": innovation.review_note or "",
                "at": (innovation.decided_at or innovation.submitted_at or utc_now()).isoformat(),
            },
        )
    )


DECISION_STATUS = {
    "accepted": InnovationStatus.accepted,
    "revision_requested": InnovationStatus.revision_requested,
    "rejected": InnovationStatus.rejected,
}


def apply_review_result(uow: UnitOfWork, *, message: ApplyReviewResult) -> Innovation | None:
    """Record review's decision on the version it reviewed (a repeat or a stale one changes nothing)."""
    if not uow.claim(message):
        log.info("submission.apply_review_result.duplicate", extra={"message_id": str(message.message_id)})
        return None
    innovation = repository.get_innovation(uow.session, message.innovation_id, for_update=True)
    if innovation is None:
        raise LookupError(f"innovation {message.innovation_id} not found")
    if innovation.version != message.version or innovation.status is not InnovationStatus.submitted:
        log.warning(
            "submission.apply_review_result.stale",
            extra={"innovation_id": str(innovation.id), "version": message.version},
        )
        return innovation
    innovation.status = DECISION_STATUS[message.decision]
    innovation.decided_at = message.decided_at
    innovation.review_note = message.note or None
    uow.session.flush()
    event: EventType = f"innovation.{message.decision}"  # type: ignore[assignment]
    _notify(uow, innovation, event, roles=(Role.opd_operator, Role.opd_head))
    return innovation
