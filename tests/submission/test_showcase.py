"""The public showcase's reads: accepted innovations only, only the allowlisted fields, filters."""

from __future__ import annotations

import json
import uuid
from datetime import date

import pytest

from services.submission import showcase
from services.submission.deps import SubmissionRuntime
from services.submission.innovations import core, workflow
from services.submission.models import (
    Bentuk,
    EvidenceItem,
    Inisiator,
    Innovation,
    InnovationStatus,
    Jenis,
    Opd,
    Tahapan,
)
from shared.contracts.submission import ApplyReviewResult, IndicatorNote
from shared.db import utc_now
from shared.errors import NotFound
from tests.submission.conftest import Tenant

# Private things a sent dossier carries; none may ever reach a public page or export.
PRIVATE_NOTE = "Catatan-verifikator-RAHASIA"
HEAD_NOTE = "Catatan-kepala-RAHASIA"
INITIATOR_NAME = "dr. Nama Pribadi Inisiator"
VIDEO = "https://www.youtube.com/watch?v=antrean-sehat"


def sent_innovation(
    runtime: SubmissionRuntime,
    tenant: Tenant,
    nama: str,
    *,
    opd: Opd | None = None,
    urusan: str = "kesehatan",
    bentuk: Bentuk = Bentuk.pelayanan_publik,
    jenis: Jenis = Jenis.digital,
    status: InnovationStatus = InnovationStatus.submitted,
    video: str | None = VIDEO,
) -> uuid.UUID:
    """An innovation as it stands once the OPD head has sent version 1 to the pemda (or in `status`).

    Built straight in the table: the full OPD path (profile, evidence in S3, approval) is covered by
    test_workflow; here what matters is what the showcase reads once review decides.
    """
    assert tenant.period is not None
    with runtime.db.unit_of_work() as uow:
        innovation = Innovation(
            pemda_id=tenant.pemda.id,
            period_id=tenant.period.id,
            opd_id=(opd or tenant.opd).id,
            created_by=tenant.operator.id,
            nama=nama,
            title_key=core.title_key(nama),
            tahapan=Tahapan.penerapan,
            jenis=jenis,
            bentuk=bentuk,
            inisiator=Inisiator.asn,
            nama_inisiator=INITIATOR_NAME,
            tematik="Digitalisasi layanan",
            urusan_utama=urusan,
            urusan_lain=["komunikasi dan informatika"],
            waktu_penerapan=date(2025, 6, 1),
            rancang_bangun="Latar belakang: antrean panjang di puskesmas.",
            tujuan="Memangkas waktu tunggu pasien.",
            manfaat="Pasien tidak perlu datang subuh.",
            hasil="Waktu tunggu turun dari 3 jam menjadi 40 menit.",
            head_note=HEAD_NOTE,
            status=status,
            version=1,
            submitted_at=utc_now(),
            pengembangan=False,
            reopened_indicators=[],
            indicator_notes=[],
        )
        uow.session.add(innovation)
        uow.session.flush()
        if video:
            uow.session.add(
                EvidenceItem(
                    innovation_id=innovation.id,
                    indicator_no=20,
                    link_url=video,
                    object_key="",
                    sha256=uuid.uuid4().hex * 2,
                    size=0,
                    content_type="text/uri-list",
                    filename="video",
                    uploaded_by=tenant.operator.id,
                    nomor_surat=None,
                    tanggal_surat=None,
                    tentang=None,
                )
            )
        return innovation.id


def decide(runtime: SubmissionRuntime, innovation_id: uuid.UUID, decision: str) -> None:
    """Review's decision arriving the way the task applies it (workflow.apply_review_result)."""
    message = ApplyReviewResult(
        case_id=uuid.uuid4(),
        innovation_id=innovation_id,
        version=1,
        decision=decision,
        note=PRIVATE_NOTE,
        decided_at=utc_now(),
        indicator_notes=(IndicatorNote(indicator_no=1, verdict="sesuai", note=PRIVATE_NOTE),),
        verified_score=77.5,
    )
    with runtime.db.unit_of_work() as uow:
        workflow.apply_review_result(uow, message=message)


def accepted_innovation(runtime: SubmissionRuntime, tenant: Tenant, nama: str, **kwargs: object) -> uuid.UUID:
    innovation_id = sent_innovation(runtime, tenant, nama, **kwargs)  # type: ignore[arg-type]
    decide(runtime, innovation_id, "accepted")
    return innovation_id


def test_only_accepted_innovations_are_listed(runtime: SubmissionRuntime, tenant: Tenant) -> None:
    accepted = accepted_innovation(runtime, tenant, "Antrean Puskesmas Daring")
    rejected = sent_innovation(runtime, tenant, "Inovasi Ditolak")
    decide(runtime, rejected, "rejected")
    revision = sent_innovation(runtime, tenant, "Inovasi Diperbaiki")
    decide(runtime, revision, "revision_requested")
    sent_innovation(runtime, tenant, "Inovasi Masih Diverifikasi")
    sent_innovation(runtime, tenant, "Draf Rahasia", status=InnovationStatus.draft)

    with runtime.session_factory() as session:
        items, more = showcase.search(session, showcase.Filters(), limit=20, offset=0)
        assert [i.id for i in items] == [accepted]
        assert more is False
        assert [i.id for i in showcase.export(session, showcase.Filters())] == [accepted]
        assert showcase.get_public(session, accepted).nama == "Antrean Puskesmas Daring"
        for hidden in (rejected, revision):
            with pytest.raises(NotFound):
                showcase.get_public(session, hidden)
        with pytest.raises(NotFound):
            showcase.get_public(session, uuid.uuid4())


