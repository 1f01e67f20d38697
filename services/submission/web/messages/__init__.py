"""Texts of submission's pages: one catalogue per feature (`<feature>.json`, Bahasa Indonesia first,
then English), registered into the one catalog at import."""

from pathlib import Path

from shared.i18n import register_catalogues

register_catalogues(Path(__file__).parent)
