"""Texts of the public showcase (id first, then en)."""

from __future__ import annotations

from shared.i18n import register

TEXTS: dict[str, dict[str, str]] = {
    "showcase.title": {"id": "Etalase inovasi daerah", "en": "Regional innovation showcase"},
    "showcase.intro": {
        "id": "Inovasi daerah yang telah diterima setelah verifikasi. Cari berdasarkan judul atau saring "
        "menurut tahun, OPD, urusan, bentuk dan jenis.",
        "en": "Regional innovations accepted after review. Search by title or filter by year, OPD, "
        "government affair, form and type.",
    },
    "showcase.search_label": {"id": "Cari inovasi", "en": "Search innovations"},
    "showcase.q": {"id": "Judul inovasi", "en": "Innovation title"},
    "showcase.year": {"id": "Tahun", "en": "Year"},
    "showcase.opd": {"id": "OPD", "en": "OPD"},
    "showcase.pemda": {"id": "Pemerintah daerah", "en": "Regional government"},
    "showcase.urusan": {"id": "Urusan pemerintahan", "en": "Government affair"},
    "showcase.bentuk": {"id": "Bentuk inovasi", "en": "Form of innovation"},
    "showcase.jenis": {"id": "Jenis inovasi", "en": "Type of innovation"},
    "showcase.tahapan": {"id": "Tahapan", "en": "Stage"},
    "showcase.tematik": {"id": "Tematik", "en": "Theme"},
    "showcase.inisiator": {"id": "Inisiator", "en": "Initiated by"},
    "showcase.waktu_uji_coba": {"id": "Mulai uji coba", "en": "Trial started"},
    "showcase.waktu_penerapan": {"id": "Mulai diterapkan", "en": "In use since"},
    "showcase.all": {"id": "Semua", "en": "All"},
    "showcase.also": {"id": "juga:", "en": "also:"},
    "showcase.bad_year": {
        "id": "Tahun tidak sah. Pilih tahun dari daftar atau tulis empat angka, misalnya 2026.",
        "en": "The year is not valid. Choose a year from the list or type four digits, for example 2026.",
    },
    "showcase.bad_choice": {
        "id": "Pilihan ini tidak dikenal; filter ini tidak dipakai. Pilih dari daftar.",
        "en": "This choice is unknown; the filter was not used. Choose from the list.",
    },
    "showcase.open_data": {"id": "Data terbuka (sesuai filter):", "en": "Open data (with these filters):"},
    "showcase.export_csv": {"id": "Unduh CSV", "en": "Download CSV"},
    "showcase.export_json": {"id": "Unduh JSON", "en": "Download JSON"},
    "showcase.results": {"id": "Hasil pencarian", "en": "Search results"},
    "showcase.none": {
        "id": "Belum ada inovasi yang diterima.",
        "en": "No innovation has been accepted yet.",
    },
    "showcase.none_filtered": {
        "id": "Tidak ada inovasi yang cocok. Ubah kata kunci atau atur ulang filter.",
        "en": "No innovation matches. Change the words or reset the filters.",
    },
    "showcase.pages": {"id": "Halaman hasil", "en": "Result pages"},
    "showcase.page": {"id": "Halaman {page}", "en": "Page {page}"},
    "showcase.back": {"id": "← Kembali ke etalase", "en": "← Back to the showcase"},
    "showcase.profile": {"id": "Profil inovasi", "en": "Innovation profile"},
    "showcase.video": {"id": "Video inovasi", "en": "Innovation video"},
    "showcase.watch": {"id": "Tonton video", "en": "Watch the video"},
    "showcase.new_window": {"id": "membuka jendela baru", "en": "opens a new window"},
    "showcase.rancang_bangun": {"id": "Rancang bangun", "en": "Design"},
    "showcase.tujuan": {"id": "Tujuan", "en": "Aims"},
    "showcase.manfaat": {"id": "Manfaat", "en": "Benefits"},
    "showcase.hasil": {"id": "Hasil", "en": "Results"},
}

register(TEXTS)  # type: ignore[arg-type]
