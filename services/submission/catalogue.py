"""The indicator catalogues kept as data files in the repository (`catalogues/<code>.json`)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from shared.contracts.catalogue import Catalogue, JumlahInovasiRule, Predicate

CATALOGUE_DIR = Path(__file__).parent / "catalogues"
DEFAULT_CODE = "iid-2025"

# Defaults of a new period; every one of them is per-period data an admin may change.
DEFAULT_PREDICATES = (
    Predicate(name="Tidak Dapat Dinilai", min_score=0),
    Predicate(name="Kurang Inovatif", min_score=0.01),
    Predicate(name="Inovatif", min_score=35),
    Predicate(name="Sangat Inovatif", min_score=60.01),
)
DEFAULT_JUMLAH_INOVASI = JumlahInovasiRule(
    required_urusan=(
        "pendidikan",
        "kesehatan",
        "pekerjaan umum dan penataan ruang",
        "perumahan rakyat dan kawasan permukiman",
        "ketenteraman, ketertiban umum, dan pelindungan masyarakat",
        "sosial",
    )
)
DEFAULT_TEMATIK = (
    "Digitalisasi layanan pemerintahan",
    "Penanggulangan kemiskinan",
    "Kemudahan investasi",
    "Prioritas aktual presiden",
    "Non tematik",
)


def available_codes() -> list[str]:
    return sorted(path.stem for path in CATALOGUE_DIR.glob("*.json"))


@cache
def load_catalogue(code: str) -> Catalogue:
    """The catalogue `code`, validated (a file that breaks its own rules raises at load)."""
    if code not in available_codes():
        raise LookupError(f"no catalogue {code!r}")
    return Catalogue.model_validate_json((CATALOGUE_DIR / f"{code}.json").read_text(encoding="utf-8"))
