"""Large evidence (video) straight to S3 with a presigned POST, then confirmed by the API."""

from __future__ import annotations

from typing import Any

import httpx
from fastapi.testclient import TestClient
from sqlalchemy import update

from services.submission.catalogue import load_catalogue
from services.submission.deps import SubmissionRuntime
from services.submission.models import Period
from shared.devtools.clamd import EICAR
from tests.submission.samples import PDF, mp4_of_seconds
from tests.submission.scanning import scan_queued
from tests.submission.test_api import create_draft, evidence_count, objects_under

SIGNATURE = "Eicar-Test-Signature.UNOFFICIAL"


def assert_refused_as_malware(
    client: TestClient, headers: dict[str, str], runtime: SubmissionRuntime, innovation_id: str, item: Any
) -> None:
    """Pending when recorded; once the worker scanned it: refused, gone from S3, explained."""
    assert item["scan_status"] == "pending"
    download = f"/api/v1/innovations/{innovation_id}/evidence/{item['id']}/download"
    assert client.get(download, headers=headers).status_code == 409
    scan_queued(runtime)
    assert runtime.store.stat(item["object_key"]) is None
    assert not any(innovation_id in key for key in objects_under(runtime, ""))
    shown = client.get(f"/api/v1/innovations/{innovation_id}", headers=headers).json()
    assert shown["evidence"] == []
    assert [e["notice"] for e in shown["refused_evidence"]] == [
        f"Berkas '{item['filename']}' ditolak: terdeteksi malware ({SIGNATURE}). Berkas sudah dihapus."
    ]


def start(client: TestClient, headers: dict[str, str], innovation_id: str, indicator_no: int = 20) -> Any:
    response = client.post(
        f"/api/v1/innovations/{innovation_id}/evidence/uploads",
        json={"indicator_no": indicator_no, "filename": "video-inovasi.mp4", "tentang": "Video"},
        headers=headers,
    )
    assert response.status_code == 201, response.text
    return response.json()


def post_to_s3(ticket: dict[str, Any], content: bytes) -> httpx.Response:
    return httpx.post(
        ticket["url"], data=ticket["fields"], files={"file": ("video.mp4", content, "video/mp4")}, timeout=30
    )


class TestDirectUpload:
    def test_a_video_sent_to_s3_is_checked_and_recorded_under_its_sha256(
        self, client: TestClient, operator_headers: dict[str, str], runtime: SubmissionRuntime
    ) -> None:
        innovation_id = create_draft(client, operator_headers)
        ticket = start(client, operator_headers, innovation_id)
        video = mp4_of_seconds(150)
        sent = post_to_s3(ticket, video)
        assert sent.status_code in (200, 201, 204), sent.text
        confirmed = client.post(
            f"/api/v1/innovations/{innovation_id}/evidence/uploads/{ticket['upload_id']}/confirm",
            headers=operator_headers,
        )
        assert confirmed.status_code == 201, confirmed.text
        body = confirmed.json()
        assert (body["content_type"], body["size"], body["indicator_no"]) == ("video/mp4", len(video), 20)
        assert runtime.store.get(body["object_key"]) == video
        assert not any("/incoming/" in key for key in objects_under(runtime, ""))
        again = client.post(
            f"/api/v1/innovations/{innovation_id}/evidence/uploads/{ticket['upload_id']}/confirm",
            headers=operator_headers,
        )
        assert again.status_code == 404

    def test_a_video_carrying_malware_is_refused_after_the_scan_and_deleted(
        self, client: TestClient, operator_headers: dict[str, str], runtime: SubmissionRuntime
    ) -> None:
        innovation_id = create_draft(client, operator_headers)
        ticket = start(client, operator_headers, innovation_id)
        assert post_to_s3(ticket, mp4_of_seconds(90) + EICAR).status_code in (200, 201, 204)
        confirmed = client.post(
            f"/api/v1/innovations/{innovation_id}/evidence/uploads/{ticket['upload_id']}/confirm",
            headers=operator_headers,
        )
        assert confirmed.status_code == 201, confirmed.text
        assert_refused_as_malware(client, operator_headers, runtime, innovation_id, confirmed.json())

    def test_what_arrived_is_checked_like_an_upload_through_the_api(
        self, client: TestClient, operator_headers: dict[str, str], runtime: SubmissionRuntime
    ) -> None:
        innovation_id = create_draft(client, operator_headers)
        ticket = start(client, operator_headers, innovation_id)
        assert post_to_s3(ticket, PDF).status_code in (200, 201, 204)
        refused = client.post(
            f"/api/v1/innovations/{innovation_id}/evidence/uploads/{ticket['upload_id']}/confirm",
            headers=operator_headers,
        )
        assert refused.status_code == 415
        assert "video MP4/MOV" in refused.json()["error"]["message"]
        assert evidence_count(runtime) == 0
        assert not any(innovation_id in key for key in objects_under(runtime, ""))

    def test_confirming_before_the_file_arrived_says_so(
        self, client: TestClient, operator_headers: dict[str, str]
    ) -> None:
        innovation_id = create_draft(client, operator_headers)
        ticket = start(client, operator_headers, innovation_id)
        response = client.post(
            f"/api/v1/innovations/{innovation_id}/evidence/uploads/{ticket['upload_id']}/confirm",
            headers=operator_headers,
        )
        assert response.status_code == 409
        assert response.json()["error"]["code"] == "upload.missing_object"

    def test_a_file_over_the_indicator_limit_never_becomes_evidence(
        self, client: TestClient, operator_headers: dict[str, str], runtime: SubmissionRuntime
    ) -> None:
        catalogue = load_catalogue("iid-2025").model_dump(mode="json")
        catalogue["indicators"][19]["max_size_mb"] = 1
        with runtime.session_factory() as session:
            session.execute(update(Period).values(catalogue=catalogue))
            session.commit()
        innovation_id = create_draft(client, operator_headers)
        ticket = start(client, operator_headers, innovation_id)
        assert ticket["max_bytes"] == 1024 * 1024
        big = mp4_of_seconds(60) + bytes(1024 * 1024)
        sent = post_to_s3(ticket, big)
        confirmed = client.post(
            f"/api/v1/innovations/{innovation_id}/evidence/uploads/{ticket['upload_id']}/confirm",
            headers=operator_headers,
        )
        # S3 refuses it by the policy; were it stored anyway, the confirmation refuses it.
        assert sent.status_code >= 400 or confirmed.status_code == 413
        assert confirmed.status_code in (409, 413)
        assert evidence_count(runtime) == 0


