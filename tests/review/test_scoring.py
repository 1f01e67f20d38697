"""The arithmetic of verification and of the IID, proved by examples worked out by hand."""

from __future__ import annotations

import uuid

import pytest

from services.review import scoring
from shared.contracts.catalogue import JumlahInovasiRule
from tests.review.samples import PREDICATES_2023, catalogue

A, B, C = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()


def mark(who: uuid.UUID, verdict: str, parameter: int, note: str = "") -> scoring.Mark:
    return scoring.Mark(who, verdict, parameter, note)


class TestAggregation:
    def test_two_reviewers_one_level_apart_agree_on_the_lower_parameter(self) -> None:
        outcome = scoring.aggregate([mark(A, "sesuai", 2), mark(B, "sesuai", 1)])

        assert (outcome.verified, outcome.verdict, outcome.disagreement) == (1, "sesuai", False)

    def test_three_reviewers_take_the_median(self) -> None:
        outcome = scoring.aggregate([mark(A, "sesuai", 3), mark(B, "sesuai", 2), mark(C, "sesuai", 2)])

        assert outcome.verified == 2

    def test_two_levels_apart_is_a_disagreement(self) -> None:
        outcome = scoring.aggregate([mark(A, "sesuai", 3), mark(B, "sesuai", 1)])

        assert outcome.disagreement
        assert outcome.unresolved

    def test_different_verdicts_are_a_disagreement_even_with_equal_parameters(self) -> None:
        outcome = scoring.aggregate(
            [mark(A, "sesuai", 2), mark(B, "perlu_perbaikan", 2, "SK belum ditandatangani")]
        )

        assert outcome.disagreement
        assert outcome.verdict is None
        assert outcome.notes == ("SK belum ditandatangani",)

    def test_tidak_sesuai_counts_zero_whatever_its_parameter(self) -> None:
        outcome = scoring.aggregate([mark(A, "tidak_sesuai", 3, "Bukan SK Bupati")] * 2)

        assert (outcome.verified, outcome.verdict) == (0, "tidak_sesuai")

    def test_a_tidak_sesuai_ruling_counts_zero(self) -> None:
        ruling = scoring.Ruling("tidak_sesuai", 2, "Dokumen tidak berlaku")

        assert scoring.aggregate([mark(A, "sesuai", 2)], ruling).verified == 0

    def test_the_coordinators_ruling_settles_the_indicator(self) -> None:
        marks = [mark(A, "sesuai", 3), mark(B, "tidak_sesuai", 0, "Bukan SK Bupati")]

        outcome = scoring.aggregate(marks, scoring.Ruling("perlu_perbaikan", 1, "Unggah SK yang berlaku"))

        assert (outcome.verified, outcome.verdict, outcome.disagreement, outcome.unresolved) == (
            1,
            "perlu_perbaikan",
            True,
            False,
        )
        assert outcome.notes == ("Unggah SK yang berlaku", "Bukan SK Bupati")


class TestInnovationScore:
    def test_every_parameter_at_three_scores_111_on_the_national_weights(self) -> None:
        assert scoring.innovation_score(catalogue(), dict.fromkeys(range(1, 21), 3)) == 111

    def test_bobot_times_parameter_summed_and_unanswered_counts_zero(self) -> None:
        # Weights 3, 2, 1, 4: 3x3 + 2x1 + 1x0 + 4x(unanswered) = 11
        assert scoring.innovation_score(catalogue((3, 2, 1, 4)), {1: 3, 2: 1, 3: 0}) == 11


