"""What an evidence file is: its type against what is accepted, a PDF's active content, a video's length."""

from __future__ import annotations

import struct
from collections.abc import Iterator
from typing import IO

from services.submission.innovations.core import EvidenceMeta
from shared import filetypes
from shared.contracts.catalogue import EVIDENCE_TYPES
from shared.errors import AppError
from shared.i18n import Language, current_language, register, translate
from shared.storage import SpooledUpload


class UnsupportedMediaType(AppError):
    status_code = 415


KIND_LABELS: dict[str, dict[Language, str]] = {
    "pdf": {"id": "PDF", "en": "PDF"},
    "pdf_or_image": {"id": "PDF atau gambar (JPEG/PNG)", "en": "PDF or an image (JPEG/PNG)"},
    "image": {"id": "gambar (JPEG/PNG)", "en": "an image (JPEG/PNG)"},
    "video": {
        "id": "video MP4/MOV paling lama 5 menit, atau tautan",
        "en": "an MP4/MOV video of at most 5 minutes, or a link",
    },
}


MAX_VIDEO_SECONDS = 5 * 60


def _kind_label(kind: str) -> str:
    return KIND_LABELS[kind][current_language.get()]


def _actual_label(media_type: str | None) -> str:
    return media_type or translate("evidence.unknown_type")


register({"evidence.unknown_type": {"id": "jenis yang tidak dikenal", "en": "of an unknown type"}})


def check_evidence_file(upload: SpooledUpload, *, meta: EvidenceMeta, kind: str) -> tuple[str, list[str]]:
    """The sniffed media type and any flags for reviewers, or 415 saying what is accepted."""
    if upload.size == 0:
        raise UnsupportedMediaType("evidence.empty")
    actual = filetypes.sniff(upload.head)
    accepted = EVIDENCE_TYPES[kind]
    if actual not in accepted:
        if meta.slot:
            raise UnsupportedMediaType(
                "evidence.slot_wrong_kind",
                slot=meta.slot,
                accepts=_kind_label(kind),
                filename=meta.filename,
                actual=_actual_label(actual),
            )
        raise UnsupportedMediaType(
            "evidence.wrong_kind",
            indicator_no=meta.indicator_no,
            accepts=_kind_label(kind),
            filename=meta.filename,
            actual=_actual_label(actual),
        )
    if not filetypes.matches_name(actual, meta.filename):
        raise UnsupportedMediaType("evidence.name_mismatch", filename=meta.filename, actual=actual)
    flags: list[str] = []
    if actual == filetypes.PDF:
        flags = inspect_pdf(upload, filename=meta.filename)
    elif actual in (filetypes.MP4, filetypes.QUICKTIME):
        seconds = media_duration_seconds(upload.file)
        upload.file.seek(0)
        if seconds is not None and seconds > MAX_VIDEO_SECONDS:
            raise UnsupportedMediaType(
                "evidence.video_too_long", filename=meta.filename, seconds=int(seconds)
            )
    return actual, flags


PDF_ACTIVE_MARKERS = {
    b"/JavaScript": "pdf_javascript",
    b"/JS": "pdf_javascript",
    b"/Launch": "pdf_launch_action",
    b"/OpenAction": "pdf_open_action",
    b"/EmbeddedFile": "pdf_embedded_file",
}


def inspect_pdf(upload: SpooledUpload, *, filename: str) -> list[str]:
    """Refuse encrypted PDFs; flag scripts, launch actions and embedded files for reviewers.

    A byte scan of the file: names inside compressed object streams are not seen.
    """
    upload.file.seek(0)
    flags: set[str] = set()
    tail = b""
    while chunk := upload.file.read(1024 * 1024):
        window = tail + chunk
        if b"/Encrypt" in window:
            upload.file.seek(0)
            raise UnsupportedMediaType("evidence.encrypted_pdf", filename=filename)
        for marker, flag in PDF_ACTIVE_MARKERS.items():
            if marker in window:
                flags.add(flag)
        tail = chunk[-32:]
    upload.file.seek(0)
    return sorted(flags)


def media_duration_seconds(file: IO[bytes]) -> float | None:
    """The duration in an MP4/MOV's `moov/mvhd` box, or None when it cannot be read."""
    file.seek(0)

    def boxes(end: int | None) -> Iterator[tuple[bytes, int, int]]:
        while end is None or file.tell() + 8 <= end:
            start = file.tell()
            header = file.read(8)
            if len(header) < 8:
                return
            size, kind = struct.unpack(">I4s", header)
            if size == 1:
                size = struct.unpack(">Q", file.read(8))[0]
            elif size == 0:
                file.seek(0, 2)
                size = file.tell() - start
                file.seek(start + 8)
            if size < 8:
                return
            yield kind, start, size
            file.seek(start + size)

    for kind, start, size in boxes(None):
        if kind != b"moov":
            continue
        file.seek(start + 8)
        for inner, inner_start, _inner_size in boxes(start + size):
            if inner != b"mvhd":
                continue
            file.seek(inner_start + 8)
            version = file.read(1)[0]
            file.read(3)
            if version == 1:
                _created, _modified, timescale, duration = struct.unpack(">QQIQ", file.read(28))
            else:
                _c, _m, timescale, duration = struct.unpack(">IIII", file.read(16))
            return duration / timescale if timescale else None
        return None
    return None
