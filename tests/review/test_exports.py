"""Exports: the evidence dossier of a case and of a whole period, as ZIP archives with manifests."""

from __future__ import annotations

import csv
import io
import json
import uuid
import zipfile
from typing import Any

from shared.contracts.review import EvidenceRef
from tests.review.conftest import Scene
from tests.review.samples import PDF, open_case, open_case_message, store_evidence


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
