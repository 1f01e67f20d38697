"""Texts of the account pages, the OPD portal and the OPD head's approvals (id first, then en)."""

from __future__ import annotations

from shared.i18n import register

ACCOUNT: dict[str, dict[str, str]] = {
    "pw.forgot_title": {"id": "Lupa kata sandi", "en": "Forgotten password"},
    "pw.forgot_intro": {
        "id": "Masukkan email akun Anda. Kami kirimkan tautan untuk membuat kata sandi baru.",
        "en": "Enter your account's email. We will send a link to choose a new password.",
    },
    "pw.send_link": {"id": "Kirim tautan", "en": "Send the link"},
    "pw.sent": {
        "id": "Jika {email} terdaftar, tautan untuk membuat kata sandi baru sudah dikirim ke email "
        "(dan WhatsApp bila aktif). Periksa kotak masuk Anda; tautan berlaku beberapa jam.",
        "en": "If {email} has an account, a link to choose a new password has been sent by email "
        "(and WhatsApp when enabled). Check your inbox; the link works for a few hours.",
    },
    "pw.email_needed": {
        "id": "Tulis alamat email lengkap, misalnya nama@dinas.go.id.",
        "en": "Write a full email address, for example name@agency.go.id.",
    },
    "pw.reset_title": {"id": "Buat kata sandi baru", "en": "Choose a new password"},
    "pw.reset_intro": {
        "id": "Tulis kata sandi baru dua kali. Setelah tersimpan, masuk dengan kata sandi itu.",
        "en": "Type the new password twice. Once saved, log in with it.",
    },
    "pw.invite_title": {"id": "Aktifkan akun Anda", "en": "Activate your account"},
    "pw.invite_intro": {
        "id": "Anda diundang ke Gelar Inovasi. Buat kata sandi untuk masuk pertama kali.",
        "en": "You have been invited to Gelar Inovasi. Choose a password to log in for the first time.",
    },
    "pw.new_password": {"id": "Kata sandi baru", "en": "New password"},
    "pw.new_password_again": {"id": "Ulangi kata sandi baru", "en": "New password again"},
    "pw.rule": {
        "id": "Minimal {minimum} karakter. Gunakan kalimat yang mudah Anda ingat.",
        "en": "At least {minimum} characters. A phrase you remember works well.",
    },
    "pw.mismatch": {
        "id": "Kedua kata sandi tidak sama. Ketik ulang keduanya.",
        "en": "The two passwords differ. Type both again.",
    },
    "pw.save": {"id": "Simpan kata sandi", "en": "Save the password"},
    "pw.set_done": {
        "id": "Kata sandi tersimpan. Silakan masuk.",
        "en": "Password saved. Please log in.",
    },
    "pw.ask_new_link": {"id": "Minta tautan baru", "en": "Ask for a new link"},
    "pw.back_to_login": {"id": "Kembali ke halaman masuk", "en": "Back to the login page"},
}

STATUSES: dict[str, dict[str, str]] = {
    "portal.status.draft": {"id": "Draf", "en": "Draft"},
    "portal.status.awaiting_head": {"id": "Menunggu persetujuan Kepala OPD", "en": "Awaiting the OPD head"},
    "portal.status.submitted": {"id": "Terkirim ke pemda", "en": "Sent to the pemda"},
    "portal.status.in_review": {"id": "Sedang diverifikasi", "en": "In review"},
    "portal.status.revision_requested": {"id": "Perlu perbaikan", "en": "Revision requested"},
    "portal.status.resubmitted": {"id": "Perbaikan terkirim", "en": "Revision sent"},
    "portal.status.accepted": {"id": "Diterima", "en": "Accepted"},
    "portal.status.rejected": {"id": "Ditolak", "en": "Rejected"},
    "portal.status.withdrawn": {"id": "Ditarik", "en": "Withdrawn"},
}

