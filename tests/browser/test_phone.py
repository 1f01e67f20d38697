"""Every key page of every role on a 360-px phone: nothing scrolls the page sideways, every action outside a
table is on screen, and a wide table scrolls inside its own frame with its first column kept in view."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import DESKTOP, PHONE
from tests.e2e.conftest import System

# role -> (service, path) of the pages that role lives on
KEY_PAGES: dict[str, list[tuple[str, str]]] = {
    "operator": [
        ("submission", "/opd/innovations"),
        ("submission", "/opd/innovations/new"),
        ("submission", "/account"),
        ("submission", "/account/sessions"),
        ("notification", "/notifications/preferences"),
    ],
    "head": [("submission", "/opd/approvals"), ("submission", "/opd/innovations")],
    "reviewer": [("review", "/review/queue")],
    "admin": [
        ("submission", "/admin/compliance"),
        ("submission", "/admin/users"),
        ("submission", "/admin/opds"),
        ("submission", "/admin/periods"),
        ("submission", "/admin/audit"),
        ("review", "/dashboard"),
        ("review", "/review/queue"),
        ("review", "/review/admin/assignments"),
        ("review", "/review/admin/spd"),
        ("review", "/review/admin/exports"),
        ("notification", "/notifications/log"),
    ],
    "public": [("submission", "/showcase")],
}

# Buttons and links of the page's own content that lie outside the screen and not inside a table's frame.
OFF_SCREEN = """() => {
  const out = [];
  for (const el of document.querySelectorAll('main a, main button, main input, main select')) {
    if (el.closest('.table-wrap') || el.closest('.visually-hidden')) continue;
    const box = el.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;
    const outside = box.right > window.innerWidth + 1 || box.left < -1;
    if (outside) out.push((el.innerText || el.name || el.tagName).trim());
  }
  return out;
}"""
# Tables wider than the screen whose first column does not stay put while the frame scrolls.
LOOSE_FIRST_COLUMN = """() => [...document.querySelectorAll('.table-wrap')]
  .filter(w => w.scrollWidth > w.clientWidth + 1)
  .filter(w => { const c = w.querySelector('tbody td:first-child, tbody th:first-child');
                 return c && getComputedStyle(c).position !== 'sticky'; })
  .map(w => w.getAttribute('aria-label') || w.querySelector('caption')?.innerText || '?')"""


@pytest.mark.parametrize("role", list(KEY_PAGES))
def test_every_key_page_fits_a_phone(
    system: System, page_as: Callable[[str], Page], check_page: Callable[[Page, str], None], role: str
) -> None:
    page = page_as(role)
    page.set_viewport_size(PHONE)
    problems: list[str] = []
    for service, path in KEY_PAGES[role]:
        page.goto(f"{system.urls[service]}{path}")
        page.wait_for_load_state("networkidle")
        sideways = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if sideways > 1:
            problems.append(f"{path}: the page scrolls sideways by {sideways}px")
        if hidden := page.evaluate(OFF_SCREEN):
            problems.append(f"{path}: actions off the screen: {hidden[:5]}")
        if loose := page.evaluate(LOOSE_FIRST_COLUMN):
            problems.append(f"{path}: wide tables whose first column scrolls away: {loose}")
    assert not problems, "\n".join(problems)
    page.set_viewport_size(DESKTOP)
    check_page(page, f"phone-{role}")  # the last one with axe, and a screenshot at both sizes
