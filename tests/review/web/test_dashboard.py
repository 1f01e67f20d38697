"""The dashboard page: rankings, the projected IID beside the claim, SVG charts with text, filters."""

from __future__ import annotations

import html
import re
import uuid
from datetime import timedelta

import pytest

from shared.auth import Role
from shared.contracts.catalogue import JumlahInovasiRule
from shared.db import utc_now
from shared.i18n import LANGUAGES, Language, has_text, translate
from tests.review.conftest import SCENE_BOBOT, Scene
from tests.review.samples import Person, catalogue, period_message, sync_period
from tests.review.web.test_admin import browse_as


def page_of(scene: Scene, who: Person, **params: str) -> str:
    browse_as(scene, who)
    response = scene.client.get("/dashboard", params=params)
    assert response.status_code == 200, response.text
    return html.unescape(response.text)


def rows_of(page: str, heading_id: str) -> list[str]:
    """The row headers (innovation or OPD names) of the table in the section titled by `heading_id`."""
    section = page.split(f'id="{heading_id}"', 1)[1].split("</section>", 1)[0]
    return re.findall(r'<th scope="row">(?:<a [^>]*>)?([^<]+)', section)


class TestAdmin:
    def test_rankings_index_and_charts(self, scene: Scene, season: dict[str, uuid.UUID]) -> None:
        page = page_of(scene, scene.admin)

        assert rows_of(page, "rank-innovations") == [
            "Rapor Digital Sekolah",
            "Antrean Puskesmas",
            "Posyandu Keliling",
        ]
        assert "Inovasi Ganda" not in page.split('id="rank-innovations"', 1)[1].split("</section>")[0]
        assert rows_of(page, "rank-opds") == ["Dinas Kesehatan", "Dinas Pendidikan"]
        assert "30,00" in page
        assert "31,00" in page
        assert "Proyeksi Indeks Inovasi Daerah" in page
        assert "Predikat" in page
        assert "Klaim" in page
        assert "Terverifikasi" in page
        for chart in (
            "chart-opd",
            "chart-urusan",
            "chart-bentuk",
            "chart-tahapan",
            "chart-submitted",
            "chart-decided",
        ):
            assert f"aria-labelledby='{chart}-t {chart}-d'" in page
        assert "<desc id='chart-urusan-d'>Kesehatan: 3; Pendidikan: 1</desc>" in page

    def test_filters_are_a_get_form_that_keeps_the_choice(
        self,
        scene: Scene,
        season: dict[str, uuid.UUID],
    ) -> None:
        page = page_of(scene, scene.admin, urusan="pendidikan")

        assert rows_of(page, "rank-innovations") == ["Rapor Digital Sekolah"]
        assert '<option value="pendidikan" selected>' in page
        assert '<form method="get" class="filters"' in page

    def test_nonsense_filters_show_an_empty_ranking_not_an_error(self, scene: Scene) -> None:
        scene.open(nama="Antrean Puskesmas")
        assert rows_of(page_of(scene, scene.admin), "rank-innovations") == ["Antrean Puskesmas"]

        page = page_of(scene, scene.admin, period_id="not-a-uuid", tahapan="x" * 500)

        assert rows_of(page, "rank-innovations") == []
        assert EMPTY in page.split('id="rank-innovations"', 1)[1]

    def test_english(self, scene: Scene, season: dict[str, uuid.UUID]) -> None:
        scene.client.cookies.set("gi_lang", "en")
        page = page_of(scene, scene.admin)

        assert "Innovation ranking" in page
        assert "30.00" in page


class TestAccess:
    def test_the_dashboard_and_rankings_are_the_admins_only(
        self,
        scene: Scene,
        season: dict[str, uuid.UUID],
    ) -> None:
        browse_as(scene, scene.ani)
        page = scene.client.get("/dashboard")
        api = {
            path: scene.client.get(
                f"/api/v1/rankings/{path}",
                params={"period_id": str(scene.period_id)},
                headers=scene.ani.headers(scene.issuer),
            ).status_code
            for path in ("innovations", "opds", "index", "dashboard")
        }
        queue = scene.client.get("/review/queue")

        assert page.status_code == 403
        assert "Rapor Digital Sekolah" not in page.text
        assert api == dict.fromkeys(api, 403)
        assert queue.status_code == 200
        assert '/dashboard"' not in queue.text  # no menu entry to it

    def test_an_opd_operator_is_refused(self, scene: Scene) -> None:
        operator = Person(
            user_id=uuid.uuid4(),
            pemda_id=scene.pemda_id,
            opd_id=scene.opd_id,
            role=Role.opd_operator,
            name="O",
        )
        browse_as(scene, operator)

        assert scene.client.get("/dashboard").status_code == 403

    def test_nobody_logged_in_goes_to_login(self, scene: Scene) -> None:
        response = scene.client.get("/dashboard", follow_redirects=False)

        assert response.status_code == 303
        assert "/login?next=" in response.headers["location"]


