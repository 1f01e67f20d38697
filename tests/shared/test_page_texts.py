"""Every text a page template asks for exists in Bahasa Indonesia and in English (one catalog)."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import pytest

from shared.i18n import LANGUAGES, Language, has_text

PROJECT = Path(__file__).resolve().parents[2]
TEMPLATE_DIRS = [
    PROJECT / "shared" / "webui" / "templates",
    *sorted(PROJECT.glob("services/*/web/templates")),
]
KEY = re.compile(r"""\bt\(\s*["']([a-z0-9_.]+)["']\s*[,)]""")  # literal keys; t("role." ~ x) is dynamic


def _template_keys() -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for folder in TEMPLATE_DIRS:
        for template in folder.rglob("*.html"):
            for key in KEY.findall(template.read_text()):
                found.setdefault(key, set()).add(str(template.relative_to(PROJECT)))
    return found


@pytest.fixture(scope="module", autouse=True)
def _all_page_texts_registered() -> None:
    for service in ("submission", "review", "notification"):
        importlib.import_module(f"services.{service}.web.messages")
    importlib.import_module("shared.webui.pages")


def test_templates_ask_for_texts_at_all() -> None:
    keys = _template_keys()
    assert "site.name" in keys
    assert "session.login_title" in keys


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_template_text_exists_in_each_language(language: Language) -> None:
    missing = {key: sorted(where) for key, where in _template_keys().items() if not has_text(key, language)}
    assert not missing, f"texts missing from the catalog in {language}: {missing}"
