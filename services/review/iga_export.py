"""The IGA export: the period's verified, eligible (accepted) innovations in the columns of the national
app's upload form (Pedoman IGA 2026, as SIMONDA's export carries them), as CSV and XLSX.

Everything is in Bahasa Indonesia whoever downloads it: words, not codes; dates as "1 Maret 2025";
rupiah as "Rp 12.500.000"; the verified SID score as "N dari 111"."""

from __future__ import annotations

import io
import uuid
from collections.abc import Sequence
from datetime import date
from typing import Any

from openpyxl import Workbook
from sqlalchemy.orm import Session

from services.review import repository
from services.review.case_review import require_admin
from services.review.dashboard import period_of_pemda
from services.review.exports import slug
from services.review.models import CaseStatus, Decision, ReviewCase
from shared.auth import Principal
from shared.contracts import urusan as urusan_list
from shared.tabular import csv_text, xlsx_row
from shared.timefmt import MONTHS
from shared.webui.vocabulary import rupiah, vocab

COLUMNS: tuple[str, ...] = (
    "No",
    "Nama Inovasi",
    "OPD Pelaksana",
    "Tahapan",
    "Inisiator",
    "Nama Inisiator",
    "Klasifikasi",
    "Jenis",
    "Bentuk",
    "Asta Cita",
    "Klaster PKPN",
    "Urusan",
    "Waktu Uji Coba",
    "Penerapan Awal",
    "Pengembangan Terbaru",
    "Rancang Bangun",
    "Tujuan",
    "Manfaat",
    "Hasil",
    "Anggaran",
    "Skor SID Terverifikasi",
)
SHEET = "Inovasi IGA"


def tanggal(value: str | date | None) -> str:
    """`2025-03-01` -> `1 Maret 2025` (empty for nothing; text that is no date stays as it is)."""
    if not value:
        return ""
    try:
        day = value if isinstance(value, date) else date.fromisoformat(str(value))
    except ValueError:
        return str(value)
    return f"{day.day} {MONTHS['id'][day.month - 1]} {day.year}"


def _number(value: float) -> str:
    """`87.5` -> `87,5`; `22.0` -> `22`."""
    return f"{value:g}".replace(".", ",")


def _words(kind: str, code: Any) -> str:
    return "" if code is None or code == "" else vocab(kind, code, "id")


def _urusan(profile: dict[str, Any], case: ReviewCase) -> str:
    utama = profile.get("urusan_utama") or case.urusan or None
    codes = [c for c in [utama, *(profile.get("urusan_lain") or [])] if c]
    # "; " between them: the official names have commas of their own
    return "; ".join(urusan_list.name_of(urusan_list.normalise(str(c)) or str(c)) for c in codes)


def _klaster(profile: dict[str, Any]) -> str:
    return " — ".join(p for p in (profile.get("klaster_pkpn"), profile.get("program_pkpn")) if p)


def _anggaran(profile: dict[str, Any]) -> str:
    # the amount alone, as the upload form's column holds it; the funding source has no column there
    amount = profile.get("anggaran")
    return rupiah(amount) if amount is not None else ""


def row_of(number: int, case: ReviewCase, *, max_score: float) -> list[Any]:
    """One accepted innovation as the upload form's row."""
    profile: dict[str, Any] = {**case.snapshot.get("snapshot", {}), **case.snapshot.get("profile", {})}
    developed = profile.get("pengembangan") and profile.get("waktu_pengembangan")
    return [
        number,
        case.nama,
        case.opd_name,
        _words("tahapan", profile.get("tahapan") or case.tahapan),
        _words("inisiator", profile.get("inisiator")),
        profile.get("nama_inisiator") or "",
        _words("klasifikasi", profile.get("klasifikasi")),
        _words("jenis", profile.get("jenis") or case.jenis),
        _words("bentuk", profile.get("bentuk") or case.bentuk),
        _words("asta_cita", profile.get("asta_cita")),
        _klaster(profile),
        _urusan(profile, case),
        tanggal(profile.get("waktu_uji_coba")),
        tanggal(profile.get("waktu_penerapan")),
        tanggal(profile.get("waktu_pengembangan")) if developed else "",
        profile.get("rancang_bangun") or "",
        profile.get("tujuan") or "",
        profile.get("manfaat") or "",
        profile.get("hasil") or "",
        _anggaran(profile),
        f"{_number(case.verified_score)} dari {_number(max_score)}",
    ]


def _rows(session: Session, *, principal: Principal, period_id: uuid.UUID) -> tuple[str, list[list[Any]]]:
    require_admin(principal)
    settings = period_of_pemda(session, principal, period_id)
    accepted = sorted(
        (
            c
            for c in repository.cases_of_period(session, period_id)
            if c.status is CaseStatus.decided and c.decision is Decision.accepted
        ),
        key=lambda c: (c.opd_name, c.nama, str(c.id)),
    )
    max_score = float(settings.catalogue.max_score)
    rows = [row_of(n, case, max_score=max_score) for n, case in enumerate(accepted, start=1)]
    return f"iga-{slug(settings.name, limit=40)}", rows


def iga_csv(session: Session, *, principal: Principal, period_id: uuid.UUID) -> tuple[str, bytes]:
    """The upload form's rows as CSV (UTF-8 with a BOM for Excel; formula-looking text neutralised)."""
    name, rows = _rows(session, principal=principal, period_id=period_id)
    return f"{name}.csv", csv_text(rows, header=COLUMNS, bom=True).encode()


def iga_xlsx(session: Session, *, principal: Principal, period_id: uuid.UUID) -> tuple[str, bytes]:
    """The upload form's rows as one XLSX sheet (formula-looking text stored as text)."""
    name, rows = _rows(session, principal=principal, period_id=period_id)
    return f"{name}.xlsx", build_xlsx(rows)


def build_xlsx(rows: Sequence[Sequence[Any]]) -> bytes:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(SHEET)
    sheet.append(list(COLUMNS))
    for row in rows:
        sheet.append(xlsx_row(sheet, row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
