"""Texts of the notification log, one notification's timeline and the dead letters (id first, then en)."""

from __future__ import annotations

from shared.i18n import register

TEXTS: dict[str, dict[str, str]] = {
    "notif.log.title": {"id": "Log notifikasi", "en": "Notification log"},
    "notif.log.intro": {
        "id": "Setiap pemberitahuan kepada orang di pemda Anda, dengan pengirimannya per saluran.",
        "en": "Every notification to people of your pemda, with its delivery on each channel.",
    },
    "notif.log.filters": {"id": "Saring log", "en": "Filter the log"},
    "notif.log.channel": {"id": "Saluran", "en": "Channel"},
    "notif.log.status": {"id": "Status pengiriman", "en": "Delivery status"},
    "notif.log.event": {"id": "Jenis pesan", "en": "Kind of message"},
    "notif.log.recipient": {"id": "Penerima", "en": "Recipient"},
    "notif.log.recipient_help": {
        "id": "Sebagian nama, email, atau nomor WhatsApp.",
        "en": "Part of a name, email or WhatsApp number.",
    },
    "notif.log.all": {"id": "Semua", "en": "All"},
    "notif.log.created": {"id": "Waktu", "en": "Time"},
    "notif.log.deliveries": {"id": "Pengiriman", "en": "Deliveries"},
    "notif.log.details": {"id": "Rincian", "en": "Details"},
    "notif.log.timeline_link": {"id": "Riwayat", "en": "History"},
    "notif.log.timeline_of": {"id": "Riwayat pengiriman ke {name}", "en": "Delivery history for {name}"},
    "notif.log.count": {"id": "Halaman {page}", "en": "Page {page}"},
    "notif.log.empty": {
        "id": "Tidak ada notifikasi yang cocok. Ubah atau atur ulang filter.",
        "en": "No notification matches. Change or reset the filters.",
    },
    "notif.log.digest_pending": {
        "id": "Menunggu ringkasan harian penerima",
        "en": "Waiting for the recipient's daily summary",
    },
    "notif.log.no_delivery": {"id": "Tidak dikirim", "en": "Not sent"},
    "notif.log.held_until": {"id": "ditahan sampai {time}", "en": "held until {time}"},
    "notif.log.attempts": {"id": "{count} kali dicoba", "en": "{count} attempts"},
    "notif.log.via": {"id": "lewat {provider}", "en": "via {provider}"},
    "notif.log.fallback": {"id": "Email pengganti: {reason}", "en": "Email instead: {reason}"},
    "notif.log.error": {"id": "Kesalahan: {reason}", "en": "Error: {reason}"},
    "notif.log.sent_at": {"id": "Terkirim {time}", "en": "Sent {time}"},
    "notif.log.delivered_at": {"id": "Sampai {time}", "en": "Delivered {time}"},
    "notif.log.read_at": {"id": "Dibaca {time}", "en": "Read {time}"},
    "notif.log.failed_at": {"id": "Gagal {time}", "en": "Failed {time}"},
    "notif.log.resend": {"id": "Kirim ulang", "en": "Resend"},
    "notif.log.resend_label": {
        "id": "Kirim ulang {channel} ke {name}",
        "en": "Resend {channel} to {name}",
    },
    "notif.log.resend_confirm": {
        "id": "Kirim ulang pesan ini? Penerima akan menerimanya sekali lagi.",
        "en": "Send this message again? The recipient will receive it once more.",
    },
    "notif.log.resent": {
        "id": "Pengiriman dijadwalkan ulang. Statusnya akan berubah di log dalam beberapa saat.",
        "en": "The delivery was queued again. Its status will change in the log in a moment.",
    },
    "notif.log.back": {"id": "Kembali ke log notifikasi", "en": "Back to the notification log"},
    "notif.log.dead_link": {"id": "Surat mati (gagal permanen)", "en": "Dead letters (gave up)"},
    "notif.timeline.title": {"id": "Riwayat notifikasi", "en": "Notification history"},
    "notif.timeline.summary": {"id": "Ringkasan", "en": "Summary"},
    "notif.timeline.steps": {"id": "Langkah pengiriman", "en": "Delivery steps"},
    "notif.timeline.at": {"id": "Waktu", "en": "Time"},
    "notif.timeline.detail": {"id": "Keterangan", "en": "Detail"},
    "notif.timeline.contact": {"id": "Kontak", "en": "Contact"},
    "notif.dead.title": {"id": "Surat mati", "en": "Dead letters"},
    "notif.dead.intro": {
        "id": "Pengiriman yang berhenti dicoba setelah semua percobaan gagal. Periksa kontak penerima, lalu "
        "kirim ulang.",
        "en": "Deliveries that stopped after every attempt failed. Check the recipient's contact, then "
        "resend.",
    },
    "notif.dead.deliveries": {"id": "Pengiriman yang gagal permanen", "en": "Deliveries that gave up"},
    "notif.dead.messages": {
        "id": "Pesan yang tidak bisa diproses",
        "en": "Messages that could not be processed",
    },
    "notif.dead.messages_superadmin": {
        "id": "Pesan yang tidak bisa diproses sama sekali (tanpa pemda yang jelas) "
        "hanya ditangani superadmin.",
        "en": "Messages that could not be processed at all (with no clear pemda) "
        "are handled by a superadmin.",
    },
    "notif.dead.task": {"id": "Tugas", "en": "Task"},
    "notif.dead.reason": {"id": "Alasan", "en": "Reason"},
    "notif.dead.replay": {"id": "Proses ulang", "en": "Replay"},
    "notif.dead.replay_label": {"id": "Proses ulang pesan {task}", "en": "Replay message {task}"},
    "notif.dead.replay_confirm": {
        "id": "Kirim pesan ini lagi ke antrean? Lakukan hanya jika penyebab kegagalannya sudah diperbaiki.",
        "en": "Put this message back on the queue? Only do this once the cause of the failure is fixed.",
    },
    "notif.dead.replayed": {
        "id": "Pesan dikirim lagi ke antrean untuk diproses.",
        "en": "The message was put back on the queue.",
    },
    "notif.dead.empty": {"id": "Tidak ada surat mati. Semua pesan terkirim.", "en": "No dead letters."},
    # channels, statuses, providers
    "notif.channel.email": {"id": "Email", "en": "Email"},
    "notif.channel.whatsapp": {"id": "WhatsApp", "en": "WhatsApp"},
    "notif.status.queued": {"id": "Dalam antrean", "en": "Queued"},
    "notif.status.held": {"id": "Ditahan", "en": "Held"},
    "notif.status.sending": {"id": "Sedang dikirim", "en": "Sending"},
    "notif.status.sent": {"id": "Terkirim", "en": "Sent"},
    "notif.status.delivered": {"id": "Sampai", "en": "Delivered"},
    "notif.status.read": {"id": "Dibaca", "en": "Read"},
    "notif.status.failed": {"id": "Gagal", "en": "Failed"},
    "notif.status.dead": {"id": "Gagal permanen", "en": "Gave up"},
    "notif.provider.smtp": {"id": "SMTP", "en": "SMTP"},
    "notif.provider.cloud_api": {"id": "WhatsApp Cloud API", "en": "WhatsApp Cloud API"},
    "notif.provider.fonnte": {"id": "Fonnte", "en": "Fonnte"},
    # event types
    "notif.event.account.invited": {"id": "Undangan akun", "en": "Account invitation"},
    "notif.event.account.password_reset": {"id": "Atur ulang kata sandi", "en": "Password reset"},
    "notif.event.innovation.sent_to_head": {
        "id": "Inovasi menunggu persetujuan kepala OPD",
        "en": "Innovation awaiting the OPD head's approval",
    },
    "notif.event.innovation.returned_by_head": {
        "id": "Inovasi dikembalikan kepala OPD",
        "en": "Innovation returned by the OPD head",
    },
    "notif.event.reviewer.assigned": {"id": "Penugasan verifikator", "en": "Reviewer assigned"},
    "notif.event.review.due_soon": {"id": "Tenggat verifikasi dekat", "en": "Review due soon"},
    "notif.event.review.overdue": {"id": "Verifikasi terlambat", "en": "Review overdue"},
    "notif.event.review.escalated": {"id": "Verifikasi dieskalasi", "en": "Review escalated"},
    "notif.event.innovation.submitted": {"id": "Inovasi dikirim", "en": "Innovation submitted"},
    "notif.event.innovation.revision_requested": {
        "id": "Inovasi perlu perbaikan",
        "en": "Innovation needs revision",
    },
    "notif.event.innovation.accepted": {"id": "Inovasi diterima", "en": "Innovation accepted"},
    "notif.event.innovation.rejected": {"id": "Inovasi ditolak", "en": "Innovation rejected"},
    "notif.event.innovation.revision_deadline_soon": {
        "id": "Tenggat perbaikan dekat",
        "en": "Revision deadline soon",
    },
    "notif.event.period.opened": {"id": "Periode dibuka", "en": "Period opened"},
    "notif.event.period.closing": {"id": "Periode segera ditutup", "en": "Period closing soon"},
    "notif.event.digest.admin_daily": {"id": "Ringkasan harian admin", "en": "Admin's daily summary"},
    "notif.event.digest.daily": {"id": "Ringkasan harian", "en": "Daily summary"},
}

register(TEXTS)  # type: ignore[arg-type]
