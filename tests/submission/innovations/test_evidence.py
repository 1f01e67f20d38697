"""Evidence as the indicator's kind and limits allow it: files, links, replacements, flags, downloads."""

from __future__ import annotations

import io
import uuid
from collections.abc import Callable
from typing import Any

import httpx
import pikepdf
from fastapi.testclient import TestClient
from sqlalchemy import select, update

from services.submission.catalogue import load_catalogue
from services.submission.deps import SubmissionRuntime, holder
from services.submission.innovations import evidence as evidence_rules
from services.submission.main import create_app
from services.submission.messages import InspectEvidence
from services.submission.models import EvidenceItem, OutboxMessage, Period
from tests.submission.conftest import Tenant, add_operator, login, seed_tenant
from tests.submission.dossier import complete, send_and_approve, upload_pdf
from tests.submission.samples import ENCRYPTED_PDF, PDF, PDF_WITH_SCRIPT, PNG, mp4_of_seconds, pdf_of_size
from tests.submission.test_api import DRAFT, create_draft, evidence_count, objects_under, upload


def post_file(
    client: TestClient,
    headers: dict[str, str],
    innovation_id: str,
    indicator_no: int,
    name: str,
    content: bytes,
) -> Any:
    return client.post(
        f"/api/v1/innovations/{innovation_id}/evidence",
        headers=headers,
        data={"indicator_no": str(indicator_no)},
        files={"file": (name, content, "application/octet-stream")},
    )


class TestEvidenceKinds:
    def test_a_pdf_for_an_image_indicator_is_refused_naming_what_it_accepts(
        self, client: TestClient, operator_headers: dict[str, str], runtime: SubmissionRuntime
    ) -> None:
        innovation_id = create_draft(client, operator_headers)
        response = post_file(client, operator_headers, innovation_id, 10, "sosialisasi.pdf", PDF)
        assert response.status_code == 415
        assert response.json()["error"]["message"] == (
            "Indikator 10 hanya menerima gambar (JPEG/PNG); berkas 'sosialisasi.pdf' adalah application/pdf."
        )
        assert evidence_count(runtime) == 0
        image = post_file(client, operator_headers, innovation_id, 10, "sosialisasi.png", PNG)
        assert image.status_code == 201

    def test_an_encrypted_pdf_is_stored_and_the_worker_flags_it_for_reviewers(
        self, client: TestClient, operator_headers: dict[str, str], runtime: SubmissionRuntime
    ) -> None:
        innovation_id = create_draft(client, operator_headers)
        response = post_file(client, operator_headers, innovation_id, 1, "sk.pdf", ENCRYPTED_PDF)
        assert response.status_code == 201
        assert response.json()["flags"] == []
        inspect_stored_pdfs(runtime)
        shown = client.get(f"/api/v1/innovations/{innovation_id}", headers=operator_headers).json()
        assert shown["evidence"][0]["flags"] == ["pdf_encrypted"]

    def test_a_video_longer_than_five_minutes_is_refused_and_a_short_one_kept(
        self, client: TestClient, operator_headers: dict[str, str]
    ) -> None:
        innovation_id = create_draft(client, operator_headers)
        long = post_file(client, operator_headers, innovation_id, 20, "video.mp4", mp4_of_seconds(400))
        assert long.status_code == 415
        assert "400 detik" in long.json()["error"]["message"]
        short = post_file(client, operator_headers, innovation_id, 20, "video.mp4", mp4_of_seconds(120))
        assert short.status_code == 201
        assert short.json()["content_type"] == "video/mp4"

    def test_a_link_must_be_a_web_address(self, client: TestClient, operator_headers: dict[str, str]) -> None:
        innovation_id = create_draft(client, operator_headers)
        response = client.post(
            f"/api/v1/innovations/{innovation_id}/evidence/link",
            json={"indicator_no": 20, "url": "javascript:alert(1)"},
            headers=operator_headers,
        )
        assert response.status_code == 422


