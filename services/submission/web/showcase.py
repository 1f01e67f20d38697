"""The public showcase (no login): accepted innovations with search and filters, each one's public
profile, and the open-data export (CSV, JSON) with the same filters. Fields come only from the
allowlist in `services.submission.showcase`."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import Response

from services.submission import showcase
from services.submission.deps import UnitOfWorkDep
from services.submission.models import Bentuk, Jenis
from services.submission.web import pages
from shared.errors import NotFound
from shared.i18n import current_language, translate
from shared.tabular import csv_text
from shared.timefmt import MONTHS
from shared.webui.vocabulary import vocab_options

router = pages.router()

PAGE_SIZE = 20
FILTER_NAMES = ("q", "year", "opd", "urusan", "bentuk", "jenis")


def _filters(request: Request) -> tuple[showcase.Filters, dict[str, str], dict[str, str]]:
    """The filters from the query string, what was typed (kept on the page), and what could not be used."""
    typed = {name: request.query_params.get(name, "")[:200] for name in FILTER_NAMES}
    errors: dict[str, str] = {}
    year: int | None = None
    if typed["year"].strip():
        text = typed["year"].strip()
        if text.isdigit() and 1900 <= int(text) <= 2200:
            year = int(text)
        else:
            errors["year"] = "showcase.bad_year"
    opd_id: uuid.UUID | None = None
    if typed["opd"]:
        try:
            opd_id = uuid.UUID(typed["opd"])
        except ValueError:
            errors["opd"] = "showcase.bad_choice"
    bentuk = jenis = None
    if typed["bentuk"]:
        try:
            bentuk = Bentuk(typed["bentuk"])
        except ValueError:
            errors["bentuk"] = "showcase.bad_choice"
    if typed["jenis"]:
        try:
            jenis = Jenis(typed["jenis"])
        except ValueError:
            errors["jenis"] = "showcase.bad_choice"
    filters = showcase.Filters(
        q=typed["q"],
        year=year,
        opd_id=opd_id,
        urusan=typed["urusan"].strip() or None,
        bentuk=bentuk,
        jenis=jenis,
    )
    return filters, typed, errors


def _page_number(request: Request) -> int:
    text = request.query_params.get("page", "1")
    return int(text) if text.isdigit() and 0 < int(text) <= 10_000 else 1


def _query_string(typed: dict[str, str], **extra: object) -> str:
    values: dict[str, object] = {k: v for k, v in typed.items() if v}
    values.update({k: v for k, v in extra.items() if v})
    return urlencode(values)


def _labels() -> dict[str, list[tuple[str, str]]]:
    return {
        "bentuk": vocab_options("bentuk"),
        "jenis": vocab_options("jenis"),
        "tahapan": vocab_options("tahapan"),
    }


@router.get("/showcase")
def showcase_page(request: Request, uow: UnitOfWorkDep) -> Response:
    """Accepted innovations, searchable by title and filtered by year, OPD, urusan, bentuk and jenis."""
    filters, typed, errors = _filters(request)
    number = _page_number(request)
    items, has_next = showcase.search(uow.session, filters, limit=PAGE_SIZE, offset=(number - 1) * PAGE_SIZE)
    return pages.render(
        request,
        "submission/showcase/list.html",
        {
            "items": items,
            "typed": typed,
            "errors": {name: translate(key) for name, key in errors.items()},
            "options": showcase.filter_options(uow.session),
            "labels": _labels(),
            "page": number,
            "has_next": has_next,
            "prev_query": _query_string(typed, page=number - 1 if number > 2 else None),
            "next_query": _query_string(typed, page=number + 1),
            "export_query": _query_string(typed),
            "filtered": any(typed.values()),
        },
        status_code=422 if errors else 200,
    )


@router.get("/showcase/export.csv")
def export_csv(request: Request, uow: UnitOfWorkDep) -> Response:
    """Open data as CSV: UTF-8 with a BOM (Excel reads it right), every field quoted when it needs it."""
    filters, _, _ = _filters(request)
    records = (item.record() for item in showcase.export(uow.session, filters))
    rows = ([_cell(record[name]) for name in showcase.PUBLIC_FIELDS] for record in records)
    body = csv_text(rows, header=showcase.PUBLIC_FIELDS, bom=True)
    return Response(
        body.encode("utf-8"),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{_filename("csv")}"'},
    )


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return str(value)  # formula-looking text is neutralised by csv_text


@router.get("/showcase/export.json")
def export_json(request: Request, uow: UnitOfWorkDep) -> Response:
    """Open data as JSON: `{"fields": [...], "count": n, "innovations": [...]}` (UTF-8)."""
    filters, _, _ = _filters(request)
    records = [item.record() for item in showcase.export(uow.session, filters)]
    body = {
        "fields": list(showcase.PUBLIC_FIELDS),
        "count": len(records),
        "generated_at": datetime.now(UTC).isoformat(),
        "innovations": records,
    }
    return Response(
        json.dumps(body, ensure_ascii=False, indent=1).encode("utf-8"),
        media_type="application/json; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{_filename("json")}"'},
    )


def _filename(extension: str) -> str:
    return f"inovasi-daerah-{datetime.now(UTC).strftime('%Y%m%d')}.{extension}"


@router.get("/showcase/{innovation_id}")
def innovation_page(request: Request, innovation_id: str, uow: UnitOfWorkDep) -> Response:
    """One accepted innovation's public profile; anything else is a 404 page."""
    try:
        wanted = uuid.UUID(innovation_id)
    except ValueError as exc:
        raise NotFound() from exc
    item = showcase.get_public(uow.session, wanted)
    context = {"item": item, "day": _day, "labels": _labels()}
    return pages.render(request, "submission/showcase/innovation.html", context)


def _day(value: date) -> str:
    """A date as people write it: 1 Februari 2025 (id), 1 February 2025 (en)."""
    return f"{value.day} {MONTHS[current_language.get()][value.month - 1]} {value.year}"
