"""The admin's review pages and the dashboard in a real browser, on the seeded Kukar demo."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from playwright.sync_api import Page, expect

from tests.browser.review_admin_steps import (
    assign_reviewers,
    download_excel,
    enter_spd,
    open_assignments,
    resolve_disagreement,
    see_ranking,
    unassign_reviewer,
)
from tests.e2e.conftest import System


def first_ranked(page: Page, base_url: str) -> str:
    """The name of the innovation ranked first once the demo's review seed has decided some."""
    for _ in range(90):
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


def test_a_reviewer_sees_their_own_figures_but_not_the_dashboard_or_the_admin_pages(
    system: System, page_as: Callable[[str], Page], check_page: Callable[[Page, str], None]
) -> None:
    review = system.urls["review"]
    page = page_as("reviewer")

    page.goto(f"{review}/review/queue")
    expect(page.get_by_text("Angka saya:")).to_be_visible()
    expect(page.get_by_role("link", name="Dasbor")).to_have_count(0)
    check_page(page, "queue-reviewer-figures")

    for path in ("/dashboard", "/review/admin/assignments"):
        response = page.goto(f"{review}{path}")
        assert response is not None
        assert response.status == 403, path


def api(page: Page, method: str, url: str, body: dict[str, Any] | None = None) -> Any:
    """A JSON API call from the logged-in browser (session cookie plus the CSRF header)."""
    csrf = next(c["value"] for c in page.context.cookies() if c["name"] == "gi_csrf")
    response = page.request.fetch(url, method=method, data=body, headers={"X-CSRF-Token": csrf})
    assert response.ok, response.text()
    return response.json()


def test_the_admin_reassigns_a_reviewer_and_resolves_a_disagreement(
    system: System, page_as: Callable[[str], Page], check_page: Callable[[Page, str], None]
) -> None:
    review = system.urls["review"]
    admin = page_as("admin")
    first_ranked(admin, review)  # the demo's review seed is done
    [case] = [c for c in api(admin, "GET", f"{review}/api/v1/cases?status=open")][:1]
    title, case_url = case["nama"], f"{review}/api/v1/cases/{case['id']}"
    detail = api(admin, "GET", case_url)
    names = sorted(a["reviewer_name"] for a in detail["assignments"])
    indicator, claim = next(
        (i["indicator_no"], i["claimed_parameter"])
        for i in detail["indicators"]
        if i["required"] and i["claimed_parameter"] >= 1
    )

    unassign_reviewer(admin, review, title, names[1])
    assign_reviewers(admin, review, title, names)

    # Never above the OPD's claim; the verdicts differ, so they disagree.
    marks = {
        "reviewer": ("sesuai", claim, ""),
        "reviewer2": ("tidak_sesuai", claim - 1, "SK tidak sesuai judul"),
    }
    for who, (verdict, parameter, note) in marks.items():
        reviewer = page_as(who)
        reviewer.goto(f"{review}/dashboard")
        body = {
            "verdicts": [
                {"indicator_no": indicator, "verdict": verdict, "verified_parameter": parameter, "note": note}
            ]
        }
        api(reviewer, "PUT", f"{case_url}/verdicts", body)

    admin.goto(f"{review}/review/admin/disagreements")
    check_page(admin, "review-admin-disagreement-form")
    resolve_disagreement(admin, review, title, indicator, "sesuai", "Dicek ulang: SK sesuai", parameter=claim)
    ruled = next(i for i in api(admin, "GET", case_url)["indicators"] if i["indicator_no"] == indicator)
    assert ruled["verified_parameter"] == claim