class TestPerKindLimit:
    def test_an_upload_over_the_indicator_limit_is_refused_and_nothing_is_kept(
        self, make_runtime: Callable[..., SubmissionRuntime]
    ) -> None:
        runtime = make_runtime(max_upload_mb=3)
        holder.use(runtime)
        tenant = seed_tenant(runtime)
        catalogue = load_catalogue("iid-2025").model_dump(mode="json")
        catalogue["indicators"][2]["max_size_mb"] = 1  # indicator 3 (dukungan anggaran): 1 MB here
        with runtime.session_factory() as session:
            session.execute(update(Period).values(catalogue=catalogue))
            session.commit()
        with TestClient(create_app()) as client:
            headers = login(client, tenant.operator.email)
            innovation_id = create_draft(client, headers)
            big = pdf_of_size(1024 * 1024 + 10)
            refused = post_file(client, headers, innovation_id, 3, "dpa.pdf", big)
            assert refused.status_code == 413
            assert "1 MB" in refused.json()["error"]["message"]
            assert evidence_count(runtime) == 0
            assert not any(innovation_id in key for key in objects_under(runtime, ""))
            elsewhere = post_file(client, headers, innovation_id, 1, "sk.pdf", big)  # 10 MB for indicator 1
            assert elsewhere.status_code == 201


class TestReplacement:
    def test_replacing_an_item_keeps_the_old_one_out_of_the_dossier_but_stored(
        self, client: TestClient, operator_headers: dict[str, str], runtime: SubmissionRuntime
    ) -> None:
        innovation_id = create_draft(client, operator_headers)
        first = upload_pdf(client, operator_headers, innovation_id, 1).json()
        second = client.post(
            f"/api/v1/innovations/{innovation_id}/evidence",
            headers=operator_headers,
            data={"indicator_no": "1", "replaces": first["id"]},
            files={"file": ("sk-baru.pdf", PDF + b"% revisi\n", "application/pdf")},
        )
        assert second.status_code == 201, second.text
        shown = client.get(f"/api/v1/innovations/{innovation_id}", headers=operator_headers).json()[
            "evidence"
        ]
        assert [e["filename"] for e in shown] == ["sk-baru.pdf"]
        with runtime.session_factory() as session:
            old = session.get(EvidenceItem, uuid.UUID(first["id"]))
            assert old is not None
            assert str(old.replaced_by_id) == second.json()["id"]
        assert runtime.store.stat(first["object_key"]) is not None


class TestFlags:
    def test_scripts_and_files_used_by_another_innovation_are_flagged_for_reviewers(
        self, client: TestClient, operator_headers: dict[str, str], runtime: SubmissionRuntime, tenant: Tenant
    ) -> None:
        first = create_draft(client, operator_headers)
        post_file(client, operator_headers, first, 3, "anggaran.pdf", PDF_WITH_SCRIPT)
        second = client.post(
            "/api/v1/innovations", json={**DRAFT, "nama": "Bank Sampah Digital"}, headers=operator_headers
        ).json()["id"]
        copied = post_file(client, operator_headers, second, 3, "anggaran.pdf", PDF_WITH_SCRIPT)
        assert copied.status_code == 201
        assert copied.json()["flags"] == ["duplicate_in_pemda"]  # known at upload; the PDF's, once parsed
        inspect_stored_pdfs(runtime)
        complete(client, operator_headers, second)
        head = login(client, tenant.head.email)
        assert send_and_approve(client, operator_headers, head, second).status_code == 200
        with runtime.session_factory() as session:
            case = session.scalars(
                select(OutboxMessage).where(OutboxMessage.task_name == "review.open_case")
            ).one()
        assert {(f["code"], f["indicator_no"]) for f in case.payload["flags"]} >= {
            ("duplicate_in_pemda", 3),
            ("pdf_javascript", 3),
        }


