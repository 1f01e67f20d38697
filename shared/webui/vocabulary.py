"""The innovation profile's vocabularies (DOMAIN.md §2) as people read them, for every service's pages.

Submission stores the codes, review and notification receive them in messages; all three show the same
words. A code outside these lists (urusan typed before the list existed) is shown as written,
underscores as spaces. Urusan names are the law's (`shared.contracts.urusan`); English is a gloss.
"""

from __future__ import annotations

from shared.contracts.urusan import URUSAN
from shared.i18n import Language, has_text, register, translate

URUSAN_EN: dict[str, str] = {
    "pendidikan": "Education",
    "kesehatan": "Health",
    "pupr": "Public works and spatial planning",
    "perkim": "Public housing and residential areas",
    "trantibumlinmas": "Public peace, order and community protection",
    "sosial": "Social affairs",
    "tenaga_kerja": "Labour",
    "p3a": "Women's empowerment and child protection",
    "pangan": "Food",
    "pertanahan": "Land",
    "lingkungan_hidup": "Environment",
    "adminduk": "Population administration and civil registration",
    "pmd": "Community and village empowerment",
    "pengendalian_penduduk_kb": "Population control and family planning",
    "perhubungan": "Transport",
    "kominfo": "Communication and informatics",
    "koperasi_ukm": "Cooperatives and small and medium enterprises",
    "penanaman_modal": "Investment",
    "kepemudaan_olahraga": "Youth and sports",
    "statistik": "Statistics",
    "persandian": "Encryption (persandian)",
    "kebudayaan": "Culture",
    "perpustakaan": "Libraries",
    "kearsipan": "Archives",
    "kelautan_perikanan": "Marine affairs and fisheries",
    "pariwisata": "Tourism",
    "pertanian": "Agriculture",
    "kehutanan": "Forestry",
    "esdm": "Energy and mineral resources",
    "perdagangan": "Trade",
    "perindustrian": "Industry",
    "transmigrasi": "Transmigration",
    "fungsi_penunjang": "Supporting functions (fungsi penunjang)",
}

VOCABULARY: dict[str, dict[str, dict[Language, str]]] = {
    "tahapan": {
        "inisiatif": {"id": "Inisiatif", "en": "Initiative"},
        "uji_coba": {"id": "Uji coba", "en": "Trial"},
        "penerapan": {"id": "Penerapan", "en": "Implementation"},
    },
    "jenis": {
        "digital": {"id": "Digital", "en": "Digital"},
        "non_digital": {"id": "Non digital", "en": "Non-digital"},
    },
    "inisiator": {
        "kepala_daerah": {"id": "Kepala daerah", "en": "Regional head"},
        "anggota_dprd": {"id": "Anggota DPRD", "en": "Member of the regional parliament (DPRD)"},
        "opd": {"id": "OPD", "en": "OPD"},
        "asn": {"id": "ASN", "en": "Civil servant (ASN)"},
        "masyarakat": {"id": "Masyarakat", "en": "The public"},
    },
    "bentuk": {
        "tata_kelola": {"id": "Inovasi tata kelola pemerintahan", "en": "Governance innovation"},
        "pelayanan_publik": {"id": "Inovasi pelayanan publik", "en": "Public service innovation"},
        "lainnya": {"id": "Inovasi daerah lainnya", "en": "Other regional innovation"},
    },
    "urusan": {u.code: {"id": u.name, "en": URUSAN_EN.get(u.code, u.name)} for u in URUSAN},
}

register(
    {f"vocab.{kind}.{code}": texts for kind, codes in VOCABULARY.items() for code, texts in codes.items()}
)


def vocab(kind: str, code: str | None) -> str:
    """The words for `code` of the profile list `kind` in the user's language ("—" for nothing)."""
    if not code:
        return "—"
    key = f"vocab.{kind}.{code}"
    if has_text(key, "id"):
        return translate(key)
    text = code.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def vocab_options(kind: str) -> list[tuple[str, str]]:
    """(code, words) of every choice of `kind`, for a select list."""
    return [(code, vocab(kind, code)) for code in VOCABULARY[kind]]
