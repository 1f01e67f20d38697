"""Texts of the errors notification's rules raise, for its pages and its API's JSON (id first, then en)."""

from __future__ import annotations

from shared.i18n import register

TEXTS: dict[str, dict[str, str]] = {
    "notification.not_resendable": {
        "id": "Pengiriman ini sedang berjalan atau masih menunggu; "
        "kirim ulang hanya untuk yang sudah selesai.",
        "en": "This delivery is in progress or still waiting; only a finished one can be resent.",
    },
    "notification.already_replayed": {
        "id": "Pesan ini sudah diproses ulang.",
        "en": "This message was already replayed.",
    },
    "notification.unknown_template": {
        "id": "Template tidak ditemukan: {name}.",
        "en": "No such template: {name}.",
    },
    "notification.quiet_hours_invalid": {
        "id": "Jam tenang harus diisi keduanya (mulai dan selesai) atau dikosongkan keduanya.",
        "en": "Quiet hours need both a start and an end, or neither.",
    },
    "notification.quiet_hours_equal": {
        "id": "Jam mulai dan jam selesai tidak boleh sama. Ubah salah satunya, atau kosongkan keduanya.",
        "en": "The start and end of quiet hours cannot be the same. Change one, or leave both empty.",
    },
    "webhook.invalid_signature": {
        "id": "Tanda tangan webhook tidak sah.",
        "en": "The webhook signature is not valid.",
    },
    "webhook.not_configured": {
        "id": "Webhook belum dikonfigurasi di server ini.",
        "en": "Webhooks are not configured on this server.",
    },
    "webhook.invalid_token": {
        "id": "Token verifikasi webhook tidak cocok.",
        "en": "The webhook verification token does not match.",
    },
}

register(TEXTS)  # type: ignore[arg-type]
