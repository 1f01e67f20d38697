"""The reviewer's pages in a test browser: the queue, the case page (evidence beside the verdict form, one
indicator at a time), saving and submitting verdicts, and the admin's decision."""

from __future__ import annotations

import html
import re
import uuid
from dataclasses import replace
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import select, update

from services.review import repository
from services.review.models import Assignment, CaseStatus, Decision, ReviewCase
from shared.auth import Principal, Role
from shared.db import utc_now
from shared.timefmt import format_local
from tests.pages import login_browser, logout_browser, submit_form
from tests.review.conftest import ALL_SESUAI, CLAIMED, Scene
from tests.review.samples import PDF, Person, add_person, open_case, open_case_message, store_evidence

WITA = "Asia/Makassar"


def login(scene: Scene, person: Person) -> None:
    """The browser logs in as `person`; the token carries the pemda's zone (WITA), as submission's does."""
    principal = Principal(
        user_id=person.user_id,
        pemda_id=person.pemda_id,
        opd_id=person.opd_id,
        role=person.role,
        name=person.name,
        timezone=WITA,
    )
    logout_browser(scene.client)
    login_browser(scene.client, scene.issuer.issue(principal))


def verdicts_of(scene: Scene, case_id: uuid.UUID, person: Person) -> dict[int, tuple[str, int, str]]:
    with scene.runtime.db.unit_of_work() as uow:
        rows = repository.verdicts_of(uow.session, case_id)
        return {
            v.indicator_no: (v.verdict.value, v.verified_parameter, v.note)
            for v in rows
            if v.reviewer_id == person.user_id
        }


def case_row(scene: Scene, case_id: uuid.UUID) -> ReviewCase:
    with scene.runtime.db.unit_of_work() as uow:
        case = repository.get_case(uow.session, case_id)
        assert case is not None
        uow.session.expunge(case)
        return case


def assignment_of(scene: Scene, case_id: uuid.UUID, person: Person) -> Assignment:
    with scene.runtime.db.unit_of_work() as uow:
        row = uow.session.scalars(
            select(Assignment).where(Assignment.case_id == case_id, Assignment.reviewer_id == person.user_id)
        ).one()
        uow.session.expunge(row)
        return row


