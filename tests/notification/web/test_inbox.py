"""The development inbox in the shared look: find the message that reached someone."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from services.notification import notifying, sending
from services.notification.deps import NotificationRuntime
from services.notification.main import create_app
from shared.contracts.notification import Recipient
from shared.devtools.sandbox import SmtpSink, WhatsAppSandbox
from tests.notification.conftest import RuntimeFactory
from tests.notification.helpers import NAMA, notify_message, person


def deliver_to(runtime: NotificationRuntime, *people: Recipient) -> None:
    with runtime.db.unit_of_work() as uow:
        made = notifying.handle_notify(uow, message=notify_message(*people, event_type="innovation.accepted"))
    for delivery in made:
        sending.send_delivery(
            runtime.db, runtime.providers, delivery_id=delivery.id, final_attempt=False, lease_seconds=60
        )


class TestFindingAMessage:
    def test_the_recipient_filter_shows_only_their_messages(
        self, make_runtime: RuntimeFactory, smtp_sink: SmtpSink, whatsapp: WhatsAppSandbox, tmp_path: Path
    ) -> None:
        smtp_sink.maildir, whatsapp.store_dir = tmp_path / "mail", tmp_path / "whatsapp"
        runtime = make_runtime(mail_dir=tmp_path / "mail", whatsapp_dir=tmp_path / "whatsapp")
        deliver_to(
            runtime,
            person(name="Rina", email="rina@dinkes.kukar.demo", whatsapp="081234500001"),
            person(name="Budi", email="budi@dinkes.kukar.demo", whatsapp="081234500002"),
        )

        with TestClient(create_app()) as client:
            rina = client.get("/notification/dev/inbox", params={"to": "rina@dinkes"}).text
            by_number = client.get("/notification/dev/inbox", params={"to": "0812 3450 0002"}).text
            nobody = client.get("/notification/dev/inbox", params={"to": "siapa@kukar.demo"}).text

        assert "rina@dinkes.kukar.demo" in rina
        assert "budi@dinkes.kukar.demo" not in rina
        assert f"Inovasi &#34;{NAMA}&#34; diterima" in rina  # the subject, as a heading
        assert 'value="rina@dinkes"' in rina  # the filter keeps what was typed
        assert "1 pesan" in rina
        assert "6281234500002" in by_number
        assert "6281234500001" not in by_number
        assert "Tidak ada pesan yang cocok" in nobody

    def test_in_the_shared_look_with_the_time_in_words(
        self, make_runtime: RuntimeFactory, smtp_sink: SmtpSink, whatsapp: WhatsAppSandbox, tmp_path: Path
    ) -> None:
        smtp_sink.maildir, whatsapp.store_dir = tmp_path / "mail", tmp_path / "whatsapp"
        runtime = make_runtime(mail_dir=tmp_path / "mail", whatsapp_dir=tmp_path / "whatsapp")
        deliver_to(runtime, person())

        with TestClient(create_app()) as client:
            html = client.get("/notification/dev/inbox").text

        assert 'href="/assets/gi/gi.css"' in html  # base.html's layout
        assert "<article" in html
        assert "<time datetime=" in html
        assert "WIB" in html  # nobody logged in: times in the default zone
