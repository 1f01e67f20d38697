"""What OPD people do in the browser, step by step: the operator creates an innovation, fills the profile
(autosaved), answers indicators with evidence (PDF with a progress bar, a video part by part), reads the
score, sends it to the head; the head approves or returns it; the operator fixes a revision and resubmits.

Every step clicks and types through accessible names (labels, button texts) in Bahasa Indonesia, the
default language, and checks what the user sees afterwards. `base_url` is submission's address.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

from tests.browser.dialogs import confirming

PROFILE_LABELS = {
    "nama_inisiator": "Nama inisiator",
    "waktu_uji_coba": "Waktu uji coba",
    "waktu_penerapan": "Waktu penerapan",
    "rancang_bangun": "Rancang bangun",
    "tujuan": "Tujuan inovasi",
    "manfaat": "Manfaat yang diperoleh",
    "hasil": "Hasil inovasi",
}
SELECT_LABELS = {"inisiator": "Inisiator", "bentuk": "Bentuk inovasi", "tematik": "Tematik"}
# Lists chosen by the stored code (the urusan of UU 23/2014: "kesehatan", "pupr"...).
SELECT_CODES = {"urusan_utama": "Urusan pemerintahan utama"}


def open_my_innovations(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/opd/innovations")
    expect(page.get_by_role("heading", name="Inovasi saya")).to_be_visible()


def open_innovation(page: Page, base_url: str, title: str) -> str:
    """From "Inovasi saya", open the innovation called `title`; returns its id."""
    open_my_innovations(page, base_url)
    page.get_by_role("link", name=title, exact=True).click()
    expect(page.get_by_role("heading", level=1, name=title)).to_be_visible()
    return page.url.split("/opd/innovations/", 1)[1].split("/")[0].split("#")[0]


def create_innovation(page: Page, base_url: str, data: dict[str, str]) -> str:
    """Create a draft (`nama`, `tahapan` label e.g. "Penerapan", `jenis` label e.g. "Digital"); its id."""
    open_my_innovations(page, base_url)
    page.get_by_role("link", name="Buat inovasi baru").click()
    page.get_by_label("Nama inovasi").fill(data["nama"])
    page.get_by_label("Tahapan inovasi").select_option(label=data.get("tahapan", "Penerapan"))
    page.get_by_label("Jenis inovasi").select_option(label=data.get("jenis", "Digital"))
    page.get_by_role("button", name="Buat draf").click()
    expect(page.get_by_text("Draf inovasi dibuat")).to_be_visible()
    expect(page.get_by_role("heading", level=1, name=data["nama"])).to_be_visible()
    match = re.search(r"/opd/innovations/([0-9a-f-]{36})", page.url)
    assert match, page.url
    return match.group(1)


def fill_profile(page: Page, profile: dict[str, Any]) -> None:
    """On the innovation's page, type the profile; it saves itself (autosave), which a reload proves.

    Keys: the field names of PROFILE_LABELS and SELECT_LABELS (select values by their visible label).
    """
    for name, label in SELECT_LABELS.items():
        if name in profile:
            page.get_by_label(label, exact=True).select_option(label=profile[name])
    for name, label in SELECT_CODES.items():
        if name in profile:
            page.get_by_label(label).select_option(value=str(profile[name]))
    for name, label in PROFILE_LABELS.items():
        if name in profile:
            page.get_by_label(label).fill(str(profile[name]))
    if "rancang_bangun" in profile:
        words = len(str(profile["rancang_bangun"]).split())
        expect(page.locator("#rb-count")).to_contain_text(f"{words} kata")
    expect(page.get_by_role("status").filter(has_text="Draf tersimpan otomatis")).to_be_visible()
    page.reload()
    for name, label in {**PROFILE_LABELS, **SELECT_CODES}.items():
        if name in profile:
            expect(page.get_by_label(label)).to_have_value(str(profile[name]))


def save_profile(page: Page) -> None:
    """The Save button (works without JavaScript too)."""
    page.get_by_role("button", name="Simpan profil").click()
    expect(page.get_by_text("Perubahan tersimpan.")).to_be_visible()


def open_indicator(page: Page, indicator_no: int) -> None:
    """From the innovation's page, open one indicator from the indicator table."""
    page.locator(f"#indikator-{indicator_no}").get_by_role("link").click()
    expect(
        page.get_by_role("heading", level=1, name=re.compile(f"^Indikator {indicator_no}:"))
    ).to_be_visible()


def answer_indicator(
    page: Page,
    indicator_no: int,
    parameter_label: str,
    file_path: Path | None = None,
    *,
    basis_label: str | None = None,
    nomor_surat: str | None = None,
) -> None:
    """From the innovation's page: choose the parameter (and basis), upload one evidence file, come back.

    `parameter_label` is (part of) the parameter's label, e.g. "Peraturan Kepala Daerah" or "2 —";
    indicator 18 takes `basis_label` (e.g. "Jumlah orang yang terlayani"), else its first basis.
    """
    open_indicator(page, indicator_no)
    expect(page.get_by_text("Petunjuk")).to_be_visible()
    choose_parameter(page, parameter_label, basis_label=basis_label)
    if file_path is not None:
        upload_evidence(page, file_path, nomor_surat=nomor_surat)
    back_to_innovation(page)


