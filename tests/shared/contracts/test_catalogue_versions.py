"""A stored catalogue copy between schema versions: up keeps every value, down refuses what it cannot hold."""

from __future__ import annotations

import pytest

from services.submission.catalogue import load_catalogue
from shared.contracts.catalogue import Catalogue
from shared.contracts.catalogue_versions import to_schema_1, to_schema_2


class TestSchemaVersions:
    def test_a_schema_1_copy_upgrades_with_its_values_kept_and_reads_as_a_catalogue(self) -> None:
        current = load_catalogue("iid-2023").model_dump(mode="json")
        old = to_schema_1(current)  # its weights are whole numbers: it has a schema 1 form
        assert "schema_version" not in old

        upgraded = to_schema_2(old)

        assert upgraded["schema_version"] == 2
        assert all(row["wajib"] is False for row in upgraded["spd_indicators"])
        assert [i["name"] for i in upgraded["indicators"]] == [i["name"] for i in current["indicators"]]
        assert Catalogue.model_validate(upgraded).indicators[0].no == 1
        assert to_schema_2(upgraded) is upgraded  # already schema 2: untouched

    def test_a_fractional_weight_has_no_schema_1_form(self) -> None:
        current = load_catalogue("iid-2025").model_dump(mode="json")  # its SPD rows weigh 0,75 and 1,5

        with pytest.raises(RuntimeError, match="has no schema 1 form"):
            to_schema_1(current)
