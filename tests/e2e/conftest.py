"""The system started as `make run` starts it: `python -m shared.devrun` in a folder of its own."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from shared.netutil import free_port, wait_until

PROJECT = Path(__file__).resolve().parents[2]
PASSWORD = "kata-sandi-e2e-1"


@dataclass
class System:
    """One running system: its folder, its settings and the URL of each API."""

    workdir: Path
    env: dict[str, str]
    urls: dict[str, str]
    process: subprocess.Popen[bytes] | None = None
    output: list[str] = field(default_factory=list)

    def cli(self, service: str, *args: str) -> str:
        """Run an admin command the way an operator of the system would."""
        result = subprocess.run(
            [sys.executable, "-m", f"services.{service}", *args],
            cwd=self.workdir,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    def log(self, name: str) -> str:
        path = self.workdir / "var" / "log" / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""


def start_system(workdir: Path, extra_env: dict[str, str]) -> System:
    """Start the launcher and wait until it says the system is ready."""
    workdir.mkdir(parents=True, exist_ok=True)
    ports = {name: free_port() for name in ("submission", "review", "notification")}
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SUBMISSION_", "REVIEW_", "NOTIFICATION_", "S3_", "SMTP_", "WHATSAPP_"))
    }
    env.update({f"DEVRUN_{name.upper()}_PORT": str(port) for name, port in ports.items()})
    env.update(
        DEVRUN_S3_PORT=str(free_port()),
        DEVRUN_SMTP_PORT=str(free_port()),
        DEVRUN_WHATSAPP_PORT=str(free_port()),
        DEVRUN_SEED="0",
        WORKER_CONCURRENCY="1",
        OUTBOX_RELAY_GRACE_SECONDS="2",
        LOG_LEVEL="INFO",
    )
    env.update(extra_env)
    system = System(workdir, env, {name: f"http://127.0.0.1:{port}" for name, port in ports.items()})
    log = (workdir / "devrun.out").open("wb")
    system.process = subprocess.Popen(
        [sys.executable, "-m", "shared.devrun"],
        cwd=workdir,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    log.close()

    def ready() -> bool:
        assert system.process is not None
        if system.process.poll() is not None:
            raise AssertionError("devrun exited:\n" + (workdir / "devrun.out").read_text())
        return "Ready." in (workdir / "devrun.out").read_text()

    try:
        wait_until(ready, timeout=120, what="make run's launcher to be ready")
    except TimeoutError:
        stop_system(system)
        raise AssertionError("not ready:\n" + (workdir / "devrun.out").read_text()) from None
    return system


def stop_system(system: System) -> None:
    """Ctrl-C, as a person would; everything must stop."""
    if system.process is None:
        return
    system.process.send_signal(signal.SIGINT)
    try:
        system.process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(system.process.pid, signal.SIGKILL)
        system.process.wait(timeout=10)
        raise AssertionError("the launcher did not stop within 60 s of Ctrl-C") from None


def token(base: str, email: str) -> dict[str, str]:
    response = httpx.post(
        f"{base}/api/v1/auth/token", data={"username": email, "password": PASSWORD}, timeout=10
    )
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def poll(fetch: object, *, timeout: float = 60, what: str) -> object:
    """Call fetch() until it returns something truthy; return that."""
    found: list[object] = []

    def check() -> bool:
        value = fetch()  # type: ignore[operator]
        if value:
            found.append(value)
            return True
        return False

    wait_until(check, timeout=timeout, interval=0.5, what=what)
    return found[0]


def seed_people(system: System, slug: str) -> dict[str, str]:
    """The admin CLI creates a pemda, an OPD, an operator, a reviewer and an admin."""
    system.cli(
        "submission",
        "create-pemda",
        "--slug",
        slug,
        "--name",
        "Kabupaten Kutai Kartanegara",
        "--kind",
        "kabupaten",
        "--timezone",
        "Asia/Makassar",
    )
    system.cli("submission", "create-period", "--pemda", slug)
    system.cli("submission", "create-opd", "--pemda", slug, "--name", "Dinas Kesehatan")
    people = {
        "operator": f"operator@{slug}.test",
        "reviewer": f"reviewer@{slug}.test",
        "admin": f"admin@{slug}.test",
    }
    system.cli(
        "submission",
        "create-user",
        "--pemda",
        slug,
        "--opd",
        "Dinas Kesehatan",
        "--email",
        people["operator"],
        "--name",
        "Siti Operator",
        "--role",
        "opd_operator",
        "--password",
        PASSWORD,
        "--whatsapp",
        "0812-5555-0001",
        "--whatsapp-opt-in",
    )
    system.cli(
        "submission",
        "create-user",
        "--pemda",
        slug,
        "--email",
        people["reviewer"],
        "--name",
        "Budi Verifikator",
        "--role",
        "reviewer",
        "--password",
        PASSWORD,
    )
    system.cli(
        "submission",
        "create-user",
        "--pemda",
        slug,
        "--email",
        people["admin"],
        "--name",
        "Admin BRIDA",
        "--role",
        "admin",
        "--password",
        PASSWORD,
    )
    return people


PDF = b"%PDF-1.4\n% SK Bupati Kutai Kartanegara tentang inovasi daerah\n%%EOF\n"
PDF_SHA256 = hashlib.sha256(PDF).hexdigest()


def draft_upload(system: System, operator: dict[str, str]) -> str:
    base = system.urls["submission"]
    created = httpx.post(
        f"{base}/api/v1/innovations",
        headers=operator,
        timeout=10,
        json={"nama": "Layanan Antrean Puskesmas Daring", "tahapan": "penerapan", "jenis": "digital"},
    )
    assert created.status_code == 201, created.text
    innovation_id = str(created.json()["id"])
    uploaded = httpx.post(
        f"{base}/api/v1/innovations/{innovation_id}/evidence",
        headers=operator,
        timeout=30,
        data={"indicator_no": "1", "nomor_surat": "188.4/45/HK/2026", "tentang": "SK Bupati"},
        files={"file": ("sk-bupati.pdf", PDF, "application/pdf")},
    )
    assert uploaded.status_code == 201, uploaded.text
    assert uploaded.json()["sha256"] == PDF_SHA256
    return innovation_id


def review_and_accept(system: System, reviewer: dict[str, str], innovation_id: str) -> None:
    """The reviewer finds the case, opens the evidence through its presigned URL and accepts."""
    base = system.urls["review"]

    def case_for_innovation() -> list[dict[str, object]]:
        cases = httpx.get(f"{base}/api/v1/cases", headers=reviewer, timeout=10).json()
        return [c for c in cases if c["innovation_id"] == innovation_id]

    cases = poll(case_for_innovation, what="the review case to open")
    assert isinstance(cases, list)
    assert len(cases) == 1, cases
    case_id = cases[0]["id"]
    detail = httpx.get(f"{base}/api/v1/cases/{case_id}", headers=reviewer, timeout=10).json()
    evidence = detail["evidence"]
    assert evidence[0]["sha256"] == PDF_SHA256
    link = httpx.get(
        f"{base}/api/v1/cases/{case_id}/evidence/{evidence[0]['evidence_id']}", headers=reviewer, timeout=10
    )
    assert link.status_code == 200, link.text
    downloaded = httpx.get(link.json()["url"], timeout=10)
    assert downloaded.status_code == 200
    assert hashlib.sha256(downloaded.content).hexdigest() == PDF_SHA256
    decided = httpx.post(
        f"{base}/api/v1/cases/{case_id}/decision",
        headers=reviewer,
        timeout=10,
        json={"decision": "accepted", "note": "Bukti lengkap dan sesuai."},
    )
    assert decided.status_code == 200, decided.text


def wait_for_status(system: System, operator: dict[str, str], innovation_id: str, status: str) -> None:
    url = f"{system.urls['submission']}/api/v1/innovations/{innovation_id}"
    poll(
        lambda: httpx.get(url, headers=operator, timeout=10).json()["status"] == status,
        what=f"the innovation to become {status}",
    )


def deliveries(system: System, admin: dict[str, str]) -> list[dict[str, object]]:
    response = httpx.get(f"{system.urls['notification']}/api/v1/deliveries", headers=admin, timeout=10)
    assert response.status_code == 200, response.text
    body = response.json()
    return list(body["items"] if isinstance(body, dict) else body)
