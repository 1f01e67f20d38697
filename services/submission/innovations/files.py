"""What an evidence file is: its type against what is accepted, a PDF's active content, a video's length.

The API process only sniffs the type and reads a video's header; a PDF is parsed once, by the one
inspector below (`pdf_flags`, pikepdf), in the worker after the file is stored. A PDF that runs
scripts or programs, or that cannot be read, is refused there (`REFUSED_PDF_FLAGS`); the other flags
are kept for reviewers.
"""

from __future__ import annotations

import io
import struct
from typing import IO

import pikepdf
from mutagen import MutagenError
from mutagen.mp4 import MP4

from services.submission.innovations.core import EvidenceMeta
from services.submission.messages import KIND_LABELS
from shared import filetypes
from shared.contracts.catalogue import EVIDENCE_TYPES
from shared.errors import AppError
from shared.i18n import current_language, translate
from shared.storage import SpooledUpload


class UnsupportedMediaType(AppError):
    status_code = 415


class EmptyFile(UnsupportedMediaType, code="evidence.empty"): ...


class SlotWrongKind(UnsupportedMediaType, code="evidence.slot_wrong_kind"): ...


class WrongKind(UnsupportedMediaType, code="evidence.wrong_kind"): ...


class NameMismatch(UnsupportedMediaType, code="evidence.name_mismatch"): ...


class VideoTooLong(UnsupportedMediaType, code="evidence.video_too_long"): ...


MAX_VIDEO_SECONDS = 5 * 60


def _kind_label(kind: str) -> str:
    return KIND_LABELS[kind][current_language.get()]


def _actual_label(media_type: str | None) -> str:
    return media_type or translate("evidence.unknown_type")


def check_evidence_file(upload: SpooledUpload, *, meta: EvidenceMeta, kind: str) -> str:
    """The sniffed media type, or 415 saying what is accepted."""
    if upload.size == 0:
        raise EmptyFile()
    actual = filetypes.sniff(upload.head)
    accepted = EVIDENCE_TYPES[kind]
    if actual not in accepted:
        if meta.slot:
            raise SlotWrongKind(
                slot=meta.slot,
                accepts=_kind_label(kind),
                filename=meta.filename,
                actual=_actual_label(actual),
            )
        raise WrongKind(
            indicator_no=meta.indicator_no,
            accepts=_kind_label(kind),
            filename=meta.filename,
            actual=_actual_label(actual),
        )
    if not filetypes.matches_name(actual, meta.filename):
        raise NameMismatch(filename=meta.filename, actual=actual)
    if actual in (filetypes.MP4, filetypes.QUICKTIME):
        seconds = media_duration_seconds(upload.file)
        upload.file.seek(0)
        if seconds is not None and seconds > MAX_VIDEO_SECONDS:
            raise VideoTooLong(filename=meta.filename, seconds=int(seconds))
    return actual


# Names whose presence is worth a reviewer's attention, and the flag each one raises.
PDF_MARKERS = {
    "/JS": "pdf_javascript",
    "/JavaScript": "pdf_javascript",
    "/Launch": "pdf_launch_action",
    "/AA": "pdf_additional_actions",
    "/EmbeddedFile": "pdf_embedded_file",
    "/EmbeddedFiles": "pdf_embedded_file",
}
PDF_ACTIONS = ("/Launch", "/JavaScript")  # action types (`/S`) flagged like the names above
# What makes a PDF refused at once: it runs code or programs, or nothing can tell what it does.
REFUSED_PDF_FLAGS = frozenset({"pdf_javascript", "pdf_launch_action", "pdf_unparseable"})
MAX_OBJECTS = 200_000
MAX_DEPTH = 32


def pdf_flags(content: bytes) -> set[str]:
    """Parse a PDF with pikepdf (in the worker, never in the API process) and flag what it can do:
    scripts, launch, open and additional actions, embedded files, encryption, an unreadable file."""
    try:
        pdf = pikepdf.open(io.BytesIO(content))
    except pikepdf.PasswordError:
        return {"pdf_encrypted"}
    except pikepdf.PdfError:
        return {"pdf_unparseable"}
    flags: set[str] = set()
    with pdf:
        if pdf.is_encrypted:
            flags.add("pdf_encrypted")
        for count, obj in enumerate(pdf.objects):
            if count > MAX_OBJECTS:
                flags.add("pdf_too_complex")
                break
            _scan(obj, flags, depth=0)
    return flags


def _scan(obj: object, flags: set[str], *, depth: int) -> None:
    """Look at a dictionary's keys and action type, and into its direct (inline) values."""
    if depth > MAX_DEPTH:
        return
    if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
        for key in obj.keys():  # noqa: SIM118 - pikepdf objects are not plain dicts
            if key in PDF_MARKERS:
                flags.add(PDF_MARKERS[key])
            value = obj.get(key)
            if key == "/OpenAction" and _runs_something(value):
                # Only a script or a launch on opening counts: most exporters set the view
                # (`[page /FitH top]`), which is harmless (the false alarm of issue 16).
                flags.add("pdf_open_action")
            if _direct_container(value):
                _scan(value, flags, depth=depth + 1)
        subtype = obj.get("/S")
        if subtype is not None and str(subtype) in PDF_ACTIONS:
            flags.add(PDF_MARKERS[str(subtype)])
    elif isinstance(obj, pikepdf.Array):
        for value in obj:
            if _direct_container(value):
                _scan(value, flags, depth=depth + 1)


def _runs_something(action: object) -> bool:
    """Whether an `/OpenAction` value is a JavaScript or Launch action (not a destination to show)."""
    if not isinstance(action, pikepdf.Dictionary):
        return False
    subtype = action.get("/S")
    return subtype is not None and str(subtype) in PDF_ACTIONS


def _direct_container(value: object) -> bool:
    """An inline dictionary or array (indirect objects are scanned on their own)."""
    return isinstance(value, pikepdf.Dictionary | pikepdf.Array) and not value.is_indirect


def media_duration_seconds(file: IO[bytes]) -> float | None:
    """An MP4/MOV's duration as mutagen reads it from the movie header, or None when it cannot be read."""
    file.seek(0)
    try:
        info = MP4(file).info  # type: ignore[no-untyped-call]  # mutagen has no annotations here
    except (MutagenError, ValueError, struct.error):
        return None
    return float(info.length) if info is not None else None
