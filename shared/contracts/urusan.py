"""The urusan pemerintahan of UU 23/2014 (Pasal 12 and its lampiran) plus fungsi penunjang.

A fixed list, chosen and never typed (DOMAIN.md §4a). Rows store the `code`; people read the `name`.
`normalise` maps what users typed before the list existed (and what imports bring) to a code.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    pelayanan_dasar = "wajib_pelayanan_dasar"
    wajib = "wajib_bukan_pelayanan_dasar"
    pilihan = "pilihan"
    penunjang = "fungsi_penunjang"


@dataclass(frozen=True)
class Urusan:
    code: str
    name: str
    kind: Kind
    aliases: tuple[str, ...] = ()

    @property
    def pelayanan_dasar(self) -> bool:
        return self.kind is Kind.pelayanan_dasar


_D, _W, _P = Kind.pelayanan_dasar, Kind.wajib, Kind.pilihan

# Names as UU 23/2014 spells them (Pasal 12 ayat 1-3); aliases are abbreviations in use by pemda
# and the national app's spellings (it writes "Perlindungan" where the law writes "Pelindungan").
URUSAN: tuple[Urusan, ...] = (
    Urusan("pendidikan", "Pendidikan", _D, ("dikbud", "disdik", "dinas pendidikan")),
    Urusan("kesehatan", "Kesehatan", _D, ("dinkes", "dinas kesehatan")),
    Urusan(
        "pupr",
        "Pekerjaan Umum dan Penataan Ruang",
        _D,
        ("PUPR", "PU", "Pekerjaan Umum", "PU dan Penataan Ruang", "Pekerjaan Umum Penataan Ruang"),
    ),
    Urusan(
        "perkim",
        "Perumahan Rakyat dan Kawasan Permukiman",
        _D,
        (
            "Perkim",
            "Perumahan",
            "Perumahan Rakyat",
            "Permukiman",
            "Pemukiman",
            "Perumahan dan Permukiman",
            "Perumahan dan Kawasan Permukiman",
            "Perumahan Rakyat dan Kawasan Pemukiman",
        ),
    ),
    Urusan(
        "trantibumlinmas",
        "Ketenteraman, Ketertiban Umum, dan Pelindungan Masyarakat",
        _D,
        (
            "Ketenteraman, Ketertiban Umum, dan Perlindungan Masyarakat",
            "Ketentraman, Ketertiban Umum, dan Perlindungan Masyarakat",
            "Ketentraman, Ketertiban Umum, dan Pelindungan Masyarakat",
            "Trantibum",
            "Trantibumlinmas",
            "Trantibum Linmas",
            "Ketenteraman dan Ketertiban Umum",
            "Ketentraman dan Ketertiban Umum",
        ),
    ),
    Urusan("sosial", "Sosial", _D, ("dinsos",)),
    Urusan("tenaga_kerja", "Tenaga Kerja", _W, ("Ketenagakerjaan", "Naker")),
    Urusan(
        "p3a",
        "Pemberdayaan Perempuan dan Pelindungan Anak",
        _W,
        ("Pemberdayaan Perempuan dan Perlindungan Anak", "PPPA", "P3A", "DP3A"),
    ),
    Urusan("pangan", "Pangan", _W, ("Ketahanan Pangan",)),
    Urusan("pertanahan", "Pertanahan", _W),
    Urusan("lingkungan_hidup", "Lingkungan Hidup", _W, ("LH", "DLH")),
    Urusan(
        "adminduk",
        "Administrasi Kependudukan dan Pencatatan Sipil",
        _W,
        ("Adminduk", "Dukcapil", "Kependudukan dan Pencatatan Sipil", "Capil"),
    ),
    Urusan("pmd", "Pemberdayaan Masyarakat dan Desa", _W, ("PMD", "Pemberdayaan Masyarakat")),
    Urusan(
        "pengendalian_penduduk_kb",
        "Pengendalian Penduduk dan Keluarga Berencana",
        _W,
        ("Keluarga Berencana", "KB", "PPKB", "Dalduk KB"),
    ),
    Urusan("perhubungan", "Perhubungan", _W, ("Dishub",)),
    Urusan(
        "kominfo",
        "Komunikasi dan Informatika",
        _W,
        ("Kominfo", "Diskominfo", "Komunikasi Informatika"),
    ),
    Urusan(
        "koperasi_ukm",
        "Koperasi, Usaha Kecil, dan Menengah",
        _W,
        ("Koperasi UKM", "Koperasi dan UKM", "Koperasi Usaha Kecil dan Menengah", "UMKM", "Koperasi"),
    ),
    Urusan("penanaman_modal", "Penanaman Modal", _W, ("Investasi", "DPMPTSP")),
    Urusan(
        "kepemudaan_olahraga",
        "Kepemudaan dan Olah Raga",
        _W,
        ("Kepemudaan dan Olahraga", "Pemuda dan Olahraga", "Dispora", "Olahraga"),
    ),
    Urusan("statistik", "Statistik", _W),
    Urusan("persandian", "Persandian", _W, ("Sandi",)),
    Urusan("kebudayaan", "Kebudayaan", _W, ("Budaya",)),
    Urusan("perpustakaan", "Perpustakaan", _W),
    Urusan("kearsipan", "Kearsipan", _W, ("Arsip",)),
    Urusan("kelautan_perikanan", "Kelautan dan Perikanan", _P, ("Perikanan", "Kelautan")),
    Urusan("pariwisata", "Pariwisata", _P, ("Dispar",)),
    Urusan("pertanian", "Pertanian", _P),
    Urusan("kehutanan", "Kehutanan", _P),
    Urusan(
        "esdm",
        "Energi dan Sumber Daya Mineral",
        _P,
        ("ESDM", "Energi Sumber Daya Mineral"),
    ),
    Urusan("perdagangan", "Perdagangan", _P),
    Urusan("perindustrian", "Perindustrian", _P, ("Industri",)),
    Urusan("transmigrasi", "Transmigrasi", _P),
    # Supporting units (Bappeda, BPKAD, BKPSDM, BRIDA, sekretariat, inspektorat): one choice, as in SIMONDA.
    Urusan(
        "fungsi_penunjang",
        "Fungsi Penunjang",
        Kind.penunjang,
        (
            "Penunjang",
            "Penunjang Urusan",
            "Perencanaan",
            "Keuangan",
            "Kepegawaian",
            "Pendidikan dan Pelatihan",
            "Penelitian dan Pengembangan",
            "Pengawasan",
            "Litbang",
            "Diklat",
        ),
    ),
)

BY_CODE: dict[str, Urusan] = {u.code: u for u in URUSAN}
PELAYANAN_DASAR: tuple[str, ...] = tuple(u.code for u in URUSAN if u.pelayanan_dasar)


def _key(text: str) -> str:
    """Lower case, accents and punctuation dropped, "&" read as "dan", spaces collapsed."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    plain = re.sub(r"[.'`]", "", plain.replace("&", " dan "))  # "P.U.P.R" is "PUPR"
    words = re.sub(r"[^a-z0-9]+", " ", plain).split()
    return " ".join(words)


def _index() -> dict[str, str]:
    found: dict[str, str] = {}
    for urusan in URUSAN:
        for text in (urusan.code, urusan.name, *urusan.aliases):
            found.setdefault(_key(text), urusan.code)
            found.setdefault(_key(text).replace(" dan ", " "), urusan.code)
    return found


_BY_KEY = _index()
# "Urusan Pendidikan", "Bidang Kesehatan": the word in front says nothing.
_PREFIXES = ("urusan pemerintahan ", "urusan ", "bidang ")


def normalise(text: str | None) -> str | None:
    """The code of the urusan `text` names (a code, the official name or a known alias), else None."""
    if not text:
        return None
    key = _key(text)
    for prefix in _PREFIXES:
        if key.startswith(prefix):
            key = key.removeprefix(prefix)
            break
    return _BY_KEY.get(key) or _BY_KEY.get(key.replace(" dan ", " "))


def name_of(code: str) -> str:
    """The official name of `code`; an unknown code (kept free text) is shown as it is."""
    urusan = BY_CODE.get(code)
    return urusan.name if urusan else code


def missing_pelayanan_dasar(codes: set[str] | frozenset[str]) -> tuple[str, ...]:
    """The basic-service urusan (codes, in the law's order) that `codes` does not cover."""
    return tuple(code for code in PELAYANAN_DASAR if code not in codes)


def as_codes(utama: str | None, lain: list[str] | None) -> tuple[str | None, list[str]]:
    """Urusan typed before the list existed, as codes where they name one (others kept as typed)."""
    main = (normalise(utama) or utama.strip()) if utama and utama.strip() else utama
    others = [normalise(u) or u.strip() for u in lain or [] if isinstance(u, str) and u.strip()]
    return main, [u for u in dict.fromkeys(others) if u != main]


def unlisted(values: list[str | None]) -> list[str]:
    """The values that are no code of the list (free text the migration could not map)."""
    return [v for v in values if v and v not in BY_CODE]
