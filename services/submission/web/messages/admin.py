"""Texts of the admin pages (id first, then en)."""

from __future__ import annotations

from shared.i18n import register

TEXTS: dict[str, dict[str, str]] = {
    # sub-navigation and shared bits
    "admin.nav.label": {"id": "Menu administrasi", "en": "Administration menu"},
    "admin.nav.periods": {"id": "Periode", "en": "Periods"},
    "admin.nav.opds": {"id": "OPD", "en": "OPDs"},
    "admin.nav.users": {"id": "Pengguna", "en": "Users"},
    "admin.nav.catalogue": {"id": "Katalog indikator", "en": "Indicator catalogue"},
    "admin.nav.compliance": {"id": "Kepatuhan OPD", "en": "OPD compliance"},
    "admin.nav.audit": {"id": "Log audit", "en": "Audit log"},
    "admin.choose_one": {"id": "— Pilih —", "en": "— Choose —"},
    "admin.none": {"id": "— Tidak ada —", "en": "— None —"},
    "admin.show": {"id": "Tampilkan", "en": "Show"},
    "admin.period_picker": {"id": "Periode", "en": "Period"},
    "admin.no_period": {
        "id": "Belum ada periode. Buat periode terlebih dahulu di halaman Periode.",
        "en": "There is no period yet. Create one on the Periods page first.",
    },
    "admin.state.upcoming": {"id": "Belum dibuka", "en": "Not open yet"},
    "admin.state.open": {"id": "Dibuka", "en": "Open"},
    "admin.state.closed": {"id": "Ditutup", "en": "Closed"},
    # form problems found on the page
    "admin.bad_year": {
        "id": "Tahun '{value}' tidak sah. Tulis tahun empat angka, misalnya 2027.",
        "en": "Year '{value}' is not valid. Type a four-digit year, for example 2027.",
    },
    "admin.bad_datetime": {
        "id": "Tanggal dan jam '{value}' tidak sah. Pilih tanggal dan jam dari kalender.",
        "en": "Date and time '{value}' is not valid. Pick a date and time from the calendar.",
    },
    "admin.datetime_required": {
        "id": "Isi tanggal dan jam.",
        "en": "Fill in the date and time.",
    },
    "admin.choose": {"id": "Pilih salah satu dari daftar.", "en": "Choose one from the list."},
    "admin.reason_required": {
        "id": "Tulis alasan perpanjangan (misalnya surat permohonan OPD).",
        "en": "Write the reason for the extension (for example the OPD's request letter).",
    },
    "admin.name_short": {"id": "Nama minimal 2 karakter.", "en": "The name needs at least 2 characters."},
    "admin.bad_email": {
        "id": "Email '{value}' tidak sah. Tulis alamat lengkap, misalnya nama@kukar.go.id.",
        "en": "Email '{value}' is not valid. Type the full address, for example name@kukar.go.id.",
    },
    "admin.not_yourself": {
        "id": "Anda tidak dapat menonaktifkan akun Anda sendiri. Minta admin lain melakukannya.",
        "en": "You cannot deactivate your own account. Ask another admin to do it.",
    },
    "admin.not_yourself_role": {
        "id": "Anda tidak dapat mengubah peran akun Anda sendiri. Minta admin lain melakukannya.",
        "en": "You cannot change the role of your own account. Ask another admin to do it.",
    },
    "admin.already_open": {"id": "Periode ini sudah dibuka.", "en": "This period is already open."},
    "admin.import_no_file": {
        "id": "Pilih berkas CSV atau XLSX terlebih dahulu.",
        "en": "Choose a CSV or XLSX file first.",
    },
    "admin.import_empty": {
        "id": "Berkas kosong. Pilih berkas yang berisi baris judul dan data.",
        "en": "The file is empty. Choose a file with a header row and data.",
    },
    # flashes
    "admin.period_created": {"id": "Periode dibuat.", "en": "The period was created."},
    "admin.period_opened": {"id": "Periode dibuka sekarang.", "en": "The period is open now."},
    "admin.deadline_changed": {
        "id": "Batas waktu periode diubah.",
        "en": "The period's deadline was changed.",
    },
    "admin.extension_set": {
        "id": "Perpanjangan batas waktu untuk OPD tersimpan.",
        "en": "The OPD's deadline extension was saved.",
    },
    "admin.opd_added": {"id": "OPD ditambahkan.", "en": "The OPD was added."},
    "admin.import_done": {
        "id": "Impor berhasil: semua baris tersimpan.",
        "en": "Import done: every row was saved.",
    },
    "admin.user_invited": {
        "id": "Pengguna ditambahkan. Tautan untuk membuat kata sandi dikirim kepadanya.",
        "en": "The user was added. A link to set a password was sent to them.",
    },
    "admin.user_saved": {"id": "Data pengguna tersimpan.", "en": "The user was saved."},
    "admin.user_activated": {"id": "Akun diaktifkan kembali.", "en": "The account was reactivated."},
    "admin.user_deactivated": {
        "id": "Akun dinonaktifkan; orang ini tidak dapat masuk lagi.",
        "en": "The account was deactivated; this person can no longer log in.",
    },
    "admin.reminder_sent": {
        "id": "Pengingat dikirim ke operator dan kepala OPD.",
        "en": "The reminder was sent to the OPD's operators and head.",
    },
    "admin.reminder_recent": {
        "id": "Pengingat untuk OPD ini baru saja dikirim; tidak dikirim lagi. Coba lagi setelah satu menit.",
        "en": "A reminder was just sent to this OPD; it was not sent again. Try again after a minute.",
    },
    # periods
    "admin.periods.title": {"id": "Periode pengajuan", "en": "Submission periods"},
    "admin.periods.intro": {
        "id": "Periode Gelar Inovasi {pemda}. Semua waktu dalam zona waktu pemda.",
        "en": "Gelar Inovasi periods of {pemda}. All times are in the pemda's time zone.",
    },
    "admin.periods.year": {"id": "Tahun", "en": "Year"},
    "admin.periods.name": {"id": "Nama periode", "en": "Period name"},
    "admin.periods.name_help": {
        "id": 'Kosongkan untuk memakai "Gelar Inovasi Daerah <tahun>".',
        "en": 'Leave empty to use "Gelar Inovasi Daerah <year>".',
    },
    "admin.periods.opens": {"id": "Dibuka", "en": "Opens"},
    "admin.periods.opens_help": {
        "id": "Kosongkan untuk 1 Januari tahun itu, pukul 00.00.",
        "en": "Leave empty for 1 January of that year, 00:00.",
    },
    "admin.periods.closes": {"id": "Batas waktu", "en": "Deadline"},
    "admin.periods.closes_help": {
        "id": "Kosongkan untuk akhir tahun itu.",
        "en": "Leave empty for the end of that year.",
    },
    "admin.periods.catalogue": {"id": "Katalog indikator", "en": "Indicator catalogue"},
    "admin.periods.state": {"id": "Keadaan", "en": "State"},
    "admin.periods.new": {"id": "Buat periode baru", "en": "Create a new period"},
    "admin.periods.create": {"id": "Buat periode", "en": "Create period"},
    "admin.periods.all": {"id": "← Semua periode", "en": "← All periods"},
    "admin.period.open_title": {"id": "Buka periode sekarang", "en": "Open the period now"},
    "admin.period.open_help": {
        "id": "OPD dapat mulai mengajukan inovasi begitu periode dibuka. Katalog tidak dapat diubah lagi.",
        "en": "OPDs can start submitting as soon as the period opens. The catalogue can no longer change.",
    },
    "admin.period.open": {"id": "Buka sekarang", "en": "Open now"},
    "admin.period.open_confirm": {
        "id": "Buka periode ini sekarang?",
        "en": "Open this period now?",
    },
    "admin.period.deadline_title": {"id": "Ubah batas waktu", "en": "Change the deadline"},
    "admin.period.new_deadline": {"id": "Batas waktu baru", "en": "New deadline"},
    "admin.period.deadline_help": {
        "id": "Tanggal dan jam dalam {zone}.",
        "en": "Date and time in {zone}.",
    },
    "admin.period.save_deadline": {"id": "Simpan batas waktu", "en": "Save deadline"},
    "admin.period.extension_title": {"id": "Perpanjangan untuk satu OPD", "en": "Extension for one OPD"},
    "admin.period.extension_intro": {
        "id": "Beri satu OPD batas waktu yang lebih lambat daripada periode.",
        "en": "Give one OPD a later deadline than the period's.",
    },
    "admin.period.opd": {"id": "OPD", "en": "OPD"},
    "admin.period.ext_deadline": {"id": "Batas waktu OPD ini", "en": "This OPD's deadline"},
    "admin.period.reason": {"id": "Alasan", "en": "Reason"},
    "admin.period.save_extension": {"id": "Simpan perpanjangan", "en": "Save extension"},
    "admin.period.opd_deadlines": {"id": "Batas waktu per OPD", "en": "Deadline per OPD"},
    "admin.period.extended": {"id": "diperpanjang", "en": "extended"},
    # OPDs
    "admin.opds.title": {"id": "OPD", "en": "OPDs"},
    "admin.opds.name": {"id": "Nama OPD", "en": "OPD name"},
    "admin.opds.kind": {"id": "Jenis", "en": "Kind"},
    "admin.opds.parent": {"id": "OPD induk", "en": "Parent OPD"},
    "admin.opds.parent_help": {
        "id": "Misalnya kecamatan untuk kelurahan, atau dinas untuk puskesmas.",
        "en": "For example the kecamatan of a kelurahan, or the dinas of a puskesmas.",
    },
    "admin.opds.new": {"id": "Tambah OPD", "en": "Add an OPD"},
    "admin.opds.add": {"id": "Tambah OPD", "en": "Add OPD"},
    "admin.opds.import_title": {"id": "Impor OPD dari berkas", "en": "Import OPDs from a file"},
    # imports
    "admin.import.file": {"id": "Berkas CSV atau XLSX", "en": "CSV or XLSX file"},
    "admin.import.help": {
        "id": "Baris pertama berisi judul kolom. Semua baris disimpan atau tidak sama sekali.",
        "en": "The first row holds the column names. Every row is saved, or none.",
    },
    "admin.import.columns": {"id": "Kolom: {columns}.", "en": "Columns: {columns}."},
    "admin.import.submit": {"id": "Impor", "en": "Import"},
    "admin.import.report": {"id": "Laporan impor per baris", "en": "Import report per row"},
    "admin.import.summary": {
        "id": "{imported} baris tersimpan, {refused} baris ditolak.",
        "en": "{imported} rows saved, {refused} rows refused.",
    },
    "admin.import.row": {"id": "Baris", "en": "Row"},
    "admin.import.result": {"id": "Hasil", "en": "Result"},
    "admin.import.problem": {"id": "Masalah", "en": "Problem"},
    "admin.import.row_ok": {"id": "Benar", "en": "OK"},
    "admin.import.row_refused": {"id": "Ditolak", "en": "Refused"},
    # users
    "admin.users.title": {"id": "Pengguna", "en": "Users"},
    "admin.users.name": {"id": "Nama", "en": "Name"},
    "admin.users.email": {"id": "Email", "en": "Email"},
    "admin.users.role": {"id": "Peran", "en": "Role"},
    "admin.users.opd": {"id": "OPD", "en": "OPD"},
    "admin.users.opd_help": {
        "id": "Wajib untuk operator dan kepala OPD.",
        "en": "Required for OPD operators and heads.",
    },
    "admin.users.status": {"id": "Status", "en": "Status"},
    "admin.users.actions": {"id": "Tindakan", "en": "Actions"},
    "admin.users.active": {"id": "Aktif", "en": "Active"},
    "admin.users.inactive": {"id": "Nonaktif", "en": "Inactive"},
    "admin.users.edit": {"id": "Ubah", "en": "Edit"},
    "admin.users.edit_who": {"id": "Ubah {name}", "en": "Edit {name}"},
    "admin.users.deactivate": {"id": "Nonaktifkan", "en": "Deactivate"},
    "admin.users.activate": {"id": "Aktifkan", "en": "Activate"},
    "admin.users.deactivate_who": {"id": "Nonaktifkan {name}", "en": "Deactivate {name}"},
    "admin.users.activate_who": {"id": "Aktifkan {name}", "en": "Activate {name}"},
    "admin.users.deactivate_confirm": {
        "id": "Nonaktifkan akun {name}? Orang ini tidak dapat masuk lagi.",
        "en": "Deactivate {name}'s account? This person will no longer be able to log in.",
    },
    "admin.users.new": {"id": "Tambah pengguna", "en": "Add a user"},
    "admin.users.new_help": {
        "id": "Pengguna baru menerima tautan untuk membuat kata sandinya sendiri.",
        "en": "A new user receives a link to set their own password.",
    },
    "admin.users.whatsapp": {"id": "Nomor WhatsApp", "en": "WhatsApp number"},
    "admin.users.whatsapp_help": {
        "id": "Boleh dikosongkan. Contoh: 0812-3456-7890.",
        "en": "Optional. Example: 0812-3456-7890.",
    },
    "admin.users.whatsapp_opt_in": {
        "id": "Orang ini setuju menerima pemberitahuan lewat WhatsApp",
        "en": "This person agrees to receive notices by WhatsApp",
    },
    "admin.users.language": {"id": "Bahasa pemberitahuan", "en": "Notice language"},
    "admin.users.invite": {"id": "Tambah dan kirim undangan", "en": "Add and send invitation"},
    "admin.users.import_title": {"id": "Impor pengguna dari berkas", "en": "Import users from a file"},
    "admin.user.title": {"id": "Ubah pengguna: {name}", "en": "Edit user: {name}"},
    "admin.user.back": {"id": "← Semua pengguna", "en": "← All users"},
    "admin.user.active": {"id": "Akun aktif (dapat masuk)", "en": "Account active (can log in)"},
    # catalogue
    "admin.catalogue.title": {"id": "Katalog indikator", "en": "Indicator catalogue"},
    "admin.catalogue.intro": {
        "id": "{name} ({code}) untuk {period}: total bobot {total}, skor tertinggi {max}.",
        "en": "{name} ({code}) for {period}: total weight {total}, highest score {max}.",
    },
    "admin.catalogue.no": {"id": "No.", "en": "No."},
    "admin.catalogue.code": {"id": "Kode", "en": "Code"},
    "admin.catalogue.indicator": {"id": "Indikator", "en": "Indicator"},
    "admin.catalogue.weight": {"id": "Bobot", "en": "Weight"},
    "admin.catalogue.parameters": {"id": "Parameter (nilai 1–3)", "en": "Parameters (values 1–3)"},
    "admin.catalogue.evidence": {"id": "Data dukung", "en": "Evidence"},
    "admin.catalogue.mandatory": {"id": "wajib", "en": "mandatory"},
    "admin.catalogue.guidance": {"id": "Panduan", "en": "Guidance"},
    "admin.catalogue.bases": {"id": "Dasar kemanfaatan", "en": "Bases of benefit"},
    "admin.catalogue.max_mb": {"id": "maks. {mb} MB", "en": "max. {mb} MB"},
    "admin.catalogue.kind.pdf": {"id": "PDF", "en": "PDF"},
    "admin.catalogue.kind.pdf_or_image": {"id": "PDF atau gambar", "en": "PDF or image"},
    "admin.catalogue.kind.image": {"id": "Gambar", "en": "Image"},
    "admin.catalogue.kind.video": {"id": "Video atau tautan video", "en": "Video or video link"},
    "admin.catalogue.spd": {
        "id": "Indikator satuan pemerintah daerah (SPD), total bobot {total}",
        "en": "Regional government (SPD) indicators, total weight {total}",
    },
    # compliance
    "admin.compliance.title": {"id": "Kepatuhan OPD", "en": "OPD compliance"},
    "admin.compliance.intro": {
        "id": "{period}: {done} dari {total} OPD sudah mengirim inovasi.",
        "en": "{period}: {done} of {total} OPDs have sent an innovation.",
    },
    "admin.compliance.remind_help": {
        "id": '"Ingatkan" mengirim pemberitahuan batas waktu ke operator dan kepala OPD sekarang '
        "(di luar jam tenang). Klik kedua dalam satu menit tidak mengirim lagi.",
        "en": '"Remind" sends the deadline notice to the OPD\'s operators and head now (outside quiet '
        "hours). A second click within a minute sends nothing more.",
    },
    "admin.compliance.waiting": {
        "id": "Belum mengirim ({count} OPD)",
        "en": "Not sent yet ({count} OPDs)",
    },
    "admin.compliance.done": {"id": "Sudah mengirim ({count} OPD)", "en": "Sent ({count} OPDs)"},
    "admin.compliance.all_done": {
        "id": "Semua OPD sudah mengirim inovasi.",
        "en": "Every OPD has sent an innovation.",
    },
    "admin.compliance.submitted": {"id": "Terkirim", "en": "Sent"},
    "admin.compliance.drafts": {"id": "Draf", "en": "Drafts"},
    "admin.compliance.last_reminded": {"id": "Terakhir diingatkan", "en": "Last reminded"},
    "admin.compliance.remind": {"id": "Ingatkan", "en": "Remind"},
    "admin.compliance.remind_who": {"id": "Ingatkan {opd}", "en": "Remind {opd}"},
    # audit
    "admin.audit.title": {"id": "Log audit", "en": "Audit log"},
    "admin.audit.intro": {
        "id": "Setiap perubahan di pemda ini, terbaru lebih dulu: siapa, kapan, apa, sebelum dan sesudah.",
        "en": "Every change in this pemda, newest first: who, when, what, before and after.",
    },
    "admin.audit.when": {"id": "Waktu", "en": "When"},
    "admin.audit.who": {"id": "Oleh", "en": "By"},
    "admin.audit.what": {"id": "Perubahan", "en": "Change"},
    "admin.audit.changes": {"id": "Sebelum → sesudah", "en": "Before → after"},
    "admin.audit.page": {"id": "Halaman {page}", "en": "Page {page}"},
    "admin.audit.pages": {"id": "Halaman log audit", "en": "Audit log pages"},
}

register(TEXTS)  # type: ignore[arg-type]
