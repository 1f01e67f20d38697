"""What the pemda's admin does on review's admin pages and the dashboard, step by step, in the browser.

Each step clicks and types like a person (accessible locators: roles, labels, button names) and asserts
what that person then sees, in Indonesian (the default). `base_url` is the review service's base URL
(`system.urls["review"]`); the page must be logged in as the admin (the dashboard: admin or reviewer).
"""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from openpyxl import load_workbook
from playwright.sync_api import Locator, Page, expect

from tests.browser.dialogs import confirming

VERDICT_LABELS = {"sesuai": "Sesuai", "tidak_sesuai": "Tidak sesuai", "perlu_perbaikan": "Perlu perbaikan"}


def open_assignments(page: Page, base_url: str) -> None:
    """Open "Penugasan penilai" (the admin's menu item "Administrasi penilaian" lands here)."""
    page.goto(f"{base_url}/review/admin/assignments")
    expect(page.get_by_role("heading", level=1)).to_have_text("Penugasan penilai")
    expect(page.get_by_role("navigation", name="Menu administrasi penilaian")).to_be_visible()


def case_row(page: Page, title: str) -> Locator:
    """The assignment board's row of the innovation called `title`."""
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=title, exact=True))
    expect(row).to_have_count(1)
    return row


def assigned(row: Locator, name: str) -> Locator:
    """The entry of reviewer `name` in the row's list of assigned reviewers (not the choices to add)."""
    return row.get_by_role("listitem").filter(has=row.page.get_by_text(name, exact=True))


def assign_reviewers(page: Page, base_url: str, title: str, reviewers: list[str]) -> None:
    """Make sure each of `reviewers` (names as in the directory) is on the case of `title`: pick the
    name in the row's list and press "Tugaskan"; the board confirms and lists them with a due date."""
    open_assignments(page, base_url)
    for name in reviewers:
        row = case_row(page, title)
        if assigned(row, name).count():
            continue  # already assigned (the automatic assignment may have chosen them)
        row.get_by_label(f"Penilai untuk {title}", exact=True).select_option(label=name)
        row.get_by_role("button", name=f"Tugaskan penilai untuk {title}", exact=True).click()
        expect(page.get_by_role("status")).to_contain_text("Penilai ditugaskan dan diberi tahu.")
    row = case_row(page, title)
    for name in reviewers:
        expect(assigned(row, name)).to_be_visible()
    expect(row).to_contain_text("batas ")


def unassign_reviewer(page: Page, base_url: str, title: str, reviewer: str) -> None:
    """Take `reviewer` off the case of `title` ("Lepas", confirmed); the name leaves the row."""
    open_assignments(page, base_url)
    with confirming(page):
        case_row(page, title).get_by_role("button", name=f"Lepas {reviewer} dari {title}").click()
    expect(page.get_by_role("status")).to_contain_text("Penilai dilepas dari kasus.")
    expect(assigned(case_row(page, title), reviewer)).to_have_count(0)


def resolve_disagreement(
    page: Page,
    base_url: str,
    title: str,
    indicator_no: int,
    verdict: str,
    note: str,
    parameter: int | None = None,
) -> None:
    """On "Perbedaan penilaian", rule on indicator `indicator_no` of `title`: the final verdict
    (sesuai / tidak_sesuai / perlu_perbaikan), the parameter (default: the lower reviewer's, as
    preselected) and the coordinator's note; the disagreement then leaves the list."""
    page.goto(f"{base_url}/review/admin/disagreements")
    expect(page.get_by_role("heading", level=1)).to_have_text("Perbedaan penilaian")
    region = page.get_by_role("region", name=f"{title} — Indikator {indicator_no}")
    expect(region).to_be_visible()
    region.get_by_label(VERDICT_LABELS[verdict], exact=True).check()
    if parameter is not None:
        region.get_by_label("Parameter terverifikasi").select_option(value=str(parameter))
    region.get_by_label("Catatan koordinator").fill(note)
    region.get_by_role("button", name="Tetapkan keputusan").click()
    expect(page.get_by_role("status")).to_contain_text("Keputusan koordinator disimpan.")
    expect(page.get_by_role("region", name=f"{title} — Indikator {indicator_no}")).to_have_count(0)


def enter_spd(
    page: Page, base_url: str, code: str, parameter: int, note: str, evidence_url: str = ""
) -> None:
    """On "Data SPD", enter one SPD indicator's parameter, note and evidence link and save."""
    page.goto(f"{base_url}/review/admin/spd")
    expect(page.get_by_role("heading", level=1)).to_have_text("Data SPD (tingkat pemda)")
    group = page.get_by_role("group", name=re.compile(rf"^{re.escape(code)} · "))
    group.get_by_label("Parameter").select_option(value=str(parameter))
    group.get_by_label("Catatan").fill(note)
    group.get_by_label("Tautan data dukung").fill(evidence_url)
    page.get_by_role("button", name="Simpan data SPD").click()
    expect(page.get_by_role("status")).to_contain_text(re.compile("Data SPD disimpan.|Tidak ada perubahan"))
    expect(group.get_by_label("Parameter")).to_have_value(str(parameter))


def see_ranking(page: Page, base_url: str, title: str) -> int:
    """Open the dashboard and find `title` in the innovation ranking; its rank."""
    page.goto(f"{base_url}/dashboard")
    expect(page.get_by_role("heading", level=1)).to_have_text("Dasbor Gelar Inovasi")
    ranking = page.get_by_role("region", name="Peringkat inovasi")
    row = ranking.get_by_role("row").filter(has=page.get_by_role("rowheader", name=title, exact=True))
    expect(row).to_have_count(1)
    expect(page.get_by_role("img", name=re.compile("Nilai terverifikasi per OPD"))).to_be_visible()
    return int(row.get_by_role("cell").first.inner_text().strip())


def download_excel(page: Page, base_url: str) -> Path:
    """On "Unduhan", download the Excel recap; it opens as a workbook. Its path on disk."""
    page.goto(f"{base_url}/review/admin/exports")
    expect(page.get_by_role("heading", level=1)).to_have_text("Unduhan")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Unduh rekap Excel (XLSX)").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".xlsx"), download.suggested_filename
    path = Path(tempfile.mkdtemp(prefix="gi-recap-")) / download.suggested_filename
    download.save_as(path)
    workbook = load_workbook(path)
    assert workbook.worksheets, "the recap has no sheet"
    return path
