"""The outside world: email over SMTP, WhatsApp through Meta's Cloud API or a Fonnte-style gateway.

Every call has a timeout, and every failure is classified: `ProviderUnavailable` (a TransientError:
retry later) or `PermanentError` (retrying cannot help: record it where an admin sees it).
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.errors import HeaderParseError
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr
from typing import Any, Protocol
from urllib.parse import urlsplit

import httpx

from services.notification.config import SmtpSecurity, SmtpSettings, WhatsAppProviderName, WhatsAppSettings
from services.notification.models import ProviderName
from services.notification.rendering import RenderedEmail
from shared.errors import PermanentError, TransientError
from shared.phone import InvalidPhoneNumber, normalize_msisdn

# Meta WhatsApp Cloud API error codes (developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes).
WHATSAPP_TRANSIENT_CODES = frozenset({130429, 131056, 80007, 4, 1, 2})
WHATSAPP_PERMANENT_CODES = frozenset({100, 131026, 131047, 368, 131048, 190})


class ProviderUnavailable(TransientError):
    """The provider could not take the message now (down, slow, rate limited): try again later."""

    def __init__(self, reason: str, *, code: str):
        self.reason, self.code = reason, code
        super().__init__(reason)


# ---- email ----


class SmtpProvider:
    """Sends one email per call over SMTP (plain, STARTTLS or implicit TLS), logging in if configured."""

    name = ProviderName.smtp

    def __init__(self, settings: SmtpSettings):
        self.settings = settings
        self.domain = parseaddr(settings.from_address)[1].rpartition("@")[2] or "localhost"

    def build(self, *, to: str, name: str, email: RenderedEmail, language: str) -> EmailMessage:
        """The MIME message: plain text first, HTML as the alternative; a Message-ID of our own."""
        message = EmailMessage()
        message["From"] = self.settings.from_address
        try:
            message["To"] = Address(display_name=name, addr_spec=to)
        except (ValueError, IndexError, HeaderParseError) as exc:
            raise PermanentError(f"not an email address: {to!r}", code="email.invalid_address") from exc
        message["Subject"] = email.subject
        message["Date"] = formatdate(localtime=False)
        message["Message-ID"] = make_msgid(domain=self.domain)
        message["Auto-Submitted"] = "auto-generated"
        message.set_content(email.text)
        message.add_alternative(email.html, subtype="html")
        message["Content-Language"] = language  # after the body: set_content drops Content-* headers
        return message

    def send(self, *, to: str, name: str, email: RenderedEmail, language: str) -> str:
        """Hand the email to the relay; returns its Message-ID (the provider id of the delivery)."""
        message = self.build(to=to, name=name, email=email, language=language)
        settings = self.settings
        try:
            with self._connect() as smtp:
                if settings.security is SmtpSecurity.starttls:
                    smtp.starttls(context=ssl.create_default_context())
                if settings.username:
                    password = settings.password.get_secret_value() if settings.password else ""
                    smtp.login(settings.username, password)
                smtp.send_message(message)
        except smtplib.SMTPRecipientsRefused as exc:
            code, reply = next(iter(exc.recipients.values()))
            raise _smtp_reply_error(code, reply) from exc
        except smtplib.SMTPResponseException as exc:  # sender refused, data refused, login refused...
            raise _smtp_reply_error(exc.smtp_code, exc.smtp_error) from exc
        except smtplib.SMTPNotSupportedError as exc:  # e.g. STARTTLS asked of a server without it
            raise PermanentError(
                f"SMTP server does not support this: {exc}", code="smtp.unsupported"
            ) from exc
        except ssl.SSLCertVerificationError as exc:
            raise PermanentError(f"SMTP certificate rejected: {exc}", code="smtp.certificate") from exc
        except TimeoutError as exc:
            raise ProviderUnavailable(f"SMTP timed out: {exc}", code="smtp.timeout") from exc
        except smtplib.SMTPServerDisconnected as exc:  # smtplib wraps a read timeout in this
            label = "smtp.timeout" if isinstance(exc.__context__, TimeoutError) else "smtp.connection"
            raise ProviderUnavailable(f"SMTP server went away: {exc}", code=label) from exc
        except (smtplib.SMTPException, OSError) as exc:  # refused, reset, disconnected, DNS
            raise ProviderUnavailable(
                f"SMTP server unreachable: {type(exc).__name__}: {exc}", code="smtp.connection"
            ) from exc
        return str(message["Message-ID"])

    def _connect(self) -> smtplib.SMTP:
        settings = self.settings
        if settings.security is SmtpSecurity.tls:
            return smtplib.SMTP_SSL(
                settings.host,
                settings.port,
                timeout=settings.timeout_seconds,
                context=ssl.create_default_context(),
            )
        return smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout_seconds)


def _smtp_reply_error(code: int, reply: bytes | str) -> Exception:
    """4xx: the server asks us to come back later; 5xx: it will never take this message."""
    text = reply.decode(errors="replace") if isinstance(reply, bytes) else str(reply)
    reason = f"SMTP {code} {text}".strip()
    if 500 <= code < 600:
        return PermanentError(reason, code=f"smtp.{code}")
    return ProviderUnavailable(reason, code=f"smtp.{code}")


# ---- WhatsApp ----


class WhatsAppProvider(Protocol):
    name: ProviderName
    # Whether outside the 24-hour window a Meta-approved template must be used (Cloud API), or
    # free text always goes (a gateway driving a linked phone).
    needs_templates: bool

    def send_text(self, *, to: str, body: str) -> str:
        """Send a text message to an E.164 number; returns the provider's message id."""
        ...

    def send_template(
        self, *, to: str, name: str, language: str, params: tuple[str, ...], button_url: str | None = None
    ) -> str:
        """Send an approved template with its body parameters (and the page its URL button opens);
        returns the provider's message id."""
        ...

    def close(self) -> None: ...


