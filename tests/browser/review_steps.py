"""What a reviewer (and the admin deciding) does in the browser, step by step, with accessible locators.

Each step clicks and types like a person and asserts what that person then sees (in Indonesian, the
default language). `base_url` is the review service's base URL (`system.urls["review"]`).
"""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.dialogs import confirming

VERDICT_LABELS = {"sesuai": "Sesuai", "tidak_sesuai": "Tidak sesuai", "perlu_perbaikan": "Perlu perbaikan"}
DECISION_LABELS = {
    "accepted": "Diterima",
    "revision_requested": "Perlu perbaikan (kembalikan ke OPD)",
    "rejected": "Ditolak",
}
DECISION_DONE = {
    "accepted": "Inovasi diterima.",
    "revision_requested": "Permintaan perbaikan dikirim ke OPD.",
    "rejected": "Inovasi ditolak.",
}
FORM_HEADING = re.compile(r"Penilaian saya untuk indikator (\d+)")
MAX_INDICATORS = 60


def open_queue(page: Page, base_url: str) -> None:
    """Open "Antrean verifikasi" from the menu's address and see the queue's table."""
    page.goto(f"{base_url}/review/queue")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        re.compile(r"Antrean verifikasi saya|Semua kasus verifikasi")
    )
    expect(page.get_by_role("table")).to_be_visible()


def open_case_from_queue(page: Page, base_url: str, title: str) -> None:
    """From the queue, open the case of the innovation called `title`; its page shows the title and
    the indicator strip (the first indicator still to assess is shown)."""
    open_queue(page, base_url)
    page.get_by_role("link", name=title, exact=True).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.get_by_role("navigation", name="Indikator", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile(r"^Data dukung"))).to_be_visible()


def current_form_indicator(page: Page) -> int | None:
    """The indicator number the verdict form on screen is for, or None if there is no form."""
    heading = page.get_by_role("heading", name=FORM_HEADING)
    if heading.count() == 0:
        return None
    match = FORM_HEADING.search(heading.first.inner_text())
    return int(match.group(1)) if match else None


def give_verdict(page: Page, verdict: str, note: str | None = None, *, parameter: int | None = None) -> None:
    """On the indicator shown, choose the verdict (a Verdict value or its label), optionally the verified
    parameter and a note, then "Simpan & lanjut"; the page says it was saved."""
    label = VERDICT_LABELS.get(verdict, verdict)
    form = page.locator("#verdict-form")
    form.get_by_role("radio", name=label, exact=True).check()
    if parameter is None:  # nothing is preselected: a reviewer confirms the claim, or marks it one lower
        claimed = int(form.locator("#f-verified_parameter").get_attribute("data-claimed") or 0)
        parameter = claimed if verdict == "sesuai" else max(claimed - 1, 0)
    form.locator(f"#f-param-{parameter}").check()
    form.get_by_label("Catatan untuk OPD").fill(note or "")
    with page.expect_navigation():
        form.get_by_role("button", name="Simpan & lanjut").click()
    expect(page.get_by_role("status").filter(has_text="Penilaian")).to_contain_text("tersimpan")


def give_verdicts(
    page: Page,
    verdicts: dict[int, tuple[str, str | None]] | None = None,
    default: tuple[str, str | None] = ("sesuai", None),
) -> list[int]:
    """On an open case page, walk indicator by indicator through every one still to assess, giving
    `verdicts[no]` (verdict, note) or `default`; stops when the page says every indicator is assessed.
    Returns the indicator numbers assessed, in order."""
    verdicts = verdicts or {}
    done: list[int] = []
    for _ in range(MAX_INDICATORS):
        number = current_form_indicator(page)
        assert number is not None, f"no verdict form on {page.url}"
        assert number not in done, f"indicator {number} came round again: {page.url}"
        verdict, note = verdicts.get(number, default)
        give_verdict(page, verdict, note)
        done.append(number)
        if page.get_by_text("Semua indikator sudah Anda nilai").count():
            break
    else:
        raise AssertionError(f"the walk did not end after {MAX_INDICATORS} indicators")
    expect(page.get_by_role("button", name="Kirim penilaian saya")).to_be_visible()
    return done


def submit_verdicts(page: Page) -> None:
    """Press "Kirim penilaian saya", confirm, and see that they are sent (the form is gone)."""
    with confirming(page), page.expect_navigation():
        page.get_by_role("button", name="Kirim penilaian saya").click()
    expect(page.get_by_text("Penilaian Anda terkirim.")).to_be_visible()
    expect(page.locator("#verdict-form")).to_have_count(0)


def decide(
    page: Page,
    decision: str,
    note: str = "",
    *,
    reopen: list[int] | None = None,
    deadline: str | None = None,
) -> None:
    """As the admin on the case page: choose the decision ("accepted", "revision_requested",
    "rejected"), write the note, optionally tick exactly the indicators to reopen and set the revision
    deadline (YYYY-MM-DD), confirm; the page says what was decided. If the case cannot be decided yet,
    fails with the list the page shows."""
    form = page.locator("#decision-form")
    expect(form).to_be_visible()
    form.get_by_role("radio", name=DECISION_LABELS.get(decision, decision), exact=True).check()
    form.get_by_label("Catatan keputusan untuk OPD").fill(note)
    if reopen is not None:
        boxes = form.get_by_role("checkbox")
        for index in range(boxes.count()):
            box = boxes.nth(index)
            wanted = int(box.get_attribute("value") or 0) in reopen
            if box.is_checked() != wanted:
                box.set_checked(wanted)
    if deadline is not None:
        form.get_by_label("Batas waktu perbaikan").fill(deadline)
    with confirming(page), page.expect_navigation():
        form.get_by_role("button", name="Simpan keputusan").click()
    blocked = page.locator("#decision-missing")
    status = page.get_by_role("status").filter(has_text=DECISION_DONE.get(decision, ""))
    expect(status.or_(page.locator("#form-errors"))).to_be_visible()
    if not status.count():
        shown = blocked.inner_text() if blocked.count() else page.locator("#form-errors").inner_text()
        raise AssertionError(f"the decision was refused: {shown}")
    expect(page.locator("#decision-form")).to_have_count(0)