class TestResumableUpload:
    def test_a_dropped_upload_resumes_with_the_missing_parts_only(
        self, client: TestClient, operator_headers: dict[str, str], runtime: SubmissionRuntime
    ) -> None:
        innovation_id = create_draft(client, operator_headers)
        video = mp4_of_seconds(200) + bytes(11 * 1024 * 1024)
        started = client.post(
            f"/api/v1/innovations/{innovation_id}/evidence/multipart",
            json={"indicator_no": 20, "filename": "video.mp4", "size": len(video)},
            headers=operator_headers,
        )
        assert started.status_code == 201, started.text
        ticket = started.json()
        part_size = ticket["part_size"]
        assert ticket["part_count"] == 3

        def send(number: int, url: str) -> None:
            chunk = video[(number - 1) * part_size : number * part_size]
            assert httpx.put(url, content=chunk, timeout=30).status_code == 200

        send(1, ticket["part_urls"]["1"])  # then the connection drops
        status_url = f"/api/v1/innovations/{innovation_id}/evidence/multipart/{ticket['upload_id']}"
        complete_url = f"{status_url}/complete"
        early = client.post(complete_url, headers=operator_headers)
        assert early.status_code == 409
        assert "2, 3" in early.json()["error"]["message"]
        resumed = client.get(status_url, headers=operator_headers).json()
        assert set(resumed["received"]) == {"1"}
        assert set(resumed["part_urls"]) == {"2", "3"}
        for number, url in resumed["part_urls"].items():
            send(int(number), url)
        done = client.post(complete_url, headers=operator_headers)
        assert done.status_code == 201, done.text
        assert done.json()["size"] == len(video)
        assert runtime.store.get(done.json()["object_key"]) == video

    def test_malware_across_two_parts_is_found_once_the_parts_are_joined(
        self, client: TestClient, operator_headers: dict[str, str], runtime: SubmissionRuntime
    ) -> None:
        innovation_id = create_draft(client, operator_headers)
        head = mp4_of_seconds(60)
        part = 5 * 1024 * 1024
        video = (
            head + bytes(part - len(head) - 30) + EICAR + bytes(1024)
        )  # the marker straddles parts 1 and 2
        started = client.post(
            f"/api/v1/innovations/{innovation_id}/evidence/multipart",
            json={"indicator_no": 20, "filename": "video.mp4", "size": len(video)},
            headers=operator_headers,
        ).json()
        for number, url in started["part_urls"].items():
            chunk = video[(int(number) - 1) * part : int(number) * part]
            assert httpx.put(url, content=chunk, timeout=30).status_code == 200
        done = client.post(
            f"/api/v1/innovations/{innovation_id}/evidence/multipart/{started['upload_id']}/complete",
            headers=operator_headers,
        )
        assert done.status_code == 201, done.text
        assert_refused_as_malware(client, operator_headers, runtime, innovation_id, done.json())
