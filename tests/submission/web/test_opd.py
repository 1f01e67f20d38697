"""The OPD operator's pages: my innovations with the deadline, creating one, the profile (saved without
JavaScript too), each indicator with guidance and evidence, the checklist and score, sending to the head,
the revision view with the reviewers' notes, and the version history."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any
from unittest.mock import Mock

import pytest
from fastapi.responses import Response
from fastapi.testclient import TestClient
from pydantic import ValidationError
from sqlalchemy import func, select

from services.submission import periods
from services.submission.deps import SubmissionRuntime
from services.submission.innovations.core import NotReopened
from services.submission.innovations.profile import DuplicateTitle
from services.submission.models import EvidenceItem, IndicatorAnswer, Innovation
from services.submission.schemas import InnovationCreate
from services.submission.web.opd import on_field, profile_failed
from shared.auth import Principal, Role
from shared.contracts.submission import IndicatorNote, IndicatorResult, ReviewerNote
from shared.db import utc_now
from tests.pages import login_browser, logout_browser, submit_form
from tests.submission.conftest import PASSWORD, Tenant, add_operator, login
from tests.submission.dossier import PROFILE, answer, complete, send_and_approve
from tests.submission.innovations.test_workflow import review_result
from tests.submission.samples import PDF, PNG
from tests.submission.scanning import scan_queued
from tests.submission.test_api import create_draft


def as_browser(client: TestClient, email: str) -> dict[str, str]:
    """The client becomes a browser logged in as `email`; the bearer headers of the same user too."""
    logout_browser(client)
    headers = login(client, email)
    login_browser(client, headers["Authorization"].split()[1])
    return headers


def bearer(client: TestClient, email: str) -> dict[str, str]:
    """Bearer headers for `email`, also while the client holds a browser session (CSRF header sent)."""
    response = client.post(
        "/api/v1/auth/token",
        data={"username": email, "password": PASSWORD},
        headers={"X-CSRF-Token": client.cookies.get("gi_csrf") or ""},
    )
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def other_opd_draft(client: TestClient, email: str) -> str:
    data = {"nama": "Sekolah Ramah Anak", "tahapan": "inisiatif", "jenis": "non_digital"}
    response = client.post("/api/v1/innovations", json=data, headers=bearer(client, email))
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def innovation(runtime: SubmissionRuntime, innovation_id: str) -> Innovation:
    with runtime.session_factory() as session:
        found = session.get(Innovation, uuid.UUID(innovation_id))
        assert found is not None
        session.expunge(found)
        return found


def count(runtime: SubmissionRuntime, model: Any) -> int:
    with runtime.session_factory() as session:
        return session.scalar(select(func.count()).select_from(model)) or 0


def evidence_of(runtime: SubmissionRuntime, innovation_id: str, indicator_no: int) -> list[EvidenceItem]:
    with runtime.session_factory() as session:
        return list(
            session.scalars(
                select(EvidenceItem).where(
                    EvidenceItem.innovation_id == uuid.UUID(innovation_id),
                    EvidenceItem.indicator_no == indicator_no,
                    EvidenceItem.removed_at.is_(None),
                )
            )
        )


def in_revision(client: TestClient, runtime: SubmissionRuntime, tenant: Tenant) -> str:
    """A submitted innovation the reviewers sent back: indicator 1 flagged with a note, 2 found in order."""
    operator = bearer(client, tenant.operator.email)
    innovation_id = create_draft(client, operator)
    complete(client, operator, innovation_id)
    approved = send_and_approve(client, operator, bearer(client, tenant.head.email), innovation_id)
    assert approved.status_code == 200, approved.text
    review_result(
        runtime,
        innovation_id,
        "revision_requested",
        indicator_notes=(
            IndicatorNote(indicator_no=1, verdict="perlu_perbaikan", note="SK belum ditandatangani Bupati"),
            IndicatorNote(indicator_no=2, verdict="sesuai"),
        ),
        reopened_indicators=(1,),
        revision_deadline=utc_now() + timedelta(days=5),
    )
    return innovation_id


class TestMyInnovations:
    def test_the_operator_sees_the_opd_innovations_with_status_and_the_deadline_in_wita(
        self, client: TestClient, tenant: Tenant, runtime: SubmissionRuntime
    ) -> None:
        operator = as_browser(client, tenant.operator.email)
        innovation_id = create_draft(client, operator)
        add_operator(runtime, tenant, "operator2@kukar.test", tenant.other_opd)
        elsewhere = other_opd_draft(client, "operator2@kukar.test")
        page = client.get("/opd/innovations")
        assert page.status_code == 200
        assert f'href="/opd/innovations/{innovation_id}"' in page.text
        assert elsewhere not in page.text
        assert '<span class="badge status-draft">Draf</span>' in page.text
        assert tenant.period is not None
        assert f'data-countdown="{tenant.period.closes_at.isoformat()}"' in page.text
        assert "WITA" in page.text
        assert 'href="/opd/innovations/new"' in page.text

    def test_an_extension_for_the_opd_moves_its_deadline(
        self, client: TestClient, tenant: Tenant, runtime: SubmissionRuntime
    ) -> None:
        assert tenant.period is not None
        later = tenant.period.closes_at + timedelta(days=10)
        admin = Principal(
            user_id=tenant.admin.id,
            pemda_id=tenant.pemda.id,
            opd_id=None,
            role=Role.admin,
            name="Admin",
            language="id",
        )
        with runtime.db.unit_of_work() as uow:
            periods.set_extension(
                uow,
                principal=admin,
                period_id=tenant.period.id,
                opd_id=tenant.opd.id,
                closes_at=later,
                reason="x",
            )
        as_browser(client, tenant.operator.email)
        page = client.get("/opd/innovations")
        assert f'data-countdown="{later.isoformat()}"' in page.text
        assert "diperpanjang untuk OPD Anda" in page.text

    def test_nobody_logged_in_goes_to_the_login_page_and_a_reviewer_is_refused(
        self, client: TestClient, tenant: Tenant
    ) -> None:
        anonymous = client.get("/opd/innovations", follow_redirects=False)
        assert anonymous.status_code == 303
        assert "/login?next=" in anonymous.headers["location"]
        as_browser(client, tenant.reviewer.email)
        assert client.get("/opd/innovations").status_code == 403

    def test_the_head_reads_the_list_without_a_create_button(
        self, client: TestClient, tenant: Tenant
    ) -> None:
        as_browser(client, tenant.head.email)
        page = client.get("/opd/innovations")
        assert page.status_code == 200
        assert 'href="/opd/innovations/new"' not in page.text
        assert client.get("/opd/innovations/new").status_code == 403


class TestCreate:
    def test_a_new_draft_is_created_and_opened(
        self, client: TestClient, tenant: Tenant, runtime: SubmissionRuntime
    ) -> None:
        as_browser(client, tenant.operator.email)
        form = client.get("/opd/innovations/new")
        assert '<label for="f-nama">Nama inovasi' in form.text
        made = submit_form(
            client,
            "/opd/innovations/new",
            {"nama": "Antrean  Puskesmas Daring", "tahapan": "penerapan", "jenis": "digital"},
        )
        assert made.status_code == 303
        innovation_id = made.headers["location"].rsplit("/", 1)[1]
        saved = innovation(runtime, innovation_id)
        assert (saved.nama, saved.tahapan.value, saved.opd_id) == (
            "Antrean Puskesmas Daring",
            "penerapan",
            tenant.opd.id,
        )
        page = client.get(made.headers["location"])
        assert "Draf inovasi dibuat" in page.text

    def test_a_short_name_and_no_stage_keep_what_was_typed_and_create_nothing(
        self, client: TestClient, tenant: Tenant, runtime: SubmissionRuntime
    ) -> None:
        as_browser(client, tenant.operator.email)
        page = submit_form(client, "/opd/innovations/new", {"nama": "Ab", "tahapan": "", "jenis": "digital"})
        assert page.status_code == 422
        assert "Nama inovasi terlalu pendek: tulis paling sedikit 3 karakter." in page.text
        assert (
            "Pilih Tahapan inovasi dari daftar." in page.text or "Tahapan inovasi wajib diisi." in page.text
        )
        assert 'value="Ab"' in page.text
        assert '<option value="digital" selected>' in page.text
        assert count(runtime, Innovation) == 0

    def test_a_title_already_used_in_the_period_is_refused_on_the_name_field(
        self, client: TestClient, tenant: Tenant, runtime: SubmissionRuntime
    ) -> None:
        as_browser(client, tenant.operator.email)
        data = {"nama": "Antrean Daring", "tahapan": "penerapan", "jenis": "digital"}
        assert submit_form(client, "/opd/innovations/new", data).status_code == 303
        again = submit_form(client, "/opd/innovations/new", data)
        assert again.status_code == 409
        assert 'id="e-nama"' in again.text
        assert "sudah dipakai" in again.text
        assert count(runtime, Innovation) == 1

    def test_a_similar_title_of_another_year_is_shown_as_a_warning(
        self, client: TestClient, tenant: Tenant, runtime: SubmissionRuntime
    ) -> None:
        as_browser(client, tenant.operator.email)
        first = submit_form(
            client,
            "/opd/innovations/new",
            {"nama": "Antrean Puskesmas Daring", "tahapan": "penerapan", "jenis": "digital"},
        )
        second = submit_form(
            client,
            "/opd/innovations/new",
            {"nama": "Antrean Puskesmas Daring 2", "tahapan": "penerapan", "jenis": "digital"},
        )
        assert first.status_code == second.status_code == 303
        page = client.get(second.headers["location"])
        assert "Judul mirip dengan inovasi lain: Antrean Puskesmas Daring" in page.text

    def test_the_pages_speak_english_when_chosen(self, client: TestClient, tenant: Tenant) -> None:
        operator = as_browser(client, tenant.operator.email)
        innovation_id = create_draft(client, operator)
        client.cookies.set("gi_lang", "en")
        listing = client.get("/opd/innovations")
        assert "My innovations" in listing.text
        assert '<span class="badge status-draft">Draft</span>' in listing.text
        page = client.get(f"/opd/innovations/{innovation_id}")
        assert "Self-assessed score: 0 of 111" in page.text
        assert "portal." not in page.text

    def test_a_wrong_csrf_token_creates_nothing(
        self, client: TestClient, tenant: Tenant, runtime: SubmissionRuntime
    ) -> None:
        as_browser(client, tenant.operator.email)
        refused = client.post(
            "/opd/innovations/new",
            data={
                "nama": "Antrean Daring",
                "tahapan": "penerapan",
                "jenis": "digital",
                "csrf_token": "palsu",
            },
        )
        assert refused.status_code == 403
        assert "kedaluwarsa" in refused.text
        assert count(runtime, Innovation) == 0


def profile_form(**changes: str) -> dict[str, Any]:
    data: dict[str, Any] = {
        "nama": "Antrean Puskesmas Daring",
        "tahapan": "penerapan",
        "jenis": "digital",
        **{k: v for k, v in PROFILE.items() if isinstance(v, str)},
        "urusan_lain": ["kominfo", ""],
        "pengembangan": "false",
        "waktu_pengembangan": "",
    }
    data.update(changes)
    return data


class TestProfile:
    def test_the_page_autosaves_to_the_api_and_counts_words(self, client: TestClient, tenant: Tenant) -> None:
        operator = as_browser(client, tenant.operator.email)
        innovation_id = create_draft(client, operator)
        page = client.get(f"/opd/innovations/{innovation_id}")
        assert page.status_code == 200
        assert (
            f'data-autosave="/api/v1/innovations/{innovation_id}" data-autosave-method="PATCH"' in page.text
        )
        assert 'data-wordcount="rb-count" data-min-words="300"' in page.text
        assert "Skor penilaian mandiri: 0 dari" in page.text
        assert f'href="/opd/innovations/{innovation_id}/indicators/1">Isi kolom' not in page.text
        assert f'href="/opd/innovations/{innovation_id}/indicators/20"' in page.text

    def test_an_autosave_call_with_the_session_and_csrf_header_saves_a_draft(
        self, client: TestClient, tenant: Tenant, runtime: SubmissionRuntime
    ) -> None:
        operator = as_browser(client, tenant.operator.email)
        innovation_id = create_draft(client, operator)
        url = f"/api/v1/innovations/{innovation_id}"
        refused = client.patch(url, json={"tujuan": "Tanpa header"})
        assert refused.status_code == 403
        saved = client.patch(
            url,
            json={"tujuan": "Memangkas antrean", "bentuk": None},
            headers={"X-CSRF-Token": client.cookies["gi_csrf"]},
        )
        assert saved.status_code == 200, saved.text
        assert innovation(runtime, innovation_id).tujuan == "Memangkas antrean"

    def test_the_save_button_saves_the_whole_profile_without_javascript(
        self, client: TestClient, tenant: Tenant, runtime: SubmissionRuntime
    ) -> None:
        operator = as_browser(client, tenant.operator.email)
        innovation_id = create_draft(client, operator)
        saved = submit_form(client, f"/opd/innovations/{innovation_id}", profile_form())
        assert saved.status_code == 303, saved.text
        stored = innovation(runtime, innovation_id)
        assert stored.tujuan == PROFILE["tujuan"]
        assert stored.urusan_lain == ["kominfo"]
        assert stored.waktu_penerapan is not None
        page = client.get(f"/opd/innovations/{innovation_id}")
        assert "Perubahan tersimpan." in page.text
        # urusan are chosen from the law's list, shown in words
        assert '<select id="f-urusan_utama"' in page.text
        assert '<option value="kominfo" selected>Komunikasi dan Informatika</option>' in page.text
        assert "Ketenteraman, Ketertiban Umum, dan Pelindungan Masyarakat" in page.text
        assert "372 kata (minimal 300)" in page.text

    def test_dates_in_the_wrong_order_keep_what_was_typed_and_change_nothing(
        self, client: TestClient, tenant: Tenant, runtime: SubmissionRuntime
    ) -> None:
        operator = as_browser(client, tenant.operator.email)
        innovation_id = create_draft(client, operator)
        form = profile_form(
            waktu_uji_coba="2025-09-01", waktu_penerapan="2025-06-01", tujuan="Tujuan baru diketik"
        )
        page = submit_form(client, f"/opd/innovations/{innovation_id}", form)
        assert page.status_code == 422
        assert "Waktu uji coba tidak boleh setelah waktu penerapan." in page.text
        assert 'id="e-waktu_uji_coba"' in page.text
        assert "Tujuan baru diketik" in page.text
        assert 'value="2025-09-01"' in page.text
        assert innovation(runtime, innovation_id).tujuan == ""

    def test_another_opds_innovation_is_not_found(
        self, client: TestClient, tenant: Tenant, runtime: SubmissionRuntime
    ) -> None:
        add_operator(runtime, tenant, "operator2@kukar.test", tenant.other_opd)
        elsewhere = other_opd_draft(client, "operator2@kukar.test")
        as_browser(client, tenant.operator.email)
        page = client.get(f"/opd/innovations/{elsewhere}")
        assert page.status_code == 404
        assert "Traceback" not in page.text


class TestProfileFiles:
    def test_a_budget_document_is_uploaded_from_the_profile_and_an_image_is_refused(
        self, client: TestClient, tenant: Tenant, runtime: SubmissionRuntime
    ) -> None:
        operator = as_browser(client, tenant.operator.email)
        innovation_id = create_draft(client, operator)
        page = client.get(f"/opd/innovations/{innovation_id}")
        assert f'data-upload="/api/v1/innovations/{innovation_id}/files/anggaran"' in page.text
        wrong = submit_form(
            client,
            f"/opd/innovations/{innovation_id}/files/anggaran",
            files={"file": ("anggaran.png", PNG, "image/png")},
        )
        assert wrong.status_code == 415
        assert 'id="e-file_anggaran"' in wrong.text
        assert evidence_of(runtime, innovation_id, 0) == []
        sent = submit_form(
            client,
            f"/opd/innovations/{innovation_id}/files/anggaran",
            files={"file": ("dpa-2026.pdf", PDF, "application/pdf")},
        )
        assert sent.status_code == 303, sent.text
        [item] = evidence_of(runtime, innovation_id, 0)
        assert (item.slot, item.filename) == ("anggaran", "dpa-2026.pdf")
        assert "dpa-2026.pdf" in client.get(f"/opd/innovations/{innovation_id}").text


class TestIndicator:
    def test_the_indicator_page_has_the_guidance_and_a_parameter_choice(
        self, client: TestClient, tenant: Tenant
    ) -> None:
        operator = as_browser(client, tenant.operator.email)
        innovation_id = create_draft(client, operator)
        page = client.get(f"/opd/innovations/{innovation_id}/indicators/1")
        assert page.status_code == 200
        assert "Regulasi inovasi daerah" in page.text
        assert "Halaman pertama dan halaman yang menyebut nama inovasi" in page.text
        assert "<legend>Pilih parameter</legend>" in page.text
        assert 'type="radio" name="parameter" value="2"' in page.text
        assert f'data-upload="/api/v1/innovations/{innovation_id}/evidence"' in page.text
        assert "data-upload-progress" in page.text
        assert client.get(f"/opd/innovations/{innovation_id}/indicators/99").status_code == 404

    def test_choosing_a_parameter_is_saved_and_the_score_follows(
        self, client: TestClient, tenant: Tenant, runtime: SubmissionRuntime
    ) -> None:
        operator = as_browser(client, tenant.operator.email)
        innovation_id = create_draft(client, operator)
        saved = submit_form(client, f"/opd/innovations/{innovation_id}/indicators/1", {"parameter": "2"})
        assert saved.status_code == 303
        with runtime.session_factory() as session:
            answer = session.scalar(select(IndicatorAnswer).where(IndicatorAnswer.indicator_no == 1))
            assert answer is not None
            assert answer.parameter == 2
        page = client.get(f"/opd/innovations/{innovation_id}")
        assert "Skor penilaian mandiri: 6 dari 111" in page.text

    def test_no_parameter_or_no_basis_is_refused_with_a_message(
        self, client: TestClient, tenant: Tenant, runtime: SubmissionRuntime
    ) -> None:
        operator = as_browser(client, tenant.operator.email)
        innovation_id = create_draft(client, operator)
        page = submit_form(client, f"/opd/innovations/{innovation_id}/indicators/1", {})
        assert page.status_code == 422
        assert "Pilih salah satu parameter, lalu simpan." in page.text
        basis = submit_form(client, f"/opd/innovations/{innovation_id}/indicators/18", {"parameter": "3"})
        assert basis.status_code == 422
        assert 'id="e-kemanfaatan_basis"' in basis.text
        assert 'name="parameter" value="3" id="f-parameter-3" checked' in basis.text
        assert count(runtime, IndicatorAnswer) == 0

    def test_evidence_uploaded_without_javascript_is_listed_and_can_be_deleted(
        self, client: TestClient, tenant: Tenant, runtime: SubmissionRuntime
    ) -> None:
        operator = as_browser(client, tenant.operator.email)
        innovation_id = create_draft(client, operator)
        url = f"/opd/innovations/{innovation_id}/indicators/1"
        sent = submit_form(
            client,
            f"{url}/evidence",
            {"nomor_surat": "100/12/2026", "tentang": "SK Bupati"},
            files={"file": ("sk-bupati.pdf", PDF, "application/pdf")},
        )
        assert sent.status_code == 303, sent.text
        [item] = evidence_of(runtime, innovation_id, 1)
        page = client.get(url)
        assert "sk-bupati.pdf" in page.text
        assert "100/12/2026" in page.text
        deleted = submit_form(
            client, f"/opd/innovations/{innovation_id}/evidence/{item.id}/delete", {"back": url}
        )
        assert deleted.status_code == 303
        assert deleted.headers["location"] == url
        assert evidence_of(runtime, innovation_id, 1) == []

    def test_an_image_for_a_pdf_indicator_is_refused_and_the_typed_details_stay(
        self, client: TestClient, tenant: Tenant, runtime: SubmissionRuntime
    ) -> None:
        operator = as_browser(client, tenant.operator.email)
        innovation_id = create_draft(client, operator)
        page = submit_form(
            client,
            f"/opd/innovations/{innovation_id}/indicators/1/evidence",
            {"nomor_surat": "100/12/2026", "tentang": "SK Bupati"},
            files={"file": ("sk.png", PNG, "image/png")},
        )
        assert page.status_code == 415
        assert 'role="alert"' in page.text
        assert 'value="100/12/2026"' in page.text
        assert evidence_of(runtime, innovation_id, 1) == []
        empty = submit_form(
            client, f"/opd/innovations/{innovation_id}/indicators/1/evidence", {"tentang": "x"}
        )
        assert empty.status_code == 422
        assert "Pilih berkas yang akan diunggah." in empty.text

    def test_the_video_indicator_takes_a_link_or_a_resumable_upload(
        self, client: TestClient, tenant: Tenant, runtime: SubmissionRuntime
    ) -> None:
        operator = as_browser(client, tenant.operator.email)
        innovation_id = create_draft(client, operator)
        url = f"/opd/innovations/{innovation_id}/indicators/20"
        page = client.get(url)
        assert f'data-multipart="/api/v1/innovations/{innovation_id}/evidence/multipart"' in page.text
        assert '<script src="/assets/submission/opd.js" defer></script>' in page.text
        assert client.get("/assets/submission/opd.js").status_code == 200
        bad = submit_form(client, f"{url}/link", {"url": "youtube", "title": "Video kami"})
        assert bad.status_code == 422
        assert "https://" in bad.text
        assert 'value="Video kami"' in bad.text
        good = submit_form(
            client, f"{url}/link", {"url": "https://www.youtube.com/watch?v=abc", "title": "Video kami"}
        )
        assert good.status_code == 303
        [item] = evidence_of(runtime, innovation_id, 20)
        assert item.link_url == "https://www.youtube.com/watch?v=abc"

    def test_the_head_reads_an_indicator_but_cannot_answer(
        self, client: TestClient, tenant: Tenant, runtime: SubmissionRuntime
    ) -> None:
        innovation_id = create_draft(client, bearer(client, tenant.operator.email))
        as_browser(client, tenant.head.email)
        overview = client.get(f"/opd/innovations/{innovation_id}")
        assert overview.status_code == 200
        assert "Halaman ini hanya untuk dibaca." in overview.text
        assert "data-autosave" not in overview.text
        assert f'action="/opd/innovations/{innovation_id}/send"' not in overview.text
        page = client.get(f"/opd/innovations/{innovation_id}/indicators/1")
        assert page.status_code == 200
        assert 'name="parameter"' not in page.text
        assert (
            submit_form(
                client, f"/opd/innovations/{innovation_id}/indicators/1", {"parameter": "2"}
            ).status_code
            == 403
        )
        assert count(runtime, IndicatorAnswer) == 0


class TestSendToHead:
    def test_an_incomplete_dossier_lists_what_is_missing_and_stays_a_draft(
        self, client: TestClient, tenant: Tenant, runtime: SubmissionRuntime
    ) -> None:
        operator = as_browser(client, tenant.operator.email)
        innovation_id = create_draft(client, operator)
        page = submit_form(client, f"/opd/innovations/{innovation_id}/send", {})
        assert page.status_code == 422
        assert "Belum bisa dikirim: lengkapi dulu hal-hal berikut." in page.text
        assert "Isi kolom &#39;Tujuan inovasi&#39;" in page.text
        assert f'href="/opd/innovations/{innovation_id}/indicators/20"' in page.text
        assert innovation(runtime, innovation_id).status.value == "draft"

    def test_a_complete_dossier_goes_to_the_head_after_confirmation(
        self, client: TestClient, tenant: Tenant, runtime: SubmissionRuntime
    ) -> None:
        operator = as_browser(client, tenant.operator.email)
        innovation_id = create_draft(client, operator)
        complete(client, operator, innovation_id)
        page = client.get(f"/opd/innovations/{innovation_id}")
        assert "Semua yang wajib sudah lengkap." in page.text
        assert "data-confirm=" in page.text
        sent = submit_form(client, f"/opd/innovations/{innovation_id}/send", {})
        assert sent.status_code == 303
        assert innovation(runtime, innovation_id).status.value == "awaiting_head"
        after = client.get(sent.headers["location"])
        assert "Terkirim ke Kepala OPD." in after.text
        assert "data-autosave" not in after.text

    def test_the_head_cannot_send(
        self, client: TestClient, tenant: Tenant, runtime: SubmissionRuntime
    ) -> None:
        operator = bearer(client, tenant.operator.email)
        innovation_id = create_draft(client, operator)
        complete(client, operator, innovation_id)
        as_browser(client, tenant.head.email)
        assert submit_form(client, f"/opd/innovations/{innovation_id}/send", {}).status_code == 403
        assert innovation(runtime, innovation_id).status.value == "draft"


class TestWithdraw:
    def test_the_operator_takes_it_back_from_the_heads_desk_to_change_it(
        self, client: TestClient, tenant: Tenant, runtime: SubmissionRuntime
    ) -> None:
        operator = as_browser(client, tenant.operator.email)
        innovation_id = create_draft(client, operator)
        complete(client, operator, innovation_id)
        submit_form(client, f"/opd/innovations/{innovation_id}/send", {})
        page = client.get(f"/opd/innovations/{innovation_id}")
        assert f'action="/opd/innovations/{innovation_id}/withdraw"' in page.text
        done = submit_form(client, f"/opd/innovations/{innovation_id}/withdraw", {})
        assert done.status_code == 303
        assert innovation(runtime, innovation_id).status.value == "draft"
        after = client.get(done.headers["location"])
        assert "Inovasi ditarik kembali" in after.text
        assert "data-autosave" in after.text
        again = submit_form(client, f"/opd/innovations/{innovation_id}/withdraw", {})
        assert again.status_code == 409
        assert 'role="alert"' in again.text


class TestHonestScore:
    def test_a_parameter_without_evidence_is_named_beside_the_score_and_on_its_row(
        self, client: TestClient, tenant: Tenant
    ) -> None:
        operator = bearer(client, tenant.operator.email)
        innovation_id = create_draft(client, operator)
        assert answer(client, operator, innovation_id, 3, parameter=2).status_code == 200
        as_browser(client, tenant.operator.email)

        page = client.get(f"/opd/innovations/{innovation_id}").text

        assert "1 indikator diberi parameter tanpa bukti dukung (indikator 3)" in page
        assert "Skor dengan bukti: 0 dari 111." in page
        row = page.split('id="indikator-3"', 1)[1].split("</tr>", 1)[0]
        assert "Tanpa bukti" in row


class TestResult:
    def test_the_opd_sees_the_verified_result_with_each_reviewers_note_and_the_gap(
        self, client: TestClient, tenant: Tenant, runtime: SubmissionRuntime
    ) -> None:
        operator = bearer(client, tenant.operator.email)
        innovation_id = create_draft(client, operator)
        complete(client, operator, innovation_id)
        head = bearer(client, tenant.head.email)
        assert send_and_approve(client, operator, head, innovation_id).status_code == 200
        review_result(
            runtime,
            innovation_id,
            "accepted",
            results=(
                IndicatorResult(indicator_no=1, claimed_parameter=3, verified_parameter=3, verdict="sesuai"),
                IndicatorResult(
                    indicator_no=2,
                    claimed_parameter=3,
                    verified_parameter=1,
                    verdict="tidak_sesuai",
                    notes=(
                        ReviewerNote(reviewer_no=1, note="SK tim tidak dilampirkan"),
                        ReviewerNote(reviewer_no=2, note="Hanya daftar nama"),
                    ),
                ),
            ),
            claimed_score=44.0,
            verified_score=36.5,
        )
        as_browser(client, tenant.operator.email)

        page = client.get(f"/opd/innovations/{innovation_id}").text

        assert "Hasil verifikasi" in page
        assert "Skor terverifikasi: 36,50 dari 111. Klaim Anda: 44. Selisih: 7,50." in page
        assert "1 indikator dinilai lebih rendah dari klaim Anda" in page
        assert (
            "<strong>Penilai 1:</strong> SK tim tidak dilampirkan<br>"
            "<strong>Penilai 2:</strong> Hanya daftar nama"
        ) in page
        assert "Tidak sesuai" in page
        assert "dihitung dalam Indeks Inovasi Daerah" in page  # what it means, what to do next
        assert "siap dikirim ke Kepala OPD" not in page  # no stale status text once it is decided
        assert " / " not in page.split("Hasil verifikasi", 1)[1].split("</section>", 1)[0]

    def test_nothing_is_shown_before_the_decision(self, client: TestClient, tenant: Tenant) -> None:
        operator = as_browser(client, tenant.operator.email)
        innovation_id = create_draft(client, operator)

        assert "Hasil verifikasi" not in client.get(f"/opd/innovations/{innovation_id}").text


class TestRevision:
    def test_the_reviewers_note_is_beside_the_flagged_indicator_and_the_rest_is_locked(
        self, client: TestClient, tenant: Tenant, runtime: SubmissionRuntime
    ) -> None:
        innovation_id = in_revision(client, runtime, tenant)
        as_browser(client, tenant.operator.email)
        page = client.get(f"/opd/innovations/{innovation_id}")
        assert "Perbaikan diminta verifikator" in page.text
        assert "SK belum ditandatangani Bupati" in page.text
        assert "data-autosave" not in page.text
        assert "Kirim ulang ke Kepala OPD" in page.text
        row = page.text.split('id="indikator-1"')[1].split("</tr>")[0]
        assert "Perlu diperbaiki" in row
        assert "SK belum ditandatangani Bupati" in row
        assert "Terkunci" in page.text.split('id="indikator-2"')[1].split("</tr>")[0]
        flagged = client.get(f"/opd/innovations/{innovation_id}/indicators/1")
        assert 'name="parameter"' in flagged.text
        assert "SK belum ditandatangani Bupati" in flagged.text
        locked = client.get(f"/opd/innovations/{innovation_id}/indicators/2")
        assert 'name="parameter"' not in locked.text
        assert "jawaban dan buktinya terkunci" in locked.text
        refused = submit_form(client, f"/opd/innovations/{innovation_id}/indicators/2", {"parameter": "3"})
        assert refused.status_code == 409
        assert "tidak dibuka kembali" in refused.text
        before = len(evidence_of(runtime, innovation_id, 2))
        link = {"url": "https://www.youtube.com/watch?v=abc", "title": "Video"}
        no_link = submit_form(client, f"/opd/innovations/{innovation_id}/indicators/2/link", link)
        assert no_link.status_code == 409
        assert "tidak dibuka kembali" in no_link.text
        assert len(evidence_of(runtime, innovation_id, 2)) == before

    def test_a_fixed_indicator_is_resubmitted_and_the_history_shows_the_change(
        self, client: TestClient, tenant: Tenant, runtime: SubmissionRuntime
    ) -> None:
        innovation_id = in_revision(client, runtime, tenant)
        as_browser(client, tenant.operator.email)
        fixed = submit_form(
            client,
            f"/opd/innovations/{innovation_id}/indicators/1/evidence",
            {"tentang": "SK yang sudah ditandatangani"},
            files={"file": ("sk-ttd.pdf", PDF + b"% ditandatangani\n", "application/pdf")},
        )
        assert fixed.status_code == 303, fixed.text
        scan_queued(runtime)  # the worker scans the new file before it may be sent
        sent = submit_form(client, f"/opd/innovations/{innovation_id}/send", {})
        assert sent.status_code == 303
        assert innovation(runtime, innovation_id).status.value == "awaiting_head"
        history = client.get(f"/opd/innovations/{innovation_id}/history")
        assert history.status_code == 200
        assert "Versi 1" in history.text
        assert '<ins class="diff-new">+ sk-ttd.pdf</ins>' in history.text
        assert "1. Regulasi inovasi daerah" in history.text


class TestHistory:
    def test_a_draft_has_no_versions_yet(self, client: TestClient, tenant: Tenant) -> None:
        operator = as_browser(client, tenant.operator.email)
        innovation_id = create_draft(client, operator)
        page = client.get(f"/opd/innovations/{innovation_id}/history")
        assert page.status_code == 200
        assert "Belum ada versi terkirim." in page.text


class TestMessages:
    def test_a_refusal_about_one_field_stands_at_the_top_and_beside_it(self) -> None:
        error = NotReopened(indicator_no=2)
        assert on_field(error, "url") == {"__all__": error.message(), "url": error.message()}

    def test_a_refused_profile_is_undone_and_shown_again_with_the_messages_and_status(self) -> None:
        shown: list[dict[str, Any]] = []

        def page(**kwargs: Any) -> Response:
            shown.append(kwargs)
            return Response()

        uow = Mock()
        with pytest.raises(ValidationError) as invalid:
            InnovationCreate.model_validate({"nama": "x", "tahapan": None, "jenis": None})
        profile_failed(uow, invalid.value, page)
        assert shown[0]["status_code"] == 422
        assert {"__all__", "nama", "tahapan"} <= set(shown[0]["errors"])
        duplicate = DuplicateTitle(nama="Sekolah Ramah Anak")
        profile_failed(uow, duplicate, page)
        assert shown[1] == {
            "errors": {"__all__": duplicate.message(), "nama": duplicate.message()},
            "status_code": duplicate.status_code,
        }
        assert uow.rollback.call_count == 2


class TestProfile2026:
    def test_the_form_saves_the_2026_fields_typed_the_indonesian_way_and_shows_them_back(
        self, client: TestClient, tenant: Tenant, runtime: SubmissionRuntime
    ) -> None:
        as_browser(client, tenant.operator.email)
        innovation_id = create_draft(client, bearer(client, tenant.operator.email))
        fields = {
            "klasifikasi": "desa",
            "asta_cita": "6",
            "latitude": "-0,502",
            "longitude": "117,153",
            "kontak_telepon": "0812 3456 7890",
            "sumber_dana": "apbdes",
            "anggaran": "12.500.000",
        }

        saved = submit_form(client, f"/opd/innovations/{innovation_id}", profile_form(**fields))

        assert saved.status_code == 303, saved.text
        stored = innovation(runtime, innovation_id)
        assert (stored.klasifikasi, stored.asta_cita, stored.anggaran) == ("desa", 6, 12_500_000)
        assert (stored.latitude, stored.longitude, stored.kontak_telepon) == (
            -0.502,
            117.153,
            "+6281234567890",
        )
        page = client.get(f"/opd/innovations/{innovation_id}").text
        assert '<option value="6" selected>6. Membangun dari desa' in page
        assert 'value="12.500.000"' in page
        assert 'value="-0,502"' in page

    def test_a_latitude_outside_indonesia_is_shown_beside_its_field_and_nothing_is_saved(
        self, client: TestClient, tenant: Tenant, runtime: SubmissionRuntime
    ) -> None:
        as_browser(client, tenant.operator.email)
        innovation_id = create_draft(client, bearer(client, tenant.operator.email))

        page = submit_form(
            client,
            f"/opd/innovations/{innovation_id}",
            profile_form(latitude="48,85", longitude="2,35", anggaran="Rp 1.000"),
        )

        assert page.status_code == 422
        assert "Garis lintang 48,85 berada di luar wilayah Indonesia" in page.text
        assert 'id="e-latitude"' in page.text
        stored = innovation(runtime, innovation_id)
        assert (stored.latitude, stored.anggaran, stored.tujuan) == (None, None, "")
