"""What every innovation feature needs: visibility, its pemda and period, whether it may change now."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from services.submission import audit, periods, repository
from services.submission.models import (
    Innovation,
    InnovationStatus,
    Pemda,
    Period,
)
from shared.auth import Principal, Role
from shared.contracts.catalogue import Catalogue, IndicatorDefinition
from shared.db import utc_now
from shared.errors import AppError, Conflict, Forbidden, NotFound
from shared.i18n import register

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


OPD_ROLES = (Role.opd_operator, Role.opd_head)


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


def visible(innovation: Innovation | None, principal: Principal) -> Innovation:
    """The innovation if the caller may see it (same pemda; OPD users only their OPD), else 404."""
    if innovation is None or (
        principal.role is not Role.superadmin and innovation.pemda_id != principal.pemda_id
    ):
        raise NotFound()
    if principal.role in OPD_ROLES and innovation.opd_id != principal.opd_id:
        raise NotFound()
    return innovation


def get_innovation(session: Session, *, principal: Principal, innovation_id: uuid.UUID) -> Innovation:
    return visible(repository.get_innovation(session, innovation_id), principal)


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


def pemda_of(session: Session, innovation: Innovation) -> Pemda:
    pemda = repository.get_pemda(session, innovation.pemda_id)
    assert pemda is not None
    return pemda


def innovation_period(session: Session, innovation: Innovation) -> Period:
    """The period an innovation belongs to (its tematik choices, its window)."""
    period = repository.get_period_by_id(session, innovation.period_id)
    assert period is not None
    return period


def catalogue_for(session: Session, innovation: Innovation) -> Catalogue:
    return periods.catalogue_of(innovation_period(session, innovation))


def ensure_deadline(session: Session, innovation: Innovation) -> None:
    """A draft follows the period's close (or the OPD's extension); a revision its own deadline."""
    pemda = pemda_of(session, innovation)
    if innovation.status is InnovationStatus.revision_requested and innovation.revision_deadline:
        if utc_now() >= innovation.revision_deadline:
            raise Conflict(
                "period.revision_closed", deadline=periods.local(innovation.revision_deadline, pemda.timezone)
            )
        return
    periods.ensure_open_for(
        session,
        period=innovation_period(session, innovation),
        opd_id=innovation.opd_id,
        timezone=pemda.timezone,
    )


def for_change(
    session: Session, principal: Principal, innovation_id: uuid.UUID, *, indicator_no: int | None
) -> Innovation:
    """The innovation, locked, if the operator may change this part of it now (else 403/404/409)."""
    innovation = visible(repository.get_innovation(session, innovation_id, for_update=True), principal)
    if principal.role is not Role.opd_operator:
        raise Forbidden()
    if innovation.status not in EDITABLE:
        raise Conflict("innovation.not_editable", status=innovation.status.value)
    if innovation.status is InnovationStatus.revision_requested:
        if indicator_no is None:
            raise Conflict("innovation.profile_frozen", version=innovation.version)
        if indicator_no not in (innovation.reopened_indicators or []):
            raise Conflict("innovation.not_reopened", indicator_no=indicator_no)
    ensure_deadline(session, innovation)
    return innovation


def indicator_of(catalogue: Catalogue, indicator_no: int) -> IndicatorDefinition:
    definition = catalogue.indicator(indicator_no)
    if definition is None:
        raise AppError(
            "innovation.bad_indicator",
            status_code=422,
            indicator_no=indicator_no,
            count=len(catalogue.indicators),
        )
    return definition


@dataclass(frozen=True)
class EvidenceMeta:
    indicator_no: int
    filename: str
    nomor_surat: str | None = None
    tanggal_surat: date | None = None
    tentang: str | None = None
    slot: str | None = None


def snapshot_of(session: Session, innovation: Innovation) -> dict[str, Any]:
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