EMPTY = translate("table.empty", "id")
DYNAMIC_KEYS = [
    *(f"radmin.section.{s}" for s in ("assignments", "disagreements", "spd", "exports", "dead-messages")),
    *(f"radmin.case_status.{s}" for s in ("open", "in_review", "decided", "withdrawn")),
    *(f"radmin.decision.{s}" for s in ("accepted", "revision_requested", "rejected")),
    *(f"radmin.verdict.{s}" for s in ("sesuai", "tidak_sesuai", "perlu_perbaikan")),
    *(f"dash.iid.{s}" for s in ("spd", "sid_average", "jumlah_inovasi", "iid")),
    *(f"dash.filter.{s}" for s in ("urusan", "bentuk", "jenis", "tahapan")),
    *(f"dash.whatif.basis.{s}" for s in ("median", "average", "maximum", "chosen")),
    *(f"dash.whatif.{s}" for s in ("if_accepted", "if_rejected")),
]


@pytest.mark.parametrize("language", LANGUAGES)
def test_texts_built_from_a_value_exist_in_both_languages(language: Language) -> None:
    import services.review.web.messages  # noqa: F401 - registers the texts

    assert [key for key in DYNAMIC_KEYS if not has_text(key, language)] == []


class TestBasicServiceUrusan:
    def test_the_dashboard_names_the_basic_service_urusan_no_verified_innovation_covers(
        self, scene: Scene, season: dict[str, uuid.UUID]
    ) -> None:
        # the season covers kesehatan and pendidikan; the rule asks for PUPR and Trantibum as well
        rule = JumlahInovasiRule(required_urusan=("Pendidikan", "kesehatan", "PUPR", "Trantibum"))
        message = period_message(
            pemda_id=scene.pemda_id,
            period_id=scene.period_id,
            cat=catalogue(SCENE_BOBOT),
            jumlah_inovasi=rule,
            changed_at=utc_now() + timedelta(seconds=1),
        )
        sync_period(scene.runtime, message)

        page = page_of(scene, scene.admin, period_id=str(scene.period_id))
        notice = page.split('id="urusan-missing"', 1)[1].split("</div>", 1)[0]

        assert "Urusan pelayanan dasar yang belum dicakup" in notice
        assert re.findall(r"<li>([^<]+)</li>", notice) == [
            "Pekerjaan Umum dan Penataan Ruang",
            "Ketenteraman, Ketertiban Umum, dan Pelindungan Masyarakat",
        ]

    def test_decided_only_marks_nothing_provisional(self, scene: Scene, season: dict[str, uuid.UUID]) -> None:
        every = page_of(scene, scene.admin, period_id=str(scene.period_id))
        decided = page_of(scene, scene.admin, period_id=str(scene.period_id), decided_only="1")

        assert "Hanya yang sudah diputuskan" in every
        assert "1 inovasi belum diputuskan" in every
        assert rows_of(decided, "rank-innovations") == ["Rapor Digital Sekolah", "Antrean Puskesmas"]
        assert "hanya menghitung inovasi yang sudah diputuskan" in decided


def whatif_of(page: str) -> str:
    """The what-if section as text: tags dropped, spaces folded."""
    section = page.split('id="whatif"', 1)[1].split("</section>", 1)[0]
    return " ".join(re.sub(r"<[^>]+>", " ", section).split())