def choose_parameter(page: Page, parameter_label: str, *, basis_label: str | None = None) -> None:
    """On an indicator page: choose the parameter (and the basis of indicator 18), save, see it saved."""
    page.get_by_role("group", name="Pilih parameter").get_by_label(parameter_label).check()
    bases = page.get_by_role("group", name="Dasar kemanfaatan")
    if basis_label:
        bases.get_by_label(basis_label).check()
    elif bases.count():  # indicator 18 needs a basis: the first one unless told
        bases.get_by_role("radio").first.check()
    page.get_by_role("button", name="Simpan jawaban").click()
    expect(page.get_by_text("Jawaban tersimpan.")).to_be_visible()


def upload_evidence(
    page: Page, file_path: Path, *, nomor_surat: str | None = None, tentang: str = ""
) -> None:
    """On an indicator page: choose the file, send it (progress bar), see it listed."""
    page.get_by_label("Berkas bukti").set_input_files(str(file_path))
    if nomor_surat:
        page.get_by_label("Nomor surat").fill(nomor_surat)
    if tentang:
        page.get_by_label("Tentang").fill(tentang)
    page.get_by_role("button", name="Unggah", exact=True).click()
    expect(page.get_by_role("link", name=file_path.name)).to_be_visible(timeout=60_000)


def upload_video(page: Page, file_path: Path) -> None:
    """On the video indicator's page: the file goes straight to storage in 5 MB parts, then is checked."""
    upload_evidence(page, file_path)


def add_video_link(page: Page, url: str, title: str) -> None:
    """On the video indicator's page: a video on a public platform as evidence."""
    page.get_by_label("Alamat video").fill(url)
    page.get_by_label("Judul tautan").fill(title)
    page.get_by_role("button", name="Simpan tautan").click()
    expect(page.get_by_text("Tautan tersimpan sebagai bukti.")).to_be_visible()
    expect(page.get_by_role("link", name=title)).to_be_visible()


def delete_evidence(page: Page, filename: str) -> None:
    """On an indicator page: delete one evidence item (confirmed)."""
    with confirming(page):
        page.get_by_role("button", name=f"Hapus {filename}").click()
    expect(page.get_by_text("Bukti dihapus dari draf.")).to_be_visible()
    expect(page.get_by_role("link", name=filename)).to_have_count(0)


def back_to_innovation(page: Page) -> None:
    page.get_by_role("link", name="Kembali ke kelengkapan dan skor").click()
    expect(page.get_by_role("heading", name="Kelengkapan dan skor")).to_be_visible()


def read_score(page: Page) -> str:
    """The self-assessed score on the innovation's page, e.g. "Skor penilaian mandiri: 46 dari 111"."""
    score = page.locator("#score")
    expect(score).to_contain_text("Skor penilaian mandiri")
    return score.inner_text()


def missing_items(page: Page) -> list[str]:
    """What the checklist still lists as missing (empty when complete)."""
    return [text.strip() for text in page.locator("ul.checklist li").all_inner_texts()]


def send_to_head(page: Page, *, resubmission: bool = False) -> None:
    """On the innovation's page: send it to the OPD head (confirmed); the status says it waits."""
    name = "Kirim ulang ke Kepala OPD" if resubmission else "Kirim ke Kepala OPD"
    with confirming(page):
        page.get_by_role("button", name=name).click()
    expect(page.get_by_text("Terkirim ke Kepala OPD.")).to_be_visible()
    expect(page.locator(".badge.status-awaiting_head")).to_be_visible()


def approve(page: Page, base_url: str, title: str) -> None:
    """The OPD head opens "Persetujuan", reads the innovation and approves it (confirmed)."""
    page.goto(f"{base_url}/opd/approvals")
    expect(page.get_by_role("heading", name="Persetujuan")).to_be_visible()
    page.get_by_role("link", name=title, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(title)
    with confirming(page):
        page.get_by_role("button", name="Setujui dan kirim ke pemda").click()
    expect(page.get_by_text("Disetujui dan dikirim ke tim verifikasi pemda.")).to_be_visible()
    expect(page.get_by_role("link", name=title, exact=True)).to_have_count(0)


def return_to_operator(page: Page, base_url: str, title: str, note: str) -> None:
    """The OPD head returns the innovation with a note for the operator."""
    page.goto(f"{base_url}/opd/approvals")
    page.get_by_role("link", name=title, exact=True).click()
    page.get_by_label("Catatan untuk operator").fill(note)
    page.get_by_role("button", name="Kembalikan dengan catatan").click()
    expect(page.get_by_text("Dikembalikan ke operator dengan catatan Anda.")).to_be_visible()


def see_revision(page: Page, base_url: str, title: str, indicator_no: int, note: str) -> None:
    """The operator sees the revision request: the reviewers' note beside the flagged indicator."""
    open_innovation(page, base_url, title)
    expect(page.get_by_role("heading", name="Perbaikan diminta verifikator")).to_be_visible()
    row = page.locator(f"#indikator-{indicator_no}")
    expect(row).to_contain_text("Perlu diperbaiki")
    expect(row).to_contain_text(note)


def resubmit_revision(page: Page, base_url: str, title: str, indicator_no: int, file_path: Path) -> None:
    """The operator fixes the flagged indicator with a new file and sends it to the head again."""
    open_innovation(page, base_url, title)
    open_indicator(page, indicator_no)
    upload_evidence(page, file_path, tentang="Perbaikan sesuai catatan verifikator")
    back_to_innovation(page)
    send_to_head(page, resubmission=True)


def open_history(page: Page) -> None:
    """From the innovation's page: the version history with the differences."""
    page.get_by_role("link", name="Riwayat versi").click()
    expect(page.get_by_role("heading", level=1, name=re.compile("^Riwayat versi"))).to_be_visible()
