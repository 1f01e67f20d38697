"""Sample data of every event type: what admins preview templates with, and what the tests render."""

from __future__ import annotations

from typing import Any

# Where the sample links point (the addresses of one install behind one public host).
SAMPLE_BASE_URLS = {
    "PUBLIC_BASE_URL": "https://inovasi.example.go.id",
    "REVIEW_BASE_URL": "https://inovasi.example.go.id",
    "NOTIFICATION_BASE_URL": "https://inovasi.example.go.id",
}

_INNOVATION: dict[str, Any] = {
    "innovation_id": "00000000-0000-4000-8000-0000000c0001",
    "nama": "Posyandu Digital",
    "version": 2,
    "pemda": "Kabupaten Kutai Kartanegara",
    "opd": "Dinas Kesehatan",
    "note": "",
    "at": "2026-11-29T02:24:00+00:00",
}

SAMPLE_DATA: dict[str, dict[str, Any]] = {
    "account.invited": {
        "pemda": "Kabupaten Kutai Kartanegara",
        "role": "opd_operator",
        "invite_url": "https://inovasi.example.go.id/undangan/abc123",
        "expires_at": "2026-12-02T08:00:00+00:00",
    },
    "account.password_reset": {
        "pemda": "Kabupaten Kutai Kartanegara",
        "reset_url": "https://inovasi.example.go.id/atur-ulang/xyz789",
        "expires_at": "2026-11-29T03:24:00+00:00",
    },
    "innovation.sent_to_head": {**_INNOVATION, "by": "Rina Operator"},
    "innovation.returned_by_head": {
        **_INNOVATION,
        "by": "Dr. Andi, Kepala Dinas",
        "note": "Lengkapi rancang bangun dan SK inovasi.",
    },
    "innovation.submitted": dict(_INNOVATION),
    "reviewer.assigned": {
        **_INNOVATION,
        "case_id": "00000000-0000-4000-8000-0000000ca5e1",
        "due_at": "2026-12-06T08:00:00+00:00",
    },
    "review.due_soon": {
        **_INNOVATION,
        "case_id": "00000000-0000-4000-8000-0000000ca5e1",
        "due_at": "2026-12-01T08:00:00+00:00",
    },
    "review.overdue": {
        **_INNOVATION,
        "case_id": "00000000-0000-4000-8000-0000000ca5e1",
        "due_at": "2026-11-27T08:00:00+00:00",
    },
    "review.escalated": {
        **_INNOVATION,
        "case_id": "00000000-0000-4000-8000-0000000ca5e1",
        "due_at": "2026-11-20T08:00:00+00:00",
        "reviewer": "Budi Verifikator",
        "days_overdue": 9,
    },
    "innovation.revision_requested": {
        **_INNOVATION,
        "note": "Bukti dukung beberapa indikator belum sesuai.",
        "indicator_notes": [
            {
                "indicator_no": 1,
                "name": "Regulasi inovasi daerah",
                "note": "SK belum ditandatangani. / Lampiran SK tidak terbaca.",
                "notes": [
                    {"reviewer_no": 1, "note": "SK belum ditandatangani."},
                    {"reviewer_no": 2, "note": "Lampiran SK tidak terbaca."},
                ],
            },
            {"indicator_no": 20, "name": "Video inovasi", "note": "Durasi video lebih dari 5 menit."},
        ],
        "deadline": "2026-12-10T08:00:00+00:00",
    },
    "innovation.revision_deadline_soon": {**_INNOVATION, "deadline": "2026-12-10T08:00:00+00:00"},
    "innovation.accepted": {**_INNOVATION, "note": "Dokumen lengkap dan sesuai."},
    "innovation.rejected": {**_INNOVATION, "note": "Inovasi diterapkan lebih dari dua tahun lalu."},
    "period.opened": {
        "pemda": "Kabupaten Kutai Kartanegara",
        "period": "Gelar Inovasi Daerah 2027",
        "closes_at": "2027-03-31T08:00:00+00:00",
    },
    "period.closing": {
        "pemda": "Kabupaten Kutai Kartanegara",
        "period": "Gelar Inovasi Daerah 2027",
        "opd": "Kecamatan Tenggarong",
        "days_left": 3,
        "closes_at": "2027-03-31T08:00:00+00:00",
    },
    "digest.admin_daily": {
        "pemda": "Kabupaten Kutai Kartanegara",
        "period": "Gelar Inovasi Daerah 2027",
        "opds": [
            {"name": "Dinas Kesehatan", "drafts": 2, "submitted": 3, "accepted": 1},
            {"name": "Kecamatan Tenggarong", "drafts": 0, "submitted": 0, "accepted": 0},
        ],
    },
}
