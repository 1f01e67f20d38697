"""Texts of the reviewer's pages: queue and case page (id first, then en)."""

from __future__ import annotations

from shared.i18n import register

TEXTS: dict[str, dict[str, str]] = {
    # queue
    "reviewer.queue.title": {"id": "Antrean verifikasi saya", "en": "My review queue"},
    "reviewer.queue.title_admin": {"id": "Semua kasus verifikasi", "en": "All review cases"},
    "reviewer.queue.intro": {
        "id": "Inovasi yang ditugaskan kepada Anda, tenggat terdekat di atas.",
        "en": "The innovations assigned to you, the nearest due date first.",
    },
    "reviewer.queue.intro_admin": {
        "id": "Semua inovasi yang diverifikasi di pemda Anda, tenggat terdekat di atas.",
        "en": "Every innovation under review in your pemda, the nearest due date first.",
    },
    "reviewer.queue.filters": {"id": "Saring antrean", "en": "Filter the queue"},
    "reviewer.queue.status": {"id": "Status", "en": "Status"},
    "reviewer.queue.opd": {"id": "OPD", "en": "OPD"},
    "reviewer.queue.due": {"id": "Tenggat", "en": "Due"},
    "reviewer.queue.all": {"id": "Semua", "en": "All"},
    "reviewer.queue.due_soon": {"id": "Tenggat dalam 2 hari", "en": "Due within 2 days"},
    "reviewer.queue.overdue": {"id": "Lewat tenggat", "en": "Overdue"},
    "reviewer.queue.innovation": {"id": "Inovasi", "en": "Innovation"},
    "reviewer.queue.round": {"id": "Versi / putaran", "en": "Version / round"},
    "reviewer.queue.my_work": {"id": "Penilaian saya", "en": "My assessment"},
    "reviewer.queue.work_admin": {"id": "Penilai", "en": "Reviewers"},
    "reviewer.queue.done": {"id": "Sudah dikirim", "en": "Submitted"},
    "reviewer.queue.todo": {"id": "Belum dikirim", "en": "Not submitted yet"},
    "reviewer.queue.count": {"id": "{count} kasus", "en": "{count} cases"},
    "reviewer.queue.empty": {
        "id": "Tidak ada kasus yang cocok. Ubah atau atur ulang filter.",
        "en": "No case matches. Change or reset the filters.",
    },
    "reviewer.queue.open": {"id": "Buka {name}", "en": "Open {name}"},
    "reviewer.queue.overdue_badge": {"id": "Lewat tenggat", "en": "Overdue"},
    "reviewer.queue.soon_badge": {"id": "Segera", "en": "Due soon"},
    # case statuses
    "reviewer.status.open": {"id": "Menunggu penilaian", "en": "Awaiting review"},
    "reviewer.status.in_review": {"id": "Sedang dinilai", "en": "In review"},
    "reviewer.status.decided": {"id": "Diputuskan", "en": "Decided"},
    "reviewer.status.withdrawn": {"id": "Ditarik", "en": "Withdrawn"},
    # verdicts
    "reviewer.verdict.sesuai": {"id": "Sesuai", "en": "Valid (sesuai)"},
    "reviewer.verdict.tidak_sesuai": {"id": "Tidak sesuai", "en": "Not valid (tidak sesuai)"},
    "reviewer.verdict.perlu_perbaikan": {"id": "Perlu perbaikan", "en": "Needs revision (perlu perbaikan)"},
    "reviewer.verdict_help.sesuai": {
        "id": "Data dukung membuktikan parameter yang dipilih.",
        "en": "The evidence proves the chosen parameter.",
    },
    "reviewer.verdict_help.tidak_sesuai": {
        "id": "Data dukung tidak membuktikan parameter; tulis alasannya.",
        "en": "The evidence does not prove the parameter; write why.",
    },
    "reviewer.verdict_help.perlu_perbaikan": {
        "id": "OPD perlu memperbaiki data dukung; tulis apa yang harus diperbaiki.",
        "en": "The OPD must fix the evidence; write what to fix.",
    },
    # case page
    "reviewer.case.back": {"id": "Kembali ke antrean", "en": "Back to the queue"},
    "reviewer.case.opd": {"id": "OPD", "en": "OPD"},
    "reviewer.case.version": {
        "id": "Versi {version}, putaran {round}",
        "en": "Version {version}, round {round}",
    },
    "reviewer.case.submitted_at": {"id": "Diajukan", "en": "Submitted"},
    "reviewer.case.my_due": {"id": "Tenggat penilaian saya", "en": "My due date"},
    "reviewer.case.status": {"id": "Status", "en": "Status"},
    "reviewer.case.resubmission": {
        "id": "Pengajuan ulang (putaran {round}): hanya indikator {indicators} yang dinilai ulang. "
        "Penilaian putaran sebelumnya ditampilkan di samping formulir.",
        "en": "Resubmission (round {round}): only indicators {indicators} are assessed again. "
        "The earlier rounds' verdicts are shown beside the form.",
    },
    "reviewer.case.indicators": {"id": "Indikator", "en": "Indicators"},
    "reviewer.case.indicator_link": {"id": "Indikator {no}", "en": "Indicator {no}"},
    "reviewer.case.assessed": {"id": "sudah dinilai", "en": "assessed"},
    "reviewer.case.not_assessed": {"id": "belum dinilai", "en": "not assessed yet"},
    "reviewer.case.not_claimed": {
        "id": "tidak diisi OPD, boleh dinilai",
        "en": "not answered by the OPD, may be assessed",
    },
    "reviewer.case.not_reopened": {"id": "tidak dinilai ulang", "en": "not reassessed"},
    "reviewer.case.current": {"id": "sedang ditampilkan", "en": "shown now"},
    "reviewer.case.keys": {
        "id": "Tombol J dan K: indikator berikutnya dan sebelumnya.",
        "en": "Keys J and K: next and previous indicator.",
    },
    "reviewer.case.case_flags": {"id": "Catatan sistem untuk kasus ini", "en": "System notes on this case"},
    "reviewer.indicator.title": {"id": "Indikator {no}: {name}", "en": "Indicator {no}: {name}"},
    "reviewer.indicator.bobot": {"id": "Bobot {bobot}", "en": "Weight {bobot}"},
    "reviewer.indicator.wajib": {"id": "wajib", "en": "mandatory"},
    "reviewer.indicator.guidance": {"id": "Petunjuk", "en": "Guidance"},
    "reviewer.indicator.claimed": {"id": "Klaim OPD", "en": "The OPD's claim"},
    "reviewer.indicator.claimed_value": {
        "id": "Parameter {value}: {text}",
        "en": "Parameter {value}: {text}",
    },
    "reviewer.indicator.unclaimed": {"id": "Tidak diisi (0)", "en": "Not answered (0)"},
    "reviewer.indicator.outcome": {"id": "Hasil verifikasi saat ini", "en": "Current verification result"},
    "reviewer.indicator.outcome_value": {
        "id": "Parameter terverifikasi {value}",
        "en": "Verified parameter {value}",
    },
    "reviewer.indicator.disagreement": {
        "id": "Penilai berbeda pendapat; menunggu keputusan koordinator.",
        "en": "The reviewers disagree; awaiting the coordinator.",
    },
    "reviewer.indicator.adjudicated": {"id": "Diputuskan koordinator", "en": "Decided by the coordinator"},
    "reviewer.indicator.prev": {"id": "Indikator sebelumnya", "en": "Previous indicator"},
    "reviewer.indicator.next": {"id": "Indikator berikutnya", "en": "Next indicator"},
    "reviewer.indicator.not_assessable": {
        "id": "Indikator ini tidak dinilai ulang pada putaran ini.",
        "en": "This indicator is not reassessed in this round.",
    },
    "reviewer.evidence.title": {"id": "Data dukung", "en": "Evidence"},
    "reviewer.evidence.none": {
        "id": "OPD tidak melampirkan data dukung untuk indikator ini.",
        "en": "The OPD attached no evidence to this indicator.",
    },
    "reviewer.evidence.open": {"id": "Buka {name} di tab baru", "en": "Open {name} in a new tab"},
    "reviewer.evidence.download": {"id": "Unduh {name}", "en": "Download {name}"},
    "reviewer.evidence.pdf_fallback": {
        "id": "PDF tidak tampil? Buka atau unduh berkasnya:",
        "en": "PDF not showing? Open or download the file:",
    },
    "reviewer.evidence.video": {"id": "Tonton video: {name}", "en": "Watch the video: {name}"},
    "reviewer.evidence.link_unsafe": {
        "id": "Tautan dari OPD tidak dapat dibuka karena bukan alamat http(s): {link}",
        "en": "The OPD's link cannot be opened because it is not an http(s) address: {link}",
    },
    "reviewer.evidence.frame": {"id": "Pratinjau {name}", "en": "Preview of {name}"},
    "reviewer.evidence.letter": {
        "id": "Surat nomor {nomor}, tanggal {tanggal}, tentang {tentang}",
        "en": "Letter number {nomor}, dated {tanggal}, on {tentang}",
    },
    "reviewer.evidence.size": {"id": "{size} KB", "en": "{size} KB"},
    "reviewer.evidence.expires": {
        "id": "Tautan berkas berlaku beberapa menit; muat ulang halaman bila kedaluwarsa.",
        "en": "File links last a few minutes; reload the page if one has expired.",
    },
    "reviewer.integrity.ok": {"id": "Berkas utuh (SHA-256 cocok)", "en": "File intact (SHA-256 matches)"},
    "reviewer.integrity.unchecked": {
        "id": "Berkas besar: keutuhan tidak diperiksa di halaman ini",
        "en": "Large file: its integrity is not checked on this page",
    },
    "reviewer.integrity.unavailable": {
        "id": "Penyimpanan berkas sedang tidak dapat dihubungi; coba muat ulang nanti.",
        "en": "The file storage cannot be reached right now; reload later.",
    },
    "reviewer.flags.title": {"id": "Perhatian", "en": "Attention"},
    "reviewer.flag.pdf_javascript": {
        "id": "PDF berisi JavaScript: jangan aktifkan skrip saat membukanya",
        "en": "The PDF contains JavaScript: do not enable scripts when opening it",
    },
    "reviewer.flag.pdf_launch_action": {
        "id": "PDF mencoba menjalankan program lain",
        "en": "The PDF tries to launch another program",
    },
    "reviewer.flag.pdf_open_action": {
        "id": "PDF menjalankan aksi saat dibuka",
        "en": "The PDF runs an action when opened",
    },
    "reviewer.flag.pdf_additional_actions": {
        "id": "PDF berisi aksi tambahan",
        "en": "The PDF contains additional actions",
    },
    "reviewer.flag.pdf_embedded_file": {
        "id": "PDF menyisipkan berkas lain",
        "en": "The PDF embeds other files",
    },
    "reviewer.flag.pdf_encrypted": {"id": "PDF terenkripsi", "en": "The PDF is encrypted"},
    "reviewer.flag.pdf_unparseable": {
        "id": "PDF tidak dapat dibaca sistem",
        "en": "The system could not read the PDF",
    },
    "reviewer.flag.pdf_too_complex": {
        "id": "PDF terlalu rumit untuk diperiksa sistem",
        "en": "The PDF is too complex for the system to check",
    },
    "reviewer.flag.duplicate_in_pemda": {
        "id": "Berkas yang sama dipakai inovasi lain di pemda ini",
        "en": "The same file is used by another innovation of this pemda",
    },
    "reviewer.flag.other": {"id": "Catatan sistem: {code}", "en": "System note: {code}"},
    # verdict form
    "reviewer.form.title": {
        "id": "Penilaian saya untuk indikator {no}",
        "en": "My verdict on indicator {no}",
    },
    "reviewer.form.verdict": {"id": "Penilaian", "en": "Verdict"},
    "reviewer.form.parameter": {"id": "Parameter terverifikasi", "en": "Verified parameter"},
    "reviewer.form.parameter_help": {
        "id": "Parameter yang benar-benar dibuktikan data dukung (klaim OPD: {claimed}).",
        "en": "The parameter the evidence actually proves (the OPD claimed {claimed}).",
    },
    "reviewer.form.note": {"id": "Catatan untuk OPD", "en": "Note for the OPD"},
    "reviewer.form.note_help": {
        "id": "Wajib diisi bila penilaian bukan \u201cSesuai\u201d: "
        "tulis apa yang kurang atau harus diperbaiki.",
        "en": "Required unless the verdict is \u201cSesuai\u201d: say what is lacking or must be fixed.",
    },
    "reviewer.form.save_next": {"id": "Simpan & lanjut", "en": "Save & next"},
    "reviewer.form.save_stay": {"id": "Simpan saja", "en": "Save only"},
    "reviewer.parameter_zero": {"id": "0 \u2014 tidak terbukti", "en": "0 \u2014 not proven"},
    "reviewer.form.mine": {"id": "Penilaian saya", "en": "My verdict"},
    "reviewer.saved": {
        "id": "Penilaian indikator tersimpan.",
        "en": "Your verdict on the indicator is saved.",
    },
    "reviewer.saved_all": {
        "id": "Penilaian tersimpan. Semua indikator sudah Anda nilai: kirim penilaian Anda.",
        "en": "Saved. You have assessed every indicator: submit your verdicts.",
    },
    "reviewer.error.verdict": {
        "id": "Pilih salah satu penilaian: Sesuai, Tidak sesuai atau Perlu perbaikan.",
        "en": "Choose a verdict: Sesuai, Tidak sesuai or Perlu perbaikan.",
    },
    "reviewer.error.parameter": {
        "id": "Pilih parameter terverifikasi 0 sampai 3.",
        "en": "Choose a verified parameter from 0 to 3.",
    },
    "reviewer.error.note_too_long": {
        "id": "Catatan terlalu panjang: paling banyak {limit} karakter.",
        "en": "The note is too long: at most {limit} characters.",
    },
    "reviewer.error.decision": {
        "id": "Pilih keputusan: diterima, perlu perbaikan atau ditolak.",
        "en": "Choose a decision: accepted, revision requested or rejected.",
    },
    "reviewer.indicator_not_found": {
        "id": "Indikator {indicator_no} tidak ada pada kasus ini. Pilih indikator dari daftar.",
        "en": "Indicator {indicator_no} is not part of this case. Choose one from the list.",
    },
    # others' verdicts and history
    "reviewer.verdicts.title": {"id": "Penilaian putaran ini", "en": "This round's verdicts"},
    "reviewer.verdicts.hidden": {
        "id": "Penilaian penilai lain tampil setelah Anda mengirim penilaian Anda.",
        "en": "The other reviewers' verdicts appear once you submit yours.",
    },
    "reviewer.verdicts.none": {"id": "Belum ada penilaian.", "en": "No verdict yet."},
    "reviewer.verdicts.reviewer": {"id": "Penilai", "en": "Reviewer"},
    "reviewer.verdicts.verdict": {"id": "Penilaian", "en": "Verdict"},
    "reviewer.verdicts.parameter": {"id": "Parameter", "en": "Parameter"},
    "reviewer.verdicts.note": {"id": "Catatan", "en": "Note"},
    "reviewer.verdicts.coordinator": {"id": "Koordinator", "en": "Coordinator"},
    "reviewer.history.title": {"id": "Putaran sebelumnya", "en": "Earlier rounds"},
    "reviewer.history.round": {
        "id": "Putaran {round} (versi {version}): klaim OPD {claimed}",
        "en": "Round {round} (version {version}): the OPD claimed {claimed}",
    },
    "reviewer.history.decision": {"id": "Keputusan: {decision}", "en": "Decision: {decision}"},
    "reviewer.history.sent_back": {
        "id": "Indikator ini dikembalikan ke OPD untuk diperbaiki.",
        "en": "This indicator was sent back to the OPD to fix.",
    },
    # submitting
    "reviewer.submit.title": {"id": "Kirim penilaian saya", "en": "Submit my verdicts"},
    "reviewer.submit.progress": {
        "id": "Anda sudah menilai {done} dari {total} indikator.",
        "en": "You have assessed {done} of {total} indicators.",
    },
    "reviewer.submit.missing": {"id": "Belum dinilai:", "en": "Not assessed yet:"},
    "reviewer.submit.help": {
        "id": "Setelah dikirim, penilaian tidak dapat diubah lagi dan penilaian penilai lain akan tampil.",
        "en": "Once submitted, your verdicts cannot be changed and the other reviewers' appear.",
    },
    "reviewer.submit.button": {"id": "Kirim penilaian saya", "en": "Submit my verdicts"},
    "reviewer.submit.confirm": {
        "id": "Kirim penilaian? Setelah dikirim tidak dapat diubah.",
        "en": "Submit your verdicts? They cannot be changed afterwards.",
    },
    "reviewer.submit.done": {
        "id": "Penilaian Anda sudah dikirim pada {when}.",
        "en": "You submitted your verdicts on {when}.",
    },
    "reviewer.submitted": {
        "id": "Penilaian Anda terkirim. Terima kasih!",
        "en": "Your verdicts are submitted. Thank you!",
    },
    "reviewer.not_on_round": {
        "id": "Anda tidak ditugaskan pada putaran ini; halaman ini hanya untuk dibaca.",
        "en": "You are not assigned to this round; this page is read-only for you.",
    },
    # deciding
    "reviewer.decision.title": {"id": "Keputusan atas inovasi ini", "en": "Decision on this innovation"},
    "reviewer.decision.choice": {"id": "Keputusan", "en": "Decision"},
    "reviewer.decision.accepted": {"id": "Diterima", "en": "Accepted"},
    "reviewer.decision.revision_requested": {
        "id": "Perlu perbaikan (kembalikan ke OPD)",
        "en": "Revision requested (send back to the OPD)",
    },
    "reviewer.decision.rejected": {"id": "Ditolak", "en": "Rejected"},
    "reviewer.decision.note": {"id": "Catatan keputusan untuk OPD", "en": "Decision note for the OPD"},
    "reviewer.decision.note_help": {
        "id": "Wajib untuk perlu perbaikan dan ditolak.",
        "en": "Required for a revision request and a rejection.",
    },
    "reviewer.decision.reopen": {
        "id": "Indikator yang dibuka kembali (untuk perlu perbaikan)",
        "en": "Indicators to reopen (for a revision request)",
    },
    "reviewer.decision.reopen_help": {
        "id": "Yang dinilai \u201cPerlu perbaikan\u201d sudah dicentang; tanpa centang, itulah yang dibuka.",
        "en": "Those judged \u201cPerlu perbaikan\u201d are ticked; with none ticked, those are reopened.",
    },
    "reviewer.decision.deadline": {
        "id": "Batas waktu perbaikan (untuk perlu perbaikan)",
        "en": "Revision deadline (for a revision request)",
    },
    "reviewer.decision.deadline_help": {
        "id": "Kosongkan untuk memakai batas bawaan periode; berlaku sampai pukul 23.59 waktu setempat.",
        "en": "Leave empty for the period's default; it lasts until 23:59 local time.",
    },
    "reviewer.error.deadline": {
        "id": "Batas waktu perbaikan harus tanggal yang akan datang (misalnya 2026-12-31).",
        "en": "The revision deadline must be a date in the future (for example 2026-12-31).",
    },
    "reviewer.decision.button": {"id": "Simpan keputusan", "en": "Record the decision"},
    "reviewer.decision.confirm": {
        "id": "Simpan keputusan ini? Keputusan tidak dapat diubah.",
        "en": "Record this decision? It cannot be changed.",
    },
    "reviewer.decision.missing": {
        "id": "Keputusan belum dapat diambil karena:",
        "en": "The case cannot be decided yet because:",
    },
    "reviewer.decision_incomplete": {
        "id": "Keputusan belum dapat diambil: lengkapi dulu hal berikut.",
        "en": "The case cannot be decided yet: first complete the following.",
    },
    "reviewer.decision.done": {
        "id": "Diputuskan {decision} pada {when}.",
        "en": "Decided {decision} on {when}.",
    },
    "reviewer.decision.revision_deadline": {
        "id": "Batas perbaikan OPD: {when}",
        "en": "The OPD's revision deadline: {when}",
    },
    "reviewer.decided.accepted": {"id": "Inovasi diterima.", "en": "The innovation is accepted."},
    "reviewer.decided.revision_requested": {
        "id": "Permintaan perbaikan dikirim ke OPD.",
        "en": "The revision request is sent to the OPD.",
    },
    "reviewer.decided.rejected": {"id": "Inovasi ditolak.", "en": "The innovation is rejected."},
}

register(TEXTS)  # type: ignore[arg-type]
