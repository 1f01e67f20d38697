"""Exports: the evidence dossier of a case and of a whole period, as ZIP archives with manifests."""

from __future__ import annotations

import csv
import io
import json
import re
import uuid
import zipfile
import zlib
from typing import Any

from openpyxl import load_workbook

from shared.contracts.review import EvidenceRef
from tests.review.conftest import ALL_SESUAI, Scene
from tests.review.samples import PDF, open_case, open_case_message, store_evidence

HOSTILE = '=HYPERLINK("http://x","klik")'


def content(n: int) -> bytes:
    return PDF + f"% berkas {n}\n".encode()


def open_with_files(
    scene: Scene, *, nama: str, opd_name: str = "Dinas Kesehatan"
) -> tuple[uuid.UUID, list[EvidenceRef]]:
    """A case whose indicator 1 file is intact, 2 was changed in storage, 3 is gone, 4 is a video link."""
    message = open_case_message(
        pemda_id=scene.pemda_id,
        period_id=scene.period_id,
        opd_id=uuid.uuid4(),
        opd_name=opd_name,
        nama=nama,
        evidence_count=3,
    )
    link = EvidenceRef(
        evidence_id=uuid.uuid4(), indicator_no=4, filename="video", link_url="https://youtu.be/x"
    )
    message = message.model_copy(update={"evidence": (*message.evidence, link)})
    refs = list(message.evidence)
    store_evidence(scene.runtime, refs[0], content(1))
    store_evidence(scene.runtime, refs[1], content(2) + b"% diubah\n")
    return open_case(scene.runtime, message), refs


def unzip(response: Any) -> zipfile.ZipFile:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(response.content))


class TestCaseDossier:
    def test_files_under_readable_paths_with_a_manifest_that_rechecks_every_hash(self, scene: Scene) -> None:
        case_id, refs = open_with_files(scene, nama="Antrean Puskesmas")

        response = scene.client.get(
            f"/api/v1/cases/{case_id}/dossier.zip", headers=scene.ani.headers(scene.issuer)
        )

        archive = unzip(response)
        assert 'filename="dossier-antrean-puskesmas-v1.zip"' in response.headers["content-disposition"]
        assert archive.namelist() == [
            "01-indikator-1/sk-bupati.pdf",
            "02-indikator-2/sk-bupati.pdf",
            "manifest.json",
            "manifest.csv",
        ]
        assert archive.read("01-indikator-1/sk-bupati.pdf") == content(1)
        manifest = json.loads(archive.read("manifest.json"))["files"]
        assert [(f["indicator_no"], f["verified"]) for f in manifest] == [
            (1, "ok"),
            (2, "mismatch"),
            (3, "missing"),
            (4, "link"),
        ]
        assert manifest[0]["sha256"] == manifest[0]["actual_sha256"] == refs[0].sha256
        assert manifest[1]["actual_sha256"] != refs[1].sha256
        assert manifest[3]["link_url"] == "https://youtu.be/x"
        rows = list(csv.DictReader(io.StringIO(archive.read("manifest.csv").decode())))
        assert [(r["indicator_no"], r["path"], r["verified"]) for r in rows] == [
            ("1", "01-indikator-1/sk-bupati.pdf", "ok"),
            ("2", "02-indikator-2/sk-bupati.pdf", "mismatch"),
            ("3", "03-indikator-3/sk-bupati.pdf", "missing"),
            ("4", "", "link"),
        ]

    def test_a_formula_in_the_innovation_name_is_plain_text_in_the_manifest(self, scene: Scene) -> None:
        case_id, _ = open_with_files(scene, nama=HOSTILE)

        response = scene.client.get(
            f"/api/v1/cases/{case_id}/dossier.zip", headers=scene.ani.headers(scene.issuer)
        )

        rows = list(csv.DictReader(io.StringIO(unzip(response).read("manifest.csv").decode())))
        assert {r["innovation"] for r in rows} == {"'" + HOSTILE}
        assert rows[0]["indicator_no"] == "1"

    def test_a_case_of_another_pemda_is_not_found(self, scene: Scene) -> None:
        elsewhere = open_case(scene.runtime, open_case_message(pemda_id=uuid.uuid4()))

        response = scene.client.get(
            f"/api/v1/cases/{elsewhere}/dossier.zip", headers=scene.ani.headers(scene.issuer)
        )

        assert response.status_code == 404


class TestPeriodDossiers:
    def test_one_archive_with_a_folder_per_opd_and_innovation(self, scene: Scene) -> None:
        first, _ = open_with_files(scene, nama="Antrean Puskesmas")
        second, _ = open_with_files(scene, nama="Rapor Digital", opd_name="Dinas Pendidikan")
        url = f"/api/v1/reviews/periods/{scene.period_id}/dossiers.zip"

        archive = unzip(scene.client.get(url, headers=scene.admin.headers(scene.issuer)))
        as_reviewer = scene.client.get(url, headers=scene.ani.headers(scene.issuer))

        files = [n for n in archive.namelist() if not n.startswith("manifest")]
        assert files == [
            f"dinas-kesehatan/antrean-puskesmas-{str(first)[:8]}/01-indikator-1/sk-bupati.pdf",
            f"dinas-kesehatan/antrean-puskesmas-{str(first)[:8]}/02-indikator-2/sk-bupati.pdf",
            f"dinas-pendidikan/rapor-digital-{str(second)[:8]}/01-indikator-1/sk-bupati.pdf",
            f"dinas-pendidikan/rapor-digital-{str(second)[:8]}/02-indikator-2/sk-bupati.pdf",
        ]
        manifest = json.loads(archive.read("manifest.json"))["files"]
        assert [m["innovation"] for m in manifest] == ["Antrean Puskesmas"] * 4 + ["Rapor Digital"] * 4
        assert as_reviewer.status_code == 403