FIELDS: dict[str, dict[str, str]] = {
    "portal.field.nama": {"id": "Nama inovasi", "en": "Innovation name"},
    "portal.field.tahapan": {"id": "Tahapan inovasi", "en": "Stage"},
    "portal.field.jenis": {"id": "Jenis inovasi", "en": "Type"},
    "portal.field.inisiator": {"id": "Inisiator", "en": "Initiator"},
    "portal.field.nama_inisiator": {"id": "Nama inisiator", "en": "Initiator's name"},
    "portal.field.bentuk": {"id": "Bentuk inovasi", "en": "Form of innovation"},
    "portal.field.tematik": {"id": "Tematik", "en": "Theme"},
    "portal.field.urusan_utama": {"id": "Urusan pemerintahan utama", "en": "Main government affair"},
    "portal.field.urusan_lain": {"id": "Urusan lain yang beririsan", "en": "Other related affairs"},
    "portal.field.waktu_uji_coba": {"id": "Waktu uji coba", "en": "Trial date"},
    "portal.field.waktu_penerapan": {"id": "Waktu penerapan", "en": "Implementation date"},
    "portal.field.pengembangan": {"id": "Pengembangan inovasi", "en": "Further development"},
    "portal.field.waktu_pengembangan": {"id": "Waktu pengembangan", "en": "Development date"},
    "portal.field.rancang_bangun": {"id": "Rancang bangun", "en": "Design (rancang bangun)"},
    "portal.field.tujuan": {"id": "Tujuan inovasi", "en": "Goal"},
    "portal.field.manfaat": {"id": "Manfaat yang diperoleh", "en": "Benefits"},
    "portal.field.hasil": {"id": "Hasil inovasi", "en": "Results"},
    "portal.help.urusan_utama": {
        "id": "Misalnya: kesehatan, pendidikan, sosial.",
        "en": "For example: kesehatan (health), pendidikan (education), sosial.",
    },
    "portal.help.waktu_pengembangan": {
        "id": "Wajib diisi bila inovasi dikembangkan.",
        "en": "Required when the innovation was developed further.",
    },
    "portal.help.rancang_bangun": {
        "id": "Paling sedikit {minimum} kata: latar belakang, tujuan, langkah, dan dampak.",
        "en": "At least {minimum} words: background, goal, steps and impact.",
    },
    "portal.words_of": {"id": "{count} kata (minimal {minimum})", "en": "{count} words (at least {minimum})"},
    "portal.urusan_lain_n": {"id": "Urusan lain {n}", "en": "Other affair {n}"},
    "portal.yes": {"id": "Ya", "en": "Yes"},
    "portal.no": {"id": "Tidak", "en": "No"},
    "portal.choose": {"id": "— Pilih —", "en": "— Choose —"},
    "portal.err.too_short": {
        "id": "{label} terlalu pendek: tulis paling sedikit {minimum} karakter.",
        "en": "{label} is too short: write at least {minimum} characters.",
    },
    "portal.err.too_long": {
        "id": "{label} terlalu panjang: paling banyak {maximum} karakter.",
        "en": "{label} is too long: at most {maximum} characters.",
    },
    "portal.err.choose": {"id": "Pilih {label} dari daftar.", "en": "Choose the {label} from the list."},
    "portal.err.bad_date": {
        "id": "{label} bukan tanggal yang sah. Pilih tanggal dari kalender.",
        "en": "{label} is not a valid date. Pick a date from the calendar.",
    },
    "portal.err.required": {"id": "{label} wajib diisi.", "en": "{label} is required."},
    "portal.err.invalid": {"id": "Periksa isian {label}.", "en": "Check the {label}."},
    "portal.err.choose_parameter": {
        "id": "Pilih salah satu parameter, lalu simpan.",
        "en": "Choose one parameter, then save.",
    },
    "portal.err.choose_file": {
        "id": "Pilih berkas yang akan diunggah.",
        "en": "Choose the file to upload.",
    },
    "portal.err.bad_url": {
        "id": "Tulis alamat lengkap yang diawali https://, misalnya https://www.youtube.com/watch?v=...",
        "en": "Write the full address starting with https://, for example https://www.youtube.com/watch?v=...",
    },
}

