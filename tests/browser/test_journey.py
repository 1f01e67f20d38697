"""The whole season of one innovation, by clicking only, on the system as `make run` starts it.

The operator creates an innovation, uploads evidence, sees the score and sends it; the head approves;
two reviewers verify and disagree on one indicator; the coordinator resolves it; revision is requested;
the operator sees the note beside the flagged indicator and resubmits; the head approves again; the
reviewers verify the reopened indicator; the innovation is accepted; the admin sees it in the ranking and
downloads the Excel recap; the public showcase lists it; the messages are in the development inbox.
Every key page passes the accessibility check and the phone check, and is saved as a screenshot.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from services.submission.demo import demo_pdf
from tests.browser.conftest import DEMO_USERS, log_in_here
from tests.browser.notification_steps import find_in_dev_inbox, follow_link_in_message
from tests.browser.opd_steps import (
    add_video_link,
    answer_indicator,
    approve,
    back_to_innovation,
    choose_parameter,
    create_innovation,
    fill_profile,
    missing_items,
    open_history,
    open_indicator,
    open_innovation,
    read_score,
    resubmit_revision,
    see_revision,
    send_to_head,
)
from tests.browser.review_admin_steps import (
    assign_reviewers,
    download_excel,
    resolve_disagreement,
    see_ranking,
)
from tests.browser.review_steps import decide, give_verdicts, open_case_from_queue, submit_verdicts
from tests.browser.showcase_steps import find_in_showcase
from tests.e2e.conftest import System
from tests.submission.dossier import PROFILE, RANCANG_BANGUN

FLAGGED = 2  # the indicator the reviewers disagree on and the revision is about
NOTE = "Nomor surat keputusan belum tercantum pada bukti; unggah SK yang bernomor."


def until_listed(page: Page, url: str, name: str, timeout: float = 90) -> None:
    """Reload `url` until a link called `name` shows up (messages between services take a moment)."""
    deadline = time.monotonic() + timeout
    while True:
        page.goto(url)
        if page.get_by_role("link", name=name, exact=True).count():
            return
        assert time.monotonic() < deadline, f"{name!r} never appeared on {url}"
        page.wait_for_timeout(1000)


def evidence(folder: Path, name: str) -> Path:
    """A real one-page PDF (the reviewer's viewer shows it), different each time."""
    path = folder / f"{name}.pdf"
    path.write_bytes(demo_pdf(f"{name} {uuid.uuid4().hex[:8]}"))
    return path


def verify_as(page: Page, review: str, title: str, verdicts: dict[int, tuple[str, str | None]]) -> None:
    until_listed(page, f"{review}/review/queue", title)
    open_case_from_queue(page, review, title)
    give_verdicts(page, verdicts)
    submit_verdicts(page)


@pytest.mark.timeout(900)
def test_one_innovation_from_draft_to_the_public_showcase(
    system: System, page_as: Callable[[str], Page], check_page: Callable[[Page, str], None], tmp_path: Path
) -> None:
    submission, review, notification = (system.urls[s] for s in ("submission", "review", "notification"))
    title = f"Layanan Antrean Puskesmas Daring {uuid.uuid4().hex[:5]}"

    # The operator builds the dossier and sends it to the head.
    operator = page_as("operator")
    create_innovation(operator, submission, {"nama": title, "tahapan": "Penerapan", "jenis": "Digital"})
    fill_profile(
        operator,
        {
            "inisiator": "OPD",
            "bentuk": "Inovasi pelayanan publik",
            "tematik": "Digitalisasi layanan pemerintahan",
            **{
                k: PROFILE[k] for k in ("nama_inisiator", "urusan_utama", "waktu_uji_coba", "waktu_penerapan")
            },
            **{k: PROFILE[k] for k in ("tujuan", "manfaat", "hasil")},
            "rancang_bangun": RANCANG_BANGUN,
        },
    )
    check_page(operator, "journey-01-operator-profile")
    answer_indicator(
        operator, 1, "Peraturan Kepala Daerah", evidence(tmp_path, "sk-bupati"), nomor_surat="100/12/2026"
    )
    answer_indicator(operator, FLAGGED, "2 —", evidence(tmp_path, "bukti-indikator-2"))
    answer_indicator(operator, 17, "2 —", evidence(tmp_path, "bukti-indikator-17"))
    answer_indicator(
        operator,
        18,
        "3 —",
        evidence(tmp_path, "bukti-indikator-18"),
        basis_label="Jumlah orang yang terlayani",
    )
    open_indicator(operator, 20)
    choose_parameter(operator, "3 —")
    add_video_link(operator, "https://www.youtube.com/watch?v=kukar-antrean", "Video antrean daring")
    check_page(operator, "journey-02-operator-indicator")
    back_to_innovation(operator)
    assert missing_items(operator) == []
    assert read_score(operator).startswith("Skor penilaian mandiri: ")
    check_page(operator, "journey-03-operator-score")
    send_to_head(operator)

    # The head approves: it goes to the pemda's review team.
    head = page_as("head")
    approve(head, submission, title)

    # The admin sees both reviewers on the case (assigned automatically, or by hand if one is missing).
    admin = page_as("admin")
    until_listed(admin, f"{review}/review/admin/assignments", title)
    assign_reviewers(admin, review, title, ["Verifikator BRIDA", "Rina Verifikator"])
    check_page(admin, "journey-04-admin-assignments")

    # Two reviewers verify; they disagree on one indicator.
    first = page_as("reviewer")
    verify_as(first, review, title, {})
    check_page(first, "journey-05-reviewer-case")
    second = page_as("reviewer2")
    verify_as(second, review, title, {FLAGGED: ("perlu_perbaikan", NOTE)})

    # The coordinator resolves the disagreement and asks the OPD for a revision of that indicator.
    resolve_disagreement(admin, review, title, FLAGGED, "perlu_perbaikan", NOTE)
    open_case_from_queue(admin, review, title)
    decide(admin, "revision_requested", "Mohon lengkapi bukti indikator 2.", reopen=[FLAGGED])
    check_page(admin, "journey-06-admin-decision")

    # The operator sees the note beside the flagged indicator and resubmits; the head approves again.
    deadline = time.monotonic() + 90
    while True:
        open_innovation(operator, submission, title)
        if operator.get_by_role("heading", name="Perbaikan diminta verifikator").count():
            break
        assert time.monotonic() < deadline, "the revision request never reached the operator"
        operator.wait_for_timeout(1000)
    see_revision(operator, submission, title, FLAGGED, NOTE)
    check_page(operator, "journey-07-operator-revision")
    resubmit_revision(operator, submission, title, FLAGGED, evidence(tmp_path, "sk-bernomor"))
    approve(head, submission, title)

    # Round two: the reviewers check the reopened indicator; the innovation is accepted.
    until_listed(first, f"{review}/review/queue", title)
    open_case_from_queue(first, review, title)
    expect(first.get_by_text("Putaran 1").first).to_be_visible()  # earlier round's verdicts beside the form
    give_verdicts(first, {})
    submit_verdicts(first)
    verify_as(second, review, title, {})
    open_case_from_queue(admin, review, title)
    decide(admin, "accepted", "Inovasi memenuhi seluruh indikator.")

    # The admin sees it ranked and downloads the recap; the operator sees the versions.
    see_ranking(admin, review, title)
    check_page(admin, "journey-08-dashboard")
    recap = download_excel(admin, review)
    assert recap.stat().st_size > 0
    open_innovation(operator, submission, title)
    open_history(operator)
    check_page(operator, "journey-09-history")

    # The public showcase lists it (no login), once submission has heard of the decision.
    public = page_as("public")
    deadline = time.monotonic() + 90
    while True:
        try:
            find_in_showcase(public, submission, title)
            break
        except AssertionError:
            assert time.monotonic() < deadline, "the accepted innovation never reached the showcase"
            public.wait_for_timeout(1000)
    check_page(public, "journey-10-showcase")

    # Everyone was told: the development inbox holds the messages.
    inbox = page_as("public")
    assigned = find_in_dev_inbox(
        inbox, notification, "reviewer2@kukar.demo", f'Tugas verifikasi baru: "{title}"'
    )
    assert title in assigned
    revision = find_in_dev_inbox(
        inbox, notification, "operator@kukar.demo", f'Inovasi "{title}" perlu diperbaiki'
    )
    assert "indikator" in revision.lower()
    accepted = find_in_dev_inbox(inbox, notification, "operator@kukar.demo", f'Inovasi "{title}" diterima')
    assert title in accepted
    check_page(inbox, "journey-11-dev-inbox")
    # The revision email leads to the innovation: a click, the login, and the operator is on its page.
    follow_link_in_message(
        inbox, notification, "operator@kukar.demo", f'Inovasi "{title}" perlu diperbaiki', "/opd/innovations/"
    )
    expect(inbox.get_by_role("heading", name="Masuk ke Gelar Inovasi")).to_be_visible()
    log_in_here(inbox, DEMO_USERS["operator"])
    expect(inbox.get_by_role("heading", level=1)).to_contain_text(title)
    # Accepted by now: the OPD sees the verified result, indicator by indicator.
    expect(inbox.get_by_role("heading", name="Hasil verifikasi")).to_be_visible()
    expect(inbox.locator("#verified-score")).to_contain_text("Skor terverifikasi")
    check_page(inbox, "journey-12-opd-result")
