"""The fault suite (issue 14 item 4): submissions through the system `make run` starts, on a Redis, a
SeaweedFS, an SMTP sink and a WhatsApp fake of the suite's own, while each of them goes away for a
while (Redis SIGKILLed and started again empty, S3 stopped during uploads, SMTP and WhatsApp down) and
a worker is SIGKILLed mid-task. Afterwards: one review case per submission, every notification sent
exactly once, nothing stuck, no orphan object, and a clear 503 whenever S3 was away. The figures go
to test-artifacts/faults/summary.json (and are printed)."""

from __future__ import annotations

import io
import json
import os
import signal
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest
from minio import Minio

from shared.devtools.netutil import free_port, port_open, wait_until
from shared.devtools.sandbox import SmtpSink, WhatsAppSandbox
from shared.devtools.seaweed import SeaweedServer
from shared.devtools.testing import RedisServer, free_ports_with_grpc
from tests.e2e.conftest import System, start_system, stop_system, token
from tests.e2e.submission_steps import PDF, PROFILE, seed_people
from tests.e2e.test_restart import child_pid
from tests.e2e.test_slice import plain_text

pytestmark = [pytest.mark.e2e, pytest.mark.timeout(720)]

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "faults"
SUBMISSIONS = 50
PARALLEL = 4
OUTAGE_SECONDS = 12.0
S3_ACCESS, S3_SECRET = "faults-access", "faults-secret-0123456789"
STORAGE_DOWN = "Penyimpanan berkas sedang tidak dapat dihubungi"
TRANSIENT = (httpx.TransportError,)


def sql(url: str, query: str) -> list[tuple[Any, ...]]:
    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as conn:
        return list(conn.execute(query).fetchall())


@dataclass
class Figures:
    submissions: int = 0
    uploads: int = 0
    storage_503: int = 0
    storage_503_not_saved: int = 0
    other_retries: Counter[str] = field(default_factory=Counter)
    outages: dict[str, float] = field(default_factory=dict)
    recovery_seconds: float = 0.0
    emails: int = 0
    whatsapps: int = 0
    wall_seconds: float = 0.0
    lock: threading.Lock = field(default_factory=threading.Lock)


class Sinks:
    """The SMTP sink and the WhatsApp fake on fixed ports, each can go away and come back."""

    def __init__(self) -> None:
        self.smtp_port, self.wa_port = free_port(), free_port()
        self.smtp: SmtpSink | None = SmtpSink(port=self.smtp_port).start()
        self.wa: WhatsAppSandbox | None = WhatsAppSandbox(port=self.wa_port, token="faults-wa").start()
        self.mails: list[tuple[tuple[str, ...], bytes]] = []
        self.whatsapps: list[dict[str, Any]] = []

    def smtp_down(self) -> None:
        assert self.smtp is not None
        self.mails += [(m.rcpt_tos, m.content) for m in self.smtp.messages]
        self.smtp.stop()
        self.smtp = None

    def smtp_up(self) -> None:
        self.smtp = SmtpSink(port=self.smtp_port).start()

    def wa_down(self) -> None:
        assert self.wa is not None
        self.whatsapps += [r.body for r in self.wa.delivered]
        self.wa.stop()
        self.wa = None

    def wa_up(self) -> None:
        self.wa = WhatsAppSandbox(port=self.wa_port, token="faults-wa").start()

    def all_mail(self) -> list[tuple[tuple[str, ...], bytes]]:
        return self.mails + ([(m.rcpt_tos, m.content) for m in self.smtp.messages] if self.smtp else [])

    def all_whatsapp(self) -> list[dict[str, Any]]:
        return self.whatsapps + ([r.body for r in self.wa.delivered] if self.wa else [])

    def stop(self) -> None:
        if self.smtp:
            self.smtp.stop()
        if self.wa:
            self.wa.stop()


def call(figures: Figures, what: str, send: Callable[[], httpx.Response], ok: int) -> httpx.Response:
    """Send until the answer is `ok`, as a patient user would, within a bound; a 503 from storage is
    counted, and must say the data was not saved."""
    deadline = time.monotonic() + 90
    while True:
        try:
            response = send()
        except TRANSIENT:
            with figures.lock:
                figures.other_retries[f"{what}: no answer"] += 1
        else:
            if response.status_code == ok:
                return response
            if response.status_code == 503 and STORAGE_DOWN in response.text:
                assert "tidak disimpan" in response.text, response.text
                with figures.lock:
                    figures.storage_503 += 1
            else:
                assert response.status_code >= 500 or response.status_code == 429, (what, response.text)
                with figures.lock:
                    figures.other_retries[f"{what}: {response.status_code}"] += 1
        assert time.monotonic() < deadline, f"{what} kept failing"
        time.sleep(0.5)


