"""Rules of the submission service. Functions flush; the request or task commits."""

from __future__ import annotations

import hashlib
import logging
import struct
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from difflib import SequenceMatcher
from typing import IO, Any

from sqlalchemy.orm import Session, object_session

from services.submission import audit, periods, repository
from services.submission.messages import InspectEvidence
from services.submission.models import (
    EvidenceItem,
    IndicatorAnswer,
    Innovation,
    InnovationStatus,
    InnovationVersion,
    Pemda,
    PemdaKind,
    PendingUpload,
    Period,
    Tahapan,
    UserAccount,
)
from services.submission.pdfcheck import pdf_flags
from services.submission.schemas import InnovationCreate, InnovationUpdate
from shared import filetypes
from shared.auth import Principal, Role
from shared.contracts.catalogue import EVIDENCE_TYPES, Catalogue, EvidenceKind, IndicatorDefinition
from shared.contracts.notification import Notify, Recipient
from shared.contracts.review import (
    CaseFlag,
    EvidenceRef,
    InnovationSnapshot,
    OpenReviewCase,
    WithdrawReviewCase,
)
from shared.contracts.review import IndicatorAnswer as ContractAnswer
from shared.contracts.submission import ApplyReviewResult, MarkInReview
from shared.db import utc_now
from shared.errors import AppError, Conflict, Forbidden, NotFound
from shared.i18n import Language, current_language, register, translate
from shared.messaging.outbox import UnitOfWork
from shared.storage import EvidenceStore, SpooledUpload, UploadTooLarge, sha256_of

log = logging.getLogger(__name__)

EDITABLE = (InnovationStatus.draft, InnovationStatus.withdrawn, InnovationStatus.revision_requested)

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


TIMEZONES = ("Asia/Jakarta", "Asia/Makassar", "Asia/Jayapura")
PEMDA_FIELDS = ("slug", "name", "kind", "timezone")

register(
    {
        "pemda.bad_timezone": {
            "id": "Zona waktu '{timezone}' tidak dikenal. Pilihan: Asia/Jakarta (WIB), Asia/Makassar (WITA)"
            " atau Asia/Jayapura (WIT).",
            "en": "Unknown time zone '{timezone}'. Choices: Asia/Jakarta (WIB), Asia/Makassar (WITA)"
            " or Asia/Jayapura (WIT).",
        },
        "pemda.duplicate_slug": {
            "id": "Pemda dengan slug '{slug}' sudah ada. Gunakan slug lain.",
            "en": "A pemda with the slug '{slug}' already exists. Use another slug.",
        },
        "pemda.superadmin_only": {
            "id": "Hanya superadmin yang dapat mengelola pemda.",
            "en": "Only the superadmin can manage pemdas.",
        },
    }
)


def _require_superadmin(principal: Principal) -> None:
    if principal.role is not Role.superadmin:
        raise Forbidden("pemda.superadmin_only")


def create_pemda(
    session: Session,
    *,
    slug: str,
    name: str,
    kind: PemdaKind,
    timezone: str,
    actor: Principal | None = None,
) -> Pemda:
    """Create a pemda (tenant); its time zone must be one of Indonesia's three, its slug unused."""
    if actor is not None:
        _require_superadmin(actor)
    if timezone not in TIMEZONES:
        raise AppError("pemda.bad_timezone", status_code=422, timezone=timezone)
    if repository.get_pemda_by_slug(session, slug):
        raise Conflict("pemda.duplicate_slug", slug=slug)
    pemda = Pemda(slug=slug, name=name, kind=kind, timezone=timezone)
    session.add(pemda)
    session.flush()
    audit.record(
        session,
        actor=actor,
        pemda_id=pemda.id,
        entity="pemda",
        entity_id=pemda.id,
        action="create",
        after=audit.fields_of(pemda, PEMDA_FIELDS),
    )
    return pemda


def list_pemdas(session: Session, *, principal: Principal) -> list[Pemda]:
    """Every pemda for the superadmin; anyone else sees only their own."""
    if principal.role is Role.superadmin:
        return repository.list_pemdas(session)
    pemda = repository.get_pemda(session, principal.pemda_id) if principal.pemda_id else None
    return [pemda] if pemda else []


def update_pemda(session: Session, *, principal: Principal, pemda_id: uuid.UUID, name: str) -> Pemda:
    """Rename a pemda (superadmin)."""
    _require_superadmin(principal)
    pemda = repository.get_pemda(session, pemda_id)
    if pemda is None:
        raise NotFound()
    before = audit.fields_of(pemda, PEMDA_FIELDS)
    pemda.name = name
    session.flush()
    audit.record(
        session,
        actor=principal,
        pemda_id=pemda.id,
        entity="pemda",
        entity_id=pemda.id,
        action="update",
        before=before,
        after=audit.fields_of(pemda, PEMDA_FIELDS),
    )
    return pemda


def principal_of(user: UserAccount) -> Principal:
    session = object_session(user)
    pemda = session.get(Pemda, user.pemda_id) if session is not None and user.pemda_id else None
    return Principal(
        user_id=user.id,
        pemda_id=user.pemda_id,
        opd_id=user.opd_id,
        role=user.role,
        name=user.name,
        language="en" if user.language == "en" else "id",
        timezone=pemda.timezone if pemda is not None else "Asia/Jakarta",
    )


# ---- innovations: visibility and the profile ----

PROFILE_FIELDS = (
    "nama",
    "tahapan",
    "inisiator",
    "nama_inisiator",
    "jenis",
    "bentuk",
    "tematik",
    "urusan_utama",
    "urusan_lain",
    "waktu_uji_coba",
    "waktu_penerapan",
    "pengembangan",
    "waktu_pengembangan",
    "rancang_bangun",
    "tujuan",
    "manfaat",
    "hasil",
)
REQUIRED_FIELDS = (
    "nama",
    "tahapan",
    "inisiator",
    "nama_inisiator",
    "jenis",
    "bentuk",
    "tematik",
    "urusan_utama",
    "rancang_bangun",
    "tujuan",
    "manfaat",
    "hasil",
)
FILE_SLOTS: dict[str, EvidenceKind] = {
    "anggaran": "pdf",
    "profil_bisnis": "pdf_or_image",
    "haki": "pdf_or_image",
    "penghargaan": "pdf_or_image",
}
SLOT_MAX_MB = 10
MIN_RANCANG_BANGUN_WORDS = 300
SIMILAR_TITLE_RATIO = 0.8
OPD_ROLES = (Role.opd_operator, Role.opd_head)
KIND_LABELS: dict[str, dict[Language, str]] = {
    "pdf": {"id": "PDF", "en": "PDF"},
    "pdf_or_image": {"id": "PDF atau gambar (JPEG/PNG)", "en": "PDF or an image (JPEG/PNG)"},
    "image": {"id": "gambar (JPEG/PNG)", "en": "an image (JPEG/PNG)"},
    "video": {
        "id": "video MP4/MOV paling lama 5 menit, atau tautan",
        "en": "an MP4/MOV video of at most 5 minutes, or a link",
    },
}
MAX_VIDEO_SECONDS = 5 * 60

