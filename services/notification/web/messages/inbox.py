"""Texts of the development inbox (id first, then en)."""

from __future__ import annotations

from shared.i18n import register

TEXTS: dict[str, dict[str, str]] = {
    "notif.inbox.title": {"id": "Kotak masuk pengembangan", "en": "Development inbox"},
    "notif.inbox.intro": {
        "id": "Semua email dan pesan WhatsApp yang diterima penyedia lokal (var/mail, var/whatsapp). "
        "Halaman ini tidak tersedia di produksi.",
        "en": "Every email and WhatsApp message the local providers received (var/mail, var/whatsapp). "
        "This page does not exist in production.",
    },
    "notif.inbox.kind": {"id": "Jenis", "en": "Kind"},
    "notif.inbox.all": {"id": "Semua", "en": "All"},
    "notif.inbox.to": {"id": "Penerima", "en": "Recipient"},
    "notif.inbox.to_help": {
        "id": "Sebagian alamat email atau nomor WhatsApp.",
        "en": "Part of an email address or WhatsApp number.",
    },
    "notif.inbox.to_line": {"id": "Kepada: {to}", "en": "To: {to}"},
    "notif.inbox.empty": {"id": "Belum ada pesan.", "en": "No messages yet."},
    "notif.inbox.no_match": {
        "id": "Tidak ada pesan yang cocok. Ubah atau atur ulang filter.",
        "en": "No message matches. Change or reset the filters.",
    },
    "notif.inbox.limit": {
        "id": "Hanya {limit} pesan terbaru yang ditampilkan.",
        "en": "Only the {limit} newest messages are shown.",
    },
    "notif.inbox.count": {"id": "{count} pesan", "en": "{count} messages"},
}

register(TEXTS)  # type: ignore[arg-type]
