"""Exports built from loaded cases: the evidence dossier (streamed ZIP with manifests), the period's
XLSX recap and the innovation's PDF profile.

The data is read before streaming starts (the request's transaction is over by then); while the
archive streams, only the object store is read, and every file is re-hashed on the way through.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import unicodedata
import uuid
import zipfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any

from fpdf import FPDF
from openpyxl import Workbook
from sqlalchemy.orm import Session

from services.review import repository
from services.review.case_review import (
    get_case,
    load_review,
    period_settings,
    require_admin,
    review_of,
    sees_current_verdicts,
)
from services.review.dashboard import OpdRank, RankingFilters, opd_ranking, period_of_pemda, projected_index
from services.review.models import CaseStatus, ReviewCase
from services.review.scoring import IndexResult
from shared.auth import Principal
from shared.contracts.review import PROFILE_FIELDS, EvidenceRef
from shared.i18n import translate
from shared.storage import CHUNK, EvidenceStore
from shared.tabular import csv_text, xlsx_row

MANIFEST_FIELDS = (
    "innovation",
    "indicator_no",
    "indicator_name",
    "path",
    "filename",
    "size",
    "sha256",
    "actual_sha256",
    "verified",
    "link_url",
    "nomor_surat",
    "tanggal_surat",
    "tentang",
)


def _label(key: str, **params: object) -> str:
    """An export's text (the recap and the profile are in Bahasa Indonesia, whoever downloads them)."""
    return translate(f"review.export.{key}", "id", **params)


def slug(text: str, *, limit: int = 60) -> str:
    """A readable ASCII path segment: `Regulasi Inovasi Daerah` -> `regulasi-inovasi-daerah`."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    cleaned = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    return cleaned[:limit].rstrip("-") or "berkas"


def safe_filename(name: str) -> str:
    """The file's own name, kept readable but unable to climb out of its folder."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1].strip().lstrip(".")
    ascii_name = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode()
    cleaned = re.sub(r"[^A-Za-z0-9._ -]+", "_", ascii_name).strip()
    return cleaned[:120] or "berkas"


@dataclass(frozen=True)
class DossierFile:
    """One evidence item to put into a dossier."""

    indicator_no: int
    indicator_name: str
    filename: str
    object_key: str
    sha256: str
    size: int
    link_url: str | None = None
    nomor_surat: str | None = None
    tanggal_surat: str | None = None
    tentang: str | None = None


@dataclass(frozen=True)
class Dossier:
    """One innovation's files under a folder of the archive (`""` for a single-innovation ZIP)."""

    folder: str
    nama: str
    files: list[DossierFile]


class _Sink(io.RawIOBase):
    """Collects what zipfile writes so the generator can hand it on (an unseekable stream)."""

    def __init__(self) -> None:
        self.buffer = bytearray()

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self.buffer += data
        return len(data)

    def take(self) -> bytes:
        chunk = bytes(self.buffer)
        self.buffer.clear()
        return chunk


def _indicator_folder(file: DossierFile) -> str:
    if file.indicator_no <= 0:
        return "00-profil"
    return f"{file.indicator_no:02d}-{slug(file.indicator_name or f'indikator {file.indicator_no}')}"


def stream_dossiers(store: EvidenceStore, dossiers: list[Dossier]) -> Iterator[bytes]:
    """The ZIP, chunk by chunk: every file under `<folder>/<NN-indicator>/<name>`, then manifest.json
    and manifest.csv with each file's stored SHA-256, the one computed now, and whether they agree."""
    sink = _Sink()
    rows: list[dict[str, Any]] = []
    with zipfile.ZipFile(sink, mode="w", compression=zipfile.ZIP_STORED, allowZip64=True) as archive:
        for dossier in dossiers:
            used: set[str] = set()
            for file in dossier.files:
                row: dict[str, Any] = {
                    "innovation": dossier.nama,
                    **{k: v for k, v in asdict(file).items() if k != "object_key"},
                    "path": "",
                    "actual_sha256": None,
                }
                if not file.object_key:
                    row["verified"] = "link"
                    rows.append(row)
                    continue
                name = safe_filename(file.filename)
                path = "/".join(p for p in (dossier.folder, _indicator_folder(file), name) if p)
                if path in used:
                    stem, dot, ext = name.rpartition(".")
                    name = f"{stem or ext}-{file.sha256[:8]}{dot}{ext if stem else ''}"
                    path = "/".join(p for p in (dossier.folder, _indicator_folder(file), name) if p)
                used.add(path)
                row["path"] = path
                if store.stat(file.object_key) is None:
                    row["verified"] = "missing"
                    rows.append(row)
                    continue
                digest = hashlib.sha256()
                with archive.open(zipfile.ZipInfo(path), mode="w", force_zip64=True) as target:
                    for chunk in store.stream(file.object_key, chunk_size=CHUNK):
                        digest.update(chunk)
                        target.write(chunk)
                        if len(sink.buffer) >= CHUNK:
                            yield sink.take()
                row["actual_sha256"] = digest.hexdigest()
                row["verified"] = "ok" if row["actual_sha256"] == file.sha256 else "mismatch"
                rows.append(row)
                yield sink.take()
        archive.writestr("manifest.json", json.dumps({"files": rows}, ensure_ascii=False, indent=2))
        table = ([row.get(name) for name in MANIFEST_FIELDS] for row in rows)
        archive.writestr("manifest.csv", csv_text(table, header=MANIFEST_FIELDS))
    yield sink.take()