register(
    {
        "innovation.not_reopened": {
            "id": "Indikator {indicator_no} tidak dibuka kembali untuk perbaikan; "
            "versi yang dikirim tetap berlaku.",
            "en": "Indicator {indicator_no} was not reopened for revision; the submitted version stands.",
        },
        "innovation.profile_frozen": {
            "id": "Profil inovasi sudah dikirim (versi {version}) dan tidak dapat diubah; "
            "hanya indikator yang diminta perbaikan yang dapat diubah.",
            "en": "The profile was submitted (version {version}) and cannot change; "
            "only the indicators flagged for revision can.",
        },
        "innovation.duplicate_title": {
            "id": "Judul '{nama}' sudah dipakai inovasi lain pada periode ini. "
            "Satu judul untuk satu inovasi.",
            "en": "The title '{nama}' is already used by another innovation in this period. "
            "One title per innovation.",
        },
        "innovation.similar_title": {
            "id": "Judul mirip dengan inovasi lain: {titles}. Pastikan ini bukan inovasi yang sama.",
            "en": "The title is similar to other innovations: {titles}. Make sure it is not the same one.",
        },
        "innovation.uji_coba_after_penerapan": {
            "id": "Waktu uji coba tidak boleh setelah waktu penerapan.",
            "en": "The trial date cannot be after the implementation date.",
        },
        "innovation.penerapan_outside_window": {
            "id": "Waktu penerapan harus antara {start} dan {end}, atau inovasi harus dikembangkan "
            "(pengembangan) dalam rentang itu.",
            "en": "The implementation date must be between {start} and {end}, or the innovation must have "
            "been developed further within that window.",
        },
        "innovation.bad_tematik": {
            "id": "Tematik '{value}' tidak ada dalam daftar periode ini: {choices}.",
            "en": "Theme '{value}' is not in this period's list: {choices}.",
        },
        "innovation.pengembangan_date_missing": {
            "id": "Isi tanggal pengembangan.",
            "en": "Fill in the development date.",
        },
        "innovation.bad_indicator": {
            "id": "Indikator {indicator_no} tidak ada dalam katalog periode ini (1-{count}).",
            "en": "Indicator {indicator_no} is not in this period's catalogue (1-{count}).",
        },
        "innovation.bad_parameter": {
            "id": "Nilai parameter indikator {indicator_no} harus 1, 2 atau 3.",
            "en": "The parameter of indicator {indicator_no} must be 1, 2 or 3.",
        },
        "innovation.bad_basis": {
            "id": "Pilih dasar kemanfaatan indikator {indicator_no}: {choices}.",
            "en": "Choose the benefit basis of indicator {indicator_no}: {choices}.",
        },
        "innovation.incomplete": {
            "id": "Inovasi belum lengkap: {missing}",
            "en": "The innovation is not complete: {missing}",
        },
        "innovation.no_head": {
            "id": "OPD Anda belum memiliki akun kepala OPD yang aktif untuk menyetujui pengiriman.",
            "en": "Your OPD has no active OPD head account to approve the submission.",
        },
        "innovation.not_awaiting_head": {
            "id": "Inovasi berstatus '{status}' tidak sedang menunggu persetujuan kepala OPD.",
            "en": "An innovation with status '{status}' is not awaiting the OPD head's approval.",
        },
        "innovation.not_withdrawable": {
            "id": "Inovasi berstatus '{status}' tidak dapat ditarik; "
            "penarikan hanya sebelum penilaian dimulai.",
            "en": "An innovation with status '{status}' cannot be withdrawn; only before review starts.",
        },
        "innovation.bad_version": {
            "id": "Versi {version} tidak ada.",
            "en": "There is no version {version}.",
        },
        "missing.field": {"id": "kolom '{field}' kosong", "en": "field '{field}' is empty"},
        "missing.rancang_bangun": {
            "id": "rancang bangun baru {words} kata (minimal {minimum})",
            "en": "the design has {words} words (at least {minimum})",
        },
        "missing.answer": {
            "id": "indikator wajib {indicator_no} ({name}) belum dinilai",
            "en": "mandatory indicator {indicator_no} ({name}) has no claimed parameter",
        },
        "missing.evidence": {
            "id": "indikator wajib {indicator_no} ({name}) belum memiliki bukti dukung",
            "en": "mandatory indicator {indicator_no} ({name}) has no evidence",
        },
        "missing.basis": {
            "id": "indikator {indicator_no} ({name}) belum memilih dasar kemanfaatan",
            "en": "indicator {indicator_no} ({name}) has no benefit basis",
        },
        "evidence.wrong_kind": {
            "id": "Indikator {indicator_no} hanya menerima {accepts}; berkas '{filename}' adalah {actual}.",
            "en": "Indicator {indicator_no} accepts only {accepts}; '{filename}' is {actual}.",
        },
        "evidence.slot_wrong_kind": {
            "id": "Berkas {slot} hanya menerima {accepts}; berkas '{filename}' adalah {actual}.",
            "en": "The {slot} file accepts only {accepts}; '{filename}' is {actual}.",
        },
        "evidence.bad_slot": {
            "id": "Jenis berkas profil '{slot}' tidak dikenal. Pilihan: {choices}.",
            "en": "Unknown profile file '{slot}'. Choices: {choices}.",
        },
        "evidence.encrypted_pdf": {
            "id": "PDF '{filename}' terkunci (terenkripsi). Unggah PDF tanpa kata sandi.",
            "en": "The PDF '{filename}' is encrypted. Upload it without a password.",
        },
        "evidence.video_too_long": {
            "id": "Video '{filename}' berdurasi {seconds} detik; maksimal 5 menit.",
            "en": "The video '{filename}' lasts {seconds} seconds; at most 5 minutes.",
        },
        "evidence.bad_link": {
            "id": "Tautan harus diawali https:// atau http://.",
            "en": "The link must start with https:// or http://.",
        },
        "evidence.frozen": {
            "id": "Bukti dukung ini termasuk versi {version} yang sudah dikirim; unggah pengganti, "
            "versi lama tetap tersimpan.",
            "en": "This evidence belongs to submitted version {version}; upload a replacement, "
            "the old one is kept.",
        },
    }
)


def word_count(text: str) -> int:
    return len(text.split())


def title_key(nama: str) -> str:
    """The title as compared for uniqueness: case and spaces do not count."""
    return "".join(nama.casefold().split())


def _visible(innovation: Innovation | None, principal: Principal) -> Innovation:
    """The innovation if the caller may see it (same pemda; OPD users only their OPD), else 404."""
    if innovation is None or (
        principal.role is not Role.superadmin and innovation.pemda_id != principal.pemda_id
    ):
        raise NotFound()
    if principal.role in OPD_ROLES and innovation.opd_id != principal.opd_id:
        raise NotFound()
    return innovation


def get_innovation(session: Session, *, principal: Principal, innovation_id: uuid.UUID) -> Innovation:
    return _visible(repository.get_innovation(session, innovation_id), principal)


def list_innovations(
    session: Session,
    *,
    principal: Principal,
    limit: int,
    offset: int,
    period_id: uuid.UUID | None = None,
    status: InnovationStatus | None = None,
) -> list[Innovation]:
    """The OPD's own innovations; for the pemda team everything, except that reviewers see only
    what reached the pemda (no drafts)."""
    if principal.pemda_id is None:
        return []
    opd_id = principal.opd_id if principal.role in OPD_ROLES else None
    statuses: tuple[InnovationStatus, ...] = (status,) if status else ()
    if principal.role is Role.reviewer:
        statuses = tuple(s for s in (statuses or repository.SENT_STATUSES) if s in repository.SENT_STATUSES)
        if not statuses:
            return []
    return repository.list_innovations(
        session,
        pemda_id=principal.pemda_id,
        opd_id=opd_id,
        limit=limit,
        offset=offset,
        period_id=period_id,
        statuses=statuses,
    )


def _pemda_of(session: Session, innovation: Innovation) -> Pemda:
    pemda = repository.get_pemda(session, innovation.pemda_id)
    assert pemda is not None
    return pemda


def _period_of(session: Session, innovation: Innovation) -> Period:
    period = repository.get_period_by_id(session, innovation.period_id)
    assert period is not None
    return period


def catalogue_for(session: Session, innovation: Innovation) -> Catalogue:
    return periods.catalogue_of(_period_of(session, innovation))


@dataclass(frozen=True)
class TitleWarning:
    code: str
    message: str
    similar_to: tuple[str, ...]


def _title_checks(session: Session, innovation: Innovation) -> list[TitleWarning]:
    """Refuse a title used in this period; warn about similar ones of the pemda, any year."""
    key = title_key(innovation.nama)
    with session.no_autoflush:  # a changed title must not reach the unique index before this check
        clash = repository.find_title(
            session, period_id=innovation.period_id, title_key=key, exclude=innovation.id
        )
        if clash is not None:
            raise Conflict("innovation.duplicate_title", nama=innovation.nama)
        titles = repository.titles_of_pemda(session, pemda_id=innovation.pemda_id)
    folded = " ".join(innovation.nama.casefold().split())
    similar = []
    for other_id, other_nama, year in titles:
        if other_id == innovation.id:
            continue
        ratio = SequenceMatcher(None, folded, " ".join(other_nama.casefold().split())).ratio()
        if ratio >= SIMILAR_TITLE_RATIO:
            similar.append(f"{other_nama} ({year})")
    if not similar:
        return []
    return [
        TitleWarning(
            code="innovation.similar_title",
            message=translate("innovation.similar_title", titles="; ".join(similar[:5])),
            similar_to=tuple(similar[:5]),
        )
    ]