def url_button(url: str) -> dict[str, Any]:
    """The URL button of an approved template: Meta keeps the address registered with the template as
    `https://<public host>/{{1}}` and is sent the rest, the path after the host (`opd/innovations/...`)."""
    parts = urlsplit(url)
    suffix = parts.path.lstrip("/") + (f"?{parts.query}" if parts.query else "")
    return {
        "type": "button",
        "sub_type": "url",
        "index": "0",
        "parameters": [{"type": "text", "text": suffix}],
    }


def whatsapp_number(raw: str) -> str:
    """`+62812...` or `0812...` -> `62812...` (the digits providers want)."""
    try:
        return normalize_msisdn(raw).removeprefix("+")
    except InvalidPhoneNumber as exc:
        raise PermanentError(f"not a WhatsApp number: {raw!r}", code="whatsapp.invalid_number") from exc


class _HttpProvider:
    def __init__(self, settings: WhatsAppSettings):
        self.settings = settings
        self.client = httpx.Client(timeout=settings.timeout_seconds, follow_redirects=False)

    def close(self) -> None:
        self.client.close()

    def _post(self, url: str, **kwargs: Any) -> httpx.Response:
        try:
            return self.client.post(url, **kwargs)
        except httpx.TimeoutException as exc:
            raise ProviderUnavailable(f"WhatsApp provider timed out: {exc!r}", code="http.timeout") from exc
        except httpx.TransportError as exc:
            raise ProviderUnavailable(
                f"WhatsApp provider unreachable: {type(exc).__name__}: {exc}", code="http.connection"
            ) from exc


