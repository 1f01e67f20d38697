"""The page texts every service shares (layout, menu, errors, common buttons), id first then en.

Service pages register theirs the same way (`shared.i18n.register`) from `services/<name>/web/messages.py`;
all of it is one catalog at run time, and a test checks every key a template uses exists in both languages.
"""

from __future__ import annotations

from shared.i18n import register

COMMON: dict[str, dict[str, str]] = {
    "site.name": {"id": "Gelar Inovasi Daerah", "en": "Regional Innovation Showcase"},
    "site.skip": {"id": "Langsung ke isi halaman", "en": "Skip to content"},
    "site.footer": {
        "id": "Gelar Inovasi — platform Indeks Inovasi Daerah untuk pemerintah daerah.",
        "en": "Gelar Inovasi — the Regional Innovation Index platform for local governments.",
    },
    "site.language": {"id": "Bahasa", "en": "Language"},
    "site.lang_id": {"id": "Bahasa Indonesia", "en": "Bahasa Indonesia"},
    "site.lang_en": {"id": "English", "en": "English"},
    "site.menu": {"id": "Menu utama", "en": "Main menu"},
    "site.logged_in_as": {"id": "Masuk sebagai {name}", "en": "Logged in as {name}"},
    "site.logout": {"id": "Keluar", "en": "Log out"},
    "site.login": {"id": "Masuk", "en": "Log in"},
    "site.times_in": {"id": "Semua waktu dalam {zone}.", "en": "All times in {zone}."},
    "nav.showcase": {"id": "Etalase inovasi", "en": "Innovation showcase"},
    "nav.my_innovations": {"id": "Inovasi saya", "en": "My innovations"},
    "nav.approvals": {"id": "Persetujuan", "en": "Approvals"},
    "nav.review_queue": {"id": "Antrean verifikasi", "en": "Review queue"},
    "nav.admin": {"id": "Administrasi", "en": "Administration"},
    "nav.review_admin": {"id": "Penugasan & verifikasi", "en": "Assignments & review"},
    "nav.dashboard": {"id": "Dasbor", "en": "Dashboard"},
    "nav.notification_log": {"id": "Log notifikasi", "en": "Notification log"},
    "nav.preferences": {"id": "Preferensi notifikasi", "en": "Notification preferences"},
    "role.opd_operator": {"id": "Operator OPD", "en": "OPD operator"},
    "role.opd_head": {"id": "Kepala OPD", "en": "OPD head"},
    "role.reviewer": {"id": "Verifikator", "en": "Reviewer"},
    "role.admin": {"id": "Admin pemda", "en": "Pemda admin"},
    "role.superadmin": {"id": "Superadmin", "en": "Superadmin"},
    "action.save": {"id": "Simpan", "en": "Save"},
    "action.cancel": {"id": "Batal", "en": "Cancel"},
    "action.back": {"id": "Kembali", "en": "Back"},
    "action.search": {"id": "Cari", "en": "Search"},
    "action.filter": {"id": "Terapkan filter", "en": "Apply filters"},
    "action.reset": {"id": "Atur ulang", "en": "Reset"},
    "action.download": {"id": "Unduh", "en": "Download"},
    "action.next_page": {"id": "Halaman berikutnya", "en": "Next page"},
    "action.prev_page": {"id": "Halaman sebelumnya", "en": "Previous page"},
    "form.required": {"id": "wajib diisi", "en": "required"},
    "form.too_short": {
        "id": "terlalu pendek: paling sedikit {min} karakter",
        "en": "too short: at least {min} characters",
    },
    "form.too_long": {
        "id": "terlalu panjang: paling banyak {max} karakter",
        "en": "too long: at most {max} characters",
    },
    "form.choose": {"id": "pilih salah satu dari daftar", "en": "choose one from the list"},
    "form.bad_datetime": {
        "id": "tanggal dan jam tidak dikenali (contoh: 31/12/2026 16.00)",
        "en": "date and time not recognised (e.g. 12/31/2026 4:00 PM)",
    },
    "form.bad_date": {"id": "tanggal tidak dikenali", "en": "date not recognised"},
    "form.bad_number": {"id": "harus berupa angka", "en": "must be a number"},
    "form.too_small": {"id": "paling kecil {min}", "en": "at least {min}"},
    "form.too_large": {"id": "paling besar {max}", "en": "at most {max}"},
    "form.invalid": {"id": "isian tidak valid", "en": "not a valid value"},
    "form.has_errors": {
        "id": "Formulir belum bisa disimpan. Periksa isian yang ditandai di bawah ini.",
        "en": "The form could not be saved. Check the fields marked below.",
    },
    "form.saved": {"id": "Perubahan tersimpan.", "en": "Changes saved."},
    "form.autosaved": {"id": "Draf tersimpan otomatis", "en": "Draft saved automatically"},
    "form.autosave_failed": {
        "id": "Draf belum tersimpan — periksa koneksi; isian Anda tetap di halaman ini.",
        "en": "Draft not saved — check your connection; what you typed stays on this page.",
    },
    "form.saving": {"id": "Menyimpan…", "en": "Saving…"},
    "form.words": {"id": "{count} kata", "en": "{count} words"},
    "upload.progress": {"id": "Mengunggah berkas", "en": "Uploading file"},
    "upload.done": {"id": "Berkas terunggah.", "en": "File uploaded."},
    "upload.failed": {
        "id": "Unggahan gagal. Periksa koneksi lalu pilih berkas lagi; bagian yang sudah terkirim tetap ada.",
        "en": "The upload failed. Check your connection and choose the file again; parts sent are kept.",
    },
    "countdown.left": {"id": "{days} hari {hours} jam lagi", "en": "{days} days {hours} hours left"},
    "countdown.passed": {"id": "Tenggat telah lewat", "en": "The deadline has passed"},
    "table.empty": {"id": "Belum ada data.", "en": "Nothing here yet."},
    "error.title": {"id": "Ada yang perlu diperbaiki", "en": "Something needs attention"},
    "error.status": {"id": "Kode {status}", "en": "Code {status}"},
    "error.go_home": {"id": "Kembali ke beranda", "en": "Back to the start page"},
    "error.go_back": {"id": "Kembali ke halaman sebelumnya", "en": "Back to the previous page"},
    "error.csrf": {
        "id": "Formulir ini sudah kedaluwarsa. Muat ulang halaman, lalu kirim lagi.",
        "en": "This form has expired. Reload the page, then send it again.",
    },
    "error.method_not_allowed": {
        "id": "Cara pengiriman ini tidak didukung untuk alamat ini.",
        "en": "This method is not supported at this address.",
    },
    "error.http": {"id": "Permintaan tidak dapat diproses.", "en": "The request could not be processed."},
    "error.page_not_found": {
        "id": "Halaman tidak ditemukan. Periksa alamatnya atau kembali ke beranda.",
        "en": "Page not found. Check the address or go back to the start page.",
    },
}


def register_common() -> None:
    register(COMMON)  # type: ignore[arg-type]