def _validate_profile(innovation: Innovation, period: Period) -> None:
    """Rules between profile fields (422 naming what to fix)."""
    uji_coba, penerapan = innovation.waktu_uji_coba, innovation.waktu_penerapan
    if uji_coba and penerapan and uji_coba > penerapan:
        raise AppError("innovation.uji_coba_after_penerapan", status_code=422)
    if innovation.pengembangan and innovation.waktu_pengembangan is None:
        raise AppError("innovation.pengembangan_date_missing", status_code=422)
    if innovation.tematik and period.tematik_options and innovation.tematik not in period.tematik_options:
        raise AppError(
            "innovation.bad_tematik",
            status_code=422,
            value=innovation.tematik,
            choices=", ".join(period.tematik_options),
        )
    start, end = period.eligible_from, period.eligible_to
    if innovation.waktu_penerapan and start and end and not start <= innovation.waktu_penerapan <= end:
        developed = innovation.pengembangan and innovation.waktu_pengembangan
        if not (developed and start <= innovation.waktu_pengembangan <= end):  # type: ignore[operator]
            raise AppError(
                "innovation.penerapan_outside_window",
                status_code=422,
                start=start.isoformat(),
                end=end.isoformat(),
            )


def create_innovation(
    uow: UnitOfWork, *, principal: Principal, data: InnovationCreate
) -> tuple[Innovation, list[TitleWarning]]:
    """Start a draft in the pemda's open period."""
    if principal.role is not Role.opd_operator or principal.opd_id is None or principal.pemda_id is None:
        raise Forbidden("innovation.not_opd_member")
    period = repository.get_open_period(uow.session, pemda_id=principal.pemda_id, at=utc_now())
    if period is None:
        raise Conflict("innovation.no_open_period")
    pemda = repository.get_pemda(uow.session, principal.pemda_id)
    assert pemda is not None
    periods.ensure_open_for(uow.session, period=period, opd_id=principal.opd_id, timezone=pemda.timezone)
    innovation = Innovation(
        pemda_id=principal.pemda_id,
        period_id=period.id,
        opd_id=principal.opd_id,
        created_by=principal.user_id,
        status=InnovationStatus.draft,
        evidence=[],
        answers=[],
        urusan_lain=[],
        reopened_indicators=[],
        indicator_notes=[],
        pengembangan=False,
        rancang_bangun="",
        tujuan="",
        manfaat="",
        hasil="",
    )
    for name, value in data.model_dump(exclude_unset=True).items():
        setattr(innovation, name, value)
    innovation.title_key = title_key(innovation.nama)
    _validate_profile(innovation, period)
    warnings = _title_checks(uow.session, innovation)
    uow.session.add(innovation)
    uow.session.flush()
    audit.record(
        uow.session,
        actor=principal,
        pemda_id=innovation.pemda_id,
        entity="innovation",
        entity_id=innovation.id,
        action="create",
        after=audit.fields_of(innovation, PROFILE_FIELDS),
    )
    return innovation, warnings


def _ensure_deadline(session: Session, innovation: Innovation) -> None:
    """A draft follows the period's close (or the OPD's extension); a revision its own deadline."""
    pemda = _pemda_of(session, innovation)
    if innovation.status is InnovationStatus.revision_requested and innovation.revision_deadline:
        if utc_now() >= innovation.revision_deadline:
            raise Conflict(
                "period.revision_closed", deadline=periods.local(innovation.revision_deadline, pemda.timezone)
            )
        return
    periods.ensure_open_for(
        session, period=_period_of(session, innovation), opd_id=innovation.opd_id, timezone=pemda.timezone
    )


def _for_change(
    session: Session, principal: Principal, innovation_id: uuid.UUID, *, indicator_no: int | None
) -> Innovation:
    """The innovation, locked, if the operator may change this part of it now (else 403/404/409)."""
    innovation = _visible(repository.get_innovation(session, innovation_id, for_update=True), principal)
    if principal.role is not Role.opd_operator:
        raise Forbidden()
    if innovation.status not in EDITABLE:
        raise Conflict("innovation.not_editable", status=innovation.status.value)
    if innovation.status is InnovationStatus.revision_requested:
        if indicator_no is None:
            raise Conflict("innovation.profile_frozen", version=innovation.version)
        if indicator_no not in (innovation.reopened_indicators or []):
            raise Conflict("innovation.not_reopened", indicator_no=indicator_no)
    _ensure_deadline(session, innovation)
    return innovation


def update_innovation(
    uow: UnitOfWork, *, principal: Principal, innovation_id: uuid.UUID, data: InnovationUpdate
) -> tuple[Innovation, list[TitleWarning]]:
    """Change profile fields of a draft (only the fields sent)."""
    innovation = _for_change(uow.session, principal, innovation_id, indicator_no=None)
    period = _period_of(uow.session, innovation)
    before = audit.fields_of(innovation, PROFILE_FIELDS)
    for name, value in data.model_dump(exclude_unset=True).items():
        if value is None and name in ("nama", "tahapan", "jenis"):
            continue
        setattr(innovation, name, value)
    innovation.title_key = title_key(innovation.nama)
    _validate_profile(innovation, period)
    warnings = _title_checks(uow.session, innovation)
    uow.session.flush()
    audit.record(
        uow.session,
        actor=principal,
        pemda_id=innovation.pemda_id,
        entity="innovation",
        entity_id=innovation.id,
        action="update",
        before=before,
        after=audit.fields_of(innovation, PROFILE_FIELDS),
    )
    return innovation, warnings


# ---- indicator answers (self-assessment) ----


def _indicator(catalogue: Catalogue, indicator_no: int) -> IndicatorDefinition:
    definition = catalogue.indicator(indicator_no)
    if definition is None:
        raise AppError(
            "innovation.bad_indicator",
            status_code=422,
            indicator_no=indicator_no,
            count=len(catalogue.indicators),
        )
    return definition


def set_answer(
    uow: UnitOfWork,
    *,
    principal: Principal,
    innovation_id: uuid.UUID,
    indicator_no: int,
    parameter: int,
    kemanfaatan_basis: str | None,
) -> IndicatorAnswer:
    """Claim a parameter (1-3) for an indicator, with the kemanfaatan basis where it has bases."""
    innovation = _for_change(uow.session, principal, innovation_id, indicator_no=indicator_no)
    definition = _indicator(catalogue_for(uow.session, innovation), indicator_no)
    if parameter not in {p.value for p in definition.parameters}:
        raise AppError("innovation.bad_parameter", status_code=422, indicator_no=indicator_no)
    if definition.kemanfaatan_bases:
        codes = [b.code for b in definition.kemanfaatan_bases]
        if kemanfaatan_basis not in codes:
            raise AppError(
                "innovation.bad_basis", status_code=422, indicator_no=indicator_no, choices=", ".join(codes)
            )
    else:
        kemanfaatan_basis = None
    answer = next((a for a in innovation.answers if a.indicator_no == indicator_no), None)
    before = audit.fields_of(answer, ("parameter", "kemanfaatan_basis")) if answer else None
    if answer is None:
        answer = IndicatorAnswer(innovation_id=innovation.id, indicator_no=indicator_no, parameter=parameter)
        innovation.answers.append(answer)
    answer.parameter, answer.kemanfaatan_basis = parameter, kemanfaatan_basis
    uow.session.flush()
    audit.record(
        uow.session,
        actor=principal,
        pemda_id=innovation.pemda_id,
        entity="innovation",
        entity_id=innovation.id,
        action=f"answer.{indicator_no}",
        before=before,
        after={"parameter": parameter, "kemanfaatan_basis": kemanfaatan_basis},
    )
    return answer


@dataclass(frozen=True)
class IndicatorScore:
    no: int
    name: str
    bobot: int
    wajib: bool
    evidence_kind: str
    parameter: int
    kemanfaatan_basis: str | None
    score: int
    evidence_count: int
    reopened: bool


@dataclass(frozen=True)
class Missing:
    code: str
    message: str
    field: str | None = None
    indicator_no: int | None = None


@dataclass(frozen=True)
class Assessment:
    indicators: list[IndicatorScore]
    total: int
    max_score: int
    rancang_bangun_words: int
    missing: list[Missing]

    @property
    def complete(self) -> bool:
        return not self.missing


