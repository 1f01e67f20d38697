"""Browser tests: Debian's Chromium driven by Playwright against the system as `make run` starts it.

`system` is the launcher (`python -m shared.devtools.run`) in a folder of its own, with the Kukar demo seeded;
`page_as(role)` opens a fresh browser context logged in through the login page; `check_page(page, name)`
runs axe (zero serious or critical findings), checks the page fits a 360-px phone and saves a screenshot
under `test-artifacts/browser/`.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import redis
from axe_playwright_python.sync_playwright import Axe  # type: ignore[import-untyped]
from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize, expect, sync_playwright

from tests.browser.dialogs import answer_yes
from tests.conftest import TEST_REDIS_PORT
from tests.e2e.conftest import PROJECT, System, start_system, stop_system

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ARTIFACTS = Path(os.environ.get("BROWSER_ARTIFACTS", PROJECT / "test-artifacts" / "browser"))
DEMO_PASSWORD = "demo-kukar-2026"  # printed by `make run` for the local demo
DEMO_USERS = {
    "operator": "operator@kukar.demo",
    "head": "kepala@kukar.demo",
    "reviewer": "reviewer@kukar.demo",
    "reviewer2": "reviewer2@kukar.demo",
    "admin": "admin@kukar.demo",
}
# Quiet on a closed network (TESTING.md): no background calls home, no sandbox as root in CI.
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE: ViewportSize = {"width": 360, "height": 740}
DESKTOP: ViewportSize = {"width": 1366, "height": 900}
SERIOUS = {"serious", "critical"}

expect.set_options(timeout=15_000)
NAVIGATION_TIMEOUT_MS = 90_000


@pytest.fixture(scope="package")
def system(tmp_path_factory: pytest.TempPathFactory) -> Iterator[System]:
    """The whole system on embedded defaults, demo seeded, exactly as `make run` starts it (stopped when
    the browser tests are done). Its Redis database differs per test process, so two runs don't steal
    each other's messages."""
    redis_url = f"redis://127.0.0.1:{TEST_REDIS_PORT}/{1 + os.getpid() % 10}"
    redis.Redis.from_url(redis_url).flushdb()  # no tasks left over from an earlier run's system
    running = start_system(
        tmp_path_factory.mktemp("browser-system"), {"DEVRUN_SEED": "1", "REDIS_URL": redis_url}
    )
    try:
        yield running
    finally:
        stop_system(running)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is needed at {CHROMIUM}: `apt-get install -y chromium` (.ci/run installs it)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    shutil.rmtree(ARTIFACTS, ignore_errors=True)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


def login(page: Page, system: System, email: str, password: str = DEMO_PASSWORD) -> None:
    """Log in through the login page, as a person would."""
    page.goto(f"{system.urls['submission']}/login")
    log_in_here(page, email, password)


def log_in_here(page: Page, email: str, password: str = DEMO_PASSWORD) -> None:
    """On the login page (where a link leads someone not logged in): type and press "Masuk"."""
    page.get_by_label("Email").fill(email)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_text("Masuk sebagai")).to_be_visible()


@pytest.fixture
def page_as(system: System, browser: Browser) -> Iterator[Callable[[str], Page]]:
    """`page_as("operator")`: a new browser (own cookies) logged in as that demo user, in Indonesian."""
    contexts: list[BrowserContext] = []
    refused: list[str] = []  # what the content security policy blocked, on any page of the test

    def open_as(who: str) -> Page:
        context = browser.new_context(locale="id-ID", viewport=DESKTOP, accept_downloads=True)
        # The browser tests run beside the two other test processes on 2 cores: a page that waits on
        # a decision's whole transaction may take longer than Playwright's 30 s to load.
        context.set_default_navigation_timeout(NAVIGATION_TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        answer_yes(page)
        page.on(
            "console",
            lambda message: (
                refused.append(f"{page.url}: {message.text}")
                if "Content Security Policy" in message.text
                else None
            ),
        )
        if who != "public":
            login(page, system, DEMO_USERS.get(who, who))
        return page

    yield open_as
    for context in contexts:
        context.close()
    assert not refused, "the content security policy blocked what a page needs:\n" + "\n".join(refused)


@pytest.fixture(scope="session")
def axe() -> Axe:
    return Axe()


@pytest.fixture
def check_page(axe: Axe, artifacts: Path) -> Callable[[Page, str], None]:
    """Zero serious/critical axe findings, no sideways scrolling at 360 px, and a screenshot of each size."""

    def check(page: Page, name: str) -> None:
        page.wait_for_load_state("networkidle")
        results = axe.run(page)
        serious = [v for v in results.response["violations"] if v.get("impact") in SERIOUS]
        details = "\n".join(
            f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:5]}"
            for v in serious
        )
        page.screenshot(path=str(artifacts / f"{name}.png"), full_page=True)
        assert not serious, f"accessibility findings on {name} ({page.url}):\n{details}"
        size = page.viewport_size
        page.set_viewport_size(PHONE)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        page.screenshot(path=str(artifacts / f"{name}-phone.png"), full_page=True)
        if size is not None:
            page.set_viewport_size(size)
        assert overflow <= 1, f"{name} scrolls sideways on a 360-px phone by {overflow}px ({page.url})"

    return check


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """A browser test's first setup starts the whole system: give these tests more than the default 300 s."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents and item.get_closest_marker("timeout") is None:
            item.add_marker(pytest.mark.timeout(900))