class TestIndex:
    RULE = JumlahInovasiRule(required_urusan=("pendidikan", "kesehatan"))

    def test_fewer_innovations_than_k_divide_by_k(self) -> None:
        # SPD 13; SID = (80 + 60 + 45 + 15) / MAX(10, 4) + 0.38 x 4 = 20 + 1.52 = 21.52
        # IID = (13 + 21.52) / 250 x 100 = 13.808 -> Kurang Inovatif
        result = scoring.index(
            spd=13,
            innovation_scores=[80, 60, 45, 15],
            k=10,
            rule=self.RULE,
            urusan_covered={"Kesehatan", "pendidikan", "sosial"},
            predicates=PREDICATES_2023,
        )

        assert (result.sid_total, result.sid_average) == (200, 20)
        assert result.jumlah_inovasi == pytest.approx(1.52)
        assert result.sid == pytest.approx(21.52)
        assert result.iid == pytest.approx(13.808)
        assert result.predicate == "Kurang Inovatif"

    def test_more_innovations_than_k_divide_by_n(self) -> None:
        # SID = 15 x 100 / MAX(10, 15) + 0.38 x 15 = 100 + 5.7; IID = (63 + 105.7) / 250 x 100 = 67.48
        result = scoring.index(
            spd=63,
            innovation_scores=[100] * 15,
            k=10,
            rule=self.RULE,
            urusan_covered={"pendidikan", "kesehatan"},
            predicates=PREDICATES_2023,
        )

        assert result.iid == pytest.approx(67.48)
        assert result.predicate == "Sangat Inovatif"

    def test_jumlah_inovasi_is_zero_unless_the_basic_service_urusan_are_covered(self) -> None:
        result = scoring.index(
            spd=0,
            innovation_scores=[50, 50],
            k=14,
            rule=self.RULE,
            urusan_covered={"kesehatan"},
            predicates=PREDICATES_2023,
        )

        # SID = 100 / 14 + 0; IID = 7.142857 / 2.5
        assert result.jumlah_inovasi == 0
        assert result.iid == pytest.approx(100 / 14 / 2.5)

    def test_basic_service_urusan_count_by_code_whatever_their_spelling(self) -> None:
        rule = JumlahInovasiRule(
            required_urusan=(
                "pendidikan",
                "kesehatan",
                "pekerjaan umum dan penataan ruang",
                "perumahan rakyat dan kawasan permukiman",
                "ketenteraman, ketertiban umum, dan pelindungan masyarakat",
                "sosial",
            )
        )
        typed = {
            "Pendidikan",
            "kesehatan",
            "PUPR",
            "pemukiman",
            "Ketenteraman, Ketertiban Umum, dan Perlindungan Masyarakat",
            "sosial",
        }

        # 0.38 x 10 = 3.8, not 0: every one of the six is covered under some spelling
        assert scoring.jumlah_inovasi_score(rule, n=10, urusan_covered=typed) == pytest.approx(3.8)
        result = scoring.index(
            spd=0,
            innovation_scores=[50] * 10,
            k=14,
            rule=rule,
            urusan_covered=typed,
            predicates=PREDICATES_2023,
        )
        assert result.urusan_missing == ()

    def test_the_missing_basic_service_urusan_are_named_by_code(self) -> None:
        rule = JumlahInovasiRule(required_urusan=("pendidikan", "pupr", "Trantibum", "sosial"))

        result = scoring.index(
            spd=0,
            innovation_scores=[50, 50],
            k=14,
            rule=rule,
            urusan_covered={"pupr", "Statistik", "Pekerjaan Umum"},
            predicates=PREDICATES_2023,
        )

        assert result.jumlah_inovasi == 0
        assert result.urusan_missing == ("pendidikan", "trantibumlinmas", "sosial")

    def test_jumlah_inovasi_stops_at_its_cap(self) -> None:
        assert scoring.jumlah_inovasi_score(JumlahInovasiRule(), n=250, urusan_covered=()) == pytest.approx(
            76
        )

    @pytest.mark.parametrize(
        ("value", "predicate"),
        [
            (100, "Sangat Inovatif"),
            (60.01, "Sangat Inovatif"),
            (60.004, "Inovatif"),  # shown as 60.00
            (35, "Inovatif"),
            (34.99, "Kurang Inovatif"),
            (0.01, "Kurang Inovatif"),
            (0, "Tidak Dapat Dinilai"),
        ],
    )
    def test_the_predicate_follows_the_periods_thresholds(self, value: float, predicate: str) -> None:
        assert scoring.predicate_of(PREDICATES_2023, value) == predicate