def assess(session: Session, innovation: Innovation) -> Assessment:
    """Claimed score per indicator and in total, and exactly what is still missing."""
    catalogue = catalogue_for(session, innovation)
    answers = {a.indicator_no: a for a in innovation.answers}
    evidence = innovation.current_evidence
    rows, missing = [], []
    for field in REQUIRED_FIELDS:
        value = getattr(innovation, field)
        if value is None or (isinstance(value, str) and not value.strip()):
            missing.append(
                Missing(code="missing.field", field=field, message=translate("missing.field", field=field))
            )
    if innovation.tahapan in (Tahapan.uji_coba, Tahapan.penerapan) and innovation.waktu_uji_coba is None:
        missing.append(
            Missing(
                code="missing.field",
                field="waktu_uji_coba",
                message=translate("missing.field", field="waktu_uji_coba"),
            )
        )
    if innovation.tahapan is Tahapan.penerapan and innovation.waktu_penerapan is None:
        missing.append(
            Missing(
                code="missing.field",
                field="waktu_penerapan",
                message=translate("missing.field", field="waktu_penerapan"),
            )
        )
    words = word_count(innovation.rancang_bangun or "")
    if innovation.rancang_bangun and words < MIN_RANCANG_BANGUN_WORDS:
        missing.append(
            Missing(
                code="missing.rancang_bangun",
                field="rancang_bangun",
                message=translate("missing.rancang_bangun", words=words, minimum=MIN_RANCANG_BANGUN_WORDS),
            )
        )
    for definition in catalogue.indicators:
        answer = answers.get(definition.no)
        count = sum(1 for e in evidence if e.indicator_no == definition.no)
        parameter = answer.parameter if answer else 0
        rows.append(
            IndicatorScore(
                no=definition.no,
                name=definition.name,
                bobot=definition.bobot,
                wajib=definition.wajib,
                evidence_kind=definition.evidence_kind,
                parameter=parameter,
                kemanfaatan_basis=answer.kemanfaatan_basis if answer else None,
                score=definition.bobot * parameter,
                evidence_count=count,
                reopened=definition.no in (innovation.reopened_indicators or []),
            )
        )
        params = {"indicator_no": definition.no, "name": definition.name}
        if definition.wajib and answer is None:
            missing.append(
                Missing(
                    code="missing.answer",
                    indicator_no=definition.no,
                    message=translate("missing.answer", **params),
                )
            )
        if definition.wajib and count == 0:
            missing.append(
                Missing(
                    code="missing.evidence",
                    indicator_no=definition.no,
                    message=translate("missing.evidence", **params),
                )
            )
        if answer and definition.kemanfaatan_bases and not answer.kemanfaatan_basis:
            missing.append(
                Missing(
                    code="missing.basis",
                    indicator_no=definition.no,
                    message=translate("missing.basis", **params),
                )
            )
    return Assessment(
        indicators=rows,
        total=sum(r.score for r in rows),
        max_score=catalogue.max_score,
        rancang_bangun_words=words,
        missing=missing,
    )


def assessment(session: Session, *, principal: Principal, innovation_id: uuid.UUID) -> Assessment:
    return assess(session, get_innovation(session, principal=principal, innovation_id=innovation_id))


# ---- evidence ----


def _kind_label(kind: str) -> str:
    return KIND_LABELS[kind][current_language.get()]


def _actual_label(media_type: str | None) -> str:
    return media_type or translate("evidence.unknown_type")


register({"evidence.unknown_type": {"id": "jenis yang tidak dikenal", "en": "of an unknown type"}})


@dataclass(frozen=True)
class EvidenceMeta:
    indicator_no: int
    filename: str
    nomor_surat: str | None = None
    tanggal_surat: date | None = None
    tentang: str | None = None
    slot: str | None = None


@dataclass(frozen=True)
class EvidenceTarget:
    kind: EvidenceKind
    limit_bytes: int


def evidence_target(
    session: Session, *, principal: Principal, innovation_id: uuid.UUID, indicator_no: int, slot: str | None
) -> EvidenceTarget:
    """What an upload to this indicator (or profile slot) may be: its kind and size limit."""
    innovation = get_innovation(session, principal=principal, innovation_id=innovation_id)
    if slot is not None:
        if slot not in FILE_SLOTS:
            raise AppError("evidence.bad_slot", status_code=422, slot=slot, choices=", ".join(FILE_SLOTS))
        return EvidenceTarget(kind=FILE_SLOTS[slot], limit_bytes=SLOT_MAX_MB * 1024 * 1024)
    definition = _indicator(catalogue_for(session, innovation), indicator_no)
    return EvidenceTarget(kind=definition.evidence_kind, limit_bytes=definition.max_size_mb * 1024 * 1024)


def check_evidence_file(upload: SpooledUpload, *, meta: EvidenceMeta, kind: str) -> tuple[str, list[str]]:
    """The sniffed media type and any flags for reviewers, or 415 saying what is accepted."""
    if upload.size == 0:
        raise UnsupportedMediaType("evidence.empty")
    actual = filetypes.sniff(upload.head)
    accepted = EVIDENCE_TYPES[kind]
    if actual not in accepted:
        if meta.slot:
            raise UnsupportedMediaType(
                "evidence.slot_wrong_kind",
                slot=meta.slot,
                accepts=_kind_label(kind),
                filename=meta.filename,
                actual=_actual_label(actual),
            )
        raise UnsupportedMediaType(
            "evidence.wrong_kind",
            indicator_no=meta.indicator_no,
            accepts=_kind_label(kind),
            filename=meta.filename,
            actual=_actual_label(actual),
        )
    if not filetypes.matches_name(actual, meta.filename):
        raise UnsupportedMediaType("evidence.name_mismatch", filename=meta.filename, actual=actual)
    flags: list[str] = []
    if actual == filetypes.PDF:
        flags = inspect_pdf(upload, filename=meta.filename)
    elif actual in (filetypes.MP4, filetypes.QUICKTIME):
        seconds = media_duration_seconds(upload.file)
        upload.file.seek(0)
        if seconds is not None and seconds > MAX_VIDEO_SECONDS:
            raise UnsupportedMediaType(
                "evidence.video_too_long", filename=meta.filename, seconds=int(seconds)
            )
    return actual, flags


PDF_ACTIVE_MARKERS = {
    b"/JavaScript": "pdf_javascript",
    b"/JS": "pdf_javascript",
    b"/Launch": "pdf_launch_action",
    b"/OpenAction": "pdf_open_action",
    b"/EmbeddedFile": "pdf_embedded_file",
}


def inspect_pdf(upload: SpooledUpload, *, filename: str) -> list[str]:
    """Refuse encrypted PDFs; flag scripts, launch actions and embedded files for reviewers.

    A byte scan of the file: names inside compressed object streams are not seen.
    """
    upload.file.seek(0)
    flags: set[str] = set()
    tail = b""
    while chunk := upload.file.read(1024 * 1024):
        window = tail + chunk
        if b"/Encrypt" in window:
            upload.file.seek(0)
            raise UnsupportedMediaType("evidence.encrypted_pdf", filename=filename)
        for marker, flag in PDF_ACTIVE_MARKERS.items():
            if marker in window:
                flags.add(flag)
        tail = chunk[-32:]
    upload.file.seek(0)
    return sorted(flags)


def media_duration_seconds(file: IO[bytes]) -> float | None:
    """The duration in an MP4/MOV's `moov/mvhd` box, or None when it cannot be read."""
    file.seek(0)

    def boxes(end: int | None) -> Iterator[tuple[bytes, int, int]]:
        while end is None or file.tell() + 8 <= end:
            start = file.tell()
            header = file.read(8)
            if len(header) < 8:
                return
            size, kind = struct.unpack(">I4s", header)
            if size == 1:
                size = struct.unpack(">Q", file.read(8))[0]
            elif size == 0:
                file.seek(0, 2)
                size = file.tell() - start
                file.seek(start + 8)
            if size < 8:
                return
            yield kind, start, size
            file.seek(start + size)

    for kind, start, size in boxes(None):
        if kind != b"moov":
            continue
        file.seek(start + 8)
        for inner, inner_start, _inner_size in boxes(start + size):
            if inner != b"mvhd":
                continue
            file.seek(inner_start + 8)
            version = file.read(1)[0]
            file.read(3)
            if version == 1:
                _created, _modified, timescale, duration = struct.unpack(">QQIQ", file.read(28))
            else:
                _c, _m, timescale, duration = struct.unpack(">IIII", file.read(16))
            return duration / timescale if timescale else None
        return None
    return None


def evidence_key(innovation: Innovation, indicator_no: int, sha256: str) -> str:
    """Content-addressed and immutable: `{pemda}/{period}/{innovation}/{indicator}/{sha256}`."""
    return f"{innovation.pemda_id}/{innovation.period_id}/{innovation.id}/{indicator_no:02d}/{sha256}"


def _duplicate_flag(session: Session, innovation: Innovation, sha256: str) -> list[str]:
    others = repository.evidence_with_sha_elsewhere(
        session, pemda_id=innovation.pemda_id, sha256=sha256, exclude_innovation=innovation.id
    )
    return ["duplicate_in_pemda"] if others else []


def _revive_or_none(
    uow: UnitOfWork, innovation: Innovation, meta: EvidenceMeta, sha256: str
) -> EvidenceItem | None:
    """The same file again on the same indicator: its one record (back in place if it was removed)."""
    existing = repository.find_evidence(
        uow.session, innovation_id=innovation.id, indicator_no=meta.indicator_no, sha256=sha256
    )
    if existing is None:
        return None
    if existing.removed_at is not None or existing.replaced_by_id is not None:
        existing.removed_at, existing.replaced_by_id = None, None
        uow.session.flush()
    return existing


