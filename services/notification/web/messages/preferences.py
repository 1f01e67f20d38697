"""Texts of the notification preferences page (id first, then en)."""

from __future__ import annotations

from shared.i18n import register

TEXTS: dict[str, dict[str, str]] = {
    "notif.prefs.title": {"id": "Preferensi notifikasi", "en": "Notification preferences"},
    "notif.prefs.intro": {
        "id": "Pilih lewat apa dan kapan Anda menerima pemberitahuan untuk setiap jenis pesan.",
        "en": "Choose how and when you receive notifications for each kind of message.",
    },
    "notif.prefs.saved": {"id": "Preferensi notifikasi tersimpan.", "en": "Notification preferences saved."},
    "notif.prefs.no_pemda": {
        "id": "Akun superadmin tidak terikat pada pemda mana pun, jadi tidak menerima notifikasi pemda. "
        "Tidak ada preferensi yang perlu diatur.",
        "en": "A superadmin account belongs to no pemda and receives no pemda notifications. "
        "There is nothing to set here.",
    },
    "notif.prefs.contact": {"id": "Kontak dan bahasa pesan", "en": "Contacts and message language"},
    "notif.prefs.email": {"id": "Email", "en": "Email"},
    "notif.prefs.whatsapp_number": {"id": "Nomor WhatsApp", "en": "WhatsApp number"},
    "notif.prefs.whatsapp_opt_in": {"id": "Bersedia menerima WhatsApp", "en": "Agreed to receive WhatsApp"},
    "notif.prefs.language": {"id": "Bahasa pesan", "en": "Message language"},
    "notif.prefs.none": {"id": "belum ada", "en": "none yet"},
    "notif.prefs.yes": {"id": "Ya", "en": "Yes"},
    "notif.prefs.no": {"id": "Tidak", "en": "No"},
    "notif.prefs.contact_help": {
        "id": "Kontak, persetujuan WhatsApp, dan bahasa pesan adalah bagian dari data akun Anda "
        "yang dikelola admin pemda. Untuk mengubahnya, hubungi admin pemda Anda.",
        "en": "Contacts, the WhatsApp agreement and the message language are part of your account, kept by "
        "your pemda admin. To change them, ask your pemda admin.",
    },
    "notif.prefs.whatsapp_unusable": {
        "id": "WhatsApp belum bisa dipakai untuk Anda ({reason}). Selama itu, pesan yang Anda pilih lewat "
        "WhatsApp dikirim lewat email.",
        "en": "WhatsApp cannot be used for you yet ({reason}). Until then, messages you chose to get on "
        "WhatsApp are sent by email.",
    },
    "notif.prefs.reason_no_number": {"id": "belum ada nomor WhatsApp", "en": "no WhatsApp number"},
    "notif.prefs.reason_no_opt_in": {
        "id": "belum ada persetujuan menerima WhatsApp",
        "en": "no agreement to receive WhatsApp",
    },
    "notif.prefs.reason_invalid": {
        "id": "nomor WhatsApp tidak valid: {number}",
        "en": "the WhatsApp number is not valid: {number}",
    },
    "notif.prefs.categories": {"id": "Jenis pesan", "en": "Kinds of message"},
    "notif.prefs.channels": {"id": "Kirim lewat", "en": "Send by"},
    "notif.prefs.when": {"id": "Kapan dikirim", "en": "When to send"},
    "notif.prefs.mode.immediate": {"id": "Segera", "en": "Right away"},
    "notif.prefs.mode.digest": {
        "id": "Digabung dalam ringkasan harian (pukul 07.00)",
        "en": "Bundled in a daily summary (at 07:00)",
    },
    "notif.category.deadlines": {"id": "Periode dan tenggat", "en": "Periods and deadlines"},
    "notif.category.deadlines.help": {
        "id": "Periode dibuka atau segera ditutup, tenggat perbaikan, ringkasan harian admin.",
        "en": "A period opens or closes soon, revision deadlines, the admin's daily summary.",
    },
    "notif.category.review_work": {
        "id": "Tugas persetujuan dan verifikasi",
        "en": "Approval and review work",
    },
    "notif.category.review_work.help": {
        "id": "Inovasi menunggu persetujuan Anda, penugasan verifikasi, pengingat tenggat verifikasi.",
        "en": "Innovations awaiting your approval, review assignments, review due-date reminders.",
    },
    "notif.category.decisions": {"id": "Keputusan atas inovasi", "en": "Decisions on innovations"},
    "notif.category.decisions.help": {
        "id": "Inovasi dikirim, diterima, ditolak, atau perlu perbaikan.",
        "en": "An innovation was submitted, accepted, rejected, or needs revision.",
    },
    "notif.category.account": {"id": "Akun", "en": "Account"},
    "notif.category.account.help": {
        "id": "Undangan dan atur ulang kata sandi.",
        "en": "Invitations and password resets.",
    },
    "notif.prefs.account_fixed": {
        "id": "Pesan akun selalu dikirim segera lewat email dan tidak bisa dimatikan: isinya tautan yang "
        "hanya berlaku sebentar, dan tanpa pesan itu Anda tidak bisa masuk.",
        "en": "Account messages are always sent right away by email and cannot be switched off: they carry "
        "a link that works only for a short time, and without it you cannot log in.",
    },
    "notif.prefs.none_warning": {
        "id": "Jika email dan WhatsApp sama-sama tidak dicentang, Anda tidak akan menerima pesan jenis ini.",
        "en": "If neither email nor WhatsApp is ticked, you will not receive messages of this kind.",
    },
    "notif.prefs.quiet": {"id": "Jam tenang WhatsApp", "en": "WhatsApp quiet hours"},
    "notif.prefs.quiet_help": {
        "id": "Pesan WhatsApp yang tidak mendesak ditahan selama jam tenang dan dikirim saat jam tenang "
        "berakhir. Waktu dalam {zone}. Kosongkan keduanya untuk memakai jam tenang bawaan "
        "({start}–{end}, hanya untuk pengingat terjadwal).",
        "en": "WhatsApp messages that are not urgent are held during quiet hours and sent when they end. "
        "Times in {zone}. Leave both empty to use the default ({start}–{end}, for scheduled "
        "reminders only).",
    },
    "notif.prefs.quiet_start": {"id": "Mulai (JJ:MM)", "en": "Start (HH:MM)"},
    "notif.prefs.quiet_end": {"id": "Selesai (JJ:MM)", "en": "End (HH:MM)"},
    "notif.prefs.bad_time": {
        "id": "Tulis jam dengan format JJ:MM, misalnya 21:00.",
        "en": "Write the time as HH:MM, for example 21:00.",
    },
    "notif.prefs.bad_mode": {
        "id": "Pilih salah satu: segera atau ringkasan harian.",
        "en": "Choose one: right away or daily summary.",
    },
    "notif.prefs.save": {"id": "Simpan preferensi", "en": "Save preferences"},
}

register(TEXTS)  # type: ignore[arg-type]
