"""File sniffing and the translation catalog."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from shared import filetypes
from shared.devtools.netutil import free_ports
from shared.errors import AppError, Conflict, InvalidInput
from shared.i18n import negotiate, register_catalogues, translate


class TestSniff:
    @pytest.mark.parametrize(
        ("head", "media_type"),
        [
            (b"%PDF-1.7\n", filetypes.PDF),
            (b"\x89PNG\r\n\x1a\n....", filetypes.PNG),
            (b"\xff\xd8\xff\xe0", filetypes.JPEG),
            (b"\x00\x00\x00\x18ftypmp42", filetypes.MP4),
            (b"\x00\x00\x00\x14ftypqt  ", filetypes.QUICKTIME),
            (b"PK\x03\x04", None),
            (b"<html>", None),
        ],
    )
    def test_the_first_bytes_decide(self, head: bytes, media_type: str | None) -> None:
        assert filetypes.sniff(head) == media_type

    def test_the_extension_must_agree(self) -> None:
        assert filetypes.matches_name(filetypes.PDF, "SK Bupati.PDF")
        assert not filetypes.matches_name(filetypes.PNG, "sk.pdf")


class TestLanguage:
    def test_indonesian_is_the_default(self) -> None:
        assert negotiate(None) == "id"
        assert negotiate("fr-FR,de;q=0.8") == "id"

    def test_english_on_request(self) -> None:
        assert negotiate("en-GB,en;q=0.9") == "en"
        assert negotiate("id", explicit="en") == "en"

    def test_messages_exist_in_both_languages(self) -> None:
        assert translate("auth.token_expired", "id") != translate("auth.token_expired", "en")


class TestLocalTime:
    def test_the_pemda_zone_is_used_and_shown(self) -> None:
        from datetime import UTC, datetime

        from shared.timefmt import format_local

        moment = datetime(2026, 8, 23, 15, 59, tzinfo=UTC)
        assert format_local(moment, "Asia/Jakarta") == "23 Agustus 2026 pukul 22.59 WIB"
        assert format_local(moment, "Asia/Makassar") == "23 Agustus 2026 pukul 23.59 WITA"
        assert format_local(moment, "Asia/Jayapura", "en") == "24 August 2026, 00:59 WIT"


class TestCatalogues:
    def test_a_folder_of_catalogues_is_registered(self, tmp_path: Path) -> None:
        (tmp_path / "a.json").write_text(
            json.dumps({"test.catalogue.greeting": {"id": "Halo {name}", "en": "Hello {name}"}})
        )
        register_catalogues(tmp_path)
        assert translate("test.catalogue.greeting", "id", name="Ani") == "Halo Ani"
        assert translate("test.catalogue.greeting", "en", name="Ani") == "Hello Ani"

    def test_a_text_missing_in_one_language_names_the_file_and_key(self, tmp_path: Path) -> None:
        (tmp_path / "broken.json").write_text(json.dumps({"test.catalogue.half": {"id": "Setengah"}}))
        with pytest.raises(ValueError, match=r"broken\.json.*test\.catalogue\.half"):
            register_catalogues(tmp_path)

    def test_a_file_of_another_shape_is_refused(self, tmp_path: Path) -> None:
        (tmp_path / "list.json").write_text(json.dumps(["not", "a", "catalogue"]))
        with pytest.raises(ValueError, match=r"list\.json"):
            register_catalogues(tmp_path)


class TestErrorDeclarations:
    def test_an_error_declared_in_one_line_keeps_its_kinds_status_unless_told(self) -> None:
        class Taken(Conflict, code="test.taken"): ...

        class Slow(AppError, code="test.slow", status=429): ...

        class Wrong(InvalidInput, code="test.wrong"): ...

        assert [(e.code, e.status_code) for e in (Taken(), Slow(), Wrong())] == [
            ("test.taken", 409),
            ("test.slow", 429),
            ("test.wrong", 422),
        ]
        assert isinstance(Taken(), Conflict)
        assert Conflict.code == "error"


def test_free_ports_are_distinct_even_many_at_once() -> None:
    ports = free_ports(40)
    assert len(set(ports)) == 40
    assert all(1024 < port < 65536 for port in ports)