def add_evidence(
    uow: UnitOfWork,
    *,
    store: EvidenceStore,
    principal: Principal,
    innovation_id: uuid.UUID,
    upload: SpooledUpload,
    meta: EvidenceMeta,
    replaces: uuid.UUID | None = None,
) -> EvidenceItem:
    """Store the file in S3 first, then record it; a file already there is returned as is."""
    if meta.slot is None and meta.indicator_no < 1:
        raise AppError("evidence.bad_indicator", status_code=422)
    innovation = _for_change(
        uow.session, principal, innovation_id, indicator_no=None if meta.slot else meta.indicator_no
    )
    target = evidence_target(
        uow.session,
        principal=principal,
        innovation_id=innovation.id,
        indicator_no=meta.indicator_no,
        slot=meta.slot,
    )
    if upload.size > target.limit_bytes:
        raise UploadTooLarge(limit_mb=target.limit_bytes // (1024 * 1024))
    media_type, flags = check_evidence_file(upload, meta=meta, kind=target.kind)
    old = _replaced_item(innovation, replaces, meta)
    existing = _revive_or_none(uow, innovation, meta, upload.sha256)
    if existing is not None:  # the same file again (a double click, a retry): one record
        if old is not None and old.id != existing.id:
            old.replaced_by_id = existing.id
            uow.session.flush()
        return existing
    flags += _duplicate_flag(uow.session, innovation, upload.sha256)
    key = evidence_key(innovation, meta.indicator_no, upload.sha256)
    stored = store.put(key, upload.file, length=upload.size, content_type=media_type, sha256=upload.sha256)
    try:
        item = _record_evidence(
            uow,
            innovation,
            meta,
            principal,
            object_key=key,
            sha256=upload.sha256,
            size=stored.size,
            content_type=media_type,
            flags=flags,
            old=old,
        )
    except Exception:
        store.delete(key)  # no row will point to it
        raise
    if media_type == filetypes.PDF:
        uow.publish(InspectEvidence(evidence_id=item.id))
    return item


def inspect_evidence(
    uow: UnitOfWork, *, store: EvidenceStore, message: InspectEvidence
) -> EvidenceItem | None:
    """Parse a stored PDF (in the worker) and add what it can do to the item's flags for reviewers."""
    if not uow.claim(message):
        return None
    item = repository.get_evidence(uow.session, message.evidence_id)
    if item is None:
        raise LookupError(f"evidence {message.evidence_id} not found")
    found = pdf_flags(store.get(item.object_key))
    flags = sorted(set(item.flags or []) | found)
    if flags != sorted(item.flags or []):
        innovation = repository.get_innovation(uow.session, item.innovation_id)
        audit.record(
            uow.session,
            actor=None,
            pemda_id=innovation.pemda_id if innovation else None,
            entity="evidence_item",
            entity_id=item.id,
            action="inspect",
            before={"flags": list(item.flags or [])},
            after={"flags": flags},
        )
        item.flags = flags
        uow.session.flush()
    return item


def _replaced_item(
    innovation: Innovation, replaces: uuid.UUID | None, meta: EvidenceMeta
) -> EvidenceItem | None:
    if replaces is None:
        return None
    old = next((e for e in innovation.current_evidence if e.id == replaces), None)
    if old is None or old.indicator_no != meta.indicator_no or old.slot != meta.slot:
        raise NotFound()
    return old


def _record_evidence(
    uow: UnitOfWork,
    innovation: Innovation,
    meta: EvidenceMeta,
    principal: Principal,
    *,
    object_key: str,
    sha256: str,
    size: int,
    content_type: str,
    flags: list[str],
    old: EvidenceItem | None,
    link_url: str | None = None,
) -> EvidenceItem:
    item = EvidenceItem(
        innovation_id=innovation.id,
        indicator_no=meta.indicator_no,
        slot=meta.slot,
        link_url=link_url,
        flags=flags,
        object_key=object_key,
        sha256=sha256,
        size=size,
        content_type=content_type,
        filename=meta.filename,
        nomor_surat=meta.nomor_surat,
        tanggal_surat=meta.tanggal_surat,
        tentang=meta.tentang,
        uploaded_by=principal.user_id,
    )
    innovation.evidence.append(item)
    uow.session.flush()
    if old is not None:
        old.replaced_by_id = item.id
        uow.session.flush()
    audit.record(
        uow.session,
        actor=principal,
        pemda_id=innovation.pemda_id,
        entity="innovation",
        entity_id=innovation.id,
        action="evidence.replace" if old else "evidence.add",
        before={"evidence_id": old.id, "sha256": old.sha256} if old else None,
        after={
            "evidence_id": item.id,
            "indicator_no": item.indicator_no,
            "sha256": sha256,
            "link_url": link_url,
        },
    )
    return item


def add_link(
    uow: UnitOfWork,
    *,
    principal: Principal,
    innovation_id: uuid.UUID,
    url: str,
    meta: EvidenceMeta,
    replaces: uuid.UUID | None = None,
) -> EvidenceItem:
    """Record a link as evidence (a video on a public platform, a document online)."""
    if not url.startswith(("https://", "http://")):
        raise AppError("evidence.bad_link", status_code=422)
    innovation = _for_change(uow.session, principal, innovation_id, indicator_no=meta.indicator_no)
    _indicator(catalogue_for(uow.session, innovation), meta.indicator_no)
    digest = sha256_of(url.encode())
    old = _replaced_item(innovation, replaces, meta)
    existing = _revive_or_none(uow, innovation, meta, digest)
    if existing is not None:
        return existing
    return _record_evidence(
        uow,
        innovation,
        meta,
        principal,
        object_key="",
        sha256=digest,
        size=0,
        content_type="text/uri-list",
        flags=[],
        old=old,
        link_url=url,
    )


def remove_evidence(
    uow: UnitOfWork, *, principal: Principal, innovation_id: uuid.UUID, evidence_id: uuid.UUID
) -> None:
    """Take an item out of the current dossier (it stays in any version it was submitted with)."""
    item = repository.get_evidence(uow.session, evidence_id)
    if item is None or item.innovation_id != innovation_id:
        raise NotFound()
    innovation = _for_change(
        uow.session, principal, innovation_id, indicator_no=None if item.slot else item.indicator_no
    )
    if item.removed_at is None and item.replaced_by_id is None:
        item.removed_at = utc_now()
        uow.session.flush()
        audit.record(
            uow.session,
            actor=principal,
            pemda_id=innovation.pemda_id,
            entity="innovation",
            entity_id=innovation.id,
            action="evidence.remove",
            before={"evidence_id": item.id, "sha256": item.sha256},
        )


def evidence_download_url(
    session: Session,
    *,
    store: EvidenceStore,
    principal: Principal,
    innovation_id: uuid.UUID,
    evidence_id: uuid.UUID,
) -> str:
    """A short-lived URL to the file (or the link itself), for people who may see the innovation."""
    innovation = get_innovation(session, principal=principal, innovation_id=innovation_id)
    item = repository.get_evidence(session, evidence_id)
    if item is None or item.innovation_id != innovation.id:
        raise NotFound()
    if item.link_url:
        return item.link_url
    return store.presigned_get(item.object_key, filename=item.filename)


# ---- workflow ----


def _snapshot(session: Session, innovation: Innovation) -> dict[str, Any]:
    """Profile, answers and evidence of the innovation as it stands (JSON)."""
    return {
        "profile": audit.fields_of(innovation, PROFILE_FIELDS),
        "answers": {
            str(a.indicator_no): {"parameter": a.parameter, "kemanfaatan_basis": a.kemanfaatan_basis}
            for a in innovation.answers
        },
        "evidence": [
            audit.plain(
                {
                    "evidence_id": e.id,
                    "indicator_no": e.indicator_no,
                    "slot": e.slot,
                    "object_key": e.object_key,
                    "sha256": e.sha256,
                    "size": e.size,
                    "content_type": e.content_type,
                    "filename": e.filename,
                    "link_url": e.link_url,
                    "nomor_surat": e.nomor_surat,
                    "tanggal_surat": e.tanggal_surat,
                    "tentang": e.tentang,
                    "flags": list(e.flags or []),
                }
            )
            for e in innovation.current_evidence
        ],
    }


def _recipients(session: Session, innovation: Innovation, roles: tuple[Role, ...]) -> tuple[Recipient, ...]:
    pemda = _pemda_of(session, innovation)
    users = repository.list_opd_users(session, opd_id=innovation.opd_id, roles=roles)
    return tuple(recipient_of(user, pemda) for user in users)


def recipient_of(user: UserAccount, pemda: Pemda) -> Recipient:
    return Recipient(
        user_id=user.id,
        pemda_id=pemda.id,
        name=user.name,
        email=user.email,
        whatsapp=user.whatsapp,
        whatsapp_opt_in=user.whatsapp_opt_in,
        language="en" if user.language == "en" else "id",
        timezone=pemda.timezone,
    )


def _notify(
    uow: UnitOfWork,
    innovation: Innovation,
    event: str,
    *,
    roles: tuple[Role, ...],
    extra: dict[str, Any] | None = None,
) -> None:
    """Tell the innovation's OPD people (with their contacts: notification keeps what it is sent)."""
    pemda = _pemda_of(uow.session, innovation)
    recipients = _recipients(uow.session, innovation, roles)
    if not recipients:
        log.warning("submission.notify.no_recipients", extra={"innovation_id": str(innovation.id)})
        return
    opd = repository.get_opd(uow.session, innovation.opd_id)
    uow.publish(
        Notify(
            event_type=event,
            recipients=recipients,
            data={
                "innovation_id": str(innovation.id),
                "nama": innovation.nama,
                "opd": opd.name if opd else "",
                "version": innovation.version,
                "pemda": pemda.name,
                "note": innovation.review_note or "",
                "at": (innovation.decided_at or innovation.submitted_at or utc_now()).isoformat(),
                **(extra or {}),
            },
        )
    )


def _audit_status(
    uow: UnitOfWork,
    principal: Principal | None,
    innovation: Innovation,
    before: str,
    action: str,
    note: str | None = None,
) -> None:
    audit.record(
        uow.session,
        actor=principal,
        pemda_id=innovation.pemda_id,
        entity="innovation",
        entity_id=innovation.id,
        action=action,
        before={"status": before},
        after={
            "status": innovation.status.value,
            "version": innovation.version,
            **({"note": note} if note else {}),
        },
    )


def send_to_head(uow: UnitOfWork, *, principal: Principal, innovation_id: uuid.UUID) -> Innovation:
    """The operator sends a complete dossier to the OPD head for approval."""
    innovation = _visible(repository.get_innovation(uow.session, innovation_id, for_update=True), principal)
    if principal.role is not Role.opd_operator:
        raise Forbidden()
    if innovation.status not in EDITABLE:
        raise Conflict("innovation.not_submittable", status=innovation.status.value)
    _ensure_deadline(uow.session, innovation)
    result = assess(uow.session, innovation)
    if not result.complete:
        raise AppError(
            "innovation.incomplete",
            status_code=422,
            missing="; ".join(m.message for m in result.missing),
        )
    if not repository.list_opd_users(uow.session, opd_id=innovation.opd_id, roles=(Role.opd_head,)):
        raise Conflict("innovation.no_head")
    before = innovation.status
    innovation.head_from_status = before
    innovation.status = InnovationStatus.awaiting_head
    uow.session.flush()
    _audit_status(uow, principal, innovation, before.value, "send_to_head")
    _notify(uow, innovation, "innovation.sent_to_head", roles=(Role.opd_head,))
    return innovation


def _awaiting_head(uow: UnitOfWork, principal: Principal, innovation_id: uuid.UUID) -> Innovation:
    innovation = _visible(repository.get_innovation(uow.session, innovation_id, for_update=True), principal)
    if principal.role is not Role.opd_head:
        raise Forbidden()
    if innovation.status is not InnovationStatus.awaiting_head:
        raise Conflict("innovation.not_awaiting_head", status=innovation.status.value)
    return innovation


def return_to_operator(
    uow: UnitOfWork, *, principal: Principal, innovation_id: uuid.UUID, note: str
) -> Innovation:
    """The OPD head sends it back to the operator with a note."""
    innovation = _awaiting_head(uow, principal, innovation_id)
    innovation.status = innovation.head_from_status or InnovationStatus.draft
    innovation.head_note = note
    uow.session.flush()
    _audit_status(uow, principal, innovation, InnovationStatus.awaiting_head.value, "return_by_head", note)
    _notify(uow, innovation, "innovation.returned_by_head", roles=(Role.opd_operator,), extra={"note": note})
    return innovation


def approve(uow: UnitOfWork, *, principal: Principal, innovation_id: uuid.UUID) -> Innovation:
    """The OPD head approves: the version is frozen and goes to the pemda's review team."""
    innovation = _awaiting_head(uow, principal, innovation_id)
    from_status = innovation.head_from_status or InnovationStatus.draft
    innovation.status = from_status
    _ensure_deadline(uow.session, innovation)
    result = assess(uow.session, innovation)
    if not result.complete:
        raise AppError(
            "innovation.incomplete", status_code=422, missing="; ".join(m.message for m in result.missing)
        )
    resubmission = from_status is InnovationStatus.revision_requested
    innovation.status = InnovationStatus.resubmitted if resubmission else InnovationStatus.submitted
    innovation.submitted_at = utc_now()
    innovation.version += 1
    innovation.head_note = None
    for item in innovation.current_evidence:
        if item.frozen_in_version is None:
            item.frozen_in_version = innovation.version
    snapshot = _snapshot(uow.session, innovation)
    uow.session.add(
        InnovationVersion(
            innovation_id=innovation.id,
            version=innovation.version,
            submitted_at=innovation.submitted_at,
            snapshot=snapshot,
        )
    )
    uow.session.flush()
    _audit_status(uow, principal, innovation, InnovationStatus.awaiting_head.value, "approve_by_head")
    uow.publish(_open_case_message(uow.session, innovation, resubmission=resubmission))
    _notify(uow, innovation, "innovation.submitted", roles=OPD_ROLES)
    return innovation


def submit(uow: UnitOfWork, *, principal: Principal, innovation_id: uuid.UUID) -> Innovation:
    """The next step out of the OPD: the operator sends to the head, the head approves."""
    if principal.role is Role.opd_head:
        return approve(uow, principal=principal, innovation_id=innovation_id)
    return send_to_head(uow, principal=principal, innovation_id=innovation_id)


def withdraw(uow: UnitOfWork, *, principal: Principal, innovation_id: uuid.UUID) -> Innovation:
    """Take it back before review starts (from the head's desk, or from the pemda)."""
    innovation = _visible(repository.get_innovation(uow.session, innovation_id, for_update=True), principal)
    if principal.role not in OPD_ROLES:
        raise Forbidden()
    before = innovation.status
    if before is InnovationStatus.awaiting_head:
        innovation.status = innovation.head_from_status or InnovationStatus.draft
    elif before in (InnovationStatus.submitted, InnovationStatus.resubmitted):
        innovation.status = InnovationStatus.withdrawn
        uow.publish(WithdrawReviewCase(innovation_id=innovation.id, version=innovation.version))
    else:
        raise Conflict("innovation.not_withdrawable", status=before.value)
    uow.session.flush()
    _audit_status(uow, principal, innovation, before.value, "withdraw")
    return innovation


def _open_case_message(session: Session, innovation: Innovation, *, resubmission: bool) -> OpenReviewCase:
    assert innovation.submitted_at is not None
    catalogue = catalogue_for(session, innovation)
    answers = {a.indicator_no: a for a in innovation.answers}
    opd = repository.get_opd(session, innovation.opd_id)
    evidence = innovation.current_evidence
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
                link_url=item.link_url,
                nomor_surat=item.nomor_surat,
                tanggal_surat=item.tanggal_surat,
                tentang=item.tentang,
                flags=tuple(item.flags or ()),
            )
            for item in evidence
        ),
        opd_name=opd.name if opd else "",
        profile={
            **audit.fields_of(innovation, PROFILE_FIELDS),
            "files": {e.slot: str(e.id) for e in evidence if e.slot},
        },
        answers=tuple(
            ContractAnswer(
                indicator_no=d.no,
                claimed_parameter=answers[d.no].parameter if d.no in answers else 0,
                kemanfaatan_basis=answers[d.no].kemanfaatan_basis if d.no in answers else None,
            )
            for d in catalogue.indicators
        ),
        flags=tuple(
            CaseFlag(code=flag, indicator_no=item.indicator_no or None, detail=item.filename)
            for item in evidence
            for flag in item.flags or ()
        ),
        reopened_indicators=tuple(innovation.reopened_indicators or ()) if resubmission else (),
    )