def _json(response: httpx.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def classify_whatsapp_error(status: int, code: int | None, message: str) -> Exception:
    """Cloud API error codes decide first; otherwise HTTP 429 and 5xx are transient, the rest permanent."""
    label = f"whatsapp.{code}" if code is not None else f"http.{status}"
    reason = (
        f"HTTP {status}"
        + (f", error {code}" if code is not None else "")
        + (f": {message}" if message else "")
    )
    if code in WHATSAPP_TRANSIENT_CODES:
        return ProviderUnavailable(reason, code=label)
    if code in WHATSAPP_PERMANENT_CODES:
        return PermanentError(reason, code=label)
    if status == 429 or status >= 500:
        return ProviderUnavailable(reason, code=label)
    return PermanentError(reason, code=label)


class CloudApiProvider(_HttpProvider):
    """Meta WhatsApp Cloud API: `POST {base}/{version}/{phone_number_id}/messages` with a Bearer token."""

    name = ProviderName.cloud_api
    needs_templates = True

    def send_text(self, *, to: str, body: str) -> str:
        return self._send(
            {
                "messaging_product": "whatsapp",
                "recipient_type": "individual",
                "to": whatsapp_number(to),
                "type": "text",
                "text": {"preview_url": False, "body": body},
            }
        )

    def send_template(
        self, *, to: str, name: str, language: str, params: tuple[str, ...], button_url: str | None = None
    ) -> str:
        components: list[dict[str, Any]] = (
            [{"type": "body", "parameters": [{"type": "text", "text": p} for p in params]}] if params else []
        )
        if button_url:
            components.append(url_button(button_url))
        return self._send(
            {
                "messaging_product": "whatsapp",
                "recipient_type": "individual",
                "to": whatsapp_number(to),
                "type": "template",
                "template": {"name": name, "language": {"code": language}, "components": components},
            }
        )

    def _send(self, payload: dict[str, Any]) -> str:
        settings = self.settings
        url = f"{settings.base_url.rstrip('/')}/{settings.api_version}/{settings.phone_number_id}/messages"
        headers = {"Authorization": f"Bearer {settings.token.get_secret_value()}"}
        response = self._post(url, json=payload, headers=headers)
        reply = _json(response)
        if not response.is_success:
            error = reply.get("error")
            error = error if isinstance(error, dict) else {}
            code = error.get("code")
            raise classify_whatsapp_error(
                response.status_code, code if isinstance(code, int) else None, str(error.get("message", ""))
            )
        try:
            return str(reply["messages"][0]["id"])
        except (KeyError, IndexError, TypeError) as exc:
            # Accepted but unreadable: sending again could deliver twice, so do not retry.
            raise PermanentError(
                f"Cloud API accepted the message without an id: {response.text[:200]}",
                code="whatsapp.bad_response",
            ) from exc


class FonnteProvider(_HttpProvider):
    """A Fonnte-style gateway: `POST {base}/send`, `Authorization: <device token>`, form fields."""

    name = ProviderName.fonnte
    needs_templates = False
    # Gateways answer HTTP 200 with `status: false` and a free-text reason; these reasons pass.
    TRANSIENT_REASONS = ("disconnect", "rate limit", "timeout", "busy", "try again")

    def send_text(self, *, to: str, body: str) -> str:
        settings = self.settings
        form = {"target": whatsapp_number(to), "message": body, "countryCode": "62"}
        headers = {"Authorization": settings.token.get_secret_value()}
        response = self._post(f"{settings.base_url.rstrip('/')}/send", data=form, headers=headers)
        reply = _json(response)
        if response.status_code == 429 or response.status_code >= 500:
            raise ProviderUnavailable(
                f"gateway answered HTTP {response.status_code}", code=f"http.{response.status_code}"
            )
        if response.is_success and reply.get("status") is True:
            ids = reply.get("id")
            if isinstance(ids, list) and ids:
                return str(ids[0])
            raise PermanentError(
                f"gateway accepted the message without an id: {response.text[:200]}",
                code="fonnte.bad_response",
            )
        reason = str(reply.get("reason") or reply.get("detail") or f"HTTP {response.status_code}")
        if any(hint in reason.lower() for hint in self.TRANSIENT_REASONS):
            raise ProviderUnavailable(f"gateway: {reason}", code="fonnte.unavailable")
        raise PermanentError(f"gateway refused: {reason}", code="fonnte.refused")

    def send_template(
        self, *, to: str, name: str, language: str, params: tuple[str, ...], button_url: str | None = None
    ) -> str:
        raise PermanentError("a gateway sends free text only", code="fonnte.no_templates")


def create_whatsapp_provider(settings: WhatsAppSettings) -> WhatsAppProvider:
    if settings.provider is WhatsAppProviderName.fonnte:
        return FonnteProvider(settings)
    return CloudApiProvider(settings)


@dataclass(frozen=True)
class Providers:
    """The senders one process uses, one per channel."""

    email: SmtpProvider
    whatsapp: WhatsAppProvider

    def close(self) -> None:
        self.whatsapp.close()
