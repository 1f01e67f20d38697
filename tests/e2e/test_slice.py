"""The Foundation slice, walked through the APIs of processes started as `make run` starts them."""

from __future__ import annotations

import email
import email.policy
import json
import time
from collections.abc import Callable
from email.message import EmailMessage
from pathlib import Path

import httpx
import psycopg
import pytest

from shared.devtools.netutil import free_port, port_open
from shared.devtools.sandbox import SmtpSink, WhatsAppSandbox
from shared.devtools.testing import RedisServer
from tests.e2e.conftest import poll, start_system, stop_system, token
from tests.e2e.notification_steps import deliveries, dev_inbox
from tests.e2e.review_steps import review_and_accept
from tests.e2e.submission_steps import draft_upload, seed_people, submit, wait_for_status

INNOVATION = "Layanan Antrean Puskesmas Daring"
OPERATOR_WA = "6281255550001"

pytestmark = pytest.mark.e2e


def plain_text(raw: bytes) -> str:
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert isinstance(message, EmailMessage)
    body = message.get_body(("plain",))
    assert body is not None
    return str(message["Subject"]) + "\n" + str(body.get_content())


def unconfirmed(database_url: str) -> int:
    """Published outbox messages their consumer has not confirmed yet."""
    query = "SELECT count(*) FROM outbox_message WHERE published_at IS NOT NULL AND confirmed_at IS NULL"
    with psycopg.connect(database_url.replace("postgresql+psycopg://", "postgresql://")) as conn:
        row = conn.execute(query).fetchone()
    return int(row[0]) if row else 0


class TestSliceOnPostgresAndRedis:
    def test_submit_review_decide_notify_with_a_broker_outage_at_submit(
        self,
        tmp_path: Path,
        pg_database: Callable[[str], str],
        smtp_sink: SmtpSink,
        whatsapp: WhatsAppSandbox,
    ) -> None:
        broker = RedisServer(tmp_path / "redis").start()
        env = {
            "SUBMISSION_DATABASE_URL": pg_database("e2e_submission"),
            "REVIEW_DATABASE_URL": pg_database("e2e_review"),
            "NOTIFICATION_DATABASE_URL": pg_database("e2e_notification"),
            "REDIS_URL": broker.url,
            # Sessions in PostgreSQL, as README suggests for production: logins survive the Redis outage.
            "SESSION_STORE_URL": pg_database("e2e_sessions"),
            "SMTP_HOST": smtp_sink.host,
            "SMTP_PORT": str(smtp_sink.port),
            "SMTP_SECURITY": "none",
            "WHATSAPP_PROVIDER": "cloud_api",
            "WHATSAPP_BASE_URL": whatsapp.base_url,
            "WHATSAPP_TOKEN": "test-wa-token",
            "OUTBOX_CONFIRM_GRACE_SECONDS": "8",  # what is not confirmed soon is sent again: still once
        }
        system = start_system(tmp_path / "system", env)
        try:
            people = seed_people(system, "kukar")
            operator = token(system.urls["submission"], people["operator"])
            innovation_id = draft_upload(system, operator)

            broker.stop()  # Redis goes away just as the OPD submits
            submitted = submit(system, operator, innovation_id)
            assert submitted.status_code == 200, submitted.text
            assert submitted.json()["status"] == "submitted"
            broker.start()  # and comes back: the outbox relay sends what was held

            reviewer = token(system.urls["submission"], people["reviewer"])
            review_and_accept(system, reviewer, innovation_id)
            wait_for_status(system, operator, innovation_id, "accepted")

            def emails() -> list[str]:
                return [plain_text(m.content) for m in smtp_sink.messages if people["operator"] in m.rcpt_tos]

            def whatsapps() -> list[str]:
                return [
                    json.dumps(r.body, ensure_ascii=False)
                    for r in whatsapp.delivered
                    if str(r.body.get("to", "")).lstrip("+") == OPERATOR_WA
                ]

            poll(lambda: len(emails()) >= 2, what="the submitted and accepted emails")
            poll(lambda: len(whatsapps()) >= 2, what="the submitted and accepted WhatsApp messages")
            admin = token(system.urls["submission"], people["admin"])
            poll(
                lambda: len([d for d in deliveries(system, admin) if d["status"] == "sent"]) >= 4,
                what="four sent deliveries in the ledger",
            )
            time.sleep(3)  # let any duplicate show itself
            assert len(emails()) == 2, "one email per event, nothing doubled"
            assert len(whatsapps()) == 2, "one WhatsApp message per event, nothing doubled"
            assert all(INNOVATION in text for text in emails())
            assert all("WITA" in text for text in emails()), "times in the pemda's zone, zone shown"
            assert all(INNOVATION in text for text in whatsapps())
            sent = [d for d in deliveries(system, admin) if d["status"] == "sent"]
            assert {d["channel"] for d in sent} == {"email", "whatsapp"}
            assert all(d["provider_message_id"] for d in sent)
            assert any(str(d["provider_message_id"]).startswith("wamid.") for d in sent)
            admin_cases = httpx.get(f"{system.urls['review']}/api/v1/cases", headers=admin, timeout=10)
            assert len([c for c in admin_cases.json() if c["innovation_id"] == innovation_id]) == 1
            for service in ("submission", "review", "notification"):
                url = env[f"{service.upper()}_DATABASE_URL"]
                poll(lambda url=url: unconfirmed(url) == 0, what=f"{service}'s messages all confirmed")
        finally:
            stop_system(system)
            broker.stop()


class TestEmbeddedDefaults:
    def test_make_run_defaults_sqlite_filesystem_broker_seaweedfs_and_sinks(self, tmp_path: Path) -> None:
        workdir = tmp_path / "system"
        dead_redis = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens: the filesystem transport is used
        system = start_system(workdir, {"REDIS_URL": dead_redis})
        stopped = False
        try:
            output = (workdir / "devrun.out").read_text()
            assert "filesystem transport" in output
            assert "SeaweedFS S3" in output
            for name, base in system.urls.items():
                ready = httpx.get(f"{base}/readyz", timeout=10)
                assert ready.status_code == 200, ready.text
                expected = {"database": "ok", "broker": "ok", "sessions": "ok"}
                if name != "notification":  # notification keeps no files: S3 is not its business
                    expected["storage"] = "ok"
                assert ready.json()["checks"] == expected
            assert (workdir / "var" / "submission.db").exists()
            assert (workdir / "var" / "sessions.db").exists(), (
                "no Redis: the sessions in a shared SQLite file"
            )

            people = seed_people(system, "kukar")
            operator = token(system.urls["submission"], people["operator"])
            innovation_id = draft_upload(system, operator)
            submitted = submit(system, operator, innovation_id)
            assert submitted.status_code == 200, submitted.text
            review_and_accept(system, token(system.urls["submission"], people["reviewer"]), innovation_id)
            wait_for_status(system, operator, innovation_id, "accepted")

            mail_dir, wa_dir = workdir / "var" / "mail", workdir / "var" / "whatsapp"
            poll(lambda: mail_dir.exists() and len(list(mail_dir.iterdir())) >= 2, what="emails in the sink")
            poll(lambda: wa_dir.exists() and len(list(wa_dir.iterdir())) >= 2, what="WhatsApp in the sandbox")
            assert "Layanan Antrean Puskesmas Daring" in dev_inbox(system)
            stop_system(system)
            stopped = True
            assert system.process is not None
            assert system.process.returncode == 0
            assert not any(port_open("127.0.0.1", int(url.rsplit(":", 1)[1])) for url in system.urls.values())
        finally:
            if not stopped:
                stop_system(system)