PORTAL: dict[str, dict[str, str]] = {
    "portal.new": {"id": "Buat inovasi baru", "en": "New innovation"},
    "portal.new_intro": {
        "id": "Mulai dengan nama, tahapan dan jenis. Profil lengkap dan bukti diisi setelahnya; draf "
        "tersimpan otomatis.",
        "en": "Start with the name, stage and type. The full profile and evidence come next; drafts save "
        "automatically.",
    },
    "portal.create": {"id": "Buat draf", "en": "Create the draft"},
    "portal.created": {
        "id": "Draf inovasi dibuat. Lengkapi profil dan indikatornya.",
        "en": "Draft created. Complete its profile and indicators.",
    },
    "portal.status": {"id": "Status", "en": "Status"},
    "portal.version": {"id": "Versi", "en": "Version"},
    "portal.version_n": {"id": "Versi {version}", "en": "Version {version}"},
    "portal.updated": {"id": "Terakhir diubah", "en": "Last changed"},
    "portal.deadline": {"id": "Tenggat {period}:", "en": "{period} deadline:"},
    "portal.deadline_extended": {"id": "diperpanjang untuk OPD Anda", "en": "extended for your OPD"},
    "portal.revision_until": {"id": "Batas perbaikan: {deadline}", "en": "Revise by {deadline}"},
    "portal.history": {"id": "Riwayat versi", "en": "Version history"},
    "portal.revision_title": {
        "id": "Perbaikan diminta verifikator",
        "en": "The reviewers asked for a revision",
    },
    "portal.revision_intro": {
        "id": "Perbaiki hanya indikator bertanda 'Perlu diperbaiki' (catatan verifikator ada di sampingnya); "
        "bagian lain terkunci. Lalu kirim ulang ke Kepala OPD.",
        "en": "Fix only the indicators marked 'To fix' (the reviewers' notes are beside them); the rest is "
        "locked. Then send it to the OPD head again.",
    },
    "portal.review_note": {"id": "Catatan umum verifikator", "en": "The reviewers' general note"},
    "portal.head_returned": {
        "id": "Dikembalikan oleh Kepala OPD dengan catatan:",
        "en": "Returned by the OPD head with a note:",
    },
    "portal.awaiting_head_info": {
        "id": "Inovasi ini menunggu persetujuan Kepala OPD; selama itu tidak dapat diubah.",
        "en": "This innovation awaits the OPD head's approval; it cannot change meanwhile.",
    },
    "portal.read_only": {"id": "Halaman ini hanya untuk dibaca.", "en": "This page is read-only."},
    "portal.sections": {"id": "Bagian halaman", "en": "Page sections"},
    "portal.completeness": {"id": "Kelengkapan dan skor", "en": "Completeness and score"},
    "portal.profile": {"id": "Profil inovasi", "en": "Innovation profile"},
    "portal.indicators": {"id": "Indikator", "en": "Indicators"},
    "portal.score": {
        "id": "Skor penilaian mandiri: {total} dari {max}",
        "en": "Self-assessed score: {total} of {max}",
    },
    "portal.missing_intro": {
        "id": "Masih ada {count} hal yang perlu dilengkapi sebelum dikirim:",
        "en": "{count} things still need to be completed before sending:",
    },
    "portal.missing_field": {"id": "Isi kolom '{label}'", "en": "Fill in '{label}'"},
    "portal.complete": {
        "id": "Semua yang wajib sudah lengkap. Inovasi siap dikirim ke Kepala OPD.",
        "en": "Everything required is complete. The innovation is ready to send to the OPD head.",
    },
    "portal.send": {"id": "Kirim ke Kepala OPD", "en": "Send to the OPD head"},
    "portal.resend": {"id": "Kirim ulang ke Kepala OPD", "en": "Send again to the OPD head"},
    "portal.send_confirm": {
        "id": "Kirim inovasi ini ke Kepala OPD? Selama menunggu persetujuan, inovasi tidak dapat diubah.",
        "en": "Send this innovation to the OPD head? It cannot change while awaiting approval.",
    },
    "portal.send_incomplete": {
        "id": "Belum bisa dikirim: lengkapi dulu hal-hal berikut.",
        "en": "It cannot be sent yet: complete these first.",
    },
    "portal.sent": {
        "id": "Terkirim ke Kepala OPD. Anda akan diberi tahu setelah disetujui atau dikembalikan.",
        "en": "Sent to the OPD head. You will be told once it is approved or returned.",
    },
    "portal.withdraw": {"id": "Tarik kembali", "en": "Withdraw"},
    "portal.withdraw_info": {
        "id": "Bisa ditarik selama verifikasi belum dimulai, lalu diubah dan dikirim lagi.",
        "en": "Possible until review starts; then change it and send it again.",
    },
    "portal.withdraw_confirm": {
        "id": "Tarik kembali inovasi ini? Setelah diubah, kirim lagi ke Kepala OPD.",
        "en": "Withdraw this innovation? After changing it, send it to the OPD head again.",
    },
    "portal.withdrawn": {
        "id": "Inovasi ditarik kembali dan dapat diubah lagi.",
        "en": "The innovation was withdrawn and can be changed again.",
    },
    "portal.autosave_info": {
        "id": "Isian tersimpan otomatis saat Anda mengetik. Tombol Simpan di bawah juga bisa dipakai.",
        "en": "What you type is saved automatically. The Save button below works too.",
    },
    "portal.save_profile": {"id": "Simpan profil", "en": "Save the profile"},
    "portal.profile_locked": {
        "id": "Profil sudah dikirim dan terkunci selama perbaikan.",
        "en": "The profile was submitted and is locked during the revision.",
    },
    "portal.indicators_intro": {
        "id": "Buka setiap indikator untuk memilih parameter dan mengunggah bukti.",
        "en": "Open each indicator to choose its parameter and upload evidence.",
    },
    "portal.number": {"id": "No.", "en": "No."},
    "portal.indicator": {"id": "Indikator", "en": "Indicator"},
    "portal.parameter": {"id": "Parameter", "en": "Parameter"},
    "portal.evidence_count": {"id": "Bukti", "en": "Evidence"},
    "portal.score_col": {"id": "Skor", "en": "Score"},
    "portal.reviewer_note": {"id": "Catatan verifikator", "en": "Reviewers' note"},
    "portal.no_note": {"id": "(tanpa catatan)", "en": "(no note)"},
    "portal.mandatory": {"id": "Wajib", "en": "Mandatory"},
    "portal.reopened": {"id": "Perlu diperbaiki", "en": "To fix"},
    "portal.locked": {"id": "Terkunci", "en": "Locked"},
    "portal.indicator_n": {"id": "Indikator {no}", "en": "Indicator {no}"},
    "portal.indicator_nav": {"id": "Indikator lain", "en": "Other indicators"},
    "portal.n_of": {"id": "{n} dari {count}", "en": "{n} of {count}"},
    "portal.back_to": {"id": "Kembali ke {name}", "en": "Back to {name}"},
    "portal.back_to_checklist": {
        "id": "Kembali ke kelengkapan dan skor",
        "en": "Back to completeness and score",
    },
    "portal.weight": {"id": "Bobot {bobot}", "en": "Weight {bobot}"},
    "portal.indicator_locked": {
        "id": "Indikator ini tidak diminta untuk diperbaiki; jawaban dan buktinya terkunci.",
        "en": "This indicator was not flagged for revision; its answer and evidence are locked.",
    },
    "portal.guidance": {"id": "Petunjuk", "en": "Guidance"},
    "portal.evidence_kind": {
        "id": "Bukti: {kind}, paling besar {size} MB per berkas.",
        "en": "Evidence: {kind}, at most {size} MB per file.",
    },
    "portal.answer": {"id": "Jawaban", "en": "Answer"},
    "portal.choose_parameter": {"id": "Pilih parameter", "en": "Choose the parameter"},
    "portal.choose_basis": {"id": "Dasar kemanfaatan", "en": "Basis of the benefit"},
    "portal.basis": {"id": "Dasar", "en": "Basis"},
    "portal.save_answer": {"id": "Simpan jawaban", "en": "Save the answer"},
    "portal.answer_saved": {"id": "Jawaban tersimpan.", "en": "Answer saved."},
    "portal.not_answered": {"id": "Belum dijawab.", "en": "Not answered yet."},
    "portal.evidence": {"id": "Bukti dukung", "en": "Evidence"},
    "portal.evidence.file": {"id": "Berkas", "en": "File"},
    "portal.evidence.details": {"id": "Keterangan", "en": "Details"},
    "portal.actions": {"id": "Tindakan", "en": "Actions"},
    "portal.evidence.none": {"id": "Belum ada bukti.", "en": "No evidence yet."},
    "portal.evidence.nomor_surat": {"id": "Nomor surat", "en": "Letter number"},
    "portal.evidence.tanggal_surat": {"id": "Tanggal surat", "en": "Letter date"},
    "portal.evidence.tentang": {"id": "Tentang", "en": "Subject"},
    "portal.evidence.in_version": {"id": "terkirim di versi {version}", "en": "sent in version {version}"},
    "portal.evidence.delete": {"id": "Hapus", "en": "Delete"},
    "portal.evidence.delete_named": {"id": "Hapus {name}", "en": "Delete {name}"},
    "portal.evidence.delete_confirm": {
        "id": "Hapus bukti '{name}' dari draf?",
        "en": "Delete the evidence '{name}' from the draft?",
    },
    "portal.evidence_removed": {"id": "Bukti dihapus dari draf.", "en": "Evidence removed from the draft."},
    "portal.evidence.upload_title": {"id": "Unggah bukti", "en": "Upload evidence"},
    "portal.evidence.choose_file": {
        "id": "Berkas bukti ({kind}, maks. {size} MB)",
        "en": "Evidence file ({kind}, max. {size} MB)",
    },
    "portal.evidence.upload": {"id": "Unggah", "en": "Upload"},
    "portal.evidence.link_default": {"id": "Tautan video", "en": "Video link"},
    "portal.video.link_title": {"id": "Tautan video", "en": "Video link"},
    "portal.video.url": {"id": "Alamat video", "en": "Video address"},
    "portal.video.url_help": {
        "id": "Video di platform publik (YouTube dan sejenisnya), paling lama 5 menit.",
        "en": "A video on a public platform (YouTube or similar), at most 5 minutes long.",
    },
    "portal.video.title": {"id": "Judul tautan", "en": "Link title"},
    "portal.video.add_link": {"id": "Simpan tautan", "en": "Save the link"},
    "portal.link_added": {"id": "Tautan tersimpan sebagai bukti.", "en": "Link saved as evidence."},
    "portal.video.file_title": {"id": "Atau unggah berkas video", "en": "Or upload a video file"},
    "portal.video.resumable_info": {
        "id": "Video dikirim per bagian 5 MB. Bila koneksi putus, pilih berkas yang sama lagi dan tekan "
        "Unggah: bagian yang sudah terkirim tidak dikirim ulang.",
        "en": "The video is sent in 5 MB parts. If the connection drops, choose the same file again and "
        "press Upload: parts already sent are not sent again.",
    },
    "portal.video.resuming": {
        "id": "Melanjutkan unggahan sebelumnya…",
        "en": "Resuming the earlier upload…",
    },
    "portal.video.joining": {
        "id": "Menyatukan dan memeriksa video…",
        "en": "Joining and checking the video…",
    },
    "portal.slots": {"id": "Berkas profil (tidak wajib)", "en": "Profile files (optional)"},
    "portal.slots_intro": {
        "id": "Dokumen anggaran, profil bisnis, HAKI dan penghargaan bila ada.",
        "en": "Budget document, business profile, intellectual property and awards, if any.",
    },
    "portal.slot.anggaran": {"id": "Dokumen anggaran", "en": "Budget document"},
    "portal.slot.profil_bisnis": {"id": "Profil bisnis", "en": "Business profile"},
    "portal.slot.haki": {"id": "Sertifikat HAKI", "en": "Intellectual property certificate"},
    "portal.slot.penghargaan": {"id": "Penghargaan", "en": "Award"},
    "portal.slot_file": {"id": "Berkas ({kind}, maks. {size} MB)", "en": "File ({kind}, max. {size} MB)"},
    "portal.slot_upload": {"id": "Unggah {slot}", "en": "Upload {slot}"},
    "portal.versions": {"id": "Versi terkirim", "en": "Submitted versions"},
    "portal.submitted_at": {"id": "Dikirim", "en": "Submitted"},
    "portal.no_versions": {
        "id": "Belum ada versi terkirim. Versi dibuat saat Kepala OPD menyetujui.",
        "en": "No submitted version yet. A version is made when the OPD head approves.",
    },
    "portal.working_copy": {"id": "Draf saat ini", "en": "Current draft"},
    "portal.compare_from": {"id": "Bandingkan dari", "en": "Compare from"},
    "portal.compare_to": {"id": "dengan", "en": "with"},
    "portal.compare": {"id": "Bandingkan", "en": "Compare"},
    "portal.differences": {"id": "Perbedaan {base} → {other}", "en": "Differences {base} → {other}"},
    "portal.no_differences": {"id": "Tidak ada perbedaan.", "en": "No differences."},
    "portal.field_col": {"id": "Kolom", "en": "Field"},
    "portal.before": {"id": "Sebelum", "en": "Before"},
    "portal.after": {"id": "Sesudah", "en": "After"},
    "portal.unchanged": {"id": "tidak berubah", "en": "unchanged"},
}

