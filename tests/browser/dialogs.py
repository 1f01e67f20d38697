"""The "are you sure?" questions pages ask before final actions (`data-confirm`).

Every page the tests open answers them yes through one handler (`answer_yes`), installed when the page is
opened: with a handler per step, one left over from a step whose question never came answered the next
question twice, and the second answer failed the test ("No dialog is showing"). A step whose action must
ask wraps it in `confirming(page)`, which fails when no question was asked.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress

from playwright.sync_api import Dialog, Page
from playwright.sync_api import Error as PlaywrightError

QUESTION_TIMEOUT_MS = 30_000


def answer_yes(page: Page) -> None:
    """Every question this page asks is answered yes."""

    def accept(dialog: Dialog) -> None:
        with suppress(PlaywrightError):  # the page went (navigated or closed) before the answer arrived
            dialog.accept()

    page.on("dialog", accept)


@contextmanager
def confirming(page: Page) -> Iterator[None]:
    """The action inside the block asks "are you sure?" (answered yes by `answer_yes`)."""
    with page.expect_event("dialog", timeout=QUESTION_TIMEOUT_MS):
        yield
