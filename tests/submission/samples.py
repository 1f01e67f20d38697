"""Small files shaped like what OPDs upload."""

from __future__ import annotations

import io
import struct
from collections.abc import Callable
from typing import Any

import pikepdf


def real_pdf(change: Callable[[pikepdf.Pdf], None] | None = None, **save: Any) -> bytes:
    """A one-page PDF that pikepdf reads, changed by `change` before it is saved."""
    document = pikepdf.new()
    document.add_blank_page()
    if change is not None:
        change(document)
    out = io.BytesIO()
    document.save(out, **save)
    return out.getvalue()


def _open_script(document: pikepdf.Pdf) -> None:
    document.Root.OpenAction = pikepdf.Dictionary(
        S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)")
    )


PDF = real_pdf()
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 64


def pdf_of_size(size: int) -> bytes:
    """A PDF-looking file of exactly `size` bytes."""
    return (PDF + b"%" * size)[:size]


PDF_WITH_SCRIPT = real_pdf(_open_script)
ENCRYPTED_PDF = real_pdf(encryption=pikepdf.Encryption(owner="eigenaar", user="rahasia"))


def mp4_of_seconds(seconds: int, timescale: int = 1000) -> bytes:
    """A tiny MP4 whose movie header says it lasts `seconds`."""
    ftyp = struct.pack(">I4s4sI4s", 20, b"ftyp", b"isom", 0x200, b"isom")
    mvhd_body = bytes(4) + struct.pack(">IIII", 0, 0, timescale, seconds * timescale) + bytes(80)
    mvhd = struct.pack(">I4s", 8 + len(mvhd_body), b"mvhd") + mvhd_body
    moov = struct.pack(">I4s", 8 + len(mvhd), b"moov") + mvhd
    mdat = struct.pack(">I4s", 8 + 64, b"mdat") + bytes(64)
    return ftyp + mdat + moov
