"""Evidence as the indicator's kind and limits allow it: files, links, replacements, flags, downloads."""

from __future__ import annotations

import io
import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import httpx
import pikepdf
import pytest
from fastapi.testclient import TestClient
from markupsafe import escape
from sqlalchemy import select, update

from services.submission import tasks
from services.submission.catalogue import load_catalogue
from services.submission.deps import SubmissionRuntime, holder
from services.submission.innovations import evidence as evidence_rules
from services.submission.main import create_app
from services.submission.models import AuditEntry, EvidenceItem, OutboxMessage, Period, ScanStatus
from shared.contracts.schedule import PERIODIC_TASKS
from shared.devtools.clamd import EICAR
from shared.devtools.netutil import free_port
from shared.malware import Scanner, ScannerUnavailable
from tests.pages import login_browser
from tests.submission.conftest import Tenant, add_operator, login, seed_tenant
from tests.submission.dossier import complete, pdf_for, send_and_approve, upload_pdf
from tests.submission.samples import (
    ENCRYPTED_PDF,
    PDF,
    PDF_WITH_SCRIPT,
    PNG,
    mp4_of_seconds,
    pdf_of_size,
    real_pdf,
)
from tests.submission.scanning import queued_scans, scan_queued
from tests.submission.test_api import DRAFT, create_draft, evidence_count, objects_under, upload

INFECTED_PDF = PDF + b"%" + EICAR + b"\n"  # a valid PDF with the EICAR test string in a comment
SIGNATURE = "Eicar-Test-Signature.UNOFFICIAL"


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
        scan_queued(runtime)
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
    def test_files_used_by_another_innovation_are_flagged_for_reviewers(
        self, client: TestClient, operator_headers: dict[str, str], runtime: SubmissionRuntime, tenant: Tenant
    ) -> None:
        budget = pdf_for(3, " anggaran bersama")
        first = create_draft(client, operator_headers)
        post_file(client, operator_headers, first, 3, "anggaran.pdf", budget)
        second = client.post(
            "/api/v1/innovations", json={**DRAFT, "nama": "Bank Sampah Digital"}, headers=operator_headers
        ).json()["id"]
        copied = post_file(client, operator_headers, second, 3, "anggaran.pdf", budget)
        assert copied.status_code == 201
        assert copied.json()["flags"] == ["duplicate_in_pemda"]  # known at upload
        complete(client, operator_headers, second)
        head = login(client, tenant.head.email)
        assert send_and_approve(client, operator_headers, head, second).status_code == 200
        with runtime.session_factory() as session:
            case = session.scalars(
                select(OutboxMessage).where(OutboxMessage.task_name == "review.open_case")
            ).one()
        assert ("duplicate_in_pemda", 3) in {(f["code"], f["indicator_no"]) for f in case.payload["flags"]}


class TestDownload:
    def test_a_presigned_url_gives_the_file_to_the_opd_and_another_opd_gets_404(
        self, client: TestClient, operator_headers: dict[str, str], runtime: SubmissionRuntime, tenant: Tenant
    ) -> None:
        innovation_id = create_draft(client, operator_headers)
        item = upload(client, operator_headers, innovation_id, PDF).json()  # type: ignore[attr-defined]
        scan_queued(runtime)
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


def launch_pdf() -> bytes:
    def launch(document: pikepdf.Pdf) -> None:
        document.Root.OpenAction = pikepdf.Dictionary(S=pikepdf.Name.Launch, F=pikepdf.String("calc.exe"))

    return real_pdf(launch)


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