APPROVALS: dict[str, dict[str, str]] = {
    "approval.intro": {
        "id": "Inovasi yang dikirim operator OPD Anda dan menunggu persetujuan.",
        "en": "Innovations your OPD's operators sent that await your approval.",
    },
    "approval.complete": {
        "id": "Semua yang wajib sudah lengkap.",
        "en": "Everything required is complete.",
    },
    "approval.kind": {"id": "Jenis pengiriman", "en": "Kind"},
    "approval.first": {"id": "Pengiriman pertama", "en": "First submission"},
    "approval.resubmission": {"id": "Perbaikan", "en": "Revision"},
    "approval.all_innovations": {"id": "Semua inovasi OPD", "en": "All the OPD's innovations"},
    "approval.open": {"id": "Buka halaman persetujuan", "en": "Open the approval page"},
    "approval.title": {"id": "Persetujuan: {name}", "en": "Approval: {name}"},
    "approval.read_full": {"id": "Baca seluruh isian", "en": "Read everything"},
    "approval.decide": {"id": "Keputusan Anda", "en": "Your decision"},
    "approval.approve_title": {"id": "Setujui", "en": "Approve"},
    "approval.approve_info": {
        "id": "Versi ini dibekukan dan dikirim ke tim verifikasi pemda.",
        "en": "This version is frozen and sent to the pemda's review team.",
    },
    "approval.approve": {"id": "Setujui dan kirim ke pemda", "en": "Approve and send to the pemda"},
    "approval.approve_confirm": {
        "id": "Setujui inovasi ini dan kirim ke pemda?",
        "en": "Approve this innovation and send it to the pemda?",
    },
    "approval.return_title": {"id": "Kembalikan ke operator", "en": "Return to the operator"},
    "approval.note": {"id": "Catatan untuk operator", "en": "Note for the operator"},
    "approval.note_help": {
        "id": "Tulis apa yang perlu diperbaiki (minimal {minimum} karakter).",
        "en": "Write what needs fixing (at least {minimum} characters).",
    },
    "approval.note_needed": {
        "id": "Tulis catatan untuk operator ({minimum} sampai {maximum} karakter) agar ia tahu apa yang "
        "perlu diperbaiki.",
        "en": "Write a note for the operator ({minimum} to {maximum} characters) so they know what to fix.",
    },
    "approval.return": {"id": "Kembalikan dengan catatan", "en": "Return with the note"},
    "approval.approved": {
        "id": "Disetujui dan dikirim ke tim verifikasi pemda.",
        "en": "Approved and sent to the pemda's review team.",
    },
    "approval.returned": {
        "id": "Dikembalikan ke operator dengan catatan Anda.",
        "en": "Returned to the operator with your note.",
    },
    "approval.not_awaiting": {
        "id": "Inovasi ini tidak menunggu persetujuan (status: {status}).",
        "en": "This innovation is not awaiting approval (status: {status}).",
    },
}

TEXTS: dict[str, dict[str, str]] = {**ACCOUNT, **STATUSES, **FIELDS, **PORTAL, **APPROVALS}

register(TEXTS)  # type: ignore[arg-type]
