"""The admin's review pages and the dashboard in a real browser, on the seeded Kukar demo."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser.review_admin_steps import download_excel, enter_spd, open_assignments, see_ranking
from tests.e2e.conftest import System


def first_ranked(page: Page, base_url: str) -> str:
    """The name of the innovation ranked first once the demo's review seed has decided some."""
    for _ in range(30):
        page.goto(f"{base_url}/dashboard")
        names = page.get_by_role("region", name="Peringkat inovasi").get_by_role("rowheader")
        if names.count():
            return names.first.inner_text().strip()
        page.wait_for_timeout(2000)
    raise AssertionError("the demo's ranking stayed empty")


def test_the_admin_walks_every_review_admin_page(
    system: System, page_as: Callable[[str], Page], check_page: Callable[[Page, str], None]
) -> None:
    review = system.urls["review"]
    page = page_as("admin")

    page.get_by_role("link", name="Penugasan & verifikasi").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Penugasan penilai")
    open_assignments(page, review)
    check_page(page, "review-admin-assignments")

    page.get_by_role("link", name="Perbedaan penilaian").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Perbedaan penilaian")
    check_page(page, "review-admin-disagreements")

    page.get_by_role("link", name="Data SPD").click()
    code = page.get_by_role("group").first.locator("legend").inner_text().split(" · ")[0].strip()
    enter_spd(page, review, code, 2, "Perkada inovasi daerah", "https://kukarkab.go.id/perkada-inovasi.pdf")
    check_page(page, "review-admin-spd")

    path = download_excel(page, review)
    assert path.stat().st_size > 0
    check_page(page, "review-admin-exports")

    page.goto(f"{review}/review/admin/dead-messages")
    expect(page.get_by_role("heading", level=1)).to_have_text("Pesan yang gagal diproses")
    check_page(page, "review-admin-dead-messages")

    title = first_ranked(page, review)
    assert see_ranking(page, review, title) == 1
    expect(page.get_by_role("heading", name="Proyeksi Indeks Inovasi Daerah")).to_be_visible()
    check_page(page, "dashboard-admin")


def test_a_reviewer_sees_the_dashboard_but_not_the_admin_pages(
    system: System, page_as: Callable[[str], Page], check_page: Callable[[Page, str], None]
) -> None:
    review = system.urls["review"]
    page = page_as("reviewer")

    page.get_by_role("link", name="Dasbor").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Dasbor Gelar Inovasi")
    expect(page.get_by_text("Peringkat hanya memuat inovasi yang sudah diputuskan")).to_be_visible()
    check_page(page, "dashboard-reviewer")

    response = page.goto(f"{review}/review/admin/assignments")
    assert response is not None
    assert response.status == 403
