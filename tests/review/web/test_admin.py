"""The admin's review pages: assignment board, disagreements, SPD entry, exports and dead messages."""

from __future__ import annotations

import html
import io
import re
import uuid
import zipfile

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from services.review import assignment, dead_messages, directory
from services.review.models import Adjudication, Assignment, SpdEntry
from services.submission.catalogue import load_catalogue
from shared.auth import Principal, Role
from tests.pages import login_browser, submit_form
from tests.review.conftest import ALL_SESUAI, Scene
from tests.review.samples import Person, add_person, period_message, sync_period

ADMIN_PAGES = (
    "/review/admin/assignments",
    "/review/admin/disagreements",
    "/review/admin/spd",
    "/review/admin/exports",
    "/review/admin/urusan",
    "/review/admin/dead-messages",
)


def browse_as(scene: Scene, person: Person) -> None:
    principal = Principal(
        user_id=person.user_id,
        pemda_id=person.pemda_id,
        opd_id=person.opd_id,
        role=person.role,
        name=person.name,
        timezone="Asia/Makassar",
    )
    login_browser(scene.client, scene.issuer.issue(principal))


def text_of(body: str) -> str:
    return html.unescape(body)


def active_reviewers(scene: Scene, case_id: uuid.UUID) -> set[uuid.UUID]:
    with scene.runtime.db.unit_of_work() as uow:
        rows = uow.session.scalars(select(Assignment).where(Assignment.case_id == case_id)).all()
        return {a.reviewer_id for a in rows if a.active}


class TestAccess:
    @pytest.mark.parametrize("path", ADMIN_PAGES)
    def test_nobody_logged_in_goes_to_the_login_page_and_back(self, scene: Scene, path: str) -> None:
        response = scene.client.get(path, follow_redirects=False)

        assert response.status_code == 303
        assert "/login?next=" in response.headers["location"]
        assert "review%2Fadmin" in response.headers["location"]

    @pytest.mark.parametrize("path", ADMIN_PAGES)
    def test_a_reviewer_is_refused_with_a_page(self, scene: Scene, path: str) -> None:
        browse_as(scene, scene.ani)

        response = scene.client.get(path)

        assert response.status_code == 403
        assert "<html" in response.text
        assert "Traceback" not in response.text

    def test_a_reviewer_cannot_assign_by_posting_either(self, scene: Scene) -> None:
        case_id = scene.open()
        extra = add_person(scene.runtime, pemda_id=scene.pemda_id, name="Citra Verifikator")
        browse_as(scene, scene.ani)

        response = submit_form(
            scene.client, f"/review/admin/assignments/{case_id}/assign", {"reviewer_id": str(extra.user_id)}
        )

        assert response.status_code == 403
        assert extra.user_id not in active_reviewers(scene, case_id)


