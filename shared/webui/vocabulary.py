"""The innovation profile's vocabularies (DOMAIN.md §2) as people read them, for every service's pages.

Submission stores the codes, review and notification receive them in messages; all three show the same
words. A code outside these lists (urusan is free text) is shown as written, underscores as spaces.
"""

from __future__ import annotations

from shared.i18n import Language, has_text, register, translate

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
