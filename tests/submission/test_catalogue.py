"""The catalogue files as faithful data per year (DOMAIN.md §3-4a, Pedoman IGA 2026 via SIMONDA)."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from pydantic import ValidationError

from services.submission.catalogue import CATALOGUE_DIR, available_codes, load_catalogue
from shared.contracts.catalogue import NO_SOURCE, Catalogue, SpdIndicatorDefinition


def spd(code: str, row: str) -> SpdIndicatorDefinition:
    return next(s for s in load_catalogue(code).spd_indicators if s.code == row)


class TestSpd2026:
    def test_fifteen_indicators_in_twenty_rows_weighing_21(self) -> None:
        catalogue = load_catalogue("iid-2025")
        codes = [s.code for s in catalogue.spd_indicators]

        assert len(codes) == 20
        assert len({code.rstrip("ab") for code in codes}) == 15
        assert codes == [
            "1", "2a", "2b", "3", "4", "5a", "5b", "6", "7", "8",
            "9", "10a", "10b", "11a", "11b", "12", "13a", "13b", "14", "15",
        ]  # fmt: skip
        assert catalogue.spd_total_bobot == Decimal("21")
        assert [s.code for s in catalogue.spd_indicators if not s.wajib] == [
            "2a",
            "2b",
            "12",
            "13a",
            "13b",
            "14",
            "15",
        ]

    @pytest.mark.parametrize(
        ("row", "bobot", "bands"),
        [
            ("3", "1", [(None, "-50.32"), ("-50.31", "8.16"), ("8.17", None)]),
            ("5b", "0.75", [("5.91", None), ("2.34", "5.92"), (None, "2.35")]),
            ("11b", "0.75", [(None, "69.99"), ("70.00", "79.99"), ("80.00", None)]),
            ("6", "1.5", [(None, "-47.42"), ("-47.41", "94.75"), ("94.76", None)]),
        ],
    )
    def test_number_rows_carry_the_figures_that_earn_each_parameter(
        self, row: str, bobot: str, bands: list[tuple[str | None, str | None]]
    ) -> None:
        definition = spd("iid-2025", row)

        assert (definition.input, definition.bobot) == ("number", Decimal(bobot))
        assert [(p.min, p.max) for p in definition.parameters] == [
            (None if lo is None else Decimal(lo), None if hi is None else Decimal(hi)) for lo, hi in bands
        ]

    def test_opini_bpk_is_answered_by_name(self) -> None:
        definition = spd("iid-2025", "8")

        assert definition.input == "choice"
        assert [p.choices[0] for p in definition.parameters] == ["TMP", "WDP", "WTP"]

    def test_every_row_names_its_source(self) -> None:
        for row in load_catalogue("iid-2025").spd_indicators:
            assert "400.10.11/1887/BSKDN" in row.source


class TestIndicatorsPerYear:
    def test_2025_26_renames_2_and_6_and_rewords_7_and_8(self) -> None:
        new, old = load_catalogue("iid-2025"), load_catalogue("iid-2023")

        assert new.indicators[1].name == "Ketersediaan dan peran SDM terhadap inovasi daerah"
        assert new.indicators[5].name == "Integrasi program dan kegiatan inovasi dalam RKPD"
        assert new.indicators[6].parameters[0].text == "3 aktor termasuk pelaksana"
        assert new.indicators[7].parameters[0].text == "Ada pelaksana tanpa surat penetapan"
        assert "SK Kepala Perangkat Daerah a.n. Kepala Daerah" in new.indicators[7].parameters[2].text
        assert old.indicators[7].parameters[0].text != new.indicators[7].parameters[0].text

    def test_2023_has_one_kemanfaatan_basis_and_its_own_evidence_kinds(self) -> None:
        old, new = load_catalogue("iid-2023"), load_catalogue("iid-2025")

        [basis] = old.indicators[17].kemanfaatan_bases
        assert [p.text for p in basis.parameters] == ["1-100 orang", "101-200 orang", "201 orang atau lebih"]
        assert (old.indicators[6].evidence_kind, new.indicators[6].evidence_kind) == ("pdf", "pdf_or_image")
        assert (old.indicators[11].evidence_kind, new.indicators[11].evidence_kind) == (
            "pdf_or_image",
            "image",
        )
        assert (old.indicators[14].name, new.indicators[14].name) == ("Online sistem", "Layanan terintegrasi")

    def test_the_2023_texts_no_source_gives_say_so(self) -> None:
        old = load_catalogue("iid-2023")

        for no in (1, 3, 5, 12, 15):
            assert NO_SOURCE in old.indicators[no - 1].source

    def test_2025_26_carries_the_variables_of_the_source(self) -> None:
        new = load_catalogue("iid-2025")

        assert new.indicators[0].variable == "Infrastruktur"
        assert new.indicators[19].variable == "Jumlah Inovasi dan Hasil Kreatif"


class TestYearRules:
    def test_each_year_has_its_own_k_and_bands(self) -> None:
        new, old = load_catalogue("iid-2025").year_rules, load_catalogue("iid-2023").year_rules
        assert new is not None
        assert old is not None

        assert (new.k, old.k) == (14, 10)
        assert {p.name: p.min_score for p in new.predicates}["Sangat Inovatif"] == 65.01
        assert {p.name: p.min_score for p in old.predicates}["Inovatif"] == 35
        assert new.jumlah_inovasi.required_count == 6
        assert NO_SOURCE in new.sources["k"]
        assert NO_SOURCE in new.sources["tematik"]

    def test_a_rule_without_a_source_is_refused(self) -> None:
        data = json.loads((CATALOGUE_DIR / "iid-2025.json").read_text(encoding="utf-8"))
        del data["year_rules"]["sources"]["k"]

        with pytest.raises(ValidationError, match="without a source: k"):
            Catalogue.model_validate(data)


class TestEveryValueSourced:
    @pytest.mark.parametrize("code", available_codes())
    def test_the_catalogue_every_indicator_and_every_spd_row_name_a_source(self, code: str) -> None:
        catalogue = load_catalogue(code)

        assert catalogue.source
        assert all(i.source for i in catalogue.indicators)
        assert all(s.source for s in catalogue.spd_indicators)

    @pytest.mark.parametrize("code", available_codes())
    def test_the_files_are_schema_2_with_exact_weights(self, code: str) -> None:
        raw = json.loads((CATALOGUE_DIR / f"{code}.json").read_text(encoding="utf-8"))

        assert raw["schema_version"] == 2
        assert all(isinstance(s["bobot"], str) for s in raw["spd_indicators"])


class TestSchemaTwo:
    def test_a_schema_1_copy_still_reads_with_its_spd_rows_not_mandatory(self) -> None:
        data = load_catalogue("iid-2023").model_dump(mode="json", exclude={"schema_version", "year_rules"})
        for row in data["spd_indicators"]:
            del row["wajib"]

        upgraded = Catalogue.model_validate(data)

        assert upgraded.schema_version == 2
        assert not any(s.wajib for s in upgraded.spd_indicators)

    def test_weights_travel_as_plain_numbers(self) -> None:
        dumped = load_catalogue("iid-2025").model_dump(mode="json")

        assert dumped["spd_indicators"][5]["bobot"] == 0.75
        assert dumped["indicators"][0]["bobot"] == 3
        assert Catalogue.model_validate(dumped) == load_catalogue("iid-2025")

    def test_a_number_row_without_bands_is_refused(self) -> None:
        data = load_catalogue("iid-2025").model_dump(mode="json")
        data["spd_indicators"][3]["parameters"][0].pop("max")

        with pytest.raises(ValidationError, match="needs min or max"):
            Catalogue.model_validate(data)
