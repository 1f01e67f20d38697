"""Messages the submission service sends to itself (work moved out of the request), and the texts its
rules' errors and reports show to people (id first, then en), registered when this module loads."""

from __future__ import annotations

from uuid import UUID

from shared.contracts import Message
from shared.i18n import Language, register


class InspectEvidence(Message):
    """Submission -> its worker: parse an uploaded PDF and flag scripts, actions and attachments."""

    task_name = "submission.inspect_evidence"

    evidence_id: UUID


TEXTS: dict[str, dict[str, str]] = {
    # pemdas
    "pemda.bad_timezone": {
        "id": "Zona waktu '{timezone}' tidak dikenal. Pilihan: Asia/Jakarta (WIB), Asia/Makassar (WITA)"
        " atau Asia/Jayapura (WIT).",
        "en": "Unknown time zone '{timezone}'. Choices: Asia/Jakarta (WIB), Asia/Makassar (WITA)"
        " or Asia/Jayapura (WIT).",
    },
    "pemda.duplicate_slug": {
        "id": "Pemda dengan slug '{slug}' sudah ada. Gunakan slug lain.",
        "en": "A pemda with the slug '{slug}' already exists. Use another slug.",
    },
    "pemda.superadmin_only": {
        "id": "Hanya superadmin yang dapat mengelola pemda.",
        "en": "Only the superadmin can manage pemdas.",
    },
    # sign-in and innovations (innovations.core)
    "auth.invalid_credentials": {
        "id": "Email atau kata sandi salah.",
        "en": "Wrong email or password.",
    },
    "innovation.no_open_period": {
        "id": "Tidak ada periode Gelar Inovasi yang sedang dibuka untuk pemda Anda.",
        "en": "There is no open Gelar Inovasi period for your pemda.",
    },
    "innovation.not_editable": {
        "id": "Inovasi berstatus '{status}' tidak dapat diubah.",
        "en": "An innovation with status '{status}' cannot be changed.",
    },
    "innovation.not_submittable": {
        "id": "Inovasi berstatus '{status}' tidak dapat dikirim.",
        "en": "An innovation with status '{status}' cannot be submitted.",
    },
    "innovation.not_opd_member": {
        "id": "Hanya operator OPD yang dapat membuat inovasi.",
        "en": "Only an OPD operator can create innovations.",
    },
    "evidence.bad_indicator": {
        "id": "Nomor indikator harus antara 1 dan 20.",
        "en": "The indicator number must be between 1 and 20.",
    },
    "evidence.unsupported_type": {
        "id": "Isi berkas '{filename}' bukan PDF, PNG atau JPEG yang sah. Unggah berkas aslinya.",
        "en": "The content of '{filename}' is not a valid PDF, PNG or JPEG. Upload the original file.",
    },
    "evidence.name_mismatch": {
        "id": "Nama berkas '{filename}' tidak sesuai dengan isinya ({actual}). Periksa berkas Anda.",
        "en": "The file name '{filename}' does not match its content ({actual}). Check your file.",
    },
    "evidence.empty": {"id": "Berkas kosong.", "en": "The file is empty."},
    # sign-in and innovations (innovations.core)
    "innovation.not_reopened": {
        "id": "Indikator {indicator_no} tidak dibuka kembali untuk perbaikan; "
        "versi yang dikirim tetap berlaku.",
        "en": "Indicator {indicator_no} was not reopened for revision; the submitted version stands.",
    },
    "innovation.profile_frozen": {
        "id": "Profil inovasi sudah dikirim (versi {version}) dan tidak dapat diubah; "
        "hanya indikator yang diminta perbaikan yang dapat diubah.",
        "en": "The profile was submitted (version {version}) and cannot change; "
        "only the indicators flagged for revision can.",
    },
    "innovation.duplicate_title": {
        "id": "Judul '{nama}' sudah dipakai inovasi lain pada periode ini. Satu judul untuk satu inovasi.",
        "en": "The title '{nama}' is already used by another innovation in this period. "
        "One title per innovation.",
    },
    "innovation.similar_title": {
        "id": "Judul mirip dengan inovasi lain: {titles}. Pastikan ini bukan inovasi yang sama.",
        "en": "The title is similar to other innovations: {titles}. Make sure it is not the same one.",
    },
    "innovation.uji_coba_after_penerapan": {
        "id": "Waktu uji coba tidak boleh setelah waktu penerapan.",
        "en": "The trial date cannot be after the implementation date.",
    },
    "innovation.penerapan_outside_window": {
        "id": "Waktu penerapan harus antara {start} dan {end}, atau inovasi harus dikembangkan "
        "(pengembangan) dalam rentang itu.",
        "en": "The implementation date must be between {start} and {end}, or the innovation must have "
        "been developed further within that window.",
    },
    "innovation.bad_tematik": {
        "id": "Tematik '{value}' tidak ada dalam daftar periode ini: {choices}.",
        "en": "Theme '{value}' is not in this period's list: {choices}.",
    },
    "innovation.pengembangan_date_missing": {
        "id": "Isi tanggal pengembangan.",
        "en": "Fill in the development date.",
    },
    "innovation.bad_indicator": {
        "id": "Indikator {indicator_no} tidak ada dalam katalog periode ini (1-{count}).",
        "en": "Indicator {indicator_no} is not in this period's catalogue (1-{count}).",
    },
    "innovation.bad_parameter": {
        "id": "Nilai parameter indikator {indicator_no} harus 1, 2 atau 3.",
        "en": "The parameter of indicator {indicator_no} must be 1, 2 or 3.",
    },
    "innovation.bad_basis": {
        "id": "Pilih dasar kemanfaatan indikator {indicator_no}: {choices}.",
        "en": "Choose the benefit basis of indicator {indicator_no}: {choices}.",
    },
    "innovation.incomplete": {
        "id": "Inovasi belum lengkap: {missing}",
        "en": "The innovation is not complete: {missing}",
    },
    "innovation.no_head": {
        "id": "OPD Anda belum memiliki akun kepala OPD yang aktif untuk menyetujui pengiriman.",
        "en": "Your OPD has no active OPD head account to approve the submission.",
    },
    "innovation.not_awaiting_head": {
        "id": "Inovasi berstatus '{status}' tidak sedang menunggu persetujuan kepala OPD.",
        "en": "An innovation with status '{status}' is not awaiting the OPD head's approval.",
    },
    "innovation.not_withdrawable": {
        "id": "Inovasi berstatus '{status}' tidak dapat ditarik; penarikan hanya sebelum penilaian dimulai.",
        "en": "An innovation with status '{status}' cannot be withdrawn; only before review starts.",
    },
    "innovation.bad_version": {
        "id": "Versi {version} tidak ada.",
        "en": "There is no version {version}.",
    },
    "missing.field": {"id": "kolom '{field}' kosong", "en": "field '{field}' is empty"},
    "missing.rancang_bangun": {
        "id": "rancang bangun baru {words} kata (minimal {minimum})",
        "en": "the design has {words} words (at least {minimum})",
    },
    "missing.answer": {
        "id": "indikator wajib {indicator_no} ({name}) belum dinilai",
        "en": "mandatory indicator {indicator_no} ({name}) has no claimed parameter",
    },
    "missing.evidence": {
        "id": "indikator wajib {indicator_no} ({name}) belum memiliki bukti dukung",
        "en": "mandatory indicator {indicator_no} ({name}) has no evidence",
    },
    "missing.basis": {
        "id": "indikator {indicator_no} ({name}) belum memilih dasar kemanfaatan",
        "en": "indicator {indicator_no} ({name}) has no benefit basis",
    },
    "evidence.wrong_kind": {
        "id": "Indikator {indicator_no} hanya menerima {accepts}; berkas '{filename}' adalah {actual}.",
        "en": "Indicator {indicator_no} accepts only {accepts}; '{filename}' is {actual}.",
    },
    "evidence.slot_wrong_kind": {
        "id": "Berkas {slot} hanya menerima {accepts}; berkas '{filename}' adalah {actual}.",
        "en": "The {slot} file accepts only {accepts}; '{filename}' is {actual}.",
    },
    "evidence.bad_slot": {
        "id": "Jenis berkas profil '{slot}' tidak dikenal. Pilihan: {choices}.",
        "en": "Unknown profile file '{slot}'. Choices: {choices}.",
    },
    "evidence.encrypted_pdf": {
        "id": "PDF '{filename}' terkunci (terenkripsi). Unggah PDF tanpa kata sandi.",
        "en": "The PDF '{filename}' is encrypted. Upload it without a password.",
    },
    "evidence.video_too_long": {
        "id": "Video '{filename}' berdurasi {seconds} detik; maksimal 5 menit.",
        "en": "The video '{filename}' lasts {seconds} seconds; at most 5 minutes.",
    },
    "evidence.bad_link": {
        "id": "Tautan harus diawali https:// atau http://.",
        "en": "The link must start with https:// or http://.",
    },
    "evidence.frozen": {
        "id": "Bukti dukung ini termasuk versi {version} yang sudah dikirim; unggah pengganti, "
        "versi lama tetap tersimpan.",
        "en": "This evidence belongs to submitted version {version}; upload a replacement, "
        "the old one is kept.",
    },
    # innovations.files
    "evidence.unknown_type": {"id": "jenis yang tidak dikenal", "en": "of an unknown type"},
    # innovations.direct_upload
    "upload.not_found": {
        "id": "Unggahan tidak ditemukan atau sudah kedaluwarsa. Mulai unggahan baru.",
        "en": "The upload was not found or has expired. Start a new upload.",
    },
    "upload.missing_object": {
        "id": "Berkas belum sampai di penyimpanan. Unggah berkas dulu, lalu konfirmasi.",
        "en": "The file has not arrived in storage. Upload it first, then confirm.",
    },
    # innovations.direct_upload
    "upload.parts_missing": {
        "id": "Bagian berkas belum lengkap; kirim bagian {missing}, lalu selesaikan.",
        "en": "Parts are missing; send parts {missing}, then complete.",
    },
}

register(TEXTS)  # type: ignore[arg-type]

# What each kind of evidence is, as told to the operator.
KIND_LABELS: dict[str, dict[Language, str]] = {
    "pdf": {"id": "PDF", "en": "PDF"},
    "pdf_or_image": {"id": "PDF atau gambar (JPEG/PNG)", "en": "PDF or an image (JPEG/PNG)"},
    "image": {"id": "gambar (JPEG/PNG)", "en": "an image (JPEG/PNG)"},
    "video": {
        "id": "video MP4/MOV paling lama 5 menit, atau tautan",
        "en": "an MP4/MOV video of at most 5 minutes, or a link",
    },
}