# ---- messages from review ----


def mark_in_review(uow: UnitOfWork, *, message: MarkInReview) -> Innovation | None:
    """Review started on this version: it can no longer be withdrawn (a repeat changes nothing)."""
    if not uow.claim(message):
        return None
    innovation = repository.get_innovation(uow.session, message.innovation_id, for_update=True)
    if innovation is None:
        raise LookupError(f"innovation {message.innovation_id} not found")
    if innovation.version == message.version and innovation.status in (
        InnovationStatus.submitted,
        InnovationStatus.resubmitted,
    ):
        before = innovation.status.value
        innovation.status = InnovationStatus.in_review
        uow.session.flush()
        _audit_status(uow, None, innovation, before, "review_started")
    else:
        log.warning(
            "submission.mark_in_review.stale",
            extra={"innovation_id": str(innovation.id), "version": message.version},
        )
    return innovation


DECISION_STATUS = {
    "accepted": InnovationStatus.accepted,
    "revision_requested": InnovationStatus.revision_requested,
    "rejected": InnovationStatus.rejected,
}
DECIDABLE = (InnovationStatus.submitted, InnovationStatus.resubmitted, InnovationStatus.in_review)


def apply_review_result(uow: UnitOfWork, *, message: ApplyReviewResult) -> Innovation | None:
    """Record review's decision on the version it reviewed (a repeat or a stale one changes nothing)."""
    if not uow.claim(message):
        log.info("submission.apply_review_result.duplicate", extra={"message_id": str(message.message_id)})
        return None
    innovation = repository.get_innovation(uow.session, message.innovation_id, for_update=True)
    if innovation is None:
        raise LookupError(f"innovation {message.innovation_id} not found")
    if innovation.version != message.version or innovation.status not in DECIDABLE:
        log.warning(
            "submission.apply_review_result.stale",
            extra={"innovation_id": str(innovation.id), "version": message.version},
        )
        return innovation
    before = innovation.status.value
    innovation.status = DECISION_STATUS[message.decision]
    innovation.decided_at = message.decided_at
    innovation.review_note = message.note or None
    innovation.indicator_notes = [n.model_dump(mode="json") for n in message.indicator_notes]
    catalogue = catalogue_for(uow.session, innovation)
    extra: dict[str, Any] = {}
    if innovation.status is InnovationStatus.revision_requested:
        reopened = list(message.reopened_indicators) or [
            n.indicator_no for n in message.indicator_notes if n.verdict != "sesuai"
        ]
        # Nothing named: the whole dossier reopens rather than nothing at all.
        innovation.reopened_indicators = sorted(set(reopened)) or [d.no for d in catalogue.indicators]
        innovation.revision_deadline = message.revision_deadline or periods.revision_deadline(
            _period_of(uow.session, innovation), message.decided_at
        )
        pemda = _pemda_of(uow.session, innovation)
        extra = {
            "deadline": innovation.revision_deadline.isoformat(),
            "deadline_local": periods.local(innovation.revision_deadline, pemda.timezone),
            "indicator_notes": [
                {
                    "indicator_no": n.indicator_no,
                    "name": (catalogue.indicator(n.indicator_no) or catalogue.indicators[0]).name,
                    "note": n.note,
                }
                for n in message.indicator_notes
                if n.verdict != "sesuai"
            ],
        }
    else:
        innovation.reopened_indicators = []
    uow.session.flush()
    _audit_status(uow, None, innovation, before, f"review.{message.decision}", message.note or None)
    _notify(uow, innovation, f"innovation.{message.decision}", roles=OPD_ROLES, extra=extra)
    return innovation


