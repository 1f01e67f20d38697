"""What the public does on the showcase (no login), step by step, with accessible locators.

`base_url` is the submission service's base URL (`system.urls["submission"]`). Texts are Indonesian,
the default language.
"""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import Page, expect

EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")


def open_showcase(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/showcase")
    expect(page.get_by_role("heading", level=1)).to_have_text("Etalase inovasi daerah")


def search_showcase(page: Page, base_url: str, words: str, **filters: str) -> list[str]:
    """Type words in "Judul inovasi", choose filters by their visible labels, press "Cari"; returns the
    titles found. `filters` keys: year, opd, urusan, bentuk, jenis (values as the lists show them)."""
    open_showcase(page, base_url)
    search = page.get_by_role("search", name="Cari inovasi")
    search.get_by_label("Judul inovasi").fill(words)
    labels = {
        "year": "Tahun",
        "opd": "OPD",
        "urusan": "Urusan pemerintahan",
        "bentuk": "Bentuk inovasi",
        "jenis": "Jenis inovasi",
    }
    for name, value in filters.items():
        search.get_by_label(labels[name], exact=True).select_option(label=value)
    with page.expect_navigation():
        search.get_by_role("button", name="Cari").click()
    expect(search.get_by_label("Judul inovasi")).to_have_value(words)
    return [t.strip() for t in page.locator(".cards .card h3").all_inner_texts()]


def find_in_showcase(page: Page, base_url: str, title: str) -> None:
    """Search the showcase for `title`, open it, and see its public profile (and no private data)."""
    titles = search_showcase(page, base_url, title)
    assert title in titles, f"{title!r} is not in the showcase: {titles}"
    page.get_by_role("link", name=title, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    profile = page.get_by_role("table", name="Profil inovasi")
    for label in ("Tahun", "OPD", "Pemerintah daerah", "Urusan pemerintahan", "Jenis inovasi", "Tahapan"):
        expect(profile.get_by_role("rowheader", name=label, exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Tujuan")).to_be_visible()
    body = page.locator("main").inner_text()
    assert not EMAIL.search(body), "an email address is on a public page"


def export_csv(page: Page, base_url: str | None = None) -> Path:
    """Press "Unduh CSV" on the showcase; returns the downloaded file (UTF-8 with BOM, a header row)."""
    if base_url is not None:
        open_showcase(page, base_url)
    with page.expect_download() as info:
        page.get_by_role("link", name="Unduh CSV").click()
    path = Path(info.value.path())
    content = path.read_bytes()
    assert content.startswith(b"\xef\xbb\xbf"), "the CSV has no BOM (Excel would garble it)"
    assert content[3:].decode("utf-8").startswith("id,nama,pemda,opd,tahun")
    return path


def export_json(page: Page, base_url: str | None = None) -> Path:
    """Press "Unduh JSON" on the showcase; returns the downloaded file."""
    if base_url is not None:
        open_showcase(page, base_url)
    with page.expect_download() as info:
        page.get_by_role("link", name="Unduh JSON").click()
    return Path(info.value.path())