@dataclass(frozen=True)
class WorkbookRow:
    """One innovation as the recap shows it."""

    opd_name: str
    status: str
    decision: str
    version: int
    profile: dict[str, Any]
    claimed: dict[int, int]
    verified: dict[int, int | None]
    claimed_score: float
    verified_score: float


def cell(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    if isinstance(value, bool):
        return _label("yes") if value else _label("no")
    if value is None:
        return ""
    return value


def build_workbook(
    *,
    title: str,
    indicators: list[tuple[int, str]],
    rows: list[WorkbookRow],
    opds: list[OpdRank],
    index: list[tuple[str, IndexResult]],
    spd: list[tuple[str, str, Decimal, int]],
) -> bytes:
    """Sheets Inovasi (profile + claimed/verified per indicator), OPD and IID, as XLSX bytes."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_label("sheet.innovations"))
    sheet.append(xlsx_row(sheet, [title]))
    header = [
        _label("number"),
        _label("opd"),
        _label("status"),
        _label("decision"),
        _label("version"),
        *(_label(f"profile.{key}") for key in PROFILE_FIELDS),
    ]
    for no, _name in indicators:
        header += [_label("indicator_claimed", no=no), _label("indicator_verified", no=no)]
    sheet.append([*header, _label("claimed_score"), _label("verified_score"), _label("difference")])
    for number, row in enumerate(rows, start=1):
        values: list[Any] = [number, row.opd_name, row.status, row.decision, row.version]
        values += [cell(row.profile.get(key)) for key in PROFILE_FIELDS]
        for no, _name in indicators:
            values += [row.claimed.get(no, 0), cell(row.verified.get(no))]
        values += [row.claimed_score, row.verified_score, row.verified_score - row.claimed_score]
        sheet.append(xlsx_row(sheet, values))

    opd_sheet = book.create_sheet(_label("opd"))
    opd_sheet.append(
        [
            _label("opd"),
            _label("opd.innovations"),
            _label("opd.accepted"),
            _label("opd.verified_total"),
            _label("opd.verified_average"),
            _label("opd.claimed_total"),
        ]
    )
    for opd in opds:
        opd_sheet.append(
            xlsx_row(
                opd_sheet,
                [
                    cell(opd.opd_name),
                    opd.innovations,
                    opd.accepted,
                    opd.verified_total,
                    round(opd.verified_average, 2),
                    opd.claimed_total,
                ],
            )
        )

    iid_sheet = book.create_sheet(_label("sheet.iid"))
    iid_sheet.append([_label("iid.part"), *(label for label, _ in index)])
    for label, attribute in (
        (_label("iid.spd"), "spd"),
        (_label("iid.n"), "n"),
        (_label("iid.k"), "k"),
        (_label("iid.sid_total"), "sid_total"),
        (_label("iid.sid_average"), "sid_average"),
        (_label("iid.jumlah_inovasi"), "jumlah_inovasi"),
        (_label("iid.sid"), "sid"),
        (_label("iid.iid"), "iid"),
        (_label("iid.predicate"), "predicate"),
    ):
        iid_sheet.append([label, *(getattr(result, attribute) for _, result in index)])
    iid_sheet.append([])
    iid_sheet.append(
        [
            _label("spd.code"),
            _label("spd.name"),
            _label("spd.bobot"),
            _label("spd.parameter"),
            _label("spd.score"),
        ]
    )
    for code, name, bobot, parameter in spd:
        iid_sheet.append(xlsx_row(iid_sheet, [code, name, bobot, parameter, bobot * parameter]))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@dataclass(frozen=True)
class ProfileIndicator:
    no: int
    name: str
    bobot: Decimal
    claimed: int
    verified: int | None
    verdict: str
    note: str


def _latin1(text: Any) -> str:
    """The PDF's core font speaks Latin-1: keep what it can show, replace the rest."""
    return str(text).encode("latin-1", "replace").decode("latin-1")


def build_profile_pdf(
    *,
    title: str,
    facts: list[tuple[str, str]],
    profile: list[tuple[str, str]],
    indicators: list[ProfileIndicator],
    totals: tuple[float, float],
    decision: list[tuple[str, str]],
) -> bytes:
    """An A4 profile: facts, profile fields, the indicator table (claimed vs verified, verdict, notes),
    the totals and the decision."""
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.set_title(_latin1(title))
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 14)
    pdf.multi_cell(0, 8, _latin1(title), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)

    def pairs(heading: str, items: list[tuple[str, str]]) -> None:
        pdf.set_font("Helvetica", "B", 11)
        pdf.cell(0, 7, _latin1(heading), new_x="LMARGIN", new_y="NEXT")
        pdf.set_font("Helvetica", "", 9)
        for label, value in items:
            pdf.set_font("Helvetica", "B", 9)
            pdf.cell(45, 5, _latin1(label))
            pdf.set_font("Helvetica", "", 9)
            pdf.multi_cell(0, 5, _latin1(value or "-"), new_x="LMARGIN", new_y="NEXT")
        pdf.ln(2)

    pairs(_label("pdf.summary"), facts)
    pairs(_label("pdf.profile"), profile)
    pdf.set_font("Helvetica", "B", 11)
    pdf.cell(0, 7, _label("pdf.indicators"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "", 8)
    with pdf.table(col_widths=(8, 52, 11, 12, 16, 24, 67), text_align="LEFT", line_height=4.5) as table:
        table.row(
            [
                _label("number"),
                _label("pdf.indicator"),
                _label("spd.bobot"),
                _label("claimed"),
                _label("verified"),
                _label("pdf.verdict"),
                _label("note"),
            ]
        )
        for item in indicators:
            table.row(
                [
                    str(item.no),
                    _latin1(item.name),
                    str(item.bobot),
                    str(item.claimed),
                    "-" if item.verified is None else str(item.verified),
                    _latin1(item.verdict),
                    _latin1(item.note),
                ]
            )
    pdf.ln(2)
    claimed, verified = totals
    pairs(
        _label("pdf.score"),
        [
            (_label("pdf.claimed_score"), f"{claimed:g}"),
            (_label("pdf.verified_score"), f"{verified:g}"),
            (_label("difference"), f"{verified - claimed:g}"),
        ],
    )
    pairs(_label("decision"), decision)
    return bytes(pdf.output())


def _dossier_of(session: Session, case: ReviewCase, *, folder: str) -> Dossier:
    settings = period_settings(session, case.period_id)
    names = {i.no: i.name for i in settings.catalogue.indicators} if settings else {}
    files = [
        DossierFile(
            indicator_no=ref.indicator_no,
            indicator_name=names.get(ref.indicator_no, ""),
            filename=ref.filename,
            object_key=ref.object_key,
            sha256=ref.sha256,
            size=ref.size,
            link_url=ref.link_url,
            nomor_surat=ref.nomor_surat,
            tanggal_surat=ref.tanggal_surat.isoformat() if ref.tanggal_surat else None,
            tentang=ref.tentang,
        )
        for ref in sorted(
            (EvidenceRef.model_validate(item) for item in case.snapshot.get("evidence", [])),
            key=lambda r: (r.indicator_no, r.filename),
        )
    ]
    return Dossier(folder=folder, nama=case.nama, files=files)


def case_dossier(session: Session, *, principal: Principal, case_id: uuid.UUID) -> tuple[str, list[Dossier]]:
    """The evidence of one case's current version, for a ZIP (its file name and content)."""
    case = get_case(session, principal=principal, case_id=case_id)
    return f"dossier-{slug(case.nama, limit=40)}-v{case.version}.zip", [_dossier_of(session, case, folder="")]


def period_dossiers(
    session: Session, *, principal: Principal, period_id: uuid.UUID
) -> tuple[str, list[Dossier]]:
    """Every innovation of the period (withdrawn ones left out), one folder each under its OPD."""
    require_admin(principal)
    settings = period_of_pemda(session, principal, period_id)
    cases = sorted(
        (c for c in repository.cases_of_period(session, period_id) if c.status is not CaseStatus.withdrawn),
        key=lambda c: (c.opd_name, c.nama, str(c.id)),
    )
    dossiers = [
        _dossier_of(
            session,
            case,
            folder="/".join(
                (
                    slug(case.opd_name or str(case.opd_id)),
                    f"{slug(case.nama)}-{str(case.id)[:8]}",
                )
            ),
        )
        for case in cases
    ]
    return f"dossier-{slug(settings.name, limit=40)}.zip", dossiers


def period_workbook(session: Session, *, principal: Principal, period_id: uuid.UUID) -> tuple[str, bytes]:
    """The period's recap: one row per innovation (profile, claimed and verified per indicator), the
    OPD summary and the IID on claimed and verified scores (admin)."""
    require_admin(principal)
    index = projected_index(session, principal=principal, period_id=period_id)
    settings = index.settings
    cases = sorted(
        (c for c in repository.cases_of_period(session, period_id) if c.status is not CaseStatus.withdrawn),
        key=lambda c: (c.opd_name, c.nama, str(c.id)),
    )
    rows = []
    for case in cases:
        views = load_review(session, case).indicators()
        rows.append(
            WorkbookRow(
                opd_name=case.opd_name,
                status=_label(f"status.{case.status.value}"),
                decision=translate(f"review.decision.{case.decision.value}", "id") if case.decision else "",
                version=case.version,
                profile={
                    "nama": case.nama,
                    **case.snapshot.get("snapshot", {}),
                    **case.snapshot.get("profile", {}),
                },
                claimed={v.indicator_no: v.claimed_parameter for v in views},
                verified={v.indicator_no: v.outcome.verified for v in views},
                claimed_score=case.claimed_score,
                verified_score=case.verified_score,
            )
        )
    opds = opd_ranking(session, principal=principal, filters=RankingFilters(period_id=period_id))
    entered = {e.code: e.parameter for e in index.spd_entries}
    content = build_workbook(
        title=f"{settings.name} — {settings.pemda_name}",
        indicators=[(i.no, i.name) for i in settings.catalogue.indicators],
        rows=rows,
        opds=opds,
        index=[(_label("claimed"), index.claimed), (_label("verified"), index.verified)],
        spd=[(s.code, s.name, s.bobot, entered.get(s.code, 0)) for s in settings.catalogue.spd_indicators],
    )
    return f"rekap-{slug(settings.name, limit=40)}.xlsx", content


def case_profile_pdf(session: Session, *, principal: Principal, case_id: uuid.UUID) -> tuple[str, bytes]:
    """The innovation's profile as a PDF: profile, indicators claimed vs verified with notes, decision."""
    review = review_of(session, principal=principal, case_id=case_id)
    case = review.case
    reveal = sees_current_verdicts(review, principal)
    profile = case.snapshot.get("profile", {})
    indicators = [
        ProfileIndicator(
            no=v.indicator_no,
            name=v.name,
            bobot=v.bobot,
            claimed=v.claimed_parameter,
            verified=v.outcome.verified if reveal or v.round != case.round else None,
            verdict=_label(f"verdict.{v.outcome.verdict}")
            if v.outcome.verdict and (reveal or v.round != case.round)
            else "",
            note=" / ".join(v.outcome.notes) if reveal or v.round != case.round else "",
        )
        for v in review.indicators()
    ]
    content = build_profile_pdf(
        title=case.nama,
        facts=[
            (_label("opd"), case.opd_name),
            (_label("version_round"), f"{case.version} / {case.round}"),
            (_label("status"), _label(f"status.{case.status.value}")),
            (_label("submitted"), case.submitted_at.isoformat(timespec="minutes")),
        ],
        profile=[
            (_label(f"profile.{key}"), cell(profile.get(key)) if key in profile else "")
            for key in PROFILE_FIELDS
            if key != "nama"
        ],
        indicators=indicators,
        totals=(case.claimed_score, case.verified_score),
        decision=[
            (
                _label("decision"),
                translate(f"review.decision.{case.decision.value}", "id") if case.decision else "-",
            ),
            (_label("note"), case.decision_note or "-"),
            (_label("date"), case.decided_at.isoformat(timespec="minutes") if case.decided_at else "-"),
            (
                _label("revision_deadline"),
                case.revision_deadline.isoformat(timespec="minutes") if case.revision_deadline else "-",
            ),
        ],
    )
    return f"profil-{slug(case.nama, limit=40)}-v{case.version}.pdf", content
