"""Notification pages in a real browser: own preferences, the admin's log and history, the dev inbox."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser.notification_steps import (
    CATEGORY_LABELS,
    find_in_dev_inbox,
    open_dead_letters,
    open_history,
    open_log,
    open_preferences,
    see_account_messages_stay_on,
    see_in_log,
    set_preferences,
)
from tests.e2e.conftest import System

# Someone the full journey does not rely on: changing their settings cannot hold up its messages.
QUIET_USER = "operator.disdik@kukar.demo"


def test_a_person_sets_their_preferences_and_a_mistake_keeps_what_they_typed(
    system: System, page_as: Callable[[str], Page], check_page: Callable[[Page, str], None]
) -> None:
    base = system.urls["notification"]
    page = page_as(QUIET_USER)

    set_preferences(
        page,
        base,
        {"deadlines": {"whatsapp": False, "mode": "digest"}},
        quiet_start="22:00",
        quiet_end="05:30",
    )
    check_page(page, "notification-preferences")

    deadlines = page.get_by_role("group", name=CATEGORY_LABELS["deadlines"], exact=True)
    expect(deadlines.get_by_role("checkbox", name="WhatsApp", exact=True)).not_to_be_checked()
    expect(deadlines.get_by_role("radio", name="Segera")).not_to_be_checked()
    expect(page.get_by_label("Mulai (JJ:MM)")).to_have_value("22:00")
    see_account_messages_stay_on(page, base)

    set_preferences(
        page, base, {"decisions": {"mode": "digest"}}, quiet_start="23:00", quiet_end="", expect_saved=False
    )
    expect(page.get_by_role("alert")).to_contain_text("Jam tenang harus diisi keduanya")
    expect(page.get_by_label("Mulai (JJ:MM)")).to_have_value("23:00")
    decisions = page.get_by_role("group", name=CATEGORY_LABELS["decisions"], exact=True)
    expect(decisions.get_by_role("radio", name="Segera")).not_to_be_checked()  # as chosen, not yet saved
    check_page(page, "notification-preferences-error")

    open_preferences(page, base)  # nothing of the refused form was saved
    expect(page.get_by_label("Mulai (JJ:MM)")).to_have_value("22:00")
    expect(decisions.get_by_role("radio", name="Segera")).to_be_checked()

    set_preferences(  # back to the defaults
        page, base, {"deadlines": {"whatsapp": True, "mode": "immediate"}}, quiet_start="", quiet_end=""
    )


def test_the_admin_reads_the_log_a_history_and_the_dead_letters(
    system: System, page_as: Callable[[str], Page], check_page: Callable[[Page, str], None]
) -> None:
    base = system.urls["notification"]
    page = page_as("admin")

    open_log(page, base)
    check_page(page, "notification-log")
    row = see_in_log(page, base, "kepala@kukar.demo", timeout=240)  # the demo seeds in the background
    expect(row).to_contain_text("Email")
    open_history(page, base, "kepala@kukar.demo")
    check_page(page, "notification-history")
    open_dead_letters(page, base)
    check_page(page, "notification-dead-letters")

    operator = page_as("operator")
    operator.goto(f"{base}/notifications/log")
    expect(operator.get_by_role("heading", level=1)).to_have_text("Ada yang perlu diperbaiki")


def test_the_dev_inbox_shows_the_message_that_reached_someone(
    system: System, page_as: Callable[[str], Page], check_page: Callable[[Page, str], None]
) -> None:
    base = system.urls["notification"]
    page = page_as("public")

    text = find_in_dev_inbox(page, base, "kepala@kukar.demo", "menunggu persetujuan", timeout=240)

    assert "kepala@kukar.demo" in page.get_by_role("article").first.inner_text()
    assert text.strip()
    check_page(page, "dev-inbox")
