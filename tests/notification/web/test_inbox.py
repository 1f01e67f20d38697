"""The development inbox: what the local SMTP sink and WhatsApp sandbox received, in Indonesian, in the
shared look (find the message that reached someone); not in production."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from services.notification import notifying, sending
from services.notification.deps import NotificationRuntime
from services.notification.main import create_app
from shared.config import Environment
from shared.contracts.notification import Recipient
from shared.devtools.sandbox import SmtpSink, WhatsAppSandbox
from tests.notification.conftest import RuntimeFactory
from tests.notification.helpers import NAMA, notify_message, person

pytestmark = pytest.mark.usefixtures("real_password_hashing")  # production settings are built here


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


class TestDevInbox:
    def test_lists_the_email_and_the_whatsapp_message_that_were_sent(
        self, make_runtime: RuntimeFactory, smtp_sink: SmtpSink, whatsapp: WhatsAppSandbox, tmp_path: Path
    ) -> None:
        smtp_sink.maildir, whatsapp.store_dir = tmp_path / "mail", tmp_path / "whatsapp"
        runtime = make_runtime(mail_dir=tmp_path / "mail", whatsapp_dir=tmp_path / "whatsapp")
        with runtime.db.unit_of_work() as uow:
            made = notifying.handle_notify(
                uow, message=notify_message(person(), event_type="innovation.accepted")
            )
        for delivery in made:
            sending.send_delivery(
                runtime.db, runtime.providers, delivery_id=delivery.id, final_attempt=False, lease_seconds=60
            )

        with TestClient(create_app()) as client:
            page = client.get("/notification/dev/inbox")
            only_whatsapp = client.get("/notification/dev/inbox?kind=whatsapp")

        assert page.status_code == 200
        assert page.headers["content-type"].startswith("text/html")
        html = page.text
        assert '<html lang="id">' in html
        assert "Kotak masuk pengembangan" in html
        assert f"Inovasi &#34;{NAMA}&#34; diterima" in html
        assert "rina@dinkes.kukar.demo" in html
        assert "template gi_innovation_accepted (id)" in html
        assert "6281234500001" in html
        assert "https://" not in html  # no CDN: the page works offline
        assert "rina@dinkes.kukar.demo" not in only_whatsapp.text

    def test_the_links_in_a_message_can_be_clicked_and_its_markup_is_shown_as_text(
        self, make_runtime: RuntimeFactory, smtp_sink: SmtpSink, whatsapp: WhatsAppSandbox, tmp_path: Path
    ) -> None:
        smtp_sink.maildir, whatsapp.store_dir = tmp_path / "mail", tmp_path / "whatsapp"
        runtime = make_runtime(mail_dir=tmp_path / "mail", whatsapp_dir=tmp_path / "whatsapp")
        message = notify_message(person(), event_type="innovation.accepted", note="<b>lengkap</b>")
        with runtime.db.unit_of_work() as uow:
            made = notifying.handle_notify(
                uow, message=message, base_urls=runtime.settings.common.base_urls()
            )
        for delivery in made:
            sending.send_delivery(
                runtime.db, runtime.providers, delivery_id=delivery.id, final_attempt=False, lease_seconds=60
            )

        with TestClient(create_app()) as client:
            html = client.get("/notification/dev/inbox").text

        link = f"{runtime.settings.common.public_base_url}/opd/innovations/{message.data['innovation_id']}"
        assert f'<a href="{link}">{link}</a>' in html  # the email's text
        assert (
            f"tombol tautan = /opd/innovations/{message.data['innovation_id']}" in html
        )  # WhatsApp's button
        assert "&lt;b&gt;lengkap&lt;/b&gt;" in html
        assert "<b>lengkap</b>" not in html

    def test_empty_inbox_says_so(self, make_runtime: RuntimeFactory, tmp_path: Path) -> None:
        make_runtime(mail_dir=tmp_path / "none", whatsapp_dir=tmp_path / "none")

        with TestClient(create_app()) as client:
            page = client.get("/notification/dev/inbox")

        assert "Belum ada pesan." in page.text

    def test_not_available_in_production(self, make_runtime: RuntimeFactory, tmp_path: Path) -> None:
        runtime = make_runtime(mail_dir=tmp_path, whatsapp_dir=tmp_path)
        runtime.settings.common.environment = Environment.production

        with TestClient(create_app()) as client:
            page = client.get("/notification/dev/inbox")

        assert page.status_code == 404
