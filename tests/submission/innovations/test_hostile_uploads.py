"""The hostile-upload corpus (issue 14 item 4): each file is refused with a clear 4xx, or refused by the
worker's scan, and nothing of it stays stored: no evidence in the dossier, no object in the bucket."""

from __future__ import annotations

import io
import json
import socket
import threading
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pikepdf
import pytest
import uvicorn
from fastapi.testclient import TestClient
from sqlalchemy import select

from services.submission.deps import SubmissionRuntime
from services.submission.main import create_app
from services.submission.models import EvidenceItem, ScanStatus
from shared.devtools.clamd import EICAR
from shared.devtools.netutil import free_port, wait_until
from tests.submission.samples import PDF, PDF_WITH_SCRIPT, PNG, real_pdf
from tests.submission.scanning import scan_queued
from tests.submission.test_api import create_draft, objects_under


def _zip_bomb() -> bytes:
    """42 kB that unpack to 100 MB of zeros, named as a PDF."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("isi.pdf", b"\0" * (100 * 2**20))
    return out.getvalue()


def _launching_pdf() -> bytes:
    def launch(document: pikepdf.Pdf) -> None:
        action = pikepdf.Dictionary(S=pikepdf.Name.Launch, F=pikepdf.String("cmd.exe"))
        document.Root.OpenAction = document.make_indirect(action)

    return real_pdf(launch)


@dataclass(frozen=True)
class Hostile:
    what: str
    filename: str
    content: bytes
    when: str  # "upload": refused by the request (4xx); "scan": stored pending, refused by the worker


CORPUS = [
    Hostile("PNG bytes named .pdf", "sk.pdf", PNG, "upload"),
    Hostile("HTML named .pdf", "sk.pdf", b"<html><script>alert(1)</script></html>", "upload"),
    Hostile("GIF/PDF polyglot", "sk.pdf", b"GIF89a" + PDF, "upload"),
    Hostile("zip bomb named .pdf", "sk.pdf", _zip_bomb(), "upload"),
    Hostile("Windows program named .pdf", "sk.pdf", b"MZ\x90\x00" + b"\x00" * 200, "upload"),
    Hostile("empty file", "sk.pdf", b"", "upload"),
    Hostile("path traversal in the name", "../../../etc/sk.pdf", PDF, "upload"),
    Hostile("Windows path traversal in the name", "..\\..\\windows\\sk.pdf", PDF, "upload"),
    Hostile("right-to-left override in the name", "sk\u202efdp.exe", PDF, "upload"),
    Hostile("EICAR inside a valid PDF", "sk.pdf", PDF + b"%" + EICAR + b"\n", "scan"),
    Hostile("PDF that runs JavaScript on opening", "sk.pdf", PDF_WITH_SCRIPT, "scan"),
    Hostile("PDF that launches a program", "sk.pdf", _launching_pdf(), "scan"),
    Hostile("a PDF header and nothing readable", "sk.pdf", b"%PDF-1.7\n" + b"x" * 300, "scan"),
]


@pytest.mark.parametrize("hostile", CORPUS, ids=lambda h: h.what)
def test_a_hostile_file_is_refused_and_nothing_of_it_stays(
    hostile: Hostile, runtime: SubmissionRuntime, client: TestClient, operator_headers: dict[str, str]
) -> None:
    innovation_id = create_draft(client, operator_headers)
    response = client.post(
        f"/api/v1/innovations/{innovation_id}/evidence",
        headers=operator_headers,
        data={"indicator_no": "1", "nomor_surat": "100/1/2026", "tentang": "SK"},
        files={"file": (hostile.filename, hostile.content, "application/pdf")},
    )
    if hostile.when == "upload":
        assert 400 <= response.status_code < 500, response.text
        assert response.json()["error"]["message"]
    else:
        assert response.status_code == 201, response.text
        scan_queued(runtime)
    with runtime.session_factory() as session:
        items = session.scalars(select(EvidenceItem).where(EvidenceItem.innovation_id == innovation_id)).all()
    assert all(item.scan_status in (ScanStatus.infected, ScanStatus.refused) for item in items)
    assert all(item.removed_at is not None for item in items)
    innovation = client.get(f"/api/v1/innovations/{innovation_id}", headers=operator_headers).json()
    assert innovation["evidence"] == []
    assert [key for key in objects_under(runtime, "") if innovation_id in key] == []


def test_a_folder_the_client_sent_with_the_name_is_dropped(
    client: TestClient, operator_headers: dict[str, str]
) -> None:
    innovation_id = create_draft(client, operator_headers)
    response = client.post(
        f"/api/v1/innovations/{innovation_id}/evidence",
        headers=operator_headers,
        data={"indicator_no": "1", "nomor_surat": "100/1/2026", "tentang": "SK"},
        files={"file": ("C:\\Users\\operator\\Dokumen\\sk.pdf", PDF, "application/pdf")},
    )
    assert response.status_code == 201, response.text
    assert response.json()["filename"] == "sk.pdf"


@contextmanager
def served(app: Any) -> Iterator[int]:
    """`app` behind a real uvicorn on a loopback port (a test client cannot send a lying header)."""
    config = uvicorn.Config(app, host="127.0.0.1", port=free_port(), log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        wait_until(lambda: server.started, timeout=20, what="uvicorn")
        yield config.port
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def _raw_upload(port: int, path: str, token: str, declared_extra: int) -> bytes:
    """A multipart upload whose Content-Length says `declared_extra` bytes more (or fewer) than the
    body; the client then stops sending. Returns what the server answered."""
    boundary = "gelar-batas-0123456789"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in (("indicator_no", "1"), ("nomor_surat", "100/1/2026"), ("tentang", "SK"))
    ]
    file_head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="sk.pdf"\r\n'
        "Content-Type: application/pdf\r\n\r\n"
    ).encode()
    body = b"".join(parts) + file_head + PDF + f"\r\n--{boundary}--\r\n".encode()
    head = (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAuthorization: Bearer {token}\r\n"
        f"Content-Type: multipart/form-data; boundary={boundary}\r\n"
        f"Content-Length: {len(body) + declared_extra}\r\nConnection: close\r\n\r\n"
    ).encode()
    with socket.create_connection(("127.0.0.1", port), timeout=8) as sock:
        sock.sendall(head + body)  # and nothing more, whatever the header promised
        answer = b""
        try:
            while chunk := sock.recv(65536):
                answer += chunk
        except TimeoutError:
            pass
    return answer


@pytest.mark.parametrize(
    "declared_extra", [5000, -200], ids=["longer than the body", "shorter than the body"]
)
def test_a_lying_content_length_is_refused_and_nothing_is_stored(
    declared_extra: int,
    runtime: SubmissionRuntime,
    client: TestClient,
    operator_headers: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Longer: the body never ends, and the server stops waiting (408) instead of holding on;
    shorter: the multipart body is cut (400/422). Either way nothing is kept."""
    innovation_id = create_draft(client, operator_headers)
    token = operator_headers["Authorization"].removeprefix("Bearer ")
    monkeypatch.setenv("REQUEST_BODY_IDLE_SECONDS", "2")
    with served(create_app()) as port:
        answer = _raw_upload(port, f"/api/v1/innovations/{innovation_id}/evidence", token, declared_extra)
    head, _, body = answer.partition(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1]) if head else 0
    assert status in ((408,) if declared_extra > 0 else (400, 422)), answer[:500]
    assert json.loads(body)["error"]["message"], body
    innovation = client.get(f"/api/v1/innovations/{innovation_id}", headers=operator_headers).json()
    assert innovation["evidence"] == []
    assert [key for key in objects_under(runtime, "") if innovation_id in key] == []
