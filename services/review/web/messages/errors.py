"""Texts of review's rules: errors and the reasons and states they name (id first, then en)."""

from __future__ import annotations

from shared.i18n import register

TEXTS: dict[str, dict[str, str]] = {
    "review.case_not_found": {
        "id": "Kasus review tidak ditemukan.",
        "en": "Review case not found.",
    },
    "review.evidence_not_found": {
        "id": "Data dukung tidak ditemukan pada kasus review ini.",
        "en": "This evidence file is not part of the review case.",
    },
    "review.case_already_decided": {
        "id": "Kasus review ini sudah diputuskan ({decision}). Keputusan tidak dapat diubah lagi.",
        "en": "This review case has already been decided ({decision}). The decision cannot be changed.",
    },
    "review.case_closed": {
        "id": "Kasus review ini sudah {status}; penilaian tidak dapat diubah.",
        "en": "This review case is already {status}; its assessment cannot be changed.",
    },
    "review.note_required": {
        "id": "Catatan wajib diisi untuk keputusan '{decision}': tuliskan apa yang harus diperbaiki "
        "atau alasan penolakannya.",
        "en": "A note is required for the decision '{decision}': say what must be fixed "
        "or why it is rejected.",
    },
    "review.decision_incomplete": {
        "id": "Keputusan belum dapat diambil: {details}.",
        "en": "The case cannot be decided yet: {details}.",
    },
    "review.missing.no_reviewer": {"id": "belum ada penilai", "en": "no reviewer is assigned"},
    "review.missing.verdicts": {
        "id": "{name} belum menilai indikator {indicators}",
        "en": "{name} has not assessed indicators {indicators}",
    },
    "review.missing.not_submitted": {
        "id": "{name} belum mengirim penilaiannya",
        "en": "{name} has not submitted their verdicts",
    },
    "review.missing.disagreement": {
        "id": "perbedaan penilaian pada indikator {indicator_no} belum diputuskan koordinator",
        "en": "the reviewers' disagreement on indicator {indicator_no} awaits the coordinator",
    },
    "review.not_assigned": {
        "id": "Anda tidak ditugaskan menilai kasus ini.",
        "en": "You are not assigned to review this case.",
    },
    "review.not_decider": {
        "id": "Keputusan hanya dapat diambil oleh admin atau penilai yang ditugaskan pada kasus ini.",
        "en": "Only an admin or a reviewer assigned to this case can decide it.",
    },
    "review.admin_only": {
        "id": "Hanya admin pemda yang dapat melakukan ini.",
        "en": "Only the pemda's admin can do this.",
    },
    "review.indicator_unknown": {
        "id": "Indikator {indicators} tidak ada dalam katalog kasus ini (indikator yang ada: {known}).",
        "en": "Indicators {indicators} are not in this case's catalogue (known indicators: {known}).",
    },
    "review.verdict_note_required": {
        "id": "Catatan wajib diisi untuk indikator {indicators} karena penilaiannya bukan 'sesuai'.",
        "en": "A note is required for indicators {indicators} because their verdict is not 'sesuai'.",
    },
    "review.verdicts_already_submitted": {
        "id": "Penilaian Anda untuk kasus ini sudah dikirim dan tidak dapat diubah lagi.",
        "en": "Your verdicts for this case are already submitted and can no longer be changed.",
    },
    "review.verdicts_incomplete": {
        "id": "Penilaian belum lengkap: indikator {indicators} belum dinilai.",
        "en": "Your assessment is incomplete: indicators {indicators} have no verdict yet.",
    },
    "review.nothing_to_reopen": {
        "id": "Permintaan perbaikan membutuhkan minimal satu indikator yang dibuka kembali.",
        "en": "A revision request needs at least one indicator to reopen.",
    },
    "review.reviewer_not_found": {
        "id": "Penilai tidak ditemukan di direktori pemda ini.",
        "en": "The reviewer is not in this pemda's directory.",
    },
    "review.reviewer_ineligible": {
        "id": "{name} tidak dapat menilai kasus ini: {reason}.",
        "en": "{name} cannot review this case: {reason}.",
    },
    "review.reason.own_opd": {
        "id": "berasal dari OPD pengusul inovasi",
        "en": "they belong to the innovation's own OPD",
    },
    "review.reason.conflict": {"id": "memiliki konflik kepentingan", "en": "they declared a conflict"},
    "review.reason.not_reviewer": {"id": "bukan penilai aktif", "en": "they are not an active reviewer"},
    "review.reason.already_assigned": {"id": "sudah ditugaskan", "en": "they are already assigned"},
    "review.period_not_found": {
        "id": "Periode belum dikenal oleh layanan review.",
        "en": "The period is not known to the review service yet.",
    },
    "review.spd_unknown": {
        "id": "Indikator SPD '{code}' tidak ada dalam katalog periode ini.",
        "en": "SPD indicator '{code}' is not in this period's catalogue.",
    },
    "review.integrity.ok": {
        "id": "SHA-256 berkas cocok dengan yang dikirim OPD.",
        "en": "The file's SHA-256 matches what the OPD submitted.",
    },
    "review.integrity.mismatch": {
        "id": "PERINGATAN: isi berkas TIDAK SAMA dengan yang dikirim OPD (SHA-256 berbeda). "
        "Jangan gunakan berkas ini sebagai bukti; laporkan ke admin.",
        "en": "WARNING: the file's content DOES NOT MATCH what the OPD submitted (SHA-256 differs). "
        "Do not rely on it as evidence; report it to the admin.",
    },
    "review.integrity.missing": {
        "id": "PERINGATAN: berkas tidak ditemukan di penyimpanan.",
        "en": "WARNING: the file is missing from storage.",
    },
    "review.decision.accepted": {"id": "diterima", "en": "accepted"},
    "review.decision.revision_requested": {"id": "perlu perbaikan", "en": "revision requested"},
    "review.decision.rejected": {"id": "ditolak", "en": "rejected"},
    "review.status.decided": {"id": "diputuskan", "en": "decided"},
    "review.status.withdrawn": {"id": "ditarik oleh OPD", "en": "withdrawn by the OPD"},
}

register(TEXTS)  # type: ignore[arg-type]