def text_of(page: str) -> str:
    """The page's visible text, tags dropped and whitespace squeezed (what a person reads)."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", page)))


def checked(page: str, name: str) -> list[str]:
    return re.findall(rf'name="{name}" value="([^"]+)" checked', page)


# ---- who may see the pages ----


class TestAccess:
    def test_nobody_logged_in_is_sent_to_the_login_page(self, scene: Scene) -> None:
        case_id = scene.open()
        logout_browser(scene.client)

        for url in ("/review/queue", f"/review/cases/{case_id}"):
            response = scene.client.get(url, follow_redirects=False)
            assert response.status_code == 303, url
            assert "/login?next=" in response.headers["location"]

    def test_an_opd_operator_gets_a_forbidden_page(self, scene: Scene) -> None:
        operator = Person(uuid.uuid4(), scene.pemda_id, scene.opd_id, Role.opd_operator, "Operator Dinkes")
        login(scene, operator)

        response = scene.client.get("/review/queue")

        assert response.status_code == 403
        assert "<html" in response.text
        assert "Traceback" not in response.text

    @pytest.mark.parametrize("who", ["joined after the case was staffed", "assigned, now of the case's OPD"])
    def test_a_reviewer_who_may_not_see_the_case_can_neither_read_nor_judge_it(
        self, scene: Scene, who: str
    ) -> None:
        case_id = scene.open()
        if who == "joined after the case was staffed":  # Ani and Budi have it
            cici = add_person(
                scene.runtime, pemda_id=scene.pemda_id, name="Cici Verifikator", opd_id=uuid.uuid4()
            )
        else:  # the token says Ani moved to the innovation's OPD
            cici = replace(scene.ani, opd_id=scene.opd_id)
        login(scene, cici)

        page = scene.client.get(f"/review/cases/{case_id}")
        indicator = scene.client.get(f"/review/cases/{case_id}/indicators/1")
        saved = submit_form(
            scene.client,
            f"/review/cases/{case_id}/indicators/1",
            {"verdict": "sesuai", "verified_parameter": "3", "note": ""},
        )

        assert (page.status_code, indicator.status_code) == (404, 404)  # ids are not confirmed
        assert "Kasus review tidak ditemukan." in page.text
        assert "X-Amz-Signature" not in indicator.text
        assert saved.status_code == 404
        assert verdicts_of(scene, case_id, cici) == {}
        queue = scene.client.get("/review/queue")
        assert "Sistem Antrean Puskesmas Daring" not in queue.text

    def test_a_case_of_another_pemda_is_not_found(self, scene: Scene) -> None:
        login(scene, scene.ani)
        other = scene.open(pemda_id=uuid.uuid4())

        response = scene.client.get(f"/review/cases/{other}")

        assert response.status_code == 404
        assert "Kasus review tidak ditemukan." in response.text


# ---- the queue ----


class TestQueue:
    def test_my_cases_with_due_dates_in_the_pemdas_zone_earliest_first(self, scene: Scene) -> None:
        later = scene.open(nama="Inovasi Belakangan", opd_name="Dinas Pendidikan")
        sooner = scene.open(nama="Inovasi Mendesak", opd_name="Dinas Kesehatan")
        due = utc_now() + timedelta(hours=20)
        with scene.runtime.db.unit_of_work() as uow:
            uow.session.execute(update(Assignment).where(Assignment.case_id == sooner).values(due_at=due))
        login(scene, scene.ani)

        response = scene.client.get("/review/queue")

        assert response.status_code == 200
        page = text_of(response.text)
        assert page.index("Inovasi Mendesak") < page.index("Inovasi Belakangan")
        assert format_local(due, WITA) in page
        assert "WITA" in page
        assert "Segera" in page  # due within two days
        assert f'href="/review/cases/{later}"' in response.text
        assert "Dinas Pendidikan" in page
        assert "Belum dikirim" in page

    def test_filters_keep_their_values_and_narrow_the_list(self, scene: Scene) -> None:
        overdue = scene.open(nama="Inovasi Terlambat")
        scene.open(nama="Inovasi Tepat Waktu")
        with scene.runtime.db.unit_of_work() as uow:
            uow.session.execute(
                update(Assignment)
                .where(Assignment.case_id == overdue)
                .values(due_at=utc_now() - timedelta(days=1))
            )
        login(scene, scene.ani)

        response = scene.client.get("/review/queue", params={"due": "overdue", "status": "open"})

        assert response.status_code == 200
        assert "Inovasi Terlambat" in response.text
        assert "Inovasi Tepat Waktu" not in response.text
        assert '<option value="overdue" selected>' in response.text
        assert '<option value="open" selected>' in response.text
        nothing = scene.client.get("/review/queue", params={"status": "decided"})
        assert "Tidak ada kasus yang cocok" in nothing.text

    def test_my_own_figures_whatever_the_filters(self, scene: Scene) -> None:
        overdue, assessed = scene.open(nama="Inovasi Terlambat"), scene.open(nama="Inovasi Dinilai")
        scene.open(nama="Inovasi Ketiga")
        scene.assess(scene.ani, assessed, ALL_SESUAI)
        with scene.runtime.db.unit_of_work() as uow:
            uow.session.execute(
                update(Assignment)
                .where(Assignment.case_id == overdue)
                .values(due_at=utc_now() - timedelta(days=1))
            )
        login(scene, scene.ani)

        filtered = text_of(scene.client.get("/review/queue", params={"status": "decided"}).text)
        login(scene, scene.admin)
        admins = scene.client.get("/review/queue").text

        assert "Angka saya: 3 kasus ditugaskan, 1 selesai dinilai, 1 lewat batas waktu." in filtered
        assert 'id="my-figures"' not in admins  # an admin has no queue of their own

    def test_an_admin_sees_every_case_of_the_pemda(self, scene: Scene) -> None:
        scene.open(nama="Inovasi Admin Lihat")
        login(scene, scene.admin)

        response = scene.client.get("/review/queue")

        assert response.status_code == 200
        assert "Semua kasus verifikasi" in response.text
        assert "Inovasi Admin Lihat" in response.text


# ---- the case page ----


class TestCasePage:
    def test_evidence_beside_the_form_with_the_pdf_shown_inline(self, scene: Scene) -> None:
        message = open_case_message(
            pemda_id=scene.pemda_id,
            period_id=scene.period_id,
            opd_id=scene.opd_id,
            evidence_count=4,
            claimed=dict(CLAIMED),
        )
        ref = message.evidence[0]
        content = PDF + b"% berkas 1\n"
        store_evidence(scene.runtime, ref, content)
        case_id = open_case(scene.runtime, message)
        login(scene, scene.ani)

        response = scene.client.get(f"/review/cases/{case_id}")

        assert response.status_code == 200
        page = response.text
        assert 'class="split"' in page
        assert ">Antrean verifikasi</a>" in page  # the site menu is intact
        assert 'id="verdict-form"' in page
        assert "Indikator 1: Indikator 1" in text_of(page)
        assert "Parameter 3: Indikator 1 tingkat 3" in text_of(page)  # the OPD's claim
        assert "Berkas utuh (SHA-256 cocok)" in page
        frame = re.search(r'<iframe class="viewer" src="([^"]+)"', page)
        assert frame, "the PDF is shown inline"
        url = html.unescape(frame.group(1))
        assert f'href="{frame.group(1)}"' in page  # and a link for when the viewer cannot show it
        served = httpx.get(url, timeout=10)
        assert served.status_code == 200
        assert served.content == content
        assert served.headers["content-type"] == "application/pdf"
        assert served.headers["content-disposition"].startswith("inline")
        assert "x-frame-options" not in served.headers
        # nothing is pre-selected: the reviewer chooses the parameter, not the OPD's claim
        assert checked(page, "verified_parameter") == []
        assert checked(page, "verdict") == []
        assert f'href="/review/cases/{case_id}/indicators/2"' in page  # next indicator

    def test_a_missing_file_is_flagged_and_an_unknown_indicator_is_a_page_saying_so(
        self, scene: Scene
    ) -> None:
        case_id = scene.open()  # the evidence was never stored
        login(scene, scene.ani)

        page = scene.client.get(f"/review/cases/{case_id}/indicators/2")
        unknown = scene.client.get(f"/review/cases/{case_id}", params={"indicator": 9})

        assert page.status_code == 200
        assert "PERINGATAN: berkas tidak ditemukan di penyimpanan." in page.text
        assert unknown.status_code == 404
        assert "Indikator 9 tidak ada pada kasus ini" in unknown.text

    def test_images_videos_links_and_scan_flags_are_shown_safely(self, scene: Scene) -> None:
        message = open_case_message(
            pemda_id=scene.pemda_id, period_id=scene.period_id, opd_id=scene.opd_id, evidence_count=1
        )
        pdf = message.evidence[0]
        flagged = pdf.model_copy(update={"flags": ("pdf_javascript",)})
        photo = pdf.model_copy(
            update={
                "evidence_id": uuid.uuid4(),
                "content_type": "image/png",
                "filename": "foto-kegiatan.png",
                "object_key": pdf.object_key.replace("/01/", "/01/foto-"),
            }
        )
        video = pdf.model_copy(
            update={
                "evidence_id": uuid.uuid4(),
                "object_key": "",
                "sha256": "",
                "content_type": "text/uri-list",
                "filename": "Video profil",
                "link_url": "https://youtu.be/contoh",
            }
        )
        sneaky = video.model_copy(
            update={"evidence_id": uuid.uuid4(), "filename": "", "link_url": "javascript:alert(1)"}
        )
        message = message.model_copy(update={"evidence": (flagged, photo, video, sneaky)})
        case_id = open_case(scene.runtime, message)
        login(scene, scene.ani)

        page = scene.client.get(f"/review/cases/{case_id}/indicators/1").text

        assert "PDF berisi JavaScript" in page
        assert '<iframe class="viewer"' not in page  # a PDF with scripts is not opened inside the page
        assert re.search(r'<img class="evidence-image" src="http[^"]+" alt="foto-kegiatan.png">', page)
        assert '<a class="button secondary" href="https://youtu.be/contoh"' in page
        assert "Tonton video: Video profil" in page
        assert 'href="javascript:' not in page
        assert "bukan alamat http(s): javascript:alert(1)" in page

    def test_english_on_request(self, scene: Scene) -> None:
        case_id = scene.open()
        login(scene, scene.ani)
        scene.client.cookies.set("gi_lang", "en")

        response = scene.client.get(f"/review/cases/{case_id}")

        assert "My verdict on indicator 1" in response.text
        assert "Save &amp; next" in response.text


# ---- saving verdicts ----


class TestSaveVerdict:
    def test_saving_one_indicator_keeps_the_others_and_goes_to_the_next(self, scene: Scene) -> None:
        case_id = scene.open()
        login(scene, scene.ani)

        first = submit_form(
            scene.client,
            f"/review/cases/{case_id}/indicators/1",
            {"verdict": "sesuai", "verified_parameter": "3", "note": "", "after": "next"},
        )
        second = submit_form(
            scene.client,
            f"/review/cases/{case_id}/indicators/2",
            {"verdict": "perlu_perbaikan", "verified_parameter": "1", "note": "SK belum ditandatangani"},
        )

        stay = submit_form(
            scene.client,
            f"/review/cases/{case_id}/indicators/4",
            {"verdict": "sesuai", "verified_parameter": "2", "note": "", "after": "stay"},
        )

        assert first.status_code == 303
        assert first.headers["location"] == f"/review/cases/{case_id}/indicators/2#verdict-form"
        assert second.headers["location"] == f"/review/cases/{case_id}/indicators/3#verdict-form"
        assert stay.headers["location"] == f"/review/cases/{case_id}/indicators/4#verdict-form"
        assert verdicts_of(scene, case_id, scene.ani) == {
            1: ("sesuai", 3, ""),
            2: ("perlu_perbaikan", 1, "SK belum ditandatangani"),
            4: ("sesuai", 2, ""),
        }
        assert case_row(scene, case_id).status is CaseStatus.in_review
        page = scene.client.get(second.headers["location"].split("#")[0])
        assert "Penilaian indikator tersimpan." in page.text
        assert "Anda sudah menilai 3 dari 4 indikator." in page.text

    def test_a_verdict_that_is_not_sesuai_needs_a_note_and_keeps_what_was_typed(self, scene: Scene) -> None:
        case_id = scene.open()
        login(scene, scene.ani)

        response = submit_form(
            scene.client,
            f"/review/cases/{case_id}/indicators/3",
            {"verdict": "tidak_sesuai", "verified_parameter": "0", "note": "   "},
        )

        assert response.status_code == 422
        assert "Catatan wajib diisi untuk indikator 3" in response.text
        assert checked(response.text, "verdict") == ["tidak_sesuai"]
        assert checked(response.text, "verified_parameter") == ["0"]
        assert 'aria-invalid="true"' in response.text
        assert verdicts_of(scene, case_id, scene.ani) == {}
        assert case_row(scene, case_id).status is CaseStatus.open

    def test_no_verdict_chosen_and_a_bad_parameter_are_explained(self, scene: Scene) -> None:
        case_id = scene.open()
        login(scene, scene.ani)

        response = submit_form(
            scene.client,
            f"/review/cases/{case_id}/indicators/1",
            {"verdict": "bagus", "verified_parameter": "7", "note": "catatan saya"},
        )

        assert response.status_code == 422
        assert "Pilih salah satu penilaian" in response.text
        assert "Pilih parameter terverifikasi 0 sampai 3." in response.text
        assert "catatan saya</textarea>" in response.text
        assert verdicts_of(scene, case_id, scene.ani) == {}

    def test_a_form_without_the_csrf_token_changes_nothing(self, scene: Scene) -> None:
        case_id = scene.open()
        login(scene, scene.ani)

        response = scene.client.post(
            f"/review/cases/{case_id}/indicators/1",
            data={"verdict": "sesuai", "verified_parameter": "3", "csrf_token": "forged"},
            follow_redirects=False,
        )

        assert response.status_code == 403
        assert verdicts_of(scene, case_id, scene.ani) == {}


# ---- submitting ----


class TestSubmit:
    def test_an_incomplete_assessment_lists_what_is_missing(self, scene: Scene) -> None:
        case_id = scene.open()
        scene.verdicts(scene.ani, case_id, {1: ALL_SESUAI[1], 2: ALL_SESUAI[2]})
        login(scene, scene.ani)

        response = submit_form(scene.client, f"/review/cases/{case_id}/submit", {"indicator": "2"})

        assert response.status_code == 409
        assert "indikator 3, 4 belum dinilai" in response.text
        assert f'href="/review/cases/{case_id}/indicators/3">Indikator 3</a>' in response.text
        assert f'href="/review/cases/{case_id}/indicators/4">Indikator 4</a>' in response.text
        assert assignment_of(scene, case_id, scene.ani).submitted_at is None

    def test_submitting_closes_my_assessment_and_shows_the_others(self, scene: Scene) -> None:
        case_id = scene.open()
        scene.assess(scene.budi, case_id, {**ALL_SESUAI, 4: ("tidak_sesuai", 0, "Video tidak bisa diputar")})
        scene.verdicts(scene.ani, case_id, ALL_SESUAI)
        login(scene, scene.ani)
        before = scene.client.get(f"/review/cases/{case_id}/indicators/4")
        assert "Video tidak bisa diputar" not in before.text
        assert "tampil setelah Anda mengirim" in before.text

        response = submit_form(scene.client, f"/review/cases/{case_id}/submit")

        assert response.status_code == 303
        assert assignment_of(scene, case_id, scene.ani).submitted_at is not None
        after = scene.client.get(f"/review/cases/{case_id}/indicators/4")
        assert "Penilaian Anda terkirim." in after.text
        assert "Video tidak bisa diputar" in after.text
        assert "Budi Verifikator" in after.text
        assert 'id="verdict-form"' not in after.text  # no more changes


# ---- the admin's decision ----


class TestDecision:
    def test_the_coordinator_sees_the_indicators_assessed_once_every_reviewer_submitted(
        self, scene: Scene
    ) -> None:
        case_id = scene.open()
        scene.assess(scene.ani, case_id, ALL_SESUAI)
        login(scene, scene.admin)
        halfway = scene.client.get(f"/review/cases/{case_id}").text
        scene.assess(scene.budi, case_id, ALL_SESUAI)

        both = scene.client.get(f"/review/cases/{case_id}").text

        assert "belum dinilai" in halfway  # Budi has not sent his yet
        assert "belum dinilai" not in both
        assert both.count("✓") >= len(ALL_SESUAI)

    def test_a_premature_decision_lists_what_is_missing_and_changes_nothing(self, scene: Scene) -> None:
        case_id = scene.open()
        scene.assess(scene.ani, case_id, ALL_SESUAI)
        login(scene, scene.admin)

        response = submit_form(
            scene.client, f"/review/cases/{case_id}/decision", {"decision": "accepted", "decision_note": "ok"}
        )

        assert response.status_code == 409
        assert "Budi Verifikator belum menilai indikator 1, 2, 3, 4" in response.text
        assert case_row(scene, case_id).decision is None
        assert checked(response.text, "decision") == ["accepted"]

    def test_a_revision_request_needs_a_note_and_keeps_the_choice(self, scene: Scene) -> None:
        case_id = scene.open()
        scene.assess(scene.ani, case_id, ALL_SESUAI)
        scene.assess(scene.budi, case_id, ALL_SESUAI)
        login(scene, scene.admin)

        response = submit_form(
            scene.client,
            f"/review/cases/{case_id}/decision",
            {"decision": "revision_requested", "decision_note": "", "reopen": ["2", "4"]},
        )

        assert response.status_code == 422
        assert "Catatan wajib diisi untuk keputusan" in response.text
        assert checked(response.text, "decision") == ["revision_requested"]
        assert checked(response.text, "reopen") == ["2", "4"]
        assert case_row(scene, case_id).decision is None

    def test_a_deadline_in_the_past_is_explained_and_kept(self, scene: Scene) -> None:
        case_id = scene.open()
        scene.assess(scene.ani, case_id, ALL_SESUAI)
        scene.assess(scene.budi, case_id, ALL_SESUAI)
        login(scene, scene.admin)

        response = submit_form(
            scene.client,
            f"/review/cases/{case_id}/decision",
            {
                "decision": "revision_requested",
                "decision_note": "Lengkapi SK",
                "reopen": ["1"],
                "revision_deadline": "2020-01-31",
            },
        )

        assert response.status_code == 422
        assert "harus tanggal yang akan datang" in response.text
        assert 'value="2020-01-31"' in response.text
        assert "Lengkapi SK</textarea>" in response.text
        assert case_row(scene, case_id).decision is None

    def test_a_reviewer_cannot_post_the_decision_form(self, scene: Scene) -> None:
        case_id = scene.open()
        scene.assess(scene.ani, case_id, ALL_SESUAI)
        scene.assess(scene.budi, case_id, ALL_SESUAI)
        login(scene, scene.ani)

        response = submit_form(scene.client, f"/review/cases/{case_id}/decision", {"decision": "accepted"})

        assert response.status_code == 403
        assert case_row(scene, case_id).decision is None

    def test_revision_then_resubmission_shows_the_earlier_round_then_acceptance(self, scene: Scene) -> None:
        innovation_id = uuid.uuid4()
        case_id = scene.open(innovation_id=innovation_id)
        flagged = {**ALL_SESUAI, 2: ("perlu_perbaikan", 1, "Lampirkan SK yang ditandatangani")}
        scene.assess(scene.ani, case_id, flagged)
        scene.assess(scene.budi, case_id, flagged)
        login(scene, scene.admin)
        page = scene.client.get(f"/review/cases/{case_id}")
        assert checked(page.text, "reopen") == ["2"]  # the flagged indicator is ticked

        revision = submit_form(
            scene.client,
            f"/review/cases/{case_id}/decision",
            {
                "decision": "revision_requested",
                "decision_note": "Perbaiki indikator 2",
                "reopen": ["2"],
                "revision_deadline": "2099-12-31",
            },
        )

        assert revision.status_code == 303
        decided = case_row(scene, case_id)
        assert (decided.decision, decided.status) == (Decision.revision_requested, CaseStatus.decided)
        # the end of that day in the pemda's zone (WITA, UTC+8)
        assert decided.revision_deadline is not None
        assert decided.revision_deadline.isoformat().startswith("2099-12-31T15:59")
        assert "Batas perbaikan OPD: 31 Desember 2099 pukul 23.59 WITA" in text_of(
            scene.client.get(f"/review/cases/{case_id}").text
        )

        # the OPD resubmits version 2; the same reviewers reassess indicator 2 only
        scene.open(innovation_id=innovation_id, version=2, reopened=(2,))
        login(scene, scene.ani)
        round2 = scene.client.get(f"/review/cases/{case_id}")
        text = text_of(round2.text)
        assert "Pengajuan ulang (putaran 2): hanya indikator 2 yang dinilai ulang." in text
        assert "Putaran sebelumnya" in text
        assert "Lampirkan SK yang ditandatangani" in text
        assert "Keputusan: perlu perbaikan — Perbaiki indikator 2" in text
        assert f'action="/review/cases/{case_id}/indicators/2"' in round2.text
        locked = scene.client.get(f"/review/cases/{case_id}/indicators/1")
        assert 'id="verdict-form"' not in locked.text
        assert "tidak dinilai ulang pada putaran ini" in locked.text

        for person in (scene.ani, scene.budi):
            login(scene, person)
            saved = submit_form(
                scene.client,
                f"/review/cases/{case_id}/indicators/2",
                {"verdict": "sesuai", "verified_parameter": "2", "note": ""},
            )
            assert saved.headers["location"].endswith("#submit-verdicts")
            assert submit_form(scene.client, f"/review/cases/{case_id}/submit").status_code == 303
        login(scene, scene.admin)
        accepted = submit_form(scene.client, f"/review/cases/{case_id}/decision", {"decision": "accepted"})

        assert accepted.status_code == 303
        assert case_row(scene, case_id).decision is Decision.accepted
        final = scene.client.get(accepted.headers["location"])
        assert "Inovasi diterima." in final.text
        assert 'id="decision-form"' not in final.text


@pytest.fixture(autouse=True)
def _fresh_cookies(scene: Scene) -> None:
    logout_browser(scene.client)
