"""The reviewer's pages in a real browser: the queue, a case page with the PDF beside the verdict form,
a mistake explained, the walk through the indicators by keyboard and by "Simpan & lanjut", submitting,
and the admin's view of what still blocks the decision."""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser.review_steps import give_verdicts, open_case_from_queue, open_queue, submit_verdicts
from tests.e2e.conftest import System


def _open_case_waiting_for_me(page: Page, base_url: str) -> str:
    """The title of a demo case still waiting for this reviewer (the demo leaves some open), once the
    demo's own walk through the cases is over (a case is accepted), so the two do not cross."""
    for _ in range(45):
        open_queue(page, base_url)
        rows = page.get_by_role("row").filter(has_text="Menunggu penilaian").filter(has_text="Belum dikirim")
        walked = page.get_by_role("row").filter(has_text="diterima").count() > 0
        if walked and rows.count():
            return rows.first.get_by_role("link").first.inner_text().strip()
        page.wait_for_timeout(2000)
    raise AssertionError("no demo case waits for the reviewer")


def test_a_reviewer_judges_a_case_indicator_by_indicator_and_submits(
    system: System, page_as: Callable[[str], Page], check_page: Callable[[Page, str], None]
) -> None:
    review = system.urls["review"]
    page = page_as("reviewer")
    title = _open_case_waiting_for_me(page, review)
    expect(page.get_by_text("WITA").first).to_be_visible()
    check_page(page, "review-queue")

    open_case_from_queue(page, review, title)
    expect(page.get_by_role("heading", level=2, name=re.compile(r"^Indikator \d+: "))).to_be_visible()
    expect(page.locator("iframe.viewer").first).to_be_visible()  # the PDF beside the form
    expect(page.locator('#verdict-form input[name="verdict"]').first).to_be_focused()
    check_page(page, "review-case")

    # a mistake: "Tidak sesuai" without a note is explained, and the choice is kept
    form = page.locator("#verdict-form")
    form.get_by_role("radio", name="Tidak sesuai", exact=True).check()
    form.locator("#f-param-0").check()
    with page.expect_navigation():
        form.get_by_role("button", name="Simpan & lanjut").click()
    expect(page.get_by_role("alert").first).to_contain_text("Catatan wajib diisi")
    expect(page.get_by_role("radio", name="Tidak sesuai", exact=True)).to_be_checked()
    check_page(page, "review-case-error")

    # the keyboard: J goes to the next indicator, K back
    shown = page.url
    page.keyboard.press("j")
    expect(page).not_to_have_url(shown)
    page.keyboard.press("k")
    expect(page).to_have_url(re.compile(r"/indicators/\d+$"))

    assessed = give_verdicts(page, {2: ("perlu_perbaikan", "SK belum ditandatangani bupati")})
    assert assessed
    submit_verdicts(page)
    check_page(page, "review-case-submitted")

    admin = page_as("admin")
    open_case_from_queue(admin, review, title)
    expect(admin.get_by_role("heading", name="Keputusan atas inovasi ini")).to_be_visible()
    expect(admin.get_by_role("radio", name="Diterima", exact=True)).to_be_visible()
    check_page(admin, "review-case-admin")
