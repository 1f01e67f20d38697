"""Texts of the dashboard (id first, then en)."""

from __future__ import annotations

from shared.i18n import register

TEXTS: dict[str, dict[str, str]] = {
    "dash.title": {"id": "Dasbor Gelar Inovasi", "en": "Gelar Inovasi dashboard"},
    "dash.period": {"id": "Periode: {name} ({year})", "en": "Period: {name} ({year})"},
    "dash.filters": {"id": "Saring dasbor", "en": "Filter the dashboard"},
    "dash.filter.period": {"id": "Periode", "en": "Period"},
    "dash.filter.urusan": {"id": "Urusan", "en": "Urusan (affair)"},
    "dash.filter.bentuk": {"id": "Bentuk inovasi", "en": "Form of innovation"},
    "dash.filter.jenis": {"id": "Jenis", "en": "Type"},
    "dash.filter.tahapan": {"id": "Tahapan", "en": "Stage"},
    "dash.all": {"id": "Semua", "en": "All"},
    "dash.reviewer_note": {
        "id": "Peringkat hanya memuat inovasi yang sudah diputuskan; nilai yang masih dinilai tidak "
        "ditampilkan.",
        "en": "The rankings list decided innovations only; scores still under review are not shown.",
    },
    "dash.total": {"id": "Inovasi diajukan", "en": "Innovations submitted"},
    "dash.decided": {"id": "Sudah diputuskan", "en": "Decided"},
    "dash.iid_verified": {"id": "Proyeksi IID (terverifikasi)", "en": "Projected IID (verified)"},
    "dash.iid": {"id": "Proyeksi Indeks Inovasi Daerah", "en": "Projected regional innovation index (IID)"},
    "dash.iid_caption": {
        "id": "IID berdasarkan nilai klaim OPD dan nilai terverifikasi",
        "en": "The IID on the OPDs' claimed scores and on the verified scores",
    },
    "dash.iid.part": {"id": "Komponen", "en": "Part"},
    "dash.iid.spd": {"id": "Nilai SPD", "en": "SPD score"},
    "dash.iid.sid_average": {"id": "Rata-rata SID", "en": "SID average"},
    "dash.iid.jumlah_inovasi": {"id": "Nilai jumlah inovasi", "en": "Number-of-innovations score"},
    "dash.iid.iid": {"id": "IID", "en": "IID"},
    "dash.iid.n": {"id": "Jumlah inovasi dihitung", "en": "Innovations counted"},
    "dash.iid.predicate": {"id": "Predikat", "en": "Predicate"},
    "dash.iid_help": {
        "id": "IID = (SPD + jumlah SID / MAX({k}, n) + nilai jumlah inovasi) / 250 × 100. Inovasi ditolak "
        "tidak "
        "dihitung pada kolom terverifikasi.",
        "en": "IID = (SPD + sum of SID / MAX({k}, n) + number-of-innovations score) / 250 × 100. Rejected "
        "innovations are left out of the verified column.",
    },
    "dash.claimed": {"id": "Klaim", "en": "Claimed"},
    "dash.verified": {"id": "Terverifikasi", "en": "Verified"},
    "dash.rank_innovations": {"id": "Peringkat inovasi", "en": "Innovation ranking"},
    "dash.rank_opds": {"id": "Peringkat OPD", "en": "OPD ranking"},
    "dash.rank": {"id": "Peringkat", "en": "Rank"},
    "dash.innovation": {"id": "Inovasi", "en": "Innovation"},
    "dash.opd": {"id": "OPD", "en": "OPD"},
    "dash.status": {"id": "Status", "en": "Status"},
    "dash.innovations": {"id": "Jumlah inovasi", "en": "Innovations"},
    "dash.accepted": {"id": "Diterima", "en": "Accepted"},
    "dash.verified_total": {"id": "Total nilai terverifikasi", "en": "Total verified score"},
    "dash.verified_average": {"id": "Rata-rata terverifikasi", "en": "Average verified score"},
    "dash.claimed_total": {"id": "Total nilai klaim", "en": "Total claimed score"},
    "dash.charts": {"id": "Grafik", "en": "Charts"},
    "dash.chart.scores_by_opd": {"id": "Nilai terverifikasi per OPD", "en": "Verified score by OPD"},
    "dash.chart.by_urusan": {"id": "Inovasi per urusan", "en": "Innovations by urusan"},
    "dash.chart.by_bentuk": {"id": "Inovasi per bentuk", "en": "Innovations by form"},
    "dash.chart.by_tahapan": {"id": "Inovasi per tahapan", "en": "Innovations by stage"},
    "dash.chart.submitted_per_week": {"id": "Pengajuan per minggu", "en": "Submissions per week"},
    "dash.chart.decided_per_week": {"id": "Keputusan per minggu", "en": "Decisions per week"},
    "dash.week": {"id": "Minggu mulai", "en": "Week starting"},
}

register(TEXTS)  # type: ignore[arg-type]