# ---- versions ----


def list_versions(
    session: Session, *, principal: Principal, innovation_id: uuid.UUID
) -> list[InnovationVersion]:
    innovation = get_innovation(session, principal=principal, innovation_id=innovation_id)
    return repository.list_versions(session, innovation_id=innovation.id)


def _version_snapshot(session: Session, innovation: Innovation, version: str) -> dict[str, Any]:
    if version == "current":
        return _snapshot(session, innovation)
    row = (
        repository.get_version(session, innovation_id=innovation.id, version=int(version))
        if version.isdigit()
        else None
    )
    if row is None:
        raise AppError("innovation.bad_version", status_code=404, version=version)
    return row.snapshot


def get_version(
    session: Session, *, principal: Principal, innovation_id: uuid.UUID, version: str
) -> dict[str, Any]:
    innovation = get_innovation(session, principal=principal, innovation_id=innovation_id)
    return _version_snapshot(session, innovation, version)


def compare_versions(
    session: Session, *, principal: Principal, innovation_id: uuid.UUID, base: str, other: str
) -> dict[str, Any]:
    """What changed between two versions (or a version and the current draft): fields and indicators."""
    innovation = get_innovation(session, principal=principal, innovation_id=innovation_id)
    a, b = _version_snapshot(session, innovation, base), _version_snapshot(session, innovation, other)
    fields = [
        {"field": name, "before": a["profile"].get(name), "after": b["profile"].get(name)}
        for name in PROFILE_FIELDS
        if a["profile"].get(name) != b["profile"].get(name)
    ]

    def evidence_of(snapshot: dict[str, Any], no: int) -> dict[str, dict[str, Any]]:
        return {e["sha256"]: e for e in snapshot["evidence"] if e["indicator_no"] == no and not e.get("slot")}

    indicators = []
    for definition in catalogue_for(session, innovation).indicators:
        key = str(definition.no)
        before_answer, after_answer = a["answers"].get(key), b["answers"].get(key)
        before_ev, after_ev = evidence_of(a, definition.no), evidence_of(b, definition.no)
        added = [after_ev[s] for s in after_ev if s not in before_ev]
        removed = [before_ev[s] for s in before_ev if s not in after_ev]
        if before_answer != after_answer or added or removed:
            indicators.append(
                {
                    "indicator_no": definition.no,
                    "name": definition.name,
                    "answer_before": before_answer,
                    "answer_after": after_answer,
                    "evidence_added": [_evidence_label(e) for e in added],
                    "evidence_removed": [_evidence_label(e) for e in removed],
                }
            )
    return {"base": base, "other": other, "fields": fields, "indicators": indicators}


def _evidence_label(entry: dict[str, Any]) -> dict[str, Any]:
    return {
        k: entry.get(k) for k in ("evidence_id", "filename", "link_url", "sha256", "nomor_surat", "tentang")
    }


# ---- direct uploads (large files, video): presigned POST, then confirmed by the API ----

DIRECT_UPLOAD_TTL = timedelta(hours=1)

register(
    {
        "upload.not_found": {
            "id": "Unggahan tidak ditemukan atau sudah kedaluwarsa. Mulai unggahan baru.",
            "en": "The upload was not found or has expired. Start a new upload.",
        },
        "upload.missing_object": {
            "id": "Berkas belum sampai di penyimpanan. Unggah berkas dulu, lalu konfirmasi.",
            "en": "The file has not arrived in storage. Upload it first, then confirm.",
        },
    }
)


@dataclass(frozen=True)
class DirectUpload:
    upload_id: uuid.UUID
    url: str
    fields: dict[str, str]
    max_bytes: int
    expires_at: datetime


def _pending_upload(
    uow: UnitOfWork,
    *,
    principal: Principal,
    innovation_id: uuid.UUID,
    meta: EvidenceMeta,
    replaces: uuid.UUID | None,
    ttl: timedelta,
) -> PendingUpload:
    """The record of a file about to go straight to S3 (not yet added): where, how big at most, until when."""
    innovation = _for_change(uow.session, principal, innovation_id, indicator_no=meta.indicator_no)
    target = evidence_target(
        uow.session,
        principal=principal,
        innovation_id=innovation.id,
        indicator_no=meta.indicator_no,
        slot=None,
    )
    _replaced_item(innovation, replaces, meta)
    upload_id = uuid.uuid4()
    return PendingUpload(
        id=upload_id,
        innovation_id=innovation.id,
        indicator_no=meta.indicator_no,
        object_key=f"{innovation.pemda_id}/{innovation.period_id}/{innovation.id}/incoming/{upload_id}",
        filename=meta.filename,
        max_bytes=target.limit_bytes,
        nomor_surat=meta.nomor_surat,
        tanggal_surat=meta.tanggal_surat,
        tentang=meta.tentang,
        replaces_id=replaces,
        created_by=principal.user_id,
        expires_at=utc_now() + ttl,
    )


def start_direct_upload(
    uow: UnitOfWork,
    *,
    store: EvidenceStore,
    principal: Principal,
    innovation_id: uuid.UUID,
    meta: EvidenceMeta,
    replaces: uuid.UUID | None = None,
) -> DirectUpload:
    """A presigned POST the browser sends the file with (size capped by the policy), to confirm after."""
    pending = _pending_upload(
        uow,
        principal=principal,
        innovation_id=innovation_id,
        meta=meta,
        replaces=replaces,
        ttl=DIRECT_UPLOAD_TTL,
    )
    fields = store.presigned_post(pending.object_key, max_bytes=pending.max_bytes, expires=DIRECT_UPLOAD_TTL)
    uow.session.add(pending)
    uow.session.flush()
    return DirectUpload(
        upload_id=pending.id,
        url=store.public_bucket_url,
        fields=fields,
        max_bytes=pending.max_bytes,
        expires_at=pending.expires_at,
    )


