"""Texts of the admin's review pages (id first, then en)."""

from __future__ import annotations

from shared.i18n import register

TEXTS: dict[str, dict[str, str]] = {
    "radmin.subnav": {"id": "Menu administrasi penilaian", "en": "Review administration menu"},
    "radmin.section.assignments": {"id": "Penugasan penilai", "en": "Reviewer assignments"},
    "radmin.section.disagreements": {"id": "Perbedaan penilaian", "en": "Disagreements"},
    "radmin.section.spd": {"id": "Data SPD", "en": "SPD data"},
    "radmin.section.exports": {"id": "Unduhan", "en": "Downloads"},
    "radmin.section.dead-messages": {"id": "Pesan gagal", "en": "Failed messages"},
    "radmin.period": {"id": "Periode", "en": "Period"},
    "radmin.period.choose": {"id": "Pilih periode", "en": "Choose the period"},
    "radmin.period.show": {"id": "Tampilkan", "en": "Show"},
    "radmin.period.showing": {"id": "Periode: {name} ({year})", "en": "Period: {name} ({year})"},
    "radmin.period.none": {
        "id": "Belum ada periode yang dikenal layanan penilaian. Buat dan buka periode di menu Admin "
        "terlebih dahulu.",
        "en": "The review service knows no period yet. Create and open a period in the Admin menu first.",
    },
    "radmin.filters": {"id": "Saring kasus", "en": "Filter the cases"},
    "radmin.all": {"id": "Semua", "en": "All"},
    "radmin.opd": {"id": "OPD", "en": "OPD"},
    "radmin.status": {"id": "Status", "en": "Status"},
    "radmin.unassigned_only": {"id": "Hanya yang belum punya penilai", "en": "Only cases without a reviewer"},
    "radmin.innovation": {"id": "Inovasi", "en": "Innovation"},
    "radmin.reviewers": {"id": "Penilai dan batas waktu", "en": "Reviewers and due dates"},
    "radmin.reviewer": {"id": "Penilai", "en": "Reviewer"},
    "radmin.version": {"id": "versi {version}, putaran {round}", "en": "version {version}, round {round}"},
    "radmin.due": {"id": "batas {when}", "en": "due {when}"},
    "radmin.submitted": {"id": "sudah mengirim penilaian", "en": "verdicts submitted"},
    "radmin.not_submitted": {"id": "belum dikirim", "en": "not submitted yet"},
    "radmin.automatic": {"id": "otomatis", "en": "automatic"},
    "radmin.no_reviewer": {"id": "Belum ada penilai", "en": "No reviewer yet"},
    "radmin.workload.title": {
        "id": "Beban penilai (kasus yang sedang dinilai)",
        "en": "Reviewer workload (cases under review)",
    },
    "radmin.workload.assigned": {"id": "Ditugaskan", "en": "Assigned"},
    "radmin.workload.submitted": {"id": "Sudah dikirim", "en": "Submitted"},
    "radmin.workload.overdue": {"id": "Lewat batas", "en": "Overdue"},
    "radmin.assignments.title": {"id": "Penugasan penilai", "en": "Reviewer assignments"},
    "radmin.assignments.caption": {"id": "{count} kasus", "en": "{count} cases"},
    "radmin.assign": {"id": "Tugaskan", "en": "Assign"},
    "radmin.assign.add": {"id": "Tambah penilai", "en": "Add a reviewer"},
    "radmin.assign.pick": {"id": "— pilih penilai —", "en": "— choose a reviewer —"},
    "radmin.assign.label": {"id": "Penilai untuk {title}", "en": "Reviewer for {title}"},
    "radmin.assign.button_label": {
        "id": "Tugaskan penilai untuk {title}",
        "en": "Assign a reviewer to {title}",
    },
    "radmin.assign.choose": {
        "id": "Pilih penilai dari daftar sebelum menekan Tugaskan.",
        "en": "Choose a reviewer from the list before pressing Assign.",
    },
    "radmin.assign.failed": {
        "id": "Penugasan tidak disimpan. Periksa pesan di bawah lalu coba lagi.",
        "en": "The assignment was not saved. Check the message below and try again.",
    },
    "radmin.assign.nobody": {
        "id": "Tidak ada penilai aktif lain yang dapat ditugaskan.",
        "en": "No other active reviewer can be assigned.",
    },
    "radmin.assign.closed": {"id": "Kasus sudah selesai.", "en": "The case is closed."},
    "radmin.assign.done": {
        "id": "Penilai ditugaskan dan diberi tahu.",
        "en": "Reviewer assigned and notified.",
    },
    "radmin.unassign": {"id": "Lepas", "en": "Remove"},
    "radmin.unassign.label": {"id": "Lepas {name} dari {title}", "en": "Remove {name} from {title}"},
    "radmin.unassign.confirm": {
        "id": "Lepas {name} dari kasus ini? Penilaiannya tidak akan dihitung lagi.",
        "en": "Remove {name} from this case? Their verdicts will no longer count.",
    },
    "radmin.unassign.done": {"id": "Penilai dilepas dari kasus.", "en": "Reviewer removed from the case."},
    "radmin.case_status.open": {"id": "Menunggu penilaian", "en": "Awaiting review"},
    "radmin.case_status.in_review": {"id": "Sedang dinilai", "en": "In review"},
    "radmin.case_status.decided": {"id": "Diputuskan", "en": "Decided"},
    "radmin.case_status.withdrawn": {"id": "Ditarik", "en": "Withdrawn"},
    "radmin.decision.accepted": {"id": "Diterima", "en": "Accepted"},
    "radmin.decision.revision_requested": {"id": "Perlu perbaikan", "en": "Revision requested"},
    "radmin.decision.rejected": {"id": "Ditolak", "en": "Rejected"},
    "radmin.verdict": {"id": "Penilaian", "en": "Verdict"},
    "radmin.verdict.sesuai": {"id": "Sesuai", "en": "Sesuai (matches)"},
    "radmin.verdict.tidak_sesuai": {"id": "Tidak sesuai", "en": "Tidak sesuai (does not match)"},
    "radmin.verdict.perlu_perbaikan": {"id": "Perlu perbaikan", "en": "Perlu perbaikan (needs fixing)"},
    "radmin.parameter": {"id": "Parameter", "en": "Parameter"},
    "radmin.parameter.none": {"id": "tidak memenuhi", "en": "not met"},
    "radmin.note": {"id": "Catatan", "en": "Note"},
    "radmin.note_too_long": {
        "id": "Catatan terlalu panjang: paling banyak {limit} karakter. Persingkat lalu simpan lagi.",
        "en": "The note is too long: at most {limit} characters. Shorten it and save again.",
    },
    "radmin.indicator": {"id": "Indikator {no}", "en": "Indicator {no}"},
    "radmin.claimed_parameter": {"id": "klaim OPD: {value}", "en": "OPD's claim: {value}"},
    "radmin.open_case": {"id": "Buka kasus", "en": "Open the case"},
    "radmin.marks_caption": {
        "id": "Penilaian para penilai, indikator {no}",
        "en": "Reviewers' verdicts, indicator {no}",
    },
    "radmin.disagreements.title": {"id": "Perbedaan penilaian", "en": "Disagreements"},
    "radmin.disagreements.intro": {
        "id": "Para penilai berbeda pendapat pada indikator berikut (penilaian berbeda atau parameter "
        "berselisih dua tingkat atau lebih). Sebagai koordinator, tetapkan penilaian akhir dan parameternya.",
        "en": "The reviewers disagree on these indicators (different verdicts, or parameters two or more "
        "levels apart). As the coordinator, set the final verdict and parameter.",
    },
    "radmin.disagreements.none": {
        "id": "Tidak ada perbedaan penilaian yang menunggu keputusan.",
        "en": "No disagreement is waiting for a ruling.",
    },
    "radmin.resolve.verdict": {"id": "Penilaian akhir", "en": "Final verdict"},
    "radmin.resolve.parameter": {"id": "Parameter terverifikasi", "en": "Verified parameter"},
    "radmin.resolve.note": {"id": "Catatan koordinator", "en": "Coordinator's note"},
    "radmin.resolve.note_help": {
        "id": "Wajib diisi bila penilaian akhir bukan 'Sesuai'; catatan ini dibaca OPD.",
        "en": "Required unless the final verdict is 'Sesuai'; the OPD reads this note.",
    },
    "radmin.resolve.submit": {"id": "Tetapkan keputusan", "en": "Record the ruling"},
    "radmin.resolve.done": {
        "id": "Keputusan koordinator disimpan.",
        "en": "The coordinator's ruling is saved.",
    },
    "radmin.resolve.verdict_required": {
        "id": "Pilih penilaian akhir: Sesuai, Tidak sesuai atau Perlu perbaikan.",
        "en": "Choose the final verdict: Sesuai, Tidak sesuai or Perlu perbaikan.",
    },
    "radmin.resolve.parameter_required": {
        "id": "Pilih parameter terverifikasi dari 0 sampai 3.",
        "en": "Choose the verified parameter, from 0 to 3.",
    },
    "radmin.resolve.note_required": {
        "id": "Tulis catatan: jelaskan kepada OPD mengapa indikator ini tidak sesuai atau apa yang harus "
        "diperbaiki.",
        "en": "Write a note: tell the OPD why this indicator does not match or what must be fixed.",
    },
    "radmin.spd.title": {"id": "Data SPD (tingkat pemda)", "en": "SPD data (pemda level)"},
    "radmin.spd.intro": {
        "id": "Isi parameter setiap indikator Satuan Pemerintah Daerah untuk periode ini, dengan catatan dan "
        "tautan data dukung. Baris yang dibiarkan 'belum diisi' tidak disimpan.",
        "en": "Enter each pemda-level (SPD) indicator's parameter for the period, with a note and an "
        "evidence "
        "link. Rows left 'not entered' are not saved.",
    },
    "radmin.spd.score": {"id": "Nilai SPD saat ini:", "en": "Current SPD score:"},
    "radmin.spd.bobot": {"id": "bobot {bobot}", "en": "weight {bobot}"},
    "radmin.spd.not_entered": {"id": "— belum diisi —", "en": "— not entered —"},
    "radmin.spd.evidence_url": {"id": "Tautan data dukung", "en": "Evidence link"},
    "radmin.spd.evidence_help": {
        "id": "Alamat lengkap, diawali https:// (misalnya tautan dokumen di situs pemda).",
        "en": "The full address, starting with https:// (for example a document on the pemda's site).",
    },
    "radmin.spd.entered_at": {"id": "Terakhir diisi {when}", "en": "Last entered {when}"},
    "radmin.spd.empty": {
        "id": "Katalog periode ini tidak memiliki indikator SPD.",
        "en": "This period's catalogue has no SPD indicator.",
    },
    "radmin.spd.save": {"id": "Simpan data SPD", "en": "Save the SPD data"},
    "radmin.spd.saved": {"id": "Data SPD disimpan.", "en": "SPD data saved."},
    "radmin.spd.unchanged": {
        "id": "Tidak ada perubahan untuk disimpan.",
        "en": "Nothing changed, nothing saved.",
    },
    "radmin.spd.parameter_invalid": {
        "id": "Pilih parameter dari daftar (0 sampai 3).",
        "en": "Choose a parameter from the list (0 to 3).",
    },
    "radmin.spd.parameter_required": {
        "id": "Pilih parameternya juga: catatan atau tautan tanpa parameter tidak dapat disimpan.",
        "en": "Choose the parameter too: a note or link without a parameter cannot be saved.",
    },
    "radmin.spd.url_invalid": {
        "id": "Tautan harus alamat lengkap yang diawali http:// atau https://, tanpa spasi, paling banyak "
        "{limit} karakter.",
        "en": "The link must be a full address starting with http:// or https://, without spaces, at most "
        "{limit} characters.",
    },
    "radmin.exports.title": {"id": "Unduhan", "en": "Downloads"},
    "radmin.exports.recap": {"id": "Rekap Excel", "en": "Excel recap"},
    "radmin.exports.recap_help": {
        "id": "Satu baris per inovasi (profil, parameter klaim dan terverifikasi), ringkasan OPD, SPD dan "
        "IID.",
        "en": "One row per innovation (profile, claimed and verified parameters), the OPD summary, SPD and "
        "IID.",
    },
    "radmin.exports.recap_download": {
        "id": "Unduh rekap Excel (XLSX)",
        "en": "Download the Excel recap (XLSX)",
    },
    "radmin.exports.dossiers": {"id": "Semua data dukung", "en": "All evidence"},
    "radmin.exports.dossiers_help": {
        "id": "Satu berkas ZIP: folder per OPD dan inovasi, dengan manifest dan SHA-256 setiap berkas. "
        "Bisa besar.",
        "en": "One ZIP file: a folder per OPD and innovation, with a manifest and each file's SHA-256. Can "
        "be large.",
    },
    "radmin.exports.dossiers_download": {
        "id": "Unduh data dukung (ZIP)",
        "en": "Download the evidence (ZIP)",
    },
    "radmin.exports.profiles": {"id": "Profil inovasi (PDF)", "en": "Innovation profiles (PDF)"},
    "radmin.exports.pdf": {"id": "Unduh PDF", "en": "Download PDF"},
    "radmin.exports.pdf_label": {
        "id": "Unduh profil PDF {title}",
        "en": "Download the PDF profile of {title}",
    },
    "radmin.dead.title": {"id": "Pesan yang gagal diproses", "en": "Messages that failed"},
    "radmin.dead.intro": {
        "id": "Pesan antarlayanan yang tetap gagal setelah dicoba ulang. Laporkan ke tim teknis bila "
        "daftar ini tidak kosong.",
        "en": "Messages between services that still failed after their retries. Report them to the "
        "technical team.",
    },
    "radmin.dead.failed_at": {"id": "Waktu gagal", "en": "Failed at"},
    "radmin.dead.task": {"id": "Tugas", "en": "Task"},
    "radmin.dead.attempts": {"id": "Percobaan", "en": "Attempts"},
    "radmin.dead.error": {"id": "Galat", "en": "Error"},
}

register(TEXTS)  # type: ignore[arg-type]
