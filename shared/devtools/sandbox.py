"""Local stand-ins for the outside world: an SMTP sink and a WhatsApp provider speaking real HTTP.

`make run` uses them as the embedded email and WhatsApp providers; tests use them as the fakes of
providers we cannot reach. Both keep what they received, in memory and optionally on disk.
"""

from __future__ import annotations

import json
import threading
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from aiosmtpd.controller import Controller

from shared.db import utc_now
from shared.devtools.netutil import free_port


@dataclass(frozen=True)
class ReceivedMail:
    mail_from: str
    rcpt_tos: tuple[str, ...]
    content: bytes


class _SinkHandler:
    def __init__(self, sink: SmtpSink):
        self.sink = sink

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802 - aiosmtpd API
        mail = ReceivedMail(envelope.mail_from, tuple(envelope.rcpt_tos), bytes(envelope.original_content))
        self.sink.record(mail)
        return "250 OK"


class SmtpSink:
    """A real SMTP server on loopback that keeps every message it accepts."""

    def __init__(self, *, host: str = "127.0.0.1", port: int = 0, maildir: Path | None = None):
        self.maildir = maildir
        self.messages: list[ReceivedMail] = []
        self._lock = threading.Lock()
        # aiosmtpd checks its own port after start, so it needs a real one, not 0.
        self._controller = Controller(_SinkHandler(self), hostname=host, port=port or free_port(host))
        self.host = host

    @property
    def port(self) -> int:
        return int(self._controller.port)

    def record(self, mail: ReceivedMail) -> None:
        with self._lock:
            self.messages.append(mail)
        if self.maildir is not None:
            self.maildir.mkdir(parents=True, exist_ok=True)
            name = f"{utc_now():%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}.eml"
            (self.maildir / name).write_bytes(mail.content)

    def start(self) -> SmtpSink:
        self._controller.start()
        return self

    def stop(self) -> None:
        self._controller.stop()


@dataclass
class WhatsAppRequest:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]


@dataclass
class WhatsAppSandbox:
    """Answers like the Meta WhatsApp Cloud API (`POST /{version}/{phone-id}/messages`) and like a
    Fonnte-style gateway (`POST /send`), with failures that tests can program."""

    host: str = "127.0.0.1"
    port: int = 0
    token: str | None = None
    store_dir: Path | None = None
    requests: list[WhatsAppRequest] = field(default_factory=list)
    # number (E.164 digits, no +) -> (HTTP status, Cloud API error code), answered every time
    fail_numbers: dict[str, tuple[int, int]] = field(default_factory=dict)
    # answered to the next requests, in order, whatever the number
    fail_next: list[tuple[int, int]] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer((self.host, self.port), _handler_for(self))
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def delivered(self) -> list[WhatsAppRequest]:
        """Requests that were answered with success."""
        with self._lock:
            return [r for r in self.requests if r.body.get("_accepted")]

    def start(self) -> WhatsAppSandbox:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def answer(self, path: str, headers: dict[str, str], body: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        """Decide the reply to one request (also records it)."""
        gateway = path.rstrip("/").endswith("/send")
        number = str(body.get("target") if gateway else body.get("to", "")).lstrip("+")
        auth = headers.get("authorization", "")
        with self._lock:
            self.requests.append(WhatsAppRequest(path, headers, body))
            failure: tuple[int, int] | None = None
            if self.token is not None and auth not in (f"Bearer {self.token}", self.token):
                failure = (401, 190)
            elif self.fail_next:
                failure = self.fail_next.pop(0)
            elif number in self.fail_numbers:
                failure = self.fail_numbers[number]
            if failure is None:
                body["_accepted"] = True
        if failure is not None:
            status, code = failure
            if gateway:
                return status if status >= 500 else 200, {"status": False, "reason": f"error {code}"}
            return status, {
                "error": {"code": code, "message": f"sandbox error {code}", "type": "OAuthException"}
            }
        message_id = f"wamid.{uuid.uuid4().hex}"
        if self.store_dir is not None:
            self.store_dir.mkdir(parents=True, exist_ok=True)
            record = {"id": message_id, "at": utc_now().isoformat(), "path": path, "body": body}
            (self.store_dir / f"{utc_now():%Y%m%dT%H%M%S}-{message_id[-8:]}.json").write_text(
                json.dumps(record, ensure_ascii=False, indent=1)
            )
        if gateway:
            return 200, {
                "status": True,
                "id": [message_id],
                "target": [number],
                "detail": "success! message in queue",
            }
        return 200, {
            "messaging_product": "whatsapp",
            "contacts": [{"input": body.get("to"), "wa_id": number}],
            "messages": [{"id": message_id}],
        }


def _handler_for(sandbox: WhatsAppSandbox) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            raw = self.rfile.read(length)
            content_type = self.headers.get("content-type", "")
            if "json" in content_type:
                body = json.loads(raw or b"{}")
            else:
                body = {k: v[0] for k, v in parse_qs(raw.decode()).items()}
            headers = {k.lower(): v for k, v in self.headers.items()}
            status, reply = sandbox.answer(self.path, headers, body)
            data = json.dumps(reply).encode()
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:
            return

    return Handler
