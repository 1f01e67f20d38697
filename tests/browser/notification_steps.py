"""What people do with notifications in the browser, step by step, with accessible locators.

Each step clicks and types like a person and asserts what that person then sees (in Indonesian, the
default language). `base_url` is the notification service's base URL (`system.urls["notification"]`).
Messages travel through the outbox, the bus and a worker, so the steps that look for one reload the page
until it shows up (with a timeout), the way a person would press refresh.
"""

from __future__ import annotations

import re
import time
from pathlib import Path
from urllib.parse import urlencode

from playwright.sync_api import Locator, Page, expect

import services.notification.web.messages
from shared.i18n import load_catalogue
from tests.browser.dialogs import confirming

# The legend of each category's group on the preferences page.
CATEGORY_LABELS = {
    "deadlines": "Periode dan tenggat",
    "review_work": "Tugas persetujuan dan verifikasi",
    "decisions": "Keputusan atas inovasi",
    "account": "Akun",
}
MODE_LABELS: dict[str, str | re.Pattern[str]] = {
    "immediate": "Segera",
    "digest": re.compile(r"^Digabung dalam ringkasan harian"),
}
SAVED = "Preferensi notifikasi tersimpan."
LOG_TEXTS = load_catalogue(Path(services.notification.web.messages.__file__).parent / "log.json")
EVENT_LABELS = {text["id"] for key, text in LOG_TEXTS.items() if key.startswith("notif.event.")}


def open_preferences(page: Page, base_url: str) -> None:
    """Open "Preferensi notifikasi" and see the form with a group per kind of message."""
    page.goto(f"{base_url}/notifications/preferences")
    expect(page.get_by_role("heading", level=1)).to_have_text("Preferensi notifikasi")
    expect(page.get_by_role("group", name=CATEGORY_LABELS["decisions"], exact=True)).to_be_visible()


def set_preferences(
    page: Page,
    base_url: str,
    choices: dict[str, dict[str, bool | str]] | None = None,
    *,
    quiet_start: str | None = None,
    quiet_end: str | None = None,
    expect_saved: bool = True,
) -> None:
    """Tick and untick channels and choose the timing per category, set quiet hours, press save.

    `choices` maps a category code (deadlines, review_work, decisions, account) to any of
    {"email": bool, "whatsapp": bool, "mode": "immediate" | "digest"}. Quiet hours are "HH:MM" ("" clears).
    With `expect_saved` the success message must appear; otherwise the caller checks the error.
    """
    open_preferences(page, base_url)
    for category, wanted in (choices or {}).items():
        group = page.get_by_role("group", name=CATEGORY_LABELS[category], exact=True)
        for channel, label in (("email", "Email"), ("whatsapp", "WhatsApp")):
            if channel in wanted:
                box = group.get_by_role("checkbox", name=label, exact=True)
                if box.is_enabled():
                    box.set_checked(bool(wanted[channel]))
        if "mode" in wanted:
            group.get_by_role("radio", name=MODE_LABELS[str(wanted["mode"])]).check()
    if quiet_start is not None:
        page.get_by_label("Mulai (JJ:MM)").fill(quiet_start)
    if quiet_end is not None:
        page.get_by_label("Selesai (JJ:MM)").fill(quiet_end)
    page.get_by_role("button", name="Simpan preferensi").click()
    if expect_saved:
        expect(page.get_by_role("status").filter(has_text=SAVED)).to_be_visible()


def see_account_messages_stay_on(page: Page, base_url: str) -> None:
    """The account group's email box is ticked and cannot be changed, and the page says why."""
    open_preferences(page, base_url)
    group = page.get_by_role("group", name=CATEGORY_LABELS["account"], exact=True)
    email = group.get_by_role("checkbox", name="Email", exact=True)
    expect(email).to_be_checked()
    expect(email).to_be_disabled()
    expect(group).to_contain_text("tidak bisa dimatikan")


def open_log(
    page: Page,
    base_url: str,
    *,
    recipient: str | None = None,
    event_label: str | None = None,
    status_label: str | None = None,
    channel_label: str | None = None,
) -> None:
    """Open "Log notifikasi" and filter it with the form (labels as shown in the lists)."""
    page.goto(f"{base_url}/notifications/log")
    expect(page.get_by_role("heading", level=1)).to_have_text("Log notifikasi")
    if recipient is not None:
        page.get_by_label("Penerima").fill(recipient)
    if event_label is not None:
        page.get_by_label("Jenis pesan").select_option(label=event_label)
    if status_label is not None:
        page.get_by_label("Status pengiriman").select_option(label=status_label)
    if channel_label is not None:
        page.get_by_label("Saluran").select_option(label=channel_label)
    if any(value is not None for value in (recipient, event_label, status_label, channel_label)):
        with page.expect_navigation():
            page.get_by_role("button", name="Terapkan filter").click()
        expect(page).to_have_url(re.compile(r"/notifications/log\?"))
        expect(page.get_by_role("heading", level=1)).to_have_text("Log notifikasi")


