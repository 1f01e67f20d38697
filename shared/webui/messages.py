"""The page texts every service shares (layout, menu, errors, common buttons), id first then en.

The texts are in `messages.json` beside this module; service pages keep theirs in
`services/<name>/web/messages/<feature>.json`;
all of it is one catalog at run time, and a test checks every key a template uses exists in both languages.
"""

from __future__ import annotations

from pathlib import Path

from shared.i18n import load_catalogue, register


def register_common() -> None:
    register(load_catalogue(Path(__file__).with_name("messages.json")))  # type: ignore[arg-type]