class TestPdfInspection:
    def test_a_script_hidden_in_an_object_stream_is_found_and_the_pdf_refused(
        self, client: TestClient, operator_headers: dict[str, str], runtime: SubmissionRuntime
    ) -> None:
        innovation_id = create_draft(client, operator_headers)
        uploaded = post_file(client, operator_headers, innovation_id, 1, "sk.pdf", pdf_with_hidden_script())
        assert uploaded.status_code == 201
        assert uploaded.json()["scan_status"] == "pending"
        scan_queued(runtime)
        shown = client.get(f"/api/v1/innovations/{innovation_id}", headers=operator_headers).json()
        assert shown["evidence"] == []
        [refused] = shown["refused_evidence"]
        assert refused["scan_status"] == "refused"
        assert refused["notice"] == (
            "Berkas 'sk.pdf' ditolak: PDF berisi JavaScript. Ulangi ekspor PDF dari aplikasi aslinya "
            "(Simpan sebagai PDF / Cetak ke PDF), lalu unggah lagi. Berkas sudah dihapus."
        )
        assert runtime.store.stat(uploaded.json()["object_key"]) is None

    @pytest.mark.parametrize(
        ("content", "detail", "says"),
        [
            (PDF_WITH_SCRIPT, "pdf_javascript", "PDF berisi JavaScript"),
            (launch_pdf(), "pdf_launch_action", "perintah menjalankan program (Launch)"),
            (b"%PDF-1.7\n" + b"rusak " * 50, "pdf_unparseable", "PDF tidak dapat dibaca"),
        ],
        ids=["javascript", "launch", "unparseable"],
    )
    def test_an_active_or_unreadable_pdf_is_refused_asking_for_a_new_export(
        self,
        client: TestClient,
        operator_headers: dict[str, str],
        runtime: SubmissionRuntime,
        content: bytes,
        detail: str,
        says: str,
    ) -> None:
        innovation_id = create_draft(client, operator_headers)
        uploaded = post_file(client, operator_headers, innovation_id, 1, "sk.pdf", content)
        assert uploaded.status_code == 201, uploaded.text
        scan_queued(runtime)
        [refused] = client.get(f"/api/v1/innovations/{innovation_id}", headers=operator_headers).json()[
            "refused_evidence"
        ]
        assert refused["scan_detail"] == detail
        assert says in refused["notice"]
        assert "Ulangi ekspor PDF" in refused["notice"]
        assert runtime.store.stat(uploaded.json()["object_key"]) is None
        again = post_file(client, operator_headers, innovation_id, 1, "sk.pdf", content)
        assert again.status_code == 409  # the very same file: refused at once
        assert "Ulangi ekspor PDF" in again.json()["error"]["message"]

    def test_an_open_action_that_only_sets_the_view_is_accepted(
        self, client: TestClient, operator_headers: dict[str, str], runtime: SubmissionRuntime
    ) -> None:
        def fit_width(document: pikepdf.Pdf) -> None:
            document.Root.OpenAction = pikepdf.Array([document.pages[0].obj, pikepdf.Name.FitH, 792])

        innovation_id = create_draft(client, operator_headers)
        uploaded = post_file(client, operator_headers, innovation_id, 1, "sk.pdf", real_pdf(fit_width))
        scan_queued(runtime)
        [item] = client.get(f"/api/v1/innovations/{innovation_id}", headers=operator_headers).json()[
            "evidence"
        ]
        assert (item["id"], item["scan_status"], item["flags"]) == (uploaded.json()["id"], "clean", [])