class TestWhatIf:
    """The season on the scene's catalogue (k = 10, max 30): verified 22 + 30 + 9 over 10 -> 6,10;
    jumlah 3 x 0,38 = 1,14; IID 7,24 x 0,4 = 2,90. Posyandu Keliling (in review) claims 22."""

    def test_seats_next_innovation_and_pending_in_words_and_indonesian_numbers(
        self, scene: Scene, season: dict[str, uuid.UUID]
    ) -> None:
        text = whatif_of(page_of(scene, scene.admin, period_id=str(scene.period_id)))

        assert "(3 inovasi, IID 2,90, Kurang Inovatif)" in text
        assert "Masih ada 7 kursi kosong dari k = 10" in text
        assert "menambah rata-rata SID sebesar nilainya ÷ 10 tanpa menambah pembagi" in text
        assert "Baru inovasi ke-11 akan ikut menaikkan pembagi" in text
        # median 22: (2,2 + 0,38) x 0,4 = 1,032 -> IID 3,928; maximum 30: (3 + 0,38) x 0,4 = 1,352
        assert "bernilai median inovasi terverifikasi 22,00 +1,03 3,93 Kurang Inovatif" in text
        assert "bernilai tertinggi 30,00 +1,35 4,25 Kurang Inovatif" in text
        assert "Aturannya: tambahan IID = (rata-rata SID sesudah" in text
        assert "Syarat urusan pelayanan dasar terpenuhi" in text
        # accepted at its claim: (74 / 10 + 1,14) x 0,4 = 3,416; rejected: (52 / 10 + 0,76) x 0,4 = 2,384
        assert "1 inovasi belum diputuskan" in text
        assert "Semua diterima 3 3,42 Kurang Inovatif" in text
        assert "Semua ditolak 2 2,38 Kurang Inovatif" in text
        # per OPD: Dinas Kesehatan's 22 + 9 over 10 x 0,4 = 1,24 IID points, its one case pending
        assert "Dinas Kesehatan 2 1,24 1 3,42 (Kurang Inovatif) 2,38 (Kurang Inovatif)" in text
        assert "Dinas Pendidikan 1 1,20 0 2,90 (Kurang Inovatif) 2,90 (Kurang Inovatif)" in text

    def test_a_score_to_try_and_a_bad_one(self, scene: Scene, season: dict[str, uuid.UUID]) -> None:
        period = str(scene.period_id)
        tried = whatif_of(page_of(scene, scene.admin, period_id=period, whatif_score="27,5"))
        too_high = whatif_of(page_of(scene, scene.admin, period_id=period, whatif_score="31"))
        words = whatif_of(page_of(scene, scene.admin, period_id=period, whatif_score="tinggi"))

        # (2,75 + 0,38) x 0,4 = 1,252 -> IID 4,148
        assert "bernilai yang Anda coba 27,50 +1,25 4,15 Kurang Inovatif" in tried
        assert "harus antara 0 dan 30" in too_high
        assert "bernilai yang Anda coba" not in too_high
        assert "“tinggi” bukan angka" in words

    def test_the_urusan_that_would_unlock_the_jumlah_inovasi_score(
        self, scene: Scene, season: dict[str, uuid.UUID]
    ) -> None:
        rule = JumlahInovasiRule(required_urusan=("Pendidikan", "kesehatan", "PUPR"))
        message = period_message(
            pemda_id=scene.pemda_id,
            period_id=scene.period_id,
            cat=catalogue(SCENE_BOBOT),
            jumlah_inovasi=rule,
            changed_at=utc_now() + timedelta(seconds=1),
        )
        sync_period(scene.runtime, message)

        page = page_of(scene, scene.admin, period_id=str(scene.period_id))
        text = whatif_of(page)

        # PUPR missing: jumlah 0, IID 6,1 x 0,4 = 2,44. One more at 22: in a covered urusan 2,2 x 0,4 = 0,88;
        # in PUPR (8,3 + 4 x 0,38) x 0,4 = 3,928, i.e. +1,488.
        assert "masih 0 karena urusan pelayanan dasar berikut belum dicakup" in text
        assert '<a href="#urusan-missing">Pekerjaan Umum dan Penataan Ruang</a>' in page
        assert (
            "Satu inovasi lagi pada urusan Pekerjaan Umum dan Penataan Ruang dengan nilai 22,00"
            " akan melengkapi syarat itu dan menambah +1,49 poin IID (bukan +0,88 poin" in text
        )

    def test_english(self, scene: Scene, season: dict[str, uuid.UUID]) -> None:
        scene.client.cookies.set("gi_lang", "en")
        text = whatif_of(page_of(scene, scene.admin, period_id=str(scene.period_id)))

        assert "7 of the k = 10 seats are still empty" in text
        assert "at the maximum score 30.00 +1.35 4.25" in text
