"""The urusan list of UU 23/2014 and the normalisation of typed urusan."""

from __future__ import annotations

import pytest

from shared.contracts import urusan


class TestTheList:
    def test_32_urusan_of_the_law_plus_fungsi_penunjang(self) -> None:
        kinds = [u.kind for u in urusan.URUSAN]

        assert len(urusan.URUSAN) == 33
        assert kinds.count(urusan.Kind.pelayanan_dasar) == 6
        assert kinds.count(urusan.Kind.wajib) == 18
        assert kinds.count(urusan.Kind.pilihan) == 8
        assert kinds.count(urusan.Kind.penunjang) == 1

    def test_the_six_basic_service_urusan_carry_the_laws_spelling(self) -> None:
        assert [urusan.name_of(c) for c in urusan.PELAYANAN_DASAR] == [
            "Pendidikan",
            "Kesehatan",
            "Pekerjaan Umum dan Penataan Ruang",
            "Perumahan Rakyat dan Kawasan Permukiman",
            "Ketenteraman, Ketertiban Umum, dan Pelindungan Masyarakat",
            "Sosial",
        ]

    def test_no_alias_names_two_urusan(self) -> None:
        for item in urusan.URUSAN:
            for text in (item.code, item.name, *item.aliases):
                assert urusan.normalise(text) == item.code, text

    def test_missing_basic_service_urusan_in_the_laws_order(self) -> None:
        assert urusan.missing_pelayanan_dasar({"kesehatan", "pupr", "statistik"}) == (
            "pendidikan",
            "perkim",
            "trantibumlinmas",
            "sosial",
        )


class TestNormalise:
    @pytest.mark.parametrize(
        ("typed", "code"),
        [
            ("Pendidikan", "pendidikan"),
            ("  pendidikan ", "pendidikan"),
            ("URUSAN PENDIDIKAN", "pendidikan"),
            ("kesehatan.", "kesehatan"),
            ("PUPR", "pupr"),
            ("P.U.P.R", "pupr"),
            ("Pekerjaan Umum", "pupr"),
            ("pekerjaan umum & penataan ruang", "pupr"),
            ("Pekerjaan Umum dan Penataan Ruang", "pupr"),
            ("pemukiman", "perkim"),
            ("Perumahan Rakyat dan Kawasan Permukiman", "perkim"),
            ("Perumahan Rakyat Dan Kawasan Pemukiman", "perkim"),
            ("Ketenteraman, Ketertiban Umum, dan Pelindungan Masyarakat", "trantibumlinmas"),
            ("Ketenteraman, Ketertiban Umum, dan Perlindungan Masyarakat", "trantibumlinmas"),
            ("ketentraman ketertiban umum dan perlindungan masyarakat", "trantibumlinmas"),
            ("Ketenteraman, Ketertiban Umum dan Pelindungan Masyarakat", "trantibumlinmas"),
            ("Trantibum", "trantibumlinmas"),
            ("trantibumlinmas", "trantibumlinmas"),
            ("Sosial", "sosial"),
            ("Pemberdayaan Perempuan dan Perlindungan Anak", "p3a"),
            ("Koperasi, Usaha Kecil, dan Menengah", "koperasi_ukm"),
            ("Kepemudaan dan Olahraga", "kepemudaan_olahraga"),
            ("Komunikasi dan Informatika", "kominfo"),
            ("Diskominfo", "kominfo"),
            ("ESDM", "esdm"),
            ("Fungsi Penunjang", "fungsi_penunjang"),
            ("Penelitian dan Pengembangan", "fungsi_penunjang"),
            ("Keuangan", "fungsi_penunjang"),
            ("Perindustrian", "perindustrian"),
            ("pupr", "pupr"),
        ],
    )
    def test_known_spellings_map_to_one_code(self, typed: str, code: str) -> None:
        assert urusan.normalise(typed) == code

    @pytest.mark.parametrize("typed", ["", None, "Urusan lain-lain", "pendidikan kesehatan", "Olah"])
    def test_what_names_no_urusan_maps_to_nothing(self, typed: str | None) -> None:
        assert urusan.normalise(typed) is None