def test_a_public_record_holds_exactly_the_allowlist(runtime: SubmissionRuntime, tenant: Tenant) -> None:
    innovation_id = accepted_innovation(runtime, tenant, "Antrean Puskesmas Daring")
    with runtime.session_factory() as session:
        item = showcase.get_public(session, innovation_id)
    record = item.record()
    assert tuple(record) == showcase.PUBLIC_FIELDS
    assert showcase.PUBLIC_FIELDS == (
        "id",
        "nama",
        "pemda",
        "opd",
        "tahun",
        "urusan_utama",
        "urusan_lain",
        "bentuk",
        "jenis",
        "tahapan",
        "tematik",
        "inisiator",
        "waktu_uji_coba",
        "waktu_penerapan",
        "rancang_bangun",
        "tujuan",
        "manfaat",
        "hasil",
        "video_url",
        "diterima_pada",
    )
    assert record["opd"] == "Dinas Kesehatan"
    assert record["pemda"] == "Kabupaten Kukar"
    assert record["video_url"] == VIDEO
    assert record["bentuk"] == "pelayanan_publik"
    assert (record["jenis"], record["tahapan"], record["inisiator"]) == ("digital", "penerapan", "asn")
    assert record["urusan_lain"] == ["komunikasi dan informatika"]
    assert record["waktu_penerapan"] == "2025-06-01"
    assert record["diterima_pada"] is not None
    assert record["tahun"] == tenant.period.year if tenant.period else False
    text = json.dumps(record)
    for secret in (
        PRIVATE_NOTE,
        HEAD_NOTE,
        INITIATOR_NAME,
        tenant.operator.email,
        "6281234567001",
        "77.5",
        str(tenant.operator.id),
    ):
        assert secret not in text


def test_filters_and_title_search(runtime: SubmissionRuntime, tenant: Tenant) -> None:
    health = accepted_innovation(runtime, tenant, "Antrean Puskesmas Daring")
    school = accepted_innovation(
        runtime,
        tenant,
        "Rapor Digital 100% Sekolah",
        opd=tenant.other_opd,
        urusan="pendidikan",
        bentuk=Bentuk.tata_kelola,
        jenis=Jenis.non_digital,
        video=None,
    )
    with runtime.session_factory() as session:

        def ids(**kwargs: object) -> list[uuid.UUID]:
            items, _ = showcase.search(session, showcase.Filters(**kwargs), limit=20, offset=0)  # type: ignore[arg-type]
            return [i.id for i in items]

        assert ids(q="puskesmas") == [health]
        assert ids(q="  RAPOR   digital ") == [school]
        assert ids(q="100%") == [school]  # % is a character here, not a wildcard
        assert ids(q="Antrean%Daring") == []  # a wildcard would have matched "Antrean Puskesmas Daring"
        assert ids(q="_apor") == []
        assert ids(opd_id=tenant.other_opd.id) == [school]
        assert ids(urusan="kesehatan") == [health]
        assert ids(bentuk=Bentuk.tata_kelola) == [school]
        assert ids(jenis=Jenis.digital) == [health]
        assert tenant.period is not None
        assert set(ids(year=tenant.period.year)) == {health, school}
        assert ids(year=1999) == []
        options = showcase.filter_options(session)
        assert options.urusan == ["kesehatan", "pendidikan"]
        assert {o[0] for o in options.opds} == {tenant.opd.id, tenant.other_opd.id}
        assert options.years == [tenant.period.year]
        assert showcase.get_public(session, school).video_url is None


def test_pages_of_results(runtime: SubmissionRuntime, tenant: Tenant) -> None:
    made = {accepted_innovation(runtime, tenant, f"Inovasi Nomor {n:02d}", video=None) for n in range(5)}
    with runtime.session_factory() as session:
        first, more = showcase.search(session, showcase.Filters(), limit=3, offset=0)
        second, more_after = showcase.search(session, showcase.Filters(), limit=3, offset=3)
    assert more is True
    assert more_after is False
    assert [i.nama for i in first] == ["Inovasi Nomor 00", "Inovasi Nomor 01", "Inovasi Nomor 02"]
    assert {i.id for i in first + second} == made


def test_a_removed_or_non_web_video_link_is_not_shown(runtime: SubmissionRuntime, tenant: Tenant) -> None:
    innovation_id = accepted_innovation(
        runtime, tenant, "Antrean Puskesmas Daring", video="javascript:alert(1)"
    )
    with runtime.session_factory() as session:
        assert showcase.get_public(session, innovation_id).video_url is None