class TestMalwareScan:
    def test_eicar_in_a_valid_pdf_is_refused_deleted_audited_and_explained(
        self, client: TestClient, operator_headers: dict[str, str], runtime: SubmissionRuntime, tenant: Tenant
    ) -> None:
        innovation_id = create_draft(client, operator_headers)
        uploaded = post_file(client, operator_headers, innovation_id, 1, "sk.pdf", INFECTED_PDF)
        assert uploaded.status_code == 201, uploaded.text
        item = uploaded.json()
        assert item["scan_status"] == "pending"
        assert "sedang diperiksa" in item["notice"]
        assert runtime.store.stat(item["object_key"]) is not None
        scan_queued(runtime)
        message = f"Berkas 'sk.pdf' ditolak: terdeteksi malware ({SIGNATURE}). Berkas sudah dihapus."
        shown = client.get(f"/api/v1/innovations/{innovation_id}", headers=operator_headers).json()
        assert shown["evidence"] == []
        assert [(e["scan_status"], e["notice"]) for e in shown["refused_evidence"]] == [("infected", message)]
        assert runtime.store.stat(item["object_key"]) is None
        download = client.get(
            f"/api/v1/innovations/{innovation_id}/evidence/{item['id']}/download", headers=operator_headers
        )
        assert download.status_code == 409
        assert download.json()["error"]["message"] == message
        with runtime.session_factory() as session:
            entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "evidence.refuse")).one()
        assert (entry.entity_id, entry.pemda_id) == (uuid.UUID(item["id"]), tenant.pemda.id)
        assert entry.after is not None
        assert (entry.after["scan_status"], entry.after["detail"]) == ("infected", SIGNATURE)
        again = post_file(client, operator_headers, innovation_id, 1, "sk.pdf", INFECTED_PDF)
        assert (again.status_code, again.json()["error"]["message"]) == (409, message)
        clean = post_file(client, operator_headers, innovation_id, 2, "sk-tim.pdf", PDF)
        assert clean.status_code == 201  # other files are not affected
        login_browser(client, operator_headers["Authorization"].split()[1])
        page = client.get(f"/opd/innovations/{innovation_id}")
        assert str(escape(message)) in page.text
        indicator_page = client.get(f"/opd/innovations/{innovation_id}/indicators/1")
        assert str(escape(message)) in indicator_page.text
        assert "sedang diperiksa" in indicator_page.text  # sk-tim.pdf, not yet scanned

    def test_a_new_file_in_its_place_ends_the_refusal_notice(
        self, client: TestClient, operator_headers: dict[str, str], runtime: SubmissionRuntime
    ) -> None:
        innovation_id = create_draft(client, operator_headers)
        post_file(client, operator_headers, innovation_id, 1, "sk.pdf", INFECTED_PDF)
        scan_queued(runtime)
        path = f"/api/v1/innovations/{innovation_id}"
        assert len(client.get(path, headers=operator_headers).json()["refused_evidence"]) == 1
        assert post_file(client, operator_headers, innovation_id, 1, "sk-baru.pdf", PDF).status_code == 201
        shown = client.get(path, headers=operator_headers).json()
        assert shown["refused_evidence"] == []
        assert [e["filename"] for e in shown["evidence"]] == ["sk-baru.pdf"]

    def test_a_refused_replacement_puts_the_file_it_replaced_back(
        self, client: TestClient, operator_headers: dict[str, str], runtime: SubmissionRuntime
    ) -> None:
        innovation_id = create_draft(client, operator_headers)
        first = upload_pdf(client, operator_headers, innovation_id, 1).json()
        scan_queued(runtime)
        replacement = client.post(
            f"/api/v1/innovations/{innovation_id}/evidence",
            headers=operator_headers,
            data={"indicator_no": "1", "replaces": first["id"]},
            files={"file": ("sk-baru.pdf", INFECTED_PDF, "application/pdf")},
        )
        assert replacement.status_code == 201, replacement.text
        scan_queued(runtime)
        shown = client.get(f"/api/v1/innovations/{innovation_id}", headers=operator_headers).json()
        assert [e["id"] for e in shown["evidence"]] == [first["id"]]

    def test_a_clean_file_is_served_once_scanned(
        self, client: TestClient, operator_headers: dict[str, str], runtime: SubmissionRuntime
    ) -> None:
        innovation_id = create_draft(client, operator_headers)
        item = upload(client, operator_headers, innovation_id, PDF).json()  # type: ignore[attr-defined]
        path = f"/api/v1/innovations/{innovation_id}/evidence/{item['id']}/download"
        early = client.get(path, headers=operator_headers)
        assert early.status_code == 409
        assert early.json()["error"]["message"] == (
            "Berkas 'sk.pdf' sedang diperiksa (pemindaian malware). Coba lagi beberapa saat lagi."
        )
        scan_queued(runtime)
        url = client.get(path, headers=operator_headers).json()["url"]
        assert httpx.get(url, timeout=10).content == PDF

    def test_while_the_scanner_is_down_the_file_stays_pending_and_the_dossier_cannot_be_sent(
        self, client: TestClient, operator_headers: dict[str, str], runtime: SubmissionRuntime, tenant: Tenant
    ) -> None:
        innovation_id = create_draft(client, operator_headers)
        complete(client, operator_headers, innovation_id)  # every file scanned clean
        late = upload(client, operator_headers, innovation_id, PDF + b"% lampiran\n", "lampiran.pdf", 2)
        assert late.status_code == 201  # type: ignore[attr-defined]
        late_item = late.json()  # type: ignore[attr-defined]
        down = Scanner(f"tcp://127.0.0.1:{free_port()}", timeout=2)
        with pytest.raises(ScannerUnavailable):
            scan_queued(runtime, scanner=down)  # the task fails transiently, to be retried
        with runtime.session_factory() as session:
            stored = session.get(EvidenceItem, uuid.UUID(late_item["id"]))
            assert stored is not None
            assert stored.scan_status is ScanStatus.pending
        download = client.get(
            f"/api/v1/innovations/{innovation_id}/evidence/{late_item['id']}/download",
            headers=operator_headers,
        )
        assert download.status_code == 409
        assert "sedang diperiksa" in download.json()["error"]["message"]
        sent = client.post(f"/api/v1/innovations/{innovation_id}/submit", headers=operator_headers)
        assert sent.status_code == 409
        assert sent.json()["error"]["message"] == (
            "Inovasi belum dapat dikirim: 1 berkas masih diperiksa (pemindaian malware): lampiran.pdf. "
            "Tunggu beberapa menit, lalu kirim lagi."
        )
        # The beat's sweep queues the pending file again; the scanner is back.
        assert PERIODIC_TASKS[tasks.requeue_pending_scans.name] == 300
        before = len(queued_scans(runtime))
        with runtime.db.unit_of_work() as uow:
            assert evidence_rules.requeue_pending_scans(uow, older_than=timedelta(0)) == 1
        assert len(queued_scans(runtime)) == before + 1
        scan_queued(runtime)
        head = login(client, tenant.head.email)
        assert send_and_approve(client, operator_headers, head, innovation_id).status_code == 200
        with runtime.db.unit_of_work() as uow:
            assert evidence_rules.requeue_pending_scans(uow, older_than=timedelta(0)) == 0


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