def see_in_log(
    page: Page,
    base_url: str,
    event_label_or_recipient: str,
    *,
    status_label: str | None = None,
    timeout: float = 60,
) -> Locator:
    """Find a row of the log for a recipient (a name, an email or a number: searched) or a kind of message
    (an event label such as "Inovasi diterima": filtered); wait (reloading) until it is there and, if
    given, shows `status_label` (e.g. "Terkirim", "Gagal"). Returns the row."""
    is_event = event_label_or_recipient in EVENT_LABELS
    deadline = time.monotonic() + timeout
    while True:
        if is_event:
            open_log(page, base_url, event_label=event_label_or_recipient)
        else:
            open_log(page, base_url, recipient=event_label_or_recipient)
        rows = page.get_by_role("row").filter(has_text=event_label_or_recipient)
        if status_label is not None:
            rows = rows.filter(has_text=status_label)
        if rows.count() > 0:
            return rows.first
        if time.monotonic() > deadline:
            raise AssertionError(
                f"no log row for {event_label_or_recipient!r}"
                + (f" with status {status_label!r}" if status_label else "")
                + f" after {timeout:.0f}s"
            )
        page.wait_for_timeout(1000)


def open_history(page: Page, base_url: str, recipient: str) -> None:
    """From the log, open the history of the newest notification to `recipient`."""
    row = see_in_log(page, base_url, recipient)
    row.get_by_role("link", name=re.compile(r"^Riwayat")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Riwayat pengiriman ke "))
    expect(page.get_by_role("heading", name="Langkah pengiriman")).to_be_visible()


def resend_failed(page: Page, base_url: str, recipient: str) -> None:
    """Resend the first failed delivery to `recipient` from the log (answering the confirmation)."""
    row = see_in_log(page, base_url, recipient, status_label="Gagal")
    with confirming(page):
        row.get_by_role("button", name=re.compile(r"^Kirim ulang")).first.click()
    expect(page.get_by_role("status").filter(has_text="Pengiriman dijadwalkan ulang")).to_be_visible()


def follow_link_in_message(
    page: Page, base_url: str, recipient: str, subject_part: str, link_part: str
) -> None:
    """In the development inbox, click the link (its address contains `link_part`) in the message to
    `recipient` whose subject contains `subject_part`, as a person clicks it in their mail app."""
    find_in_dev_inbox(page, base_url, recipient, subject_part)
    heading = page.get_by_role("heading", level=2).filter(has_text=subject_part)
    message = page.get_by_role("article").filter(has=heading).first
    message.locator(f'a[href*="{link_part}"]').first.click()


def open_dead_letters(page: Page, base_url: str) -> None:
    """Open the dead letters from the link on the log."""
    open_log(page, base_url)
    page.get_by_role("link", name="Surat mati (gagal permanen)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Surat mati")


def find_in_dev_inbox(
    page: Page, base_url: str, recipient: str, subject_part: str, timeout: float = 60
) -> str:
    """Wait (reloading) until the development inbox holds a message to `recipient` whose subject contains
    `subject_part`; return the message text. For WhatsApp, `recipient` is the number (0812… or 62812…)."""
    url = f"{base_url}/notification/dev/inbox?{urlencode({'to': recipient})}"
    deadline = time.monotonic() + timeout
    page.goto(url)
    while True:
        expect(page.get_by_role("heading", level=1)).to_have_text("Kotak masuk pengembangan")
        heading = page.get_by_role("heading", level=2).filter(has_text=subject_part)
        message = page.get_by_role("article").filter(has=heading)
        if message.count() > 0:
            return message.first.locator("pre").inner_text()
        if time.monotonic() > deadline:
            seen = page.get_by_role("heading", level=2).all_inner_texts()
            raise AssertionError(
                f"no message to {recipient!r} with {subject_part!r} in the subject after {timeout:.0f}s; "
                f"subjects there: {seen}"
            )
        page.wait_for_timeout(1000)
        page.reload()
