"""The providers against real servers on loopback: what they send, and how each failure is classified."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from email import message_from_bytes, policy
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword
from pydantic import SecretStr

from services.notification.config import SmtpSettings, WhatsAppProviderName
from services.notification.providers import (
    CloudApiProvider,
    FonnteProvider,
    ProviderUnavailable,
    SmtpProvider,
    classify_whatsapp_error,
    create_whatsapp_provider,
)
from services.notification.rendering import RenderedEmail
from shared.devtools.netutil import free_port
from shared.devtools.sandbox import SmtpSink, WhatsAppSandbox
from shared.errors import PermanentError
from tests.notification.helpers import WA_TOKEN, whatsapp_settings_for

EMAIL = RenderedEmail(
    subject='Inovasi "Posyandu Digital" diterima',
    text="Selamat! Inovasi Posyandu Digital diterima.\n",
    html="<p>Selamat! Inovasi <strong>Posyandu Digital</strong> diterima.</p>\n",
)


class ScriptedSmtp:
    """An SMTP server that answers RCPT with a chosen reply and remembers who logged in."""

    def __init__(self, rcpt_reply: str = "250 OK") -> None:
        self.rcpt_reply = rcpt_reply
        self.logins: list[tuple[str, str]] = []
        self.received: list[bytes] = []
        self.controller = Controller(
            self,
            hostname="127.0.0.1",
            port=free_port(),
            auth_require_tls=False,
            authenticator=self.authenticate,
        )

    async def handle_RCPT(  # noqa: N802 - aiosmtpd API
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list[str]
    ) -> str:
        if self.rcpt_reply.startswith("250"):
            envelope.rcpt_tos.append(address)
        return self.rcpt_reply

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        self.received.append(bytes(envelope.original_content))
        return "250 OK"

    def authenticate(self, server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
        assert isinstance(data, LoginPassword)
        login = (data.login.decode(), data.password.decode())
        self.logins.append(login)
        return AuthResult(success=login == ("relay-user", "relay-pass"), handled=False)

    def settings(self, **overrides: Any) -> SmtpSettings:
        return SmtpSettings(host="127.0.0.1", port=self.controller.port, timeout_seconds=5, **overrides)


@pytest.fixture
def scripted_smtp() -> Iterator[ScriptedSmtp]:
    server = ScriptedSmtp()
    server.controller.start()
    yield server
    server.controller.stop()


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port that accepts connections and never says a word (a hung server)."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        yield int(listener.getsockname()[1])


def send_email(settings: SmtpSettings, to: str = "rina@dinkes.kukar.demo") -> str:
    return SmtpProvider(settings).send(to=to, name="Rina Operator", email=EMAIL, language="id")


class TestSmtpProvider:
    def test_email_has_subject_text_and_html_and_its_message_id(self, smtp_sink: SmtpSink) -> None:
        settings = SmtpSettings(host=smtp_sink.host, port=smtp_sink.port, timeout_seconds=5)

        message_id = send_email(settings)

        (received,) = smtp_sink.messages
        assert received.rcpt_tos == ("rina@dinkes.kukar.demo",)
        assert received.mail_from == "noreply@gelar-inovasi.local"
        mail = message_from_bytes(received.content, policy=policy.default)
        assert isinstance(mail, EmailMessage)
        assert mail["Subject"] == EMAIL.subject
        assert mail["To"] == "Rina Operator <rina@dinkes.kukar.demo>"
        assert mail["Message-ID"] == message_id
        assert message_id.endswith("@gelar-inovasi.local>")
        plain, html = mail.get_body(("plain",)), mail.get_body(("html",))
        assert plain is not None
        assert "Selamat!" in plain.get_content()
        assert html is not None
        assert "<strong>Posyandu Digital</strong>" in html.get_content()

    def test_logs_in_when_a_username_is_set(self, scripted_smtp: ScriptedSmtp) -> None:
        settings = scripted_smtp.settings(username="relay-user", password=SecretStr("relay-pass"))

        send_email(settings)

        assert scripted_smtp.logins == [("relay-user", "relay-pass")]
        assert len(scripted_smtp.received) == 1

    def test_wrong_password_is_permanent(self, scripted_smtp: ScriptedSmtp) -> None:
        settings = scripted_smtp.settings(username="relay-user", password=SecretStr("wrong"))

        with pytest.raises(PermanentError) as raised:
            send_email(settings)

        assert raised.value.code == "smtp.535"
        assert scripted_smtp.received == []

    def test_mailbox_refused_with_5xx_is_permanent(self, scripted_smtp: ScriptedSmtp) -> None:
        scripted_smtp.rcpt_reply = "550 5.1.1 No such user here"

        with pytest.raises(PermanentError) as raised:
            send_email(scripted_smtp.settings())

        assert raised.value.code == "smtp.550"
        assert "No such user" in raised.value.reason

    def test_greylisting_with_4xx_is_transient(self, scripted_smtp: ScriptedSmtp) -> None:
        scripted_smtp.rcpt_reply = "451 4.7.1 Greylisted, try again later"

        with pytest.raises(ProviderUnavailable) as raised:
            send_email(scripted_smtp.settings())

        assert raised.value.code == "smtp.451"

    def test_server_down_is_transient(self) -> None:
        with pytest.raises(ProviderUnavailable) as raised:
            send_email(SmtpSettings(host="127.0.0.1", port=free_port(), timeout_seconds=2))

        assert raised.value.code == "smtp.connection"

    def test_server_that_never_answers_times_out_as_transient(self, silent_port: int) -> None:
        with pytest.raises(ProviderUnavailable) as raised:
            send_email(SmtpSettings(host="127.0.0.1", port=silent_port, timeout_seconds=0.5))

        assert raised.value.code == "smtp.timeout"

    def test_an_address_that_is_not_one_is_permanent(self, smtp_sink: SmtpSink) -> None:
        settings = SmtpSettings(host=smtp_sink.host, port=smtp_sink.port, timeout_seconds=5)

        with pytest.raises(PermanentError) as raised:
            send_email(settings, to="rina at dinkes")

        assert raised.value.code == "email.invalid_address"
        assert smtp_sink.messages == []


class TestCloudApiProvider:
    def test_posts_a_text_message_with_the_bearer_token(self, whatsapp: WhatsAppSandbox) -> None:
        provider = CloudApiProvider(whatsapp_settings_for(whatsapp))

        message_id = provider.send_text(to="+62 812-3450-0001", body="Halo Rina")

        (request,) = whatsapp.delivered
        assert request.path == "/v21.0/1234567890/messages"
        assert request.headers["authorization"] == f"Bearer {WA_TOKEN}"
        assert request.body["messaging_product"] == "whatsapp"
        assert request.body["to"] == "6281234500001"
        assert request.body["type"] == "text"
        assert request.body["text"]["body"] == "Halo Rina"
        assert message_id.startswith("wamid.")

    def test_posts_an_approved_template_with_its_body_parameters(self, whatsapp: WhatsAppSandbox) -> None:
        provider = CloudApiProvider(whatsapp_settings_for(whatsapp))

        message_id = provider.send_template(
            to="081234500001", name="gi_innovation_accepted", language="id", params=("Rina", "Posyandu", "2")
        )

        (request,) = whatsapp.delivered
        assert request.body["type"] == "template"
        assert request.body["template"] == {
            "name": "gi_innovation_accepted",
            "language": {"code": "id"},
            "components": [
                {
                    "type": "body",
                    "parameters": [
                        {"type": "text", "text": "Rina"},
                        {"type": "text", "text": "Posyandu"},
                        {"type": "text", "text": "2"},
                    ],
                }
            ],
        }
        assert message_id.startswith("wamid.")

    def test_a_template_with_a_link_sends_the_path_for_its_url_button(
        self, whatsapp: WhatsAppSandbox
    ) -> None:
        provider = CloudApiProvider(whatsapp_settings_for(whatsapp))

        provider.send_template(
            to="081234500001",
            name="gi_reviewer_assigned",
            language="id",
            params=("Rina",),
            button_url="https://inovasi.kukarkab.go.id/review/cases/42?tab=bukti",
        )

        (request,) = whatsapp.delivered
        # Meta keeps "https://inovasi.kukarkab.go.id/{{1}}" with the approved template; we send the rest.
        assert request.body["template"]["components"][1] == {
            "type": "button",
            "sub_type": "url",
            "index": "0",
            "parameters": [{"type": "text", "text": "review/cases/42?tab=bukti"}],
        }

    @pytest.mark.parametrize(
        ("status", "code"), [(400, 131026), (400, 131047), (400, 100), (400, 131048), (403, 368)]
    )
    def test_undeliverable_is_permanent(self, whatsapp: WhatsAppSandbox, status: int, code: int) -> None:
        whatsapp.fail_next = [(status, code)]

        with pytest.raises(PermanentError) as raised:
            CloudApiProvider(whatsapp_settings_for(whatsapp)).send_text(to="081234500001", body="Halo")

        assert raised.value.code == f"whatsapp.{code}"
        assert str(code) in raised.value.reason

    @pytest.mark.parametrize(
        ("status", "code"), [(429, 130429), (400, 131056), (400, 80007), (500, 1), (503, 2)]
    )
    def test_rate_limits_and_outages_are_transient(
        self, whatsapp: WhatsAppSandbox, status: int, code: int
    ) -> None:
        whatsapp.fail_next = [(status, code)]

        with pytest.raises(ProviderUnavailable) as raised:
            CloudApiProvider(whatsapp_settings_for(whatsapp)).send_text(to="081234500001", body="Halo")

        assert raised.value.code == f"whatsapp.{code}"

    def test_wrong_token_is_permanent(self, whatsapp: WhatsAppSandbox) -> None:
        settings = whatsapp_settings_for(whatsapp, token=SecretStr("expired-token"))

        with pytest.raises(PermanentError) as raised:
            CloudApiProvider(settings).send_text(to="081234500001", body="Halo")

        assert raised.value.code == "whatsapp.190"

    def test_provider_down_is_transient(self, whatsapp: WhatsAppSandbox) -> None:
        settings = whatsapp_settings_for(whatsapp, base_url=f"http://127.0.0.1:{free_port()}")

        with pytest.raises(ProviderUnavailable) as raised:
            CloudApiProvider(settings).send_text(to="081234500001", body="Halo")

        assert raised.value.code == "http.connection"

    def test_provider_that_never_answers_times_out_as_transient(
        self, whatsapp: WhatsAppSandbox, silent_port: int
    ) -> None:
        settings = whatsapp_settings_for(
            whatsapp, base_url=f"http://127.0.0.1:{silent_port}", timeout_seconds=0.5
        )

        with pytest.raises(ProviderUnavailable) as raised:
            CloudApiProvider(settings).send_text(to="081234500001", body="Halo")

        assert raised.value.code == "http.timeout"

    def test_a_number_that_is_not_one_is_permanent_and_not_sent(self, whatsapp: WhatsAppSandbox) -> None:
        with pytest.raises(PermanentError) as raised:
            CloudApiProvider(whatsapp_settings_for(whatsapp)).send_text(to="12", body="Halo")

        assert raised.value.code == "whatsapp.invalid_number"
        assert whatsapp.requests == []


class TestClassifyWhatsAppError:
    @pytest.mark.parametrize(
        ("status", "code", "transient"),
        [
            (500, None, True),
            (502, None, True),
            (429, None, True),
            (400, None, False),
            (404, None, False),
            (400, 999999, False),
            (500, 131026, False),  # the error code says more than the HTTP status
            (400, 130429, True),
        ],
    )
    def test_transient_or_permanent(self, status: int, code: int | None, transient: bool) -> None:
        error = classify_whatsapp_error(status, code, "")

        assert isinstance(error, ProviderUnavailable if transient else PermanentError)


class TestFonnteProvider:
    def test_posts_a_form_with_target_message_and_country_code(self, whatsapp: WhatsAppSandbox) -> None:
        provider = create_whatsapp_provider(
            whatsapp_settings_for(whatsapp, provider=WhatsAppProviderName.fonnte)
        )
        assert isinstance(provider, FonnteProvider)

        message_id = provider.send_text(to="+6281234500001", body="Halo Rina")

        (request,) = whatsapp.delivered
        assert request.path == "/send"
        assert request.headers["authorization"] == WA_TOKEN
        assert request.body == {
            "target": "6281234500001",
            "message": "Halo Rina",
            "countryCode": "62",
            "_accepted": True,
        }
        assert message_id.startswith("wamid.")

    def test_refusal_is_permanent(self, whatsapp: WhatsAppSandbox) -> None:
        whatsapp.fail_numbers = {"6281234500001": (400, 131026)}
        provider = FonnteProvider(whatsapp_settings_for(whatsapp, provider=WhatsAppProviderName.fonnte))

        with pytest.raises(PermanentError) as raised:
            provider.send_text(to="081234500001", body="Halo")

        assert raised.value.code == "fonnte.refused"

    def test_gateway_outage_is_transient(self, whatsapp: WhatsAppSandbox) -> None:
        whatsapp.fail_next = [(502, 0)]
        provider = FonnteProvider(whatsapp_settings_for(whatsapp, provider=WhatsAppProviderName.fonnte))

        with pytest.raises(ProviderUnavailable) as raised:
            provider.send_text(to="081234500001", body="Halo")

        assert raised.value.code == "http.502"
