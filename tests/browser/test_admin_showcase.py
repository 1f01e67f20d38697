"""Submission's admin pages and the public showcase in a real browser, on the seeded Kukar demo."""

from __future__ import annotations

import csv
import io
import time
from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser.admin_steps import (
    add_opd,
    add_user,
    extend_deadline_for_opd,
    open_period,
    remind_opd,
    see_audit,
    see_catalogue,
    see_compliance,
)
from tests.browser.showcase_steps import EMAIL, export_csv, find_in_showcase, open_showcase
from tests.e2e.conftest import System


def test_the_admin_walks_every_admin_page_and_reminds_an_opd(
    system: System, page_as: Callable[[str], Page], check_page: Callable[[Page, str], None]
) -> None:
    base = system.urls["submission"]
    page = page_as("admin")
    stamp = str(int(time.time()))[-6:]
    opd, operator = f"Kecamatan Muara Uji {stamp}", f"Operator Muara {stamp}"

    page.get_by_role("link", name="Administrasi").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Periode pengajuan")
    check_page(page, "admin-periods")
    period = (
        page.get_by_role("table", name="Periode pengajuan").get_by_role("link").first.inner_text().strip()
    )
    open_period(page, base, period)
    check_page(page, "admin-period")

    add_opd(page, base, opd)
    check_page(page, "admin-opds")
    extend_deadline_for_opd(page, base, period, opd, "2099-03-01T10:00", "Surat permohonan camat")
    add_user(page, base, f"muara{stamp}@kukar.demo", operator, "Operator OPD", opd)
    check_page(page, "admin-users")

    assert opd in see_compliance(page, base)
    check_page(page, "admin-compliance")
    remind_opd(page, base, opd)
    remind_opd(page, base, opd, expect_sent=False)  # a double click sends nothing more
    see_audit(page, base, "remind")
    check_page(page, "admin-audit")

    row = see_catalogue(page, base, "Regulasi")
    expect(row).to_contain_text("wajib")
    check_page(page, "admin-catalogue")


def _accepted_title(page: Page, base: str) -> str:
    """The first accepted innovation, once the demo's review seed has decided some."""
    for _ in range(45):
        open_showcase(page, base)
        titles = page.locator(".cards .card h3")
        if titles.count():
            return titles.first.inner_text().strip()
        page.wait_for_timeout(2000)
    raise AssertionError("no accepted innovation reached the showcase")


def test_the_public_finds_an_accepted_innovation_and_downloads_the_open_data(
    system: System, page_as: Callable[[str], Page], check_page: Callable[[Page, str], None]
) -> None:
    base = system.urls["submission"]
    page = page_as("public")

    title = _accepted_title(page, base)
    check_page(page, "showcase")
    find_in_showcase(page, base, title)
    check_page(page, "showcase-innovation")

    path = export_csv(page, base)
    rows = list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig"))))
    assert title in {r["nama"] for r in rows}
    assert not any(EMAIL.search(value) for r in rows for value in r.values())

    response = page.goto(f"{base}/showcase/00000000-0000-0000-0000-000000000000")
    assert response is not None
    assert response.status == 404
    expect(page.get_by_text("Data tidak ditemukan")).to_be_visible()
