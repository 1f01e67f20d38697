"""Small files shaped like what OPDs upload."""

from __future__ import annotations

PDF = (
    b"%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n"
    b"2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n"
)
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + b"\x00" * 64


def pdf_of_size(size: int) -> bytes:
    """A PDF-looking file of exactly `size` bytes."""
    return (PDF + b"%" * size)[:size]