class TestAssignmentBoard:
    def test_the_board_shows_each_case_with_its_reviewers_and_due_dates(self, scene: Scene) -> None:
        scene.open(nama="Antrean Puskesmas Daring")
        browse_as(scene, scene.admin)

        page = text_of(scene.client.get("/review/admin/assignments").text)

        assert "Antrean Puskesmas Daring" in page
        assert "Ani Verifikator" in page
        assert "Budi Verifikator" in page
        assert page.count("batas ") >= 2
        assert "WITA" in page
        assert 'aria-current="page"' in page  # the sub-navigation marks where we are

    def test_the_board_shows_each_reviewers_load(self, scene: Scene) -> None:
        first = scene.open(nama="Antrean Puskesmas Daring")
        scene.open(nama="Posyandu Keliling")
        scene.assess(scene.ani, first, ALL_SESUAI)
        citra = add_person(scene.runtime, pemda_id=scene.pemda_id, name="Citra Verifikator")
        browse_as(scene, scene.admin)

        page = text_of(scene.client.get("/review/admin/assignments").text)

        section = page.split('id="workload-heading"', 1)[1]
        loads = re.findall(
            r'<th scope="row">([^<]+)</th>\s*<td class="num">(\d+)</td>\s*<td class="num">(\d+)</td>', section
        )
        assert loads == [
            ("Ani Verifikator", "2", "1"),
            ("Budi Verifikator", "2", "0"),
            (citra.name, "0", "0"),
        ]

    def test_cases_past_every_reviewers_cap_wait_on_the_board(
        self, scene: Scene, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        monkeypatch.setenv("REVIEW_MAX_OPEN_CASES_PER_REVIEWER", "1")
        assignment.configured_cap.cache_clear()
        try:
            staffed = scene.open(nama="Antrean Puskesmas Daring")
            waiting = scene.open(nama="Posyandu Keliling")
        finally:
            assignment.configured_cap.cache_clear()
        browse_as(scene, scene.admin)

        page = scene.client.get("/review/admin/assignments").text

        def row(case_id: uuid.UUID) -> str:
            return str(page.split(f'id="case-{case_id}"', 1)[1].split("</tr>", 1)[0])

        assert active_reviewers(scene, waiting) == set()
        assert ">Menunggu<" in row(waiting)
        assert ">Menunggu<" not in row(staffed)

    def test_unassign_then_assign_again_through_the_forms(self, scene: Scene) -> None:
        case_id = scene.open()
        browse_as(scene, scene.admin)
        period = str(scene.period_id)

        off = submit_form(
            scene.client,
            f"/review/admin/assignments/{case_id}/unassign",
            {"reviewer_id": str(scene.budi.user_id), "period_id": period, "unassigned": ""},
        )

        assert off.status_code == 303
        assert off.headers["location"] == f"/review/admin/assignments?period_id={period}"
        assert active_reviewers(scene, case_id) == {scene.ani.user_id}
        board = text_of(scene.client.get(off.headers["location"]).text)
        assert "Penilai dilepas dari kasus." in board  # the flash

        back = submit_form(
            scene.client,
            f"/review/admin/assignments/{case_id}/assign",
            {"reviewer_id": str(scene.budi.user_id), "period_id": period},
        )

        assert back.status_code == 303
        assert active_reviewers(scene, case_id) == {scene.ani.user_id, scene.budi.user_id}

    def test_a_reviewer_of_the_innovations_own_opd_is_refused_and_the_choice_kept(self, scene: Scene) -> None:
        case_id = scene.open()
        insider = add_person(
            scene.runtime, pemda_id=scene.pemda_id, name="Dewi Orang Dalam", opd_id=scene.opd_id
        )
        browse_as(scene, scene.admin)

        response = submit_form(
            scene.client,
            f"/review/admin/assignments/{case_id}/assign",
            {"reviewer_id": str(insider.user_id), "period_id": str(scene.period_id)},
        )

        assert response.status_code == 409
        page = text_of(response.text)
        assert "Dewi Orang Dalam tidak dapat menilai kasus ini: berasal dari OPD pengusul inovasi." in page
        assert insider.user_id not in active_reviewers(scene, case_id)

    def test_a_conflicted_reviewer_chosen_in_the_list_is_refused_and_stays_selected(
        self, scene: Scene
    ) -> None:
        case_id = scene.open()
        citra = add_person(scene.runtime, pemda_id=scene.pemda_id, name="Citra Verifikator")
        with scene.runtime.db.unit_of_work() as uow:
            directory.update_reviewer_profile(
                uow,
                principal=Principal(
                    user_id=scene.admin.user_id,
                    pemda_id=scene.pemda_id,
                    opd_id=None,
                    role=Role.admin,
                    name="A",
                ),
                user_id=citra.user_id,
                expertise_urusan=[],
                conflict_opd_ids=[scene.opd_id],
                conflict_innovation_ids=[],
            )
        browse_as(scene, scene.admin)
        assert (
            f'value="{citra.user_id}">Citra Verifikator' in scene.client.get("/review/admin/assignments").text
        )

        response = submit_form(
            scene.client,
            f"/review/admin/assignments/{case_id}/assign",
            {"reviewer_id": str(citra.user_id), "period_id": str(scene.period_id)},
        )

        assert response.status_code == 409
        assert "memiliki konflik kepentingan" in text_of(response.text)
        assert f'value="{citra.user_id}" selected' in response.text
        assert citra.user_id not in active_reviewers(scene, case_id)

    def test_assign_without_choosing_says_what_to_do(self, scene: Scene) -> None:
        case_id = scene.open()
        browse_as(scene, scene.admin)

        response = submit_form(
            scene.client, f"/review/admin/assignments/{case_id}/assign", {"reviewer_id": ""}
        )

        assert response.status_code == 422
        assert "Pilih penilai dari daftar sebelum menekan Tugaskan." in text_of(response.text)

    def test_a_wrong_csrf_token_changes_nothing(self, scene: Scene) -> None:
        case_id = scene.open()
        browse_as(scene, scene.admin)

        response = scene.client.post(
            f"/review/admin/assignments/{case_id}/unassign",
            data={"reviewer_id": str(scene.budi.user_id), "csrf_token": "forged"},
            follow_redirects=False,
        )

        assert response.status_code == 403
        assert active_reviewers(scene, case_id) == {scene.ani.user_id, scene.budi.user_id}

    def test_filters_unassigned_only_and_by_opd(self, scene: Scene) -> None:
        staffed = scene.open(nama="Sudah Ada Penilai")
        other_opd = uuid.uuid4()
        lonely = scene.open(nama="Belum Ada Penilai", opd_id=other_opd, opd_name="Dinas Pendidikan")
        admin = Principal(
            user_id=scene.admin.user_id, pemda_id=scene.pemda_id, opd_id=None, role=Role.admin, name="A"
        )
        with scene.runtime.db.unit_of_work() as uow:
            for reviewer in (scene.ani, scene.budi):
                assignment.unassign_reviewer(
                    uow, principal=admin, case_id=lonely, reviewer_id=reviewer.user_id
                )
        browse_as(scene, scene.admin)

        unassigned = text_of(scene.client.get("/review/admin/assignments", params={"unassigned": "1"}).text)
        by_opd = text_of(
            scene.client.get("/review/admin/assignments", params={"opd_id": str(other_opd)}).text
        )
        garbage = scene.client.get("/review/admin/assignments", params={"opd_id": "x", "status": "nonsense"})

        assert "Belum Ada Penilai" in unassigned
        assert "Sudah Ada Penilai" not in unassigned
        assert "Belum ada penilai" in unassigned
        assert "Belum Ada Penilai" in by_opd
        assert "Sudah Ada Penilai" not in by_opd
        assert garbage.status_code == 200
        assert "Sudah Ada Penilai" in text_of(garbage.text)
        assert staffed != lonely


DISAGREE = {**ALL_SESUAI, 1: ("tidak_sesuai", 1, "SK belum ditandatangani")}


class TestDisagreements:
    def disagree(self, scene: Scene) -> uuid.UUID:
        case_id = scene.open(nama="Posyandu Keliling")
        scene.assess(scene.ani, case_id, ALL_SESUAI)
        scene.assess(scene.budi, case_id, DISAGREE)
        return case_id

    def adjudications(self, scene: Scene, case_id: uuid.UUID) -> list[Adjudication]:
        with scene.runtime.db.unit_of_work() as uow:
            rows = uow.session.scalars(select(Adjudication).where(Adjudication.case_id == case_id)).all()
            uow.session.expunge_all()
            return list(rows)

    def test_the_page_lists_the_disagreement_with_both_marks(self, scene: Scene) -> None:
        self.disagree(scene)
        browse_as(scene, scene.admin)

        page = text_of(scene.client.get("/review/admin/disagreements").text)

        assert "Posyandu Keliling — Indikator 1" in page
        assert "SK belum ditandatangani" in page
        assert "Ani Verifikator" in page
        assert "Budi Verifikator" in page
        assert "Indikator 2" not in page  # they agree there

    def test_a_ruling_without_the_note_it_needs_keeps_what_was_chosen(self, scene: Scene) -> None:
        case_id = self.disagree(scene)
        browse_as(scene, scene.admin)

        response = submit_form(
            scene.client,
            f"/review/admin/disagreements/{case_id}/1",
            {"verdict": "perlu_perbaikan", "verified_parameter": "2", "note": "  "},
        )

        assert response.status_code == 422
        page = text_of(response.text)
        assert "Tulis catatan" in page
        assert (
            f'id="verdict-{case_id}-1-perlu_perbaikan" name="verdict" value="perlu_perbaikan" checked' in page
        )
        assert '<option value="2" selected>' in page
        assert self.adjudications(scene, case_id) == []

    def test_a_ruling_without_a_verdict_is_refused(self, scene: Scene) -> None:
        case_id = self.disagree(scene)
        browse_as(scene, scene.admin)

        response = submit_form(
            scene.client,
            f"/review/admin/disagreements/{case_id}/1",
            {"verified_parameter": "2", "note": "Diputuskan rapat koordinasi"},
        )

        assert response.status_code == 422
        page = text_of(response.text)
        assert "Pilih penilaian akhir" in page
        assert "Diputuskan rapat koordinasi" in page
        assert self.adjudications(scene, case_id) == []

    def test_the_ruling_is_recorded_and_the_disagreement_leaves_the_list(self, scene: Scene) -> None:
        case_id = self.disagree(scene)
        browse_as(scene, scene.admin)

        response = submit_form(
            scene.client,
            f"/review/admin/disagreements/{case_id}/1",
            {"verdict": "sesuai", "verified_parameter": "3", "note": "SK sudah ada di lampiran 2"},
        )

        assert response.status_code == 303
        [ruling] = self.adjudications(scene, case_id)
        assert (ruling.indicator_no, ruling.verdict.value, ruling.verified_parameter) == (1, "sesuai", 3)
        assert ruling.note == "SK sudah ada di lampiran 2"
        page = text_of(scene.client.get(response.headers["location"]).text)
        assert "Keputusan koordinator disimpan." in page
        assert "Posyandu Keliling — Indikator 1" not in page
        assert "Tidak ada perbedaan penilaian yang menunggu keputusan." in page

    def test_csrf_is_checked(self, scene: Scene) -> None:
        case_id = self.disagree(scene)
        browse_as(scene, scene.admin)

        response = scene.client.post(
            f"/review/admin/disagreements/{case_id}/1",
            data={"verdict": "sesuai", "verified_parameter": "3"},
            follow_redirects=False,
        )

        assert response.status_code == 403
        assert self.adjudications(scene, case_id) == []


class TestSpd:
    def entries(self, scene: Scene) -> dict[str, tuple[int, str, str | None]]:
        with scene.runtime.db.unit_of_work() as uow:
            rows = uow.session.scalars(select(SpdEntry).where(SpdEntry.period_id == scene.period_id)).all()
            return {r.code: (r.parameter, r.note, r.evidence_url) for r in rows}

    def test_the_form_lists_the_catalogues_spd_indicators(self, scene: Scene) -> None:
        browse_as(scene, scene.admin)

        page = text_of(scene.client.get("/review/admin/spd").text)

        assert "spd-1 · SPD 1" in page
        assert "spd-2 · SPD 2" in page
        assert 'name="parameter-spd-1"' in page
        assert 'name="evidence_url-spd-2"' in page

    def test_saving_stores_the_rows_filled_in(self, scene: Scene) -> None:
        browse_as(scene, scene.admin)
        url = f"/review/admin/spd?period_id={scene.period_id}"

        response = submit_form(
            scene.client,
            url,
            {
                "parameter-spd-1": "2",
                "note-spd-1": "Perkada inovasi 2025",
                "evidence_url-spd-1": "https://kukarkab.go.id/perkada.pdf",
                "parameter-spd-2": "",
                "note-spd-2": "",
                "evidence_url-spd-2": "",
            },
        )

        assert response.status_code == 303
        assert self.entries(scene) == {
            "spd-1": (2, "Perkada inovasi 2025", "https://kukarkab.go.id/perkada.pdf")
        }
        page = text_of(scene.client.get(response.headers["location"]).text)
        assert "Data SPD disimpan." in page
        assert '<option value="2" selected>' in page

    def test_a_bad_link_saves_nothing_and_keeps_every_typed_value(self, scene: Scene) -> None:
        browse_as(scene, scene.admin)

        response = submit_form(
            scene.client,
            f"/review/admin/spd?period_id={scene.period_id}",
            {
                "parameter-spd-1": "3",
                "note-spd-1": "Ada regulasi",
                "evidence_url-spd-1": "kukarkab.go.id/perkada",
                "parameter-spd-2": "",
                "note-spd-2": "Catatan tanpa parameter",
                "evidence_url-spd-2": "",
            },
        )

        assert response.status_code == 422
        page = text_of(response.text)
        assert "Tautan harus alamat lengkap yang diawali http:// atau https://" in page
        assert "Pilih parameternya juga" in page
        assert 'value="kukarkab.go.id/perkada"' in page
        assert "Ada regulasi" in page
        assert "Catatan tanpa parameter" in page
        assert '<option value="3" selected>' in page
        assert self.entries(scene) == {}

    def test_csrf_is_checked(self, scene: Scene) -> None:
        browse_as(scene, scene.admin)

        response = scene.client.post(
            f"/review/admin/spd?period_id={scene.period_id}",
            data={"parameter-spd-1": "2", "csrf_token": "forged"},
            follow_redirects=False,
        )

        assert response.status_code == 403
        assert self.entries(scene) == {}


class TestExports:
    def test_the_page_links_the_downloads(self, scene: Scene) -> None:
        scene.open(nama="Antrean Puskesmas Daring")
        browse_as(scene, scene.admin)

        page = text_of(scene.client.get("/review/admin/exports").text)

        assert f"/review/admin/exports/recap.xlsx?period_id={scene.period_id}" in page
        assert f"/review/admin/exports/dossiers.zip?period_id={scene.period_id}" in page
        assert "Antrean Puskesmas Daring" in page

    def test_the_iga_export_is_linked_and_downloads_for_the_admin_but_not_for_a_reviewer(
        self, scene: Scene
    ) -> None:
        browse_as(scene, scene.admin)
        page = text_of(scene.client.get("/review/admin/exports").text)
        params = {"period_id": str(scene.period_id)}

        csv_file = scene.client.get("/review/admin/exports/iga.csv", params=params)
        xlsx_file = scene.client.get("/review/admin/exports/iga.xlsx", params=params)
        browse_as(scene, scene.ani)
        refused = scene.client.get("/review/admin/exports/iga.csv", params=params)

        assert f"/review/admin/exports/iga.xlsx?period_id={scene.period_id}" in page
        assert f"/review/admin/exports/iga.csv?period_id={scene.period_id}" in page
        assert csv_file.status_code == 200
        assert csv_file.content.decode("utf-8-sig").startswith("No,Nama Inovasi,OPD Pelaksana,")
        assert "attachment" in xlsx_file.headers["content-disposition"]
        assert refused.status_code == 403

    def test_the_excel_recap_is_a_real_workbook_with_the_innovation(self, scene: Scene) -> None:
        case_id = scene.open(nama="Antrean Puskesmas Daring")
        for reviewer in (scene.ani, scene.budi):
            scene.assess(reviewer, case_id, ALL_SESUAI)
        browse_as(scene, scene.admin)

        response = scene.client.get(
            "/review/admin/exports/recap.xlsx", params={"period_id": str(scene.period_id)}
        )

        assert response.status_code == 200
        assert response.headers["content-type"].startswith("application/vnd.openxmlformats")
        assert "attachment" in response.headers["content-disposition"]
        workbook = load_workbook(io.BytesIO(response.content))
        cells = {str(c.value) for sheet in workbook.worksheets for row in sheet.iter_rows() for c in row}
        assert "Antrean Puskesmas Daring" in cells

    def test_the_profile_pdf_and_the_dossier_zip(self, scene: Scene) -> None:
        case_id = scene.open(nama="Antrean Puskesmas Daring")
        browse_as(scene, scene.admin)

        pdf = scene.client.get(f"/review/admin/exports/cases/{case_id}/profile.pdf")
        archive = scene.client.get(
            "/review/admin/exports/dossiers.zip", params={"period_id": str(scene.period_id)}
        )

        assert pdf.status_code == 200
        assert pdf.content.startswith(b"%PDF")
        assert archive.status_code == 200
        assert any(
            name.endswith("manifest.json") for name in zipfile.ZipFile(io.BytesIO(archive.content)).namelist()
        )

    def test_a_missing_period_is_a_page_not_a_trace(self, scene: Scene) -> None:
        browse_as(scene, scene.admin)

        response = scene.client.get("/review/admin/exports/recap.xlsx", params={"period_id": "nope"})

        assert response.status_code == 404
        assert "Periode belum dikenal" in text_of(response.text)


class TestDeadMessages:
    def test_the_admin_sees_the_messages_naming_their_pemda(self, scene: Scene) -> None:
        with scene.runtime.db.unit_of_work() as uow:
            dead_messages.record_dead_message(
                uow,
                task_name="review.open_case",
                payload={"pemda_id": str(scene.pemda_id)},
                reason="ValueError: katalog rusak",
                attempts=5,
            )
        browse_as(scene, scene.admin)

        page = text_of(scene.client.get("/review/admin/dead-messages").text)

        assert "review.open_case" in page
        assert "ValueError: katalog rusak" in page


def test_the_pages_switch_to_english(scene: Scene) -> None:
    browse_as(scene, scene.admin)
    scene.client.cookies.set("gi_lang", "en")

    page = text_of(scene.client.get("/review/admin/assignments").text)

    assert "Reviewer assignments" in page
    assert "Penugasan penilai" not in page


class TestSpdFigures:
    """The 2026 catalogue's SPD rows: the admin types the raw figure, the page derives the parameter."""

    def period(self, scene: Scene) -> uuid.UUID:
        return sync_period(
            scene.runtime, period_message(pemda_id=scene.pemda_id, cat=load_catalogue("iid-2025"))
        )

    def entries(self, scene: Scene, period_id: uuid.UUID) -> dict[str, tuple[int, str | None]]:
        with scene.runtime.db.unit_of_work() as uow:
            rows = uow.session.scalars(select(SpdEntry).where(SpdEntry.period_id == period_id)).all()
            return {r.code: (r.parameter, r.figure) for r in rows}

    def test_typed_figures_earn_their_parameters_and_the_rule_is_shown(self, scene: Scene) -> None:
        period_id = self.period(scene)
        browse_as(scene, scene.admin)
        url = f"/review/admin/spd?period_id={period_id}"

        response = submit_form(
            scene.client, url, {"figure-11b": "72,40", "figure-8": "WTP", "parameter-1": "3"}
        )

        assert response.status_code == 303, response.text
        assert self.entries(scene, period_id) == {"11b": (2, "72.40"), "8": (3, "WTP"), "1": (3, None)}
        page = text_of(scene.client.get(response.headers["location"]).text)
        assert "70,00 s.d. 79,99 → parameter 2" in page
        assert "Tersimpan: 72.40 → parameter 2" in page
        assert "(bobot 0,75 · wajib)" in page

    def test_a_missing_mandatory_row_is_named(self, scene: Scene) -> None:
        period_id = self.period(scene)
        browse_as(scene, scene.admin)

        page = text_of(scene.client.get(f"/review/admin/spd?period_id={period_id}").text)

        assert "13 baris SPD wajib belum diisi" in page
        assert "10b · Persentase penduduk miskin (T-1)" in page

    @pytest.mark.parametrize(
        ("field", "typed", "said"),
        [
            ("figure-11b", "tinggi", "bukan angka"),
            ("figure-11b", "72,405", "lebih dari 2 angka di belakang koma"),
            ("figure-8", "Baik", "Pilihan: TMP, TW"),
        ],
    )
    def test_a_bad_figure_saves_nothing_and_says_what_to_fix(
        self, scene: Scene, field: str, typed: str, said: str
    ) -> None:
        period_id = self.period(scene)
        browse_as(scene, scene.admin)

        response = submit_form(
            scene.client,
            f"/review/admin/spd?period_id={period_id}",
            {field: typed, "figure-4": "3,10"},
        )

        assert response.status_code == 422
        assert said in text_of(response.text)
        assert self.entries(scene, period_id) == {}

    def test_the_api_takes_the_figure_and_refuses_a_bare_parameter_for_a_number_row(
        self, scene: Scene
    ) -> None:
        period_id = self.period(scene)
        url = f"/api/v1/reviews/periods/{period_id}/spd"
        headers = scene.admin.headers(scene.issuer)

        saved = scene.client.put(f"{url}/11b", json={"figure": "80,00"}, headers=headers)
        bare = scene.client.put(f"{url}/11a", json={"parameter": 3}, headers=headers)

        assert (saved.status_code, saved.json()["parameter"], saved.json()["figure"]) == (200, 3, "80.00")
        assert (bare.status_code, bare.json()["error"]["code"]) == (422, "review.spd_figure_required")


class TestUnlistedUrusan:
    def test_cases_whose_urusan_names_nothing_in_the_list_are_listed_in_words(self, scene: Scene) -> None:
        scene.open(
            nama="Ramah Semua", profile={"urusan_utama": "Urusan Kebahagiaan", "urusan_lain": ["Sosial"]}
        )
        scene.open(nama="Jalan Mulus", profile={"urusan_utama": "PUPR", "urusan_lain": []})
        browse_as(scene, scene.admin)

        page = scene.client.get("/review/admin/urusan", params={"period_id": str(scene.period_id)})

        assert page.status_code == 200
        body = text_of(page.text)
        assert "Urusan di luar daftar" in body
        assert "Ramah Semua" in body
        assert "Urusan Kebahagiaan" in body
        assert "Jalan Mulus" not in body  # PUPR is in the list, stored as its code
        assert "tidak dihitung dalam cakupan urusan pelayanan dasar" in body