def create_draft(system: System, operator: dict[str, str], n: int) -> httpx.Response:
    return httpx.post(
        f"{system.urls['submission']}/api/v1/innovations",
        headers=operator,
        timeout=15,
        json={"nama": f"Inovasi Uji Gangguan {n:02d}", "tahapan": "penerapan", "jenis": "digital", **PROFILE},
    )


def probe_upload(
    system: System, figures: Figures, innovation_id: str, operator: dict[str, str]
) -> httpx.Response:
    """Upload one file; a 503 from storage must say it was not saved, and the dossier must not keep it."""
    base = system.urls["submission"]
    response = httpx.post(
        f"{base}/api/v1/innovations/{innovation_id}/evidence",
        headers=operator,
        timeout=30,
        data={"indicator_no": "2", "tentang": "Bukti dukung"},
        files={"file": ("bukti.pdf", PDF + f"% {innovation_id}\n".encode(), "application/pdf")},
    )
    if response.status_code == 503 and STORAGE_DOWN in response.text:
        assert "tidak disimpan" in response.text, response.text
        shown = httpx.get(f"{base}/api/v1/innovations/{innovation_id}", headers=operator, timeout=15)
        assert shown.status_code == 200, shown.text
        assert [e for e in shown.json()["evidence"] if e.get("indicator_no") == 2] == [], (
            "told not saved, yet kept"
        )
        with figures.lock:
            figures.storage_503_not_saved += 1
    return response


def one_submission(
    system: System, figures: Figures, n: int, operator: dict[str, str], head: dict[str, str]
) -> str:
    base = system.urls["submission"]
    created = call(
        figures,
        "create",
        lambda: httpx.post(
            f"{base}/api/v1/innovations",
            headers=operator,
            timeout=15,
            json={
                "nama": f"Inovasi Uji Gangguan {n:02d}",
                "tahapan": "penerapan",
                "jenis": "digital",
                **PROFILE,
            },
        ),
        201,
    )
    innovation_id = str(created.json()["id"])
    for indicator_no in (1, 2, 17, 18):
        content = PDF + f"% {n} {indicator_no}\n".encode()
        data = {"indicator_no": str(indicator_no), "tentang": "Bukti dukung"}
        if indicator_no == 1:
            data["nomor_surat"] = f"188.4/{n}/HK/2026"

        def upload(data: dict[str, str] = data, content: bytes = content) -> httpx.Response:
            response = httpx.post(
                f"{base}/api/v1/innovations/{innovation_id}/evidence",
                headers=operator,
                timeout=30,
                data=data,
                files={"file": ("bukti.pdf", content, "application/pdf")},
            )
            if response.status_code == 503 and STORAGE_DOWN in response.text:
                shown = httpx.get(f"{base}/api/v1/innovations/{innovation_id}", headers=operator, timeout=15)
                if shown.status_code == 200:
                    indicator = int(data["indicator_no"])
                    kept = [e for e in shown.json()["evidence"] if e.get("indicator_no") == indicator]
                    assert kept == [], "told it was not saved, yet it is in the dossier"
                    with figures.lock:
                        figures.storage_503_not_saved += 1
            return response

        call(figures, "upload", upload, 201)
        with figures.lock:
            figures.uploads += 1
    call(
        figures,
        "link",
        lambda: httpx.post(
            f"{base}/api/v1/innovations/{innovation_id}/evidence/link",
            headers=operator,
            timeout=15,
            json={"indicator_no": 20, "url": f"https://www.youtube.com/watch?v=uji-{n}", "title": "Video"},
        ),
        201,
    )
    for indicator_no in (1, 2, 17, 18, 20):
        body: dict[str, object] = {"parameter": 2} | (
            {"kemanfaatan_basis": "a"} if indicator_no == 18 else {}
        )
        answer_url = f"{base}/api/v1/innovations/{innovation_id}/answers/{indicator_no}"

        def answer(url: str = answer_url, body: dict[str, object] = body) -> httpx.Response:
            return httpx.put(url, headers=operator, timeout=15, json=body)

        call(figures, "answer", answer, 200)
    return innovation_id


def send_when_scanned(
    system: System, figures: Figures, innovation_id: str, operator: dict[str, str], head: dict[str, str]
) -> None:
    base = system.urls["submission"]
    url = f"{base}/api/v1/innovations/{innovation_id}"

    def scanned() -> bool:
        shown = httpx.get(url, headers=operator, timeout=15).json()
        return all(item["scan_status"] == "clean" for item in shown["evidence"])

    wait_until(scanned, timeout=180, interval=0.5, what=f"{innovation_id} scanned")
    call(figures, "submit", lambda: httpx.post(f"{url}/submit", headers=operator, timeout=30), 200)
    call(figures, "approve", lambda: httpx.post(f"{url}/approve", headers=head, timeout=30), 200)
    with figures.lock:
        figures.submissions += 1


