"""Texts of submission's pages (id first, then en); one catalog with the shared ones at run time."""

from __future__ import annotations

from shared.i18n import register

TEXTS: dict[str, dict[str, str]] = {
    "session.login_title": {"id": "Masuk ke Gelar Inovasi", "en": "Log in to Gelar Inovasi"},
    "session.login_intro": {
        "id": "Gunakan email dan kata sandi akun Anda dari admin pemda.",
        "en": "Use the email and password of the account your pemda admin gave you.",
    },
    "session.email": {"id": "Email", "en": "Email"},
    "session.password": {"id": "Kata sandi", "en": "Password"},
    "session.forgot": {"id": "Lupa kata sandi?", "en": "Forgot your password?"},
    "session.logged_out": {"id": "Anda telah keluar.", "en": "You have logged out."},
}

register(TEXTS)  # type: ignore[arg-type]