def pdf_text(data: bytes) -> str:
    """The text drawn on the PDF's pages (fpdf2 writes it into zlib-compressed content streams)."""
    texts = []
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", data, re.DOTALL):
        try:
            texts.append(zlib.decompress(match.group(1)).decode("latin-1"))
        except zlib.error:
            continue
    return "".join(re.findall(r"\((.*?)\)\s*Tj", "".join(texts)))


class TestProfilePdf:
    def test_the_profile_shows_the_indicators_claimed_and_verified_with_the_decision(
        self, scene: Scene
    ) -> None:
        case_id = scene.open(nama="Antrean Puskesmas")
        marks = {**ALL_SESUAI, 4: ("perlu_perbaikan", 1, "Video tanpa dampak")}
        for reviewer in (scene.ani, scene.budi):
            scene.assess(reviewer, case_id, marks)
        scene.decide(scene.admin, case_id, decision="revision_requested", note="Lengkapi video")

        response = scene.client.get(
            f"/api/v1/cases/{case_id}/profile.pdf", headers=scene.ani.headers(scene.issuer)
        )

        assert response.status_code == 200, response.text
        assert response.headers["content-type"] == "application/pdf"
        assert response.content.startswith(b"%PDF-")
        text = pdf_text(response.content)
        for expected in (
            "Antrean Puskesmas",
            "Dinas Kesehatan",
            "Indikator 4",
            "Perlu perbaikan",
            "Video tanpa dampak",
        ):
            assert expected in text
        assert "Lengkapi video" in text
        assert "perlu perbaikan" in text  # the decision
        assert "Skor verifikasi" in text


class TestRecapWorkbook:
    def test_a_formula_in_the_innovation_name_is_a_text_cell(self, scene: Scene) -> None:
        scene.open(nama=HOSTILE, opd_name="=1+1", profile={"urusan_utama": "kesehatan", "tujuan": "@SUM(A1)"})
        url = f"/api/v1/reviews/periods/{scene.period_id}/recap.xlsx"

        response = scene.client.get(url, headers=scene.admin.headers(scene.issuer))

        assert response.status_code == 200, response.text
        book = load_workbook(io.BytesIO(response.content))  # not data_only: a formula would read as "f"
        cells = {c.value: c.data_type for row in book["Inovasi"].iter_rows() for c in row if c.value}
        assert cells[HOSTILE] == "s"
        assert cells["@SUM(A1)"] == "s"
        opd_names = [row[0] for row in book["OPD"].iter_rows() if row[0].value != "OPD"]
        assert [(c.value, c.data_type) for c in opd_names] == [("=1+1", "s")]

    def test_one_row_per_innovation_an_opd_sheet_and_the_iid(self, scene: Scene) -> None:
        accepted = scene.open(
            nama="Antrean Puskesmas", profile={"urusan_utama": "kesehatan", "tujuan": "=HYPERLINK(1)"}
        )
        for reviewer in (scene.ani, scene.budi):
            scene.assess(reviewer, accepted, ALL_SESUAI)
        scene.decide(scene.admin, accepted, decision="accepted")
        scene.open(nama="Posyandu Keliling")
        url = f"/api/v1/reviews/periods/{scene.period_id}/recap.xlsx"

        response = scene.client.get(url, headers=scene.admin.headers(scene.issuer))
        as_reviewer = scene.client.get(url, headers=scene.ani.headers(scene.issuer))

        assert response.status_code == 200, response.text
        book = load_workbook(io.BytesIO(response.content), read_only=True)
        assert book.sheetnames == ["Inovasi", "OPD", "IID"]
        rows = list(book["Inovasi"].iter_rows(values_only=True))
        header = list(rows[1])
        body = [dict(zip(header, r, strict=False)) for r in rows[2:]]
        assert [(r["Nama Inovasi"], r["Keputusan"], r["I4 Klaim"], r["I4 Verifikasi"]) for r in body] == [
            ("Antrean Puskesmas", "diterima", 2, 2),
            ("Posyandu Keliling", None, 2, None),  # an empty cell
        ]
        assert [(r["Skor Klaim"], r["Skor Verifikasi"]) for r in body] == [(22, 22), (22, 0)]
        assert body[0]["Tujuan"] == "=HYPERLINK(1)"  # as typed, in a text cell
        opd = list(book["OPD"].iter_rows(values_only=True))
        assert opd[1][:3] == ("Dinas Kesehatan", 2, 1)
        iid = {r[0]: r[1:] for r in book["IID"].iter_rows(values_only=True) if r and r[0]}
        assert iid["Komponen"] == ("Klaim", "Verifikasi")
        assert iid["Jumlah skor SID"] == (44, 22)
        assert as_reviewer.status_code == 403