class Faults(threading.Thread):
    """The outages, one after the other, while the submissions go on."""

    def __init__(
        self,
        system: System,
        redis: RedisServer,
        seaweed: SeaweedServer,
        sinks: Sinks,
        figures: Figures,
        probe: Callable[[], object],
    ):
        super().__init__(daemon=True)
        self.probe = probe
        self.system, self.redis, self.seaweed, self.sinks, self.figures = (
            system,
            redis,
            seaweed,
            sinks,
            figures,
        )
        self.error: BaseException | None = None
        self.done = threading.Event()

    def outage(
        self,
        name: str,
        down: Callable[[], object],
        up: Callable[[], object],
        seconds: float = OUTAGE_SECONDS,
        during: Callable[[], object] | None = None,
    ) -> None:
        started = time.monotonic()
        down()
        if during is not None:
            during()
        time.sleep(max(0.0, seconds - (time.monotonic() - started)))  # the outage: its length is the point
        up()
        self.figures.outages[name] = round(time.monotonic() - started, 1)
        time.sleep(4)

    def run(self) -> None:
        try:
            time.sleep(6)
            assert self.redis.process is not None
            process = self.redis.process

            def kill_redis() -> None:
                os.kill(process.pid, signal.SIGKILL)
                process.wait(timeout=10)

            self.outage("redis_sigkill_restart_empty", kill_redis, self.redis.start)
            assert self.system.process is not None
            worker = child_pid(self.system.process.pid, "services.submission worker")
            assert worker is not None
            os.kill(worker, signal.SIGKILL)  # mid-task: the worker scans uploads all the time
            self.figures.outages["submission_worker_sigkill"] = 0.0
            time.sleep(3)
            # SeaweedFS takes a few seconds to answer again: part of the outage.
            self.outage("s3_stopped", self.seaweed.stop, self.seaweed.start, OUTAGE_SECONDS - 4, self.probe)
            self.outage("smtp_down", self.sinks.smtp_down, self.sinks.smtp_up)
            self.outage("whatsapp_down", self.sinks.wa_down, self.sinks.wa_up)
        except BaseException as error:  # reported by the test
            self.error = error
        finally:
            self.done.set()