def _pending(
    session: Session, principal: Principal, innovation_id: uuid.UUID, upload_id: uuid.UUID
) -> PendingUpload:
    """The caller's own unexpired, unconfirmed upload, else 404."""
    pending = repository.get_pending_upload(session, upload_id)
    if (
        pending is None
        or pending.innovation_id != innovation_id
        or pending.created_by != principal.user_id
        or pending.confirmed_at is not None
        or pending.expires_at <= utc_now()
    ):
        raise AppError("upload.not_found", status_code=404)
    return pending


def confirm_direct_upload(
    uow: UnitOfWork,
    *,
    store: EvidenceStore,
    principal: Principal,
    innovation_id: uuid.UUID,
    upload_id: uuid.UUID,
) -> EvidenceItem:
    """Check what actually arrived (size, type, hash, duration) and record it under its SHA-256."""
    pending = _pending(uow.session, principal, innovation_id, upload_id)
    return _record_arrived(uow, store=store, principal=principal, pending=pending)


def _record_arrived(
    uow: UnitOfWork, *, store: EvidenceStore, principal: Principal, pending: PendingUpload
) -> EvidenceItem:
    """Read the object that arrived in S3, check it like an upload through the API, record it."""
    innovation_id = pending.innovation_id
    arrived = store.stat(pending.object_key)
    if arrived is None:
        raise Conflict("upload.missing_object")
    spool = tempfile.SpooledTemporaryFile(max_size=1024 * 1024)  # noqa: SIM115 - closed below
    try:
        digest, size, head = hashlib.sha256(), 0, b""
        for chunk in store.stream(pending.object_key):
            size += len(chunk)
            if size > pending.max_bytes:
                store.delete(pending.object_key)
                raise UploadTooLarge(limit_mb=pending.max_bytes // (1024 * 1024))
            head += chunk[: max(0, 64 - len(head))]
            digest.update(chunk)
            spool.write(chunk)
        spool.seek(0)
        upload = SpooledUpload(file=spool, size=size, sha256=digest.hexdigest(), head=head)
        meta = EvidenceMeta(
            indicator_no=pending.indicator_no,
            filename=pending.filename,
            nomor_surat=pending.nomor_surat,
            tanggal_surat=pending.tanggal_surat,
            tentang=pending.tentang,
        )
        try:
            item = add_evidence(
                uow,
                store=store,
                principal=principal,
                innovation_id=innovation_id,
                upload=upload,
                meta=meta,
                replaces=pending.replaces_id,
            )
        except AppError:
            store.delete(pending.object_key)  # refused: nothing of it stays
            raise
    finally:
        spool.close()
    pending.confirmed_at = utc_now()
    uow.session.flush()
    store.delete(pending.object_key)  # the content-addressed copy is the one kept
    return item


PART_SIZE = 5 * 1024 * 1024  # the S3 minimum for every part but the last
PART_URL_TTL = timedelta(hours=1)

register(
    {
        "upload.parts_missing": {
            "id": "Bagian berkas belum lengkap; kirim bagian {missing}, lalu selesaikan.",
            "en": "Parts are missing; send parts {missing}, then complete.",
        }
    }
)


@dataclass(frozen=True)
class MultipartUpload:
    upload_id: uuid.UUID
    part_size: int
    part_count: int
    received: dict[int, int]  # part number -> size already in S3
    part_urls: dict[int, str]  # presigned PUT for every part still missing
    expires_at: datetime


def start_multipart_upload(
    uow: UnitOfWork,
    *,
    store: EvidenceStore,
    principal: Principal,
    innovation_id: uuid.UUID,
    meta: EvidenceMeta,
    size: int,
    replaces: uuid.UUID | None = None,
) -> MultipartUpload:
    """A resumable upload straight to S3 in 5 MiB parts, each with its own presigned PUT."""
    pending = _pending_upload(
        uow,
        principal=principal,
        innovation_id=innovation_id,
        meta=meta,
        replaces=replaces,
        ttl=timedelta(days=1),
    )
    if size > pending.max_bytes:
        raise UploadTooLarge(limit_mb=pending.max_bytes // (1024 * 1024))
    pending.s3_upload_id = store.create_multipart(pending.object_key)
    pending.part_size, pending.declared_size = PART_SIZE, size
    uow.session.add(pending)
    uow.session.flush()
    return _multipart_state(store, pending)


def _multipart_state(store: EvidenceStore, pending: PendingUpload) -> MultipartUpload:
    assert pending.s3_upload_id is not None
    assert pending.part_size is not None
    assert pending.declared_size is not None
    count = max(1, -(-pending.declared_size // pending.part_size))
    received = {
        number: size
        for number, (size, _etag) in store.multipart_parts(pending.object_key, pending.s3_upload_id).items()
    }
    urls = {
        number: store.presigned_part_put(
            pending.object_key, pending.s3_upload_id, number, expires=PART_URL_TTL
        )
        for number in range(1, count + 1)
        if number not in received
    }
    return MultipartUpload(
        upload_id=pending.id,
        part_size=pending.part_size,
        part_count=count,
        received=received,
        part_urls=urls,
        expires_at=pending.expires_at,
    )


def multipart_status(
    session: Session,
    *,
    store: EvidenceStore,
    principal: Principal,
    innovation_id: uuid.UUID,
    upload_id: uuid.UUID,
) -> MultipartUpload:
    """After a dropped connection: which parts S3 already has, and fresh URLs for the rest."""
    pending = _pending(session, principal, innovation_id, upload_id)
    if pending.s3_upload_id is None:
        raise AppError("upload.not_found", status_code=404)
    return _multipart_state(store, pending)


def complete_multipart_upload(
    uow: UnitOfWork,
    *,
    store: EvidenceStore,
    principal: Principal,
    innovation_id: uuid.UUID,
    upload_id: uuid.UUID,
) -> EvidenceItem:
    """Join the parts S3 holds (their ETags from S3, not from the client) and record the file."""
    pending = _pending(uow.session, principal, innovation_id, upload_id)
    if pending.s3_upload_id is None:
        raise AppError("upload.not_found", status_code=404)
    state = _multipart_state(store, pending)
    if state.part_urls:
        raise Conflict("upload.parts_missing", missing=", ".join(str(n) for n in sorted(state.part_urls)))
    store.complete_multipart(pending.object_key, pending.s3_upload_id)
    return _record_arrived(uow, store=store, principal=principal, pending=pending)


# ---- reads for the OPD portal pages (web/opd.py, web/approvals.py) ----


@dataclass(frozen=True)
class OpdDeadline:
    """The current period's deadline for one OPD (its extension when later)."""

    period_name: str
    deadline: datetime
    extended: bool
    passed: bool


def opd_deadline(session: Session, *, principal: Principal) -> OpdDeadline | None:
    """The deadline of the pemda's latest opened period for the caller's OPD, or None (no OPD, no period)."""
    if principal.pemda_id is None or principal.opd_id is None:
        return None
    now = utc_now()
    opened = [p for p in repository.list_periods(session, pemda_id=principal.pemda_id) if p.opens_at <= now]
    if not opened:
        return None
    period = max(opened, key=lambda p: p.opens_at)
    deadline = periods.deadline_for(session, period=period, opd_id=principal.opd_id)
    return OpdDeadline(
        period_name=period.name,
        deadline=deadline,
        extended=deadline != period.closes_at,
        passed=now >= deadline,
    )


def indicator_definition(
    session: Session, *, principal: Principal, innovation_id: uuid.UUID, indicator_no: int
) -> tuple[Innovation, IndicatorDefinition]:
    """An innovation the caller may see and one indicator of its period's catalogue (404 if no such one)."""
    innovation = get_innovation(session, principal=principal, innovation_id=innovation_id)
    definition = catalogue_for(session, innovation).indicator(indicator_no)
    if definition is None:
        raise NotFound()
    return innovation, definition


def innovation_period(session: Session, innovation: Innovation) -> Period:
    """The period an innovation belongs to (its tematik choices, its window)."""
    return _period_of(session, innovation)


def title_warnings(session: Session, innovation: Innovation) -> list[TitleWarning]:
    """Similar titles of the pemda (any year) to show beside a draft; an exact clash is refused on save."""
    try:
        return _title_checks(session, innovation)
    except Conflict:
        return []
