"""The index of `services/review/scoring.py` on each year's own catalogue, worked out by hand.

Beside `test_scoring.py` (the formula on small sample catalogues): here the weights, SPD thresholds,
k, bands and the jumlah-inovasi rule are those of the catalogue files, as a new period takes them.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from services.review import scoring, spd_figures
from services.submission.catalogue import load_catalogue
from shared.contracts.catalogue import JumlahInovasiRule, YearRules
from shared.i18n import current_language
from shared.webui.pages import format_number

BASIC = (
    "Pendidikan",
    "Kesehatan",
    "Pekerjaan Umum dan Penataan Ruang",
    "Perumahan Rakyat dan Kawasan Permukiman",
    "Ketenteraman, Ketertiban Umum, dan Pelindungan Masyarakat",
    "Sosial",
)


def rules(code: str) -> YearRules:
    found = load_catalogue(code).year_rules
    assert found is not None
    return found


class TestTheNationalMaximum:
    def test_every_row_at_three_makes_63_and_111_and_the_index_100(self) -> None:
        catalogue, year = load_catalogue("iid-2025"), rules("iid-2025")
        spd = scoring.spd_score(catalogue, {s.code: 3 for s in catalogue.spd_indicators})
        sid = scoring.innovation_score(catalogue, dict.fromkeys(range(1, 21), 3))

        result = scoring.index(
            spd=spd,
            innovation_scores=[sid] * 200,
            k=year.k,
            rule=year.jumlah_inovasi,
            urusan_covered=BASIC,
            predicates=year.predicates,
        )

        assert (spd, sid) == (63.0, 111.0)
        assert result.jumlah_inovasi == pytest.approx(76)
        assert result.iid == pytest.approx(100)
        assert result.predicate == "Sangat Inovatif"


class TestIndex2026:
    def test_a_pemda_with_decimal_spd_weights_and_three_innovations(self) -> None:
        catalogue, year = load_catalogue("iid-2025"), rules("iid-2025")
        rows = {s.code: s for s in catalogue.spd_indicators}
        typed = {"8": "WTP", "11b": "72,40", "5b": "5,91", "10a": "0,07"}
        parameters = {code: spd_figures.parameter_of(rows[code], text)[0] for code, text in typed.items()}
        parameters["1"] = 3  # misi dan visi inovasi, chosen by parameter
        assert parameters == {"8": 3, "11b": 2, "5b": 2, "10a": 1, "1": 3}

        # SPD = 1x3 + 1,5x3 + 0,75x2 + 0,75x2 + 0,75x1 = 3 + 4,5 + 1,5 + 1,5 + 0,75 = 11,25
        spd = scoring.spd_score(catalogue, parameters)
        assert spd == 11.25

        # SID = (111 + 80 + 59) / MAX(14, 3) + 0,38 x 3 = 17,857142... + 1,14 = 18,997142...
        # IID = (11,25 + 18,997142...) / 250 x 100 = 12,098857... -> Kurang Inovatif
        result = scoring.index(
            spd=spd,
            innovation_scores=[111, 80, 59],
            k=year.k,
            rule=year.jumlah_inovasi,
            urusan_covered=BASIC,
            predicates=year.predicates,
        )

        assert result.k == 14
        assert result.sid_average == pytest.approx(250 / 14)
        assert result.jumlah_inovasi == pytest.approx(1.14)
        assert result.iid == pytest.approx((11.25 + 250 / 14 + 1.14) / 2.5)
        assert round(result.iid, 2) == 12.10
        assert result.predicate == "Kurang Inovatif"

    def test_five_of_the_six_basic_services_score_no_innovation_points_in_2026(self) -> None:
        year = rules("iid-2025")
        assert year.jumlah_inovasi.required_count == 6

        five = scoring.jumlah_inovasi_score(year.jumlah_inovasi, n=20, urusan_covered=BASIC[:5])
        six = scoring.jumlah_inovasi_score(year.jumlah_inovasi, n=20, urusan_covered=BASIC)

        assert five == 0
        assert six == pytest.approx(7.6)

    def test_a_period_asking_five_of_the_six_counts_five(self) -> None:
        rule = rules("iid-2025").jumlah_inovasi.model_copy(update={"required_count": 5})

        assert scoring.jumlah_inovasi_score(rule, n=20, urusan_covered=BASIC[:5]) == pytest.approx(7.6)
        assert scoring.jumlah_inovasi_score(rule, n=20, urusan_covered=BASIC[:4]) == 0

    def test_without_a_count_every_required_urusan_is_needed(self) -> None:
        rule = JumlahInovasiRule(required_urusan=("pendidikan", "kesehatan"))

        assert scoring.jumlah_inovasi_score(rule, n=10, urusan_covered=("Pendidikan",)) == 0


class TestIndex2023:
    def test_k_ten_and_the_2023_bands(self) -> None:
        year = rules("iid-2023")

        # SID = (100 x 4) / MAX(10, 4) + 0,38 x 4 = 40 + 1,52; IID = (46 + 41,52) / 250 x 100 = 35,008
        result = scoring.index(
            spd=46,
            innovation_scores=[100] * 4,
            k=year.k,
            rule=year.jumlah_inovasi,
            urusan_covered=BASIC,
            predicates=year.predicates,
        )

        assert result.k == 10
        assert result.iid == pytest.approx(35.008)
        assert result.predicate == "Inovatif"  # 2023: Inovatif from 35; 2026 would say Kurang Inovatif
        assert scoring.predicate_of(rules("iid-2025").predicates, result.iid) == "Kurang Inovatif"


class TestBands:
    @pytest.mark.parametrize(
        ("value", "in_2023", "in_2026"),
        [
            (100, "Sangat Inovatif", "Sangat Inovatif"),
            (65.01, "Sangat Inovatif", "Sangat Inovatif"),
            (65.004, "Sangat Inovatif", "Inovatif"),  # shown as 65,00
            (60.01, "Sangat Inovatif", "Inovatif"),
            (60, "Inovatif", "Inovatif"),
            (40.01, "Inovatif", "Inovatif"),
            (40, "Inovatif", "Kurang Inovatif"),
            (35, "Inovatif", "Kurang Inovatif"),
            (34.99, "Kurang Inovatif", "Kurang Inovatif"),
            (0.01, "Kurang Inovatif", "Kurang Inovatif"),
            (0.004, "Tidak Dapat Dinilai", "Tidak Dapat Dinilai"),  # shown as 0,00
            (0, "Tidak Dapat Dinilai", "Tidak Dapat Dinilai"),
        ],
    )
    def test_each_year_has_its_own_bands(self, value: float, in_2023: str, in_2026: str) -> None:
        assert scoring.predicate_of(rules("iid-2023").predicates, value) == in_2023
        assert scoring.predicate_of(rules("iid-2025").predicates, value) == in_2026

    @pytest.mark.parametrize("value", [65.005, 65.00999, 40.005, 40.0149, 34.995, 0.005, 12.098857])
    def test_the_predicate_agrees_with_the_number_shown(self, value: float) -> None:
        token = current_language.set("id")
        try:
            shown = format_number(value)
        finally:
            current_language.reset(token)
        as_read = float(shown.replace(".", "").replace(",", "."))
        for code in ("iid-2023", "iid-2025"):
            predicates = rules(code).predicates
            assert scoring.predicate_of(predicates, value) == scoring.predicate_of(predicates, as_read)


class TestSpdWeights:
    def test_the_decimal_weights_add_up_exactly(self) -> None:
        catalogue = load_catalogue("iid-2025")

        assert sum(s.bobot for s in catalogue.spd_indicators) == Decimal("21")
        assert {
            s.code: s.bobot for s in catalogue.spd_indicators if s.bobot != s.bobot.to_integral_value()
        } == {
            "5a": Decimal("0.75"),
            "5b": Decimal("0.75"),
            "6": Decimal("1.5"),
            "7": Decimal("1.5"),
            "8": Decimal("1.5"),
            "10a": Decimal("0.75"),
            "10b": Decimal("0.75"),
            "11a": Decimal("0.75"),
            "11b": Decimal("0.75"),
        }
