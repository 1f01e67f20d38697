"""One translation catalog: Bahasa Indonesia first, English on request."""

from __future__ import annotations

import json
from collections.abc import Mapping
from contextvars import ContextVar
from pathlib import Path
from typing import Literal

Language = Literal["id", "en"]
DEFAULT_LANGUAGE: Language = "id"
LANGUAGES: tuple[Language, ...] = ("id", "en")

current_language: ContextVar[Language] = ContextVar("current_language", default=DEFAULT_LANGUAGE)

_CATALOG: dict[str, dict[Language, str]] = {}


def register(messages: Mapping[str, Mapping[Language, str]]) -> None:
    """Add messages to the catalog; every message must exist in every language."""
    for key, texts in messages.items():
        missing = [lang for lang in LANGUAGES if lang not in texts]
        if missing:
            raise ValueError(f"message {key!r} has no text for {missing}")
        _CATALOG[key] = dict(texts)


def load_catalogue(path: Path) -> dict[str, dict[str, str]]:
    """One catalogue file: `{"key": {"id": "...", "en": "..."}}`, a text per language for each key."""
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not all(
        isinstance(texts, dict) and all(isinstance(v, str) for v in texts.values()) for texts in data.values()
    ):
        raise ValueError(f"{path}: a catalogue maps each key to its texts by language")
    return data


def register_catalogues(folder: Path) -> None:
    """Register every `*.json` catalogue in `folder` (a service's page texts, one file per feature)."""
    for path in sorted(folder.glob("*.json")):
        try:
            register(load_catalogue(path))  # type: ignore[arg-type]
        except ValueError as exc:
            raise ValueError(f"{path.name}: {exc}") from exc


def translate(key: str, language: Language | None = None, /, **params: object) -> str:
    """The message `key` in `language` (default: the request's), with params filled in."""
    texts = _CATALOG.get(key)
    if texts is None:
        return key
    return texts[language or current_language.get()].format(**params)


def has_text(key: str, language: Language) -> bool:
    """Whether the catalog holds `key` in `language`."""
    return bool(_CATALOG.get(key, {}).get(language))


def negotiate(accept_language: str | None, explicit: str | None = None) -> Language:
    """Pick id or en from an explicit choice, else the Accept-Language header; Indonesian by default."""
    for candidate in [explicit, *(part.split(";")[0].strip() for part in (accept_language or "").split(","))]:
        if not candidate:
            continue
        primary = candidate.lower().split("-")[0]
        if primary in LANGUAGES:
            return primary
    return DEFAULT_LANGUAGE


register(
    {
        "error.internal": {
            "id": "Terjadi kesalahan pada server. Silakan coba lagi; jika berulang, hubungi admin.",
            "en": "Something went wrong on the server. Please try again; if it repeats, contact the admin.",
        },
        "error.validation": {
            "id": "Data yang dikirim tidak valid: {details}",
            "en": "The data sent is not valid: {details}",
        },
        "error.not_found": {"id": "Data tidak ditemukan.", "en": "Not found."},
        "error.forbidden": {
            "id": "Anda tidak memiliki akses untuk tindakan ini.",
            "en": "You are not allowed to do this.",
        },
        "error.request_too_large": {
            "id": "Berkas terlalu besar. Ukuran maksimal {limit_mb} MB.",
            "en": "The file is too large. The maximum size is {limit_mb} MB.",
        },
        "error.request_incomplete": {
            "id": "Data yang dikirim tidak lengkap (terputus sebelum selesai). Silakan kirim ulang.",
            "en": "The data sent is incomplete (it stopped before its end). Please send it again.",
        },
        "error.control_character": {
            "id": "Isian {field} memuat karakter kontrol (misalnya NUL). Hapus lalu kirim lagi.",
            "en": "The field {field} holds a control character (such as NUL). Remove it and send again.",
        },
        "error.path_in_file_name": {
            "id": "Nama berkas memuat '..' (jalur folder); pilih berkasnya langsung dengan nama biasa.",
            "en": "The file name holds '..' (a folder path); choose the file itself, with a plain name.",
        },
        "error.bidi_character": {
            "id": "Teks memuat karakter pengubah arah tulisan (RLO/LRO/isolasi); hapus karakter itu.",
            "en": "The text holds a writing-direction override (RLO/LRO/isolate); remove it.",
        },
        "auth.missing_token": {
            "id": "Silakan masuk terlebih dahulu.",
            "en": "Please log in first.",
        },
        "auth.token_expired": {
            "id": "Sesi Anda telah berakhir. Silakan masuk kembali.",
            "en": "Your session has expired. Please log in again.",
        },
        "auth.token_invalid": {
            "id": "Token akses tidak sah. Silakan masuk kembali.",
            "en": "The access token is not valid. Please log in again.",
        },
        "auth.throttled": {
            "id": "Terlalu banyak permintaan dari alamat ini. Coba lagi setelah {minutes} menit.",
            "en": "Too many requests from this address. Try again in {minutes} minutes.",
        },
        "auth.locked": {
            "id": "Terlalu banyak percobaan masuk yang gagal. Coba lagi setelah {minutes} menit.",
            "en": "Too many failed logins. Try again in {minutes} minutes.",
        },
        "auth.session_ended": {
            "id": "Sesi Anda sudah diakhiri (keluar, akun diubah, atau dinonaktifkan). "
            "Silakan masuk kembali.",
            "en": "Your session has been ended (logged out, account changed or deactivated). "
            "Please log in again.",
        },
        "auth.sessions_unavailable": {
            "id": "Layanan sesi sedang tidak dapat dihubungi. Silakan coba lagi beberapa saat lagi.",
            "en": "The session service cannot be reached right now. Please try again shortly.",
        },
        "auth.refresh_invalid": {
            "id": "Token penyegaran tidak sah atau sesi sudah berakhir. Silakan masuk kembali.",
            "en": "The refresh token is not valid or the session has ended. Please log in again.",
        },
        "auth.refresh_reused": {
            "id": "Token penyegaran ini sudah pernah dipakai, jadi sesinya diakhiri demi keamanan. "
            "Silakan masuk kembali.",
            "en": "This refresh token was already used, so its session was ended for safety. "
            "Please log in again.",
        },
        "storage.unavailable": {
            "id": "Penyimpanan berkas sedang tidak dapat dihubungi. Data Anda tidak disimpan; "
            "silakan coba lagi beberapa saat lagi.",
            "en": "File storage cannot be reached right now. Nothing was saved; please try again shortly.",
        },
    }
)