class TestDownload:
    def test_a_presigned_url_gives_the_file_to_the_opd_and_another_opd_gets_404(
        self, client: TestClient, operator_headers: dict[str, str], runtime: SubmissionRuntime, tenant: Tenant
    ) -> None:
        innovation_id = create_draft(client, operator_headers)
        item = upload(client, operator_headers, innovation_id, PDF).json()  # type: ignore[attr-defined]
        url = client.get(
            f"/api/v1/innovations/{innovation_id}/evidence/{item['id']}/download", headers=operator_headers
        ).json()["url"]
        assert httpx.get(url, timeout=10).content == PDF
        add_operator(runtime, tenant, "lain@kukar.test", tenant.other_opd)
        other = login(client, "lain@kukar.test")
        for path in (
            f"/api/v1/innovations/{innovation_id}/evidence/{item['id']}/download",
            f"/api/v1/innovations/{innovation_id}/assessment",
        ):
            assert client.get(path, headers=other).status_code == 404
        assert upload_pdf(client, other, innovation_id, 2).status_code == 404
        assert (
            client.put(
                f"/api/v1/innovations/{innovation_id}/answers/1", json={"parameter": 1}, headers=other
            ).status_code
            == 404
        )


def pdf_with_hidden_script() -> bytes:
    """JavaScript in a compressed object stream: invisible to a byte scan, found by parsing."""
    document = pikepdf.new()
    document.add_blank_page()
    document.Root.OpenAction = pikepdf.Dictionary(
        S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)")
    )
    out = io.BytesIO()
    document.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate, compress_streams=True)
    content = out.getvalue()
    assert b"/JavaScript" not in content
    return content


def inspect_stored_pdfs(runtime: SubmissionRuntime) -> None:
    """Do what the worker does with each queued inspection, twice (a redelivery changes nothing)."""
    with runtime.session_factory() as session:
        rows = session.scalars(
            select(OutboxMessage).where(OutboxMessage.task_name == "submission.inspect_evidence")
        ).all()
    for message in [InspectEvidence.model_validate(row.payload) for row in rows] * 2:
        with runtime.db.unit_of_work() as uow:
            evidence_rules.inspect_evidence(uow, store=runtime.store, message=message)


class TestPdfInspection:
    def test_the_worker_finds_a_script_hidden_in_an_object_stream(
        self, client: TestClient, operator_headers: dict[str, str], runtime: SubmissionRuntime
    ) -> None:
        innovation_id = create_draft(client, operator_headers)
        uploaded = post_file(client, operator_headers, innovation_id, 1, "sk.pdf", pdf_with_hidden_script())
        assert uploaded.status_code == 201
        assert uploaded.json()["flags"] == []
        inspect_stored_pdfs(runtime)
        shown = client.get(f"/api/v1/innovations/{innovation_id}", headers=operator_headers).json()
        assert shown["evidence"][0]["flags"] == ["pdf_javascript", "pdf_open_action"]


class TestProfileFiles:
    def test_the_profile_file_slots_take_their_own_kinds(
        self, client: TestClient, operator_headers: dict[str, str]
    ) -> None:
        innovation_id = create_draft(client, operator_headers)

        def put(slot: str, name: str, content: bytes) -> Any:
            return client.post(
                f"/api/v1/innovations/{innovation_id}/files/{slot}",
                files={"file": (name, content, "application/octet-stream")},
                headers=operator_headers,
            )

        anggaran = put("anggaran", "rab.pdf", PDF)
        assert anggaran.status_code == 201, anggaran.text
        assert (anggaran.json()["slot"], anggaran.json()["indicator_no"]) == ("anggaran", 0)
        assert put("penghargaan", "piagam.png", PNG).status_code == 201
        photo = put("anggaran", "rab.png", PNG)
        assert photo.status_code == 415
        assert "Berkas anggaran hanya menerima PDF" in photo.json()["error"]["message"]
        unknown = put("brosur", "brosur.pdf", PDF)
        assert unknown.status_code == 422
        assert "anggaran, profil_bisnis, haki, penghargaan" in unknown.json()["error"]["message"]
        shown = client.get(f"/api/v1/innovations/{innovation_id}", headers=operator_headers).json()
        assert sorted(e["slot"] for e in shown["evidence"]) == ["anggaran", "penghargaan"]
