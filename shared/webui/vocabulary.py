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
    "klasifikasi": {
        "perangkat_daerah": {"id": "Perangkat Daerah", "en": "Regional government unit"},
        "desa": {"id": "Desa", "en": "Village"},
        "masyarakat": {"id": "Masyarakat", "en": "Community"},
    },
    # the eight Asta Cita of the 2025-2029 national vision (RPJMN 2025-2029), stored as their number
    "asta_cita": {
        str(no): {"id": f"{no}. {words_id}", "en": f"{no}. {words_en}"}
        for no, (words_id, words_en) in enumerate(
            (
                (
                    "Memperkokoh ideologi Pancasila, demokrasi, dan hak asasi manusia",
                    "Strengthen the Pancasila ideology, democracy and human rights",
                ),
                (
                    "Memantapkan sistem pertahanan keamanan negara dan mendorong kemandirian bangsa melalui "
                    "swasembada pangan, energi, air, ekonomi kreatif, ekonomi hijau, dan ekonomi biru",
                    "Strengthen national defence and self-reliance through food, energy and water "
                    "self-sufficiency and the creative, green and blue economy",
                ),
                (
                    "Meningkatkan lapangan kerja yang berkualitas, mendorong kewirausahaan, mengembangkan "
                    "industri kreatif, dan melanjutkan pengembangan infrastruktur",
                    "Create quality jobs, encourage entrepreneurship, develop the creative industries and "
                    "continue building infrastructure",
                ),
                (
                    "Memperkuat pembangunan sumber daya manusia, sains, teknologi, pendidikan, kesehatan, "
                    "prestasi olahraga, kesetaraan gender, serta penguatan peran perempuan, pemuda, dan "
                    "penyandang disabilitas",
                    "Strengthen human resources, science, technology, education, health, sport, gender "
                    "equality and the role of women, youth and people with disabilities",
                ),
                (
                    "Melanjutkan hilirisasi dan industrialisasi untuk meningkatkan nilai tambah di dalam "
                    "negeri",
                    "Continue downstreaming and industrialisation to add value at home",
                ),
                (
                    "Membangun dari desa dan dari bawah untuk pemerataan ekonomi dan pemberantasan "
                    "kemiskinan",
                    "Build from the villages and from below for economic equity and to end poverty",
                ),
                (
                    "Memperkuat reformasi politik, hukum, dan birokrasi, serta memperkuat pencegahan dan "
                    "pemberantasan korupsi dan narkoba",
                    "Strengthen political, legal and bureaucratic reform and the fight against corruption "
                    "and drugs",
                ),
                (
                    "Memperkuat penyelarasan kehidupan yang harmonis dengan lingkungan, alam, dan budaya, "
                    "serta peningkatan toleransi antarumat beragama untuk mencapai masyarakat yang adil dan "
                    "makmur",
                    "Live in harmony with the environment, nature and culture, and grow religious tolerance "
                    "towards a just and prosperous society",
                ),
            ),
            start=1,
        )
    },
    "sumber_dana": {
        "apbd": {"id": "APBD", "en": "Regional budget (APBD)"},
        "apbn": {"id": "APBN", "en": "State budget (APBN)"},
        "apbdes": {"id": "APBDes", "en": "Village budget (APBDes)"},
        "csr": {"id": "CSR", "en": "Corporate social responsibility (CSR)"},
        "swadaya": {"id": "Swadaya masyarakat", "en": "Community self-funded (swadaya)"},
        "lainnya": {"id": "Lainnya", "en": "Other"},
    },
}
ASTA_CITA_CODES: tuple[int, ...] = tuple(range(1, 9))

register(
    {f"vocab.{kind}.{code}": texts for kind, codes in VOCABULARY.items() for code, texts in codes.items()}
)


def vocab(kind: str, code: str | int | None, language: Language | None = None) -> str:
    """The words for `code` of the profile list `kind` in the user's language, or in `language`
    ("—" for nothing)."""
    if code is None or code == "":
        return "—"
    code = str(code)
    key = f"vocab.{kind}.{code}"
    if has_text(key, "id"):
        return translate(key, language)
    text = code.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


def rupiah(amount: int | None) -> str:
    """An amount as Indonesians write it: 12500000 -> "Rp 12.500.000" ("—" for nothing)."""
    if amount is None:
        return "—"
    return "Rp " + f"{amount:,}".replace(",", ".")


def vocab_options(kind: str) -> list[tuple[str, str]]:
    """(code, words) of every choice of `kind`, for a select list."""
    return [(code, vocab(kind, code)) for code in VOCABULARY[kind]]
