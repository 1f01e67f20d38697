"""Control characters never enter: NUL and its kin in a path, a query, a form or a JSON body are a 422.

PostgreSQL refuses NUL in text (a 500 before this), and the other C0/C1 controls and DEL have no
place in anything a person types; tab, line feed and carriage return stay allowed. The middleware
reads what the app will read (the percent-decoded path and query, url-encoded and JSON bodies, the
text parts of a multipart body; file contents are not looked at), buffering the body up to the size
limit the outer middleware enforces, then hands the same bytes on to the app.
"""

from __future__ import annotations

import contextlib
import json
import re
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import parse_qsl, unquote_plus

from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared.errors import AppError, InvalidInput

CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
ErrorResponder = Callable[[Request, AppError], Response]


class ControlCharacter(InvalidInput, code="error.control_character"): ...


def has_control_character(text: str) -> bool:
    """Whether `text` holds a character nobody types (C0 but tab/LF/CR, DEL, C1)."""
    return CONTROL_CHARACTERS.search(text) is not None


def _first_bad(pairs: Iterator[tuple[str, str]]) -> str | None:
    """The name of the first field whose name or value holds a control character."""
    for name, value in pairs:
        if has_control_character(name) or has_control_character(value):
            return CONTROL_CHARACTERS.sub("?", name) or "?"
    return None


def _query_pairs(raw: bytes) -> Iterator[tuple[str, str]]:
    # Decoded as Starlette decodes `request.query_params`.
    yield from parse_qsl(raw.decode("latin-1"), keep_blank_values=True)


def _form_pairs(raw: bytes) -> Iterator[tuple[str, str]]:
    # Decoded as Starlette's FormParser decodes an url-encoded body.
    for item in re.split(rb"[&;]", raw):
        name, _, value = item.partition(b"=")
        yield unquote_plus(name.decode("latin-1")), unquote_plus(value.decode("latin-1"))


def _json_strings(value: Any, where: str = "body") -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _json_strings(item, f"{where}.{index}")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield str(key), str(key)
            yield from _json_strings(item, str(key))


def _decode(raw: bytes) -> str:
    # As Starlette's MultiPartParser decodes names, file names and text values.
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def _multipart_pairs(raw: bytes, boundary: bytes) -> Iterator[tuple[str, str]]:
    """Names, file names and text values of a multipart body; the bytes of file parts are skipped."""
    parts: list[tuple[str, str]] = []
    state: dict[str, Any] = {"headers": {}, "field": b"", "value": b"", "name": "", "is_file": False}
    chunks: list[bytes] = []

    def on_part_begin() -> None:
        state["headers"], state["is_file"] = {}, False
        chunks.clear()

    def on_header_field(data: bytes, start: int, end: int) -> None:
        state["field"] += data[start:end]

    def on_header_value(data: bytes, start: int, end: int) -> None:
        state["value"] += data[start:end]

    def on_header_end() -> None:
        state["headers"][state["field"].lower()] = state["value"]
        state["field"], state["value"] = b"", b""

    def on_headers_finished() -> None:
        _, options = parse_options_header(state["headers"].get(b"content-disposition", b""))
        state["name"] = _decode(options.get(b"name", b""))
        filename = options.get(b"filename")
        state["is_file"] = filename is not None
        if filename is not None:
            parts.append((state["name"], _decode(filename)))

    def on_part_data(data: bytes, start: int, end: int) -> None:
        if not state["is_file"]:
            chunks.append(data[start:end])

    def on_part_end() -> None:
        if not state["is_file"]:
            parts.append((state["name"], _decode(b"".join(chunks))))

    parser = MultipartParser(
        boundary,
        {
            "on_part_begin": on_part_begin,
            "on_header_field": on_header_field,
            "on_header_value": on_header_value,
            "on_header_end": on_header_end,
            "on_headers_finished": on_headers_finished,
            "on_part_data": on_part_data,
            "on_part_end": on_part_end,
        },
    )
    with contextlib.suppress(Exception):  # a broken body: the app's own parser answers it
        parser.write(raw)
        parser.finalize()
    yield from parts


def bad_field_in_body(content_type: bytes, body: bytes) -> str | None:
    """The first field of the body that holds a control character, if any."""
    media_type, options = parse_options_header(content_type)
    if media_type == b"application/x-www-form-urlencoded":
        return _first_bad(_form_pairs(body))
    if media_type == b"multipart/form-data" and (boundary := options.get(b"boundary")):
        return _first_bad(_multipart_pairs(body, boundary))
    if media_type == b"application/json" or media_type.endswith(b"+json"):
        try:
            document = json.loads(body)
        except ValueError:
            return None  # not JSON: the app answers its own 422
        return _first_bad(_json_strings(document))
    return None


def bad_field_in_url(scope: Scope) -> str | None:
    """`path`, or the query parameter, that holds a control character, if any."""
    if has_control_character(str(scope.get("path", ""))):
        return "path"
    return _first_bad(_query_pairs(scope.get("query_string", b"")))


BODY_TYPES = (b"application/x-www-form-urlencoded", b"multipart/form-data", b"application/json")


class HostileInputMiddleware:
    """Answers 422 (`error.control_character`) when text of the request holds a control character."""

    def __init__(self, app: ASGIApp, *, answer: ErrorResponder):
        self.app, self.answer = app, answer

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        field = bad_field_in_url(scope)
        content_type = next((v for k, v in scope["headers"] if k == b"content-type"), b"")
        if field is None and _reads_body(content_type):
            body, more = await _read_body(receive)
            field = bad_field_in_body(content_type, body)
            receive = _replay(body, more, receive)
        if field is not None:
            response = self.answer(Request(scope, receive), ControlCharacter(field=field))
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)


def _reads_body(content_type: bytes) -> bool:
    media_type = content_type.split(b";")[0].strip().lower()
    return media_type in BODY_TYPES or media_type.endswith(b"+json")


async def _read_body(receive: Receive) -> tuple[bytes, bool]:
    """The whole body (the outer size limit stops it at its limit), and whether the client left early."""
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return b"".join(chunks), False
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks), True


def _replay(body: bytes, complete: bool, receive: Receive) -> Receive:
    sent = False

    async def replayed() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        if not complete:
            return {"type": "http.disconnect"}
        return await receive()

    return replayed
