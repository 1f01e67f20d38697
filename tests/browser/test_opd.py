"""The OPD pages in a real browser on the seeded Kukar demo: the operator builds a dossier by clicking
(autosaved profile, live word count, evidence with a progress bar, a video sent part by part straight to
storage), sees the score and sends it; the head returns it once with a note, then approves it."""

from __future__ import annotations

import re
import struct
import uuid
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, Route, expect

from tests.browser.opd_steps import (
    answer_indicator,
    approve,
    back_to_innovation,
    choose_parameter,
    create_innovation,
    delete_evidence,
    fill_profile,
    missing_items,
    open_history,
    open_indicator,
    open_innovation,
    read_score,
    return_to_operator,
    send_to_head,
    upload_evidence,
    upload_video,
)
from tests.e2e.conftest import System
from tests.submission.dossier import PROFILE, RANCANG_BANGUN
from tests.submission.samples import PDF


def video_of(seconds: int, size: int) -> bytes:
    """An MP4 of `size` bytes whose header says it lasts `seconds` (more than one 5 MiB part)."""
    ftyp = struct.pack(">I4s4sI4s", 20, b"ftyp", b"isom", 0x200, b"isom")
    mvhd_body = bytes(4) + struct.pack(">IIII", 0, 0, 1000, seconds * 1000) + bytes(80)
    mvhd = struct.pack(">I4s", 8 + len(mvhd_body), b"mvhd") + mvhd_body
    moov = struct.pack(">I4s", 8 + len(mvhd), b"moov") + mvhd
    payload = size - len(ftyp) - len(moov) - 8
    return ftyp + struct.pack(">I4s", 8 + payload, b"mdat") + bytes(payload) + moov


def files(folder: Path) -> dict[str, Path]:
    made = {}
    for no in (1, 2, 17, 18):
        made[f"bukti-{no}"] = folder / f"bukti-indikator-{no}.pdf"
        made[f"bukti-{no}"].write_bytes(PDF + f"% bukti {no} {uuid.uuid4()}\n".encode())
    made["salah"] = folder / "salah-unggah.pdf"
    made["salah"].write_bytes(PDF + f"% salah {uuid.uuid4()}\n".encode())
    made["video"] = folder / "video-inovasi.mp4"
    made["video"].write_bytes(video_of(150, 6 * 1024 * 1024 + 12345))
    return made


def test_an_operator_builds_and_sends_a_dossier_and_the_head_approves_it(
    system: System, page_as: Callable[[str], Page], check_page: Callable[[Page, str], None], tmp_path: Path
) -> None:
    base = system.urls["submission"]
    evidence = files(tmp_path)
    title = f"Layanan Antrean Uji {uuid.uuid4().hex[:6]}"
    page = page_as("operator")

    page.get_by_role("link", name="Inovasi saya").click()
    expect(page.locator("[data-countdown]")).to_contain_text(" lagi")
    check_page(page, "opd-innovations")

    create_innovation(page, base, {"nama": title, "tahapan": "Penerapan", "jenis": "Digital"})
    check_page(page, "opd-innovation-new-draft")
    profile = {
        "inisiator": "OPD",
        "bentuk": "Inovasi pelayanan publik",
        "tematik": "Digitalisasi layanan pemerintahan",
        **{k: PROFILE[k] for k in ("nama_inisiator", "urusan_utama", "waktu_uji_coba", "waktu_penerapan")},
        **{k: PROFILE[k] for k in ("tujuan", "manfaat", "hasil")},
        "rancang_bangun": RANCANG_BANGUN,
    }
    fill_profile(page, profile)

    answer_indicator(page, 1, "Peraturan Kepala Daerah", evidence["bukti-1"], nomor_surat="100/1/2026")
    answer_indicator(page, 2, "2 —", evidence["bukti-2"])
    answer_indicator(page, 17, "2 —", evidence["bukti-17"])
    answer_indicator(page, 18, "3 —", evidence["bukti-18"], basis_label="Jumlah orang yang terlayani")
    open_indicator(page, 1)
    upload_evidence(page, evidence["salah"])
    delete_evidence(page, evidence["salah"].name)
    check_page(page, "opd-indicator")
    back_to_innovation(page)

    assert any("(Video inovasi)" in item for item in missing_items(page))
    open_indicator(page, 20)
    choose_parameter(page, "3 —")
    # The connection drops during part 2: the page asks which parts storage holds and sends only part 2 again.
    dropped: list[str] = []
    puts: list[str] = []

    def drop_once(route: Route) -> None:
        if dropped:
            route.continue_()
        else:
            dropped.append(route.request.url)
            route.abort()

    page.on("request", lambda request: puts.append(request.url) if request.method == "PUT" else None)
    page.route(re.compile(r"[?&]partNumber=2(&|$)"), drop_once)
    upload_video(page, evidence["video"])
    assert dropped, "the second part never went to storage"
    assert sum(bool(re.search(r"[?&]partNumber=1(&|$)", url)) for url in puts) == 1
    assert sum(bool(re.search(r"[?&]partNumber=2(&|$)", url)) for url in puts) == 2
    assert all(url.startswith("http://127.0.0.1:") and "/opd/" not in url for url in puts)
    check_page(page, "opd-indicator-video")
    back_to_innovation(page)

    assert missing_items(page) == []
    assert read_score(page).startswith("Skor penilaian mandiri: ")
    check_page(page, "opd-innovation-complete")
    send_to_head(page)

    head = page_as("head")
    return_to_operator(head, base, title, "Tambahkan nomor surat pada bukti indikator 2")
    page = page_as("operator")
    open_innovation(page, base, title)
    expect(page.get_by_text("Tambahkan nomor surat pada bukti indikator 2")).to_be_visible()
    send_to_head(page)

    head.get_by_role("link", name="Persetujuan").click()
    head.get_by_role("link", name=title, exact=True).click()
    check_page(head, "opd-approval")
    approve(head, base, title)
    check_page(head, "opd-approvals")

    open_innovation(page, base, title)
    expect(page.locator(".badge.status-submitted, .badge.status-in_review")).to_be_visible()
    open_history(page)
    expect(page.get_by_role("cell", name="1", exact=True)).to_be_visible()
    check_page(page, "opd-history")


def test_forgotten_password_page_answers_the_same_for_anyone(
    system: System, page_as: Callable[[str], Page], check_page: Callable[[Page, str], None]
) -> None:
    page = page_as("public")
    page.goto(f"{system.urls['submission']}/login")
    page.get_by_role("link", name="Lupa kata sandi?").click()
    check_page(page, "reset-password")
    page.get_by_label("Email").fill("tidak.ada@kukar.demo")
    page.get_by_role("button", name="Kirim tautan").click()
    expect(page.get_by_text("Jika tidak.ada@kukar.demo terdaftar")).to_be_visible()