def test_fifty_submissions_through_every_outage(tmp_path: Path, pg_database: Callable[[str], str]) -> None:
    began = time.monotonic()
    figures = Figures()
    redis = RedisServer(tmp_path / "redis").start()
    s3_port, master, volume, filer = free_ports_with_grpc(4)
    seaweed = SeaweedServer(
        tmp_path / "s3",
        s3_port=s3_port,
        master_port=master,
        volume_port=volume,
        filer_port=filer,
        access_key=S3_ACCESS,
        secret_key=S3_SECRET,
    ).start()
    sinks = Sinks()
    dbs = {name: pg_database(f"faults_{name}") for name in ("submission", "review", "notification")}
    env = {f"{name.upper()}_DATABASE_URL": url for name, url in dbs.items()} | {
        "REDIS_URL": redis.url,
        "SESSION_STORE_URL": pg_database("faults_sessions"),
        "S3_ENDPOINT": f"127.0.0.1:{s3_port}",
        "S3_ACCESS_KEY": S3_ACCESS,
        "S3_SECRET_KEY": S3_SECRET,
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(sinks.smtp_port),
        "SMTP_SECURITY": "none",
        "WHATSAPP_PROVIDER": "cloud_api",
        "WHATSAPP_BASE_URL": f"http://127.0.0.1:{sinks.wa_port}",
        "WHATSAPP_TOKEN": "faults-wa",
        "OUTBOX_CONFIRM_GRACE_SECONDS": "8",
        "CELERY_VISIBILITY_TIMEOUT": "20",
        "NOTIFICATION_SWEEP_GRACE_SECONDS": "5",
        "NOTIFICATION_RETRY_BACKOFF_MAX_SECONDS": "4",
        "NOTIFICATION_WHATSAPP_SAME_NUMBER_SECONDS": "0",
        "NOTIFICATION_QUIET_START": "00:00",
        "NOTIFICATION_QUIET_END": "00:00",
        "SUBMISSION_ORPHAN_GRACE_SECONDS": "60",
        "SUBMISSION_SCAN_SWEEP_SECONDS": "10",
        "BEAT_INTERVALS": json.dumps(
            {
                "notification.sweep_deliveries": 5,
                "notification.release_held": 5,
                "submission.sweep_orphan_objects": 10,
                "submission.requeue_pending_scans": 10,
            }
        ),
    }
    system = start_system(tmp_path / "system", env)
    try:
        people = seed_people(system, "kukar")
        operator = token(system.urls["submission"], people["operator"])
        head = token(system.urls["submission"], people["head"])
        bucket = Minio(
            f"127.0.0.1:{s3_port}",
            access_key=S3_ACCESS,
            secret_key=S3_SECRET,
            secure=False,
            region="us-east-1",
        )
        orphan = "orphan/ditinggal-unggahan-gagal.pdf"  # an object no record refers to
        bucket.put_object("evidence", orphan, io.BytesIO(PDF), len(PDF))

        probe_id = str(call(figures, "create", lambda: create_draft(system, operator, 99), 201).json()["id"])

        def probe() -> None:
            """One upload that surely meets the S3 outage (the flows may all be waiting for scans)."""
            response = probe_upload(system, figures, probe_id, operator)
            assert response.status_code == 503, response.text
            with figures.lock:
                figures.storage_503 += 1

        faults = Faults(system, redis, seaweed, sinks, figures, probe)
        faults.start()

        def through(n: int) -> str:
            innovation_id = one_submission(system, figures, n, operator, head)
            send_when_scanned(system, figures, innovation_id, operator, head)
            return innovation_id

        with ThreadPoolExecutor(max_workers=PARALLEL) as pool:  # four browser tabs of the OPD at once
            drafted = list(pool.map(through, range(SUBMISSIONS)))
        faults.done.wait(timeout=120)
        assert faults.error is None, faults.error
        quiet_since = time.monotonic()

        def settled() -> bool:
            cases = sql(
                dbs["review"], "SELECT innovation_id, count(*) FROM review_case GROUP BY innovation_id"
            )
            if len(cases) < SUBMISSIONS:
                return False
            for url in dbs.values():
                if sql(url, "SELECT count(*) FROM outbox_message WHERE confirmed_at IS NULL")[0][0]:
                    return False
            waiting = sql(
                dbs["notification"], "SELECT count(*) FROM delivery WHERE status IN ('queued', 'sending')"
            )
            return waiting[0][0] == 0 and not any(
                o.object_name == orphan for o in bucket.list_objects("evidence", recursive=True)
            )

        wait_until(settled, timeout=150, interval=1, what="every case, confirmation, delivery and sweep")
        figures.recovery_seconds = round(time.monotonic() - quiet_since, 1)
        time.sleep(3)  # let a duplicate show itself

        cases = dict(sql(dbs["review"], "SELECT innovation_id::text, count(*) FROM review_case GROUP BY 1"))
        assert set(cases) == set(drafted), cases
        assert set(cases.values()) == {1}, cases
        statuses = Counter(dict(sql(dbs["notification"], "SELECT status, count(*) FROM delivery GROUP BY 1")))
        assert set(statuses) <= {"sent", "delivered", "read"}, statuses
        sent = Counter(dict(sql(dbs["notification"], "SELECT channel, count(*) FROM delivery GROUP BY 1")))
        mails = [(to, plain_text(raw)) for to, raw in sinks.all_mail()]  # to a person, what they read
        texts = [
            json.dumps({k: v for k, v in b.items() if k != "_accepted"}, sort_keys=True)
            for b in sinks.all_whatsapp()
        ]
        figures.emails, figures.whatsapps = len(mails), len(texts)
        assert [m for m, c in Counter(mails).items() if c > 1] == [], "an email sent twice"
        assert [t for t, c in Counter(texts).items() if c > 1] == [], "a WhatsApp message sent twice"
        assert len(mails) == sent["email"], (sent, len(mails))
        assert len(texts) == sent["whatsapp"], (sent, len(texts))
        assert figures.submissions == SUBMISSIONS
        assert figures.storage_503 >= 1, "S3 was away during an upload: the user saw a 503"
        assert figures.storage_503_not_saved >= 1, "and the dossier did not keep the file"
        referenced = {
            row[0]
            for row in sql(dbs["submission"], "SELECT object_key FROM evidence_item WHERE removed_at IS NULL")
        }
        stored = {o.object_name for o in bucket.list_objects("evidence", recursive=True)}
        assert stored - referenced == set(), "orphan objects left in the bucket"
        assert httpx.get(f"{system.urls['notification']}/healthz", timeout=10).status_code == 200
    finally:
        figures.wall_seconds = round(time.monotonic() - began, 1)
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        shown = {k: v for k, v in figures.__dict__.items() if k != "lock"}
        summary = json.dumps(
            {**shown, "other_retries": dict(figures.other_retries)}, indent=1, ensure_ascii=False
        )
        (ARTIFACTS / "summary.json").write_text(summary + "\n")
        sys.stdout.write(f"fault suite: {summary}\n")
        stop_system(system)
        sinks.stop()
        seaweed.stop()
        redis.stop()
        assert not port_open("127.0.0.1", redis.port)
