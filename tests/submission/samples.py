"""Small files shaped like what OPDs upload."""

from __future__ import annotations

import struct

PDF = (
    b"%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n"
    b"2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n"
)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 64


def pdf_of_size(size: int) -> bytes:
    """A PDF-looking file of exactly `size` bytes."""
    return (PDF + b"%" * size)[:size]


PDF_WITH_SCRIPT = PDF.replace(
    b"/Type /Catalog", b"/Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >>"
)
ENCRYPTED_PDF = PDF.replace(b"trailer <<", b"trailer << /Encrypt 3 0 R")


def mp4_of_seconds(seconds: int, timescale: int = 1000) -> bytes:
    """A tiny MP4 whose movie header says it lasts `seconds`."""
    ftyp = struct.pack(">I4s4sI4s", 20, b"ftyp", b"isom", 0x200, b"isom")
    mvhd_body = bytes(4) + struct.pack(">IIII", 0, 0, timescale, seconds * timescale) + bytes(80)
    mvhd = struct.pack(">I4s", 8 + len(mvhd_body), b"mvhd") + mvhd_body
    moov = struct.pack(">I4s", 8 + len(mvhd), b"moov") + mvhd
    mdat = struct.pack(">I4s", 8 + 64, b"mdat") + bytes(64)
    return ftyp + mdat + moov
