"""What the pemda admin does on submission's admin pages, step by step, with accessible locators.

Each step clicks and types like a person and asserts what the admin then sees (in Indonesian, the default
language). `base_url` is the submission service's base URL (`system.urls["submission"]`). Date and time
fields take the browser's `datetime-local` format, "YYYY-MM-DDTHH:MM", read in the pemda's zone.
"""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Locator, Page, expect

from tests.browser.dialogs import confirming

SUBNAV = "Menu administrasi"


def _label(text: str) -> re.Pattern[str]:
    """A field's label as shown: the text, plus "(wajib diisi)" on a required field."""
    return re.compile(rf"^{re.escape(text)}( \(wajib diisi\))?$")


def _section(page: Page, link: str, heading: str) -> None:
    page.get_by_role("navigation", name=SUBNAV).get_by_role("link", name=link, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)


def open_admin(page: Page, base_url: str) -> None:
    """Open "Administrasi" from the menu: the periods page with the admin's sub-navigation."""
    page.goto(f"{base_url}/admin/periods")
    expect(page.get_by_role("heading", level=1)).to_have_text("Periode pengajuan")
    expect(page.get_by_role("navigation", name=SUBNAV)).to_be_visible()


def open_period(page: Page, base_url: str, period_name: str) -> None:
    """Open one period's page from the periods list (its dates, deadline and extension forms)."""
    open_admin(page, base_url)
    page.get_by_role("link", name=period_name, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(period_name)


def create_period(
    page: Page, base_url: str, year: int, *, name: str = "", opens_at: str = "", closes_at: str = ""
) -> None:
    """Fill "Buat periode baru" and see the new period's page ("Periode dibuat.")."""
    open_admin(page, base_url)
    form = page.locator("form[action='/admin/periods']")
    form.get_by_label(_label("Tahun")).fill(str(year))
    if name:
        form.get_by_label(_label("Nama periode")).fill(name)
    if opens_at:
        form.get_by_label(_label("Dibuka")).fill(opens_at)
    if closes_at:
        form.get_by_label(_label("Batas waktu")).fill(closes_at)
    form.get_by_role("button", name="Buat periode").click()
    expect(page.get_by_role("status")).to_have_text("Periode dibuat.")
    expect(page.get_by_role("heading", level=1)).to_have_text(name or f"Gelar Inovasi Daerah {year}")


def open_period_now(page: Page, base_url: str, period_name: str) -> None:
    """On a period not open yet, press "Buka sekarang" (and confirm): the period is open."""
    open_period(page, base_url, period_name)
    with confirming(page):
        page.get_by_role("button", name="Buka sekarang").click()
    expect(page.get_by_role("status")).to_have_text("Periode dibuka sekarang.")
    expect(page.get_by_role("button", name="Buka sekarang")).to_have_count(0)


def change_deadline(page: Page, base_url: str, period_name: str, closes_at: str) -> None:
    """Type a new deadline for the whole period and save it."""
    open_period(page, base_url, period_name)
    page.get_by_label(_label("Batas waktu baru")).fill(closes_at)
    page.get_by_role("button", name="Simpan batas waktu").click()
    expect(page.get_by_role("status")).to_have_text("Batas waktu periode diubah.")


def extend_deadline_for_opd(
    page: Page, base_url: str, period_name: str, opd_name: str, closes_at: str, reason: str
) -> None:
    """Give one OPD a later deadline; its row in "Batas waktu per OPD" then says "diperpanjang"."""
    open_period(page, base_url, period_name)
    page.get_by_label(_label("OPD")).select_option(label=opd_name)
    page.get_by_label(_label("Batas waktu OPD ini")).fill(closes_at)
    page.get_by_label(_label("Alasan")).fill(reason)
    page.get_by_role("button", name="Simpan perpanjangan").click()
    expect(page.get_by_role("status")).to_have_text("Perpanjangan batas waktu untuk OPD tersimpan.")
    row = page.get_by_role("table", name="Batas waktu per OPD").get_by_role("row").filter(has_text=opd_name)
    expect(row).to_contain_text("diperpanjang")


def add_opd(page: Page, base_url: str, name: str, kind: str = "kecamatan", parent: str = "") -> None:
    """Add an OPD on the OPD page and see it listed."""
    page.goto(f"{base_url}/admin/opds")
    form = page.locator("form[action='/admin/opds']")
    form.get_by_label(_label("Nama OPD")).fill(name)
    form.get_by_label(_label("Jenis")).select_option(kind)
    if parent:
        form.get_by_label(_label("OPD induk")).select_option(label=parent)
    form.get_by_role("button", name="Tambah OPD").click()
    expect(page.get_by_role("status")).to_have_text("OPD ditambahkan.")
    expect(page.get_by_role("cell", name=name, exact=True)).to_be_visible()


def import_file(page: Page, base_url: str, what: str, path: Path) -> Locator:
    """Import OPDs (`what`="opds") or users (`what`="users") from a CSV/XLSX file; returns the page's
    notice (a success message, or the refusal above the per-row report)."""
    page.goto(f"{base_url}/admin/{what}")
    form = page.locator(f"form[action='/admin/{what}/import']")
    form.get_by_label("Berkas CSV atau XLSX").set_input_files(str(path))
    with page.expect_navigation():
        form.get_by_role("button", name="Impor").click()
    return page.get_by_role("alert").or_(page.get_by_role("status")).first


def add_user(
    page: Page, base_url: str, email: str, name: str, role_label: str, opd_name: str = "", whatsapp: str = ""
) -> None:
    """Add a person (they get an invitation by email) and see them in the list as active.

    `role_label` is the role as the page shows it: "Operator OPD", "Kepala OPD", "Verifikator", "Admin pemda".
    """
    page.goto(f"{base_url}/admin/users")
    form = page.locator("form[action='/admin/users']")
    form.get_by_label(_label("Email")).fill(email)
    form.get_by_label(_label("Nama")).fill(name)
    form.get_by_label(_label("Peran")).select_option(label=role_label)
    if opd_name:
        form.get_by_label(_label("OPD")).select_option(label=opd_name)
    if whatsapp:
        form.get_by_label(_label("Nomor WhatsApp")).fill(whatsapp)
    form.get_by_role("button", name="Tambah dan kirim undangan").click()
    expect(page.get_by_role("status")).to_contain_text("Pengguna ditambahkan")
    expect(page.get_by_role("row").filter(has_text=email)).to_contain_text("Aktif")


def deactivate_user(page: Page, base_url: str, name: str) -> None:
    """Press "Nonaktifkan" on a person's row (and confirm): the row says "Nonaktif"."""
    page.goto(f"{base_url}/admin/users")
    with confirming(page):
        page.get_by_role("button", name=f"Nonaktifkan {name}", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("Akun dinonaktifkan")
    expect(page.get_by_role("button", name=f"Aktifkan {name}", exact=True)).to_be_visible()


def change_role(page: Page, base_url: str, name: str, role_label: str) -> None:
    """Open "Ubah" for a person, choose another role, save."""
    page.goto(f"{base_url}/admin/users")
    page.get_by_role("link", name=f"Ubah {name}", exact=True).click()
    page.get_by_label(_label("Peran")).select_option(label=role_label)
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_role("status")).to_have_text("Data pengguna tersimpan.")


def see_catalogue(page: Page, base_url: str, indicator_name: str) -> Locator:
    """Open the catalogue page and find one indicator's row (weight, parameters, guidance)."""
    page.goto(f"{base_url}/admin/catalogue")
    expect(page.get_by_role("heading", level=1)).to_have_text("Katalog indikator")
    row = page.get_by_role("row").filter(has_text=indicator_name).first
    expect(row).to_be_visible()
    return row


def see_compliance(page: Page, base_url: str) -> list[str]:
    """Open "Kepatuhan OPD"; returns the OPDs listed under "Belum mengirim" (not sent anything yet)."""
    page.goto(f"{base_url}/admin/compliance")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kepatuhan OPD")
    waiting = page.get_by_role("table", name=re.compile(r"^Belum mengirim"))
    expect(waiting).to_be_visible()
    names = [
        row.get_by_role("cell").first.inner_text().strip()
        for row in waiting.locator("tbody").get_by_role("row").all()
    ]
    return [n for n in names if n and not n.startswith("Semua OPD")]


def remind_opd(page: Page, base_url: str, opd_name: str, *, expect_sent: bool = True) -> None:
    """Press "Ingatkan" on an OPD's row of the compliance board.

    With `expect_sent` the page must say the reminder went ("Pengingat dikirim..."); otherwise it must say
    it was just sent and not sent again (a second click within a minute).
    """
    page.goto(f"{base_url}/admin/compliance")
    page.get_by_role("button", name=f"Ingatkan {opd_name}", exact=True).click()
    if expect_sent:
        expect(page.get_by_role("status")).to_have_text("Pengingat dikirim ke operator dan kepala OPD.")
    else:
        expect(page.get_by_role("status")).to_contain_text("baru saja dikirim")
    row = page.get_by_role("row").filter(has_text=opd_name).first
    expect(row).to_contain_text(re.compile(r"WI(B|TA|T)"))


def see_audit(page: Page, base_url: str, text: str) -> None:
    """Open the audit log and see an entry containing `text` on its first page."""
    page.goto(f"{base_url}/admin/audit")
    expect(page.get_by_role("heading", level=1)).to_have_text("Log audit")
    expect(page.get_by_role("row").filter(has_text=text).first).to_be_visible()
