"""Logging in and out, the language switch and one login across the three services, in a real browser."""

from __future__ import annotations

import re
from collections.abc import Callable

from playwright.sync_api import Browser, Page, expect

from tests.browser.conftest import DEMO_PASSWORD, DEMO_USERS, DESKTOP
from tests.browser.dialogs import answer_yes, confirming
from tests.e2e.conftest import System


def test_wrong_password_says_what_to_do_and_keeps_the_email(
    system: System, browser: Browser, check_page: Callable[[Page, str], None]
) -> None:
    context = browser.new_context(locale="id-ID", viewport=DESKTOP)
    page = context.new_page()
    answer_yes(page)
    page.goto(f"{system.urls['submission']}/login")
    check_page(page, "login")
    page.get_by_label("Email").fill(DEMO_USERS["operator"])
    page.get_by_label("Kata sandi").fill("bukan-kata-sandinya")
    page.get_by_role("button", name="Masuk").click()

    expect(page.get_by_role("alert")).to_contain_text("kata sandi")
    expect(page.get_by_label("Email")).to_have_value(DEMO_USERS["operator"])
    expect(page.get_by_text("Masuk sebagai")).to_have_count(0)
    context.close()


def test_one_login_serves_all_three_services_until_logout(
    system: System, page_as: Callable[[str], Page], check_page: Callable[[Page, str], None]
) -> None:
    page = page_as("admin")
    for service, path in (("review", "/dashboard"), ("notification", "/notifications/preferences")):
        page.goto(system.urls[service] + path)
        expect(page.get_by_text("Masuk sebagai Admin")).to_be_visible()
        assert "/login" not in page.url

    page.get_by_role("button", name="Keluar").click()
    expect(page.get_by_text("Anda telah keluar.")).to_be_visible()
    page.goto(system.urls["review"] + "/dashboard")
    login_page = re.escape(f"{system.urls['submission']}/login?next=")
    expect(page).to_have_url(re.compile(login_page + ".*dashboard"))


def test_language_switch_turns_the_page_to_english_and_back(
    system: System, page_as: Callable[[str], Page]
) -> None:
    page = page_as("public")
    page.goto(f"{system.urls['submission']}/login")
    expect(page.get_by_role("heading", level=1)).to_have_text("Masuk ke Gelar Inovasi")
    page.get_by_role("link", name="English").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in to Gelar Inovasi")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_label("Email").fill(DEMO_USERS["operator"])
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("Logged in as")).to_be_visible()
    page.get_by_role("link", name="Bahasa Indonesia").click()
    expect(page.get_by_text("Masuk sebagai")).to_be_visible()


def test_my_devices_lists_both_browsers_and_logs_out_everywhere(
    system: System, page_as: Callable[[str], Page], check_page: Callable[[Page, str], None]
) -> None:
    other = page_as("head")
    page = page_as("head")
    page.get_by_role("link", name="Akun saya").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Akun saya")
    check_page(page, "account")
    page.get_by_role("link", name="Perangkat saya").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Perangkat tempat Anda masuk")
    expect(page.get_by_text("perangkat ini")).to_have_count(1)  # and the other browser (and any earlier)
    assert page.get_by_text("Peramban", exact=True).count() >= 2
    check_page(page, "account-sessions")

    with confirming(page):
        page.get_by_role("button", name="Keluar dari semua perangkat").click()
    expect(page.get_by_text("Anda telah keluar dari semua perangkat dan aplikasi.")).to_be_visible()
    other.goto(f"{system.urls['submission']}/opd/approvals")
    expect(other).to_have_url(re.compile(re.escape(f"{system.urls['submission']}/login")))
