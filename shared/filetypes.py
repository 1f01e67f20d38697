"""What a file really is, from its first bytes (never from its name or the browser's word)."""

from __future__ import annotations

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
WEBP = "image/webp"
MP4 = "video/mp4"
QUICKTIME = "video/quicktime"

EXTENSIONS = {
    PDF: (".pdf",),
    PNG: (".png",),
    JPEG: (".jpg", ".jpeg"),
    WEBP: (".webp",),
    MP4: (".mp4",),
    QUICKTIME: (".mov",),
}


def sniff(head: bytes) -> str | None:
    """The media type the leading bytes prove, or None when they prove nothing we accept."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    if head[4:8] == b"ftyp":
        return QUICKTIME if head[8:10] == b"qt" else MP4
    return None


def matches_name(media_type: str, filename: str) -> bool:
    """True when the file name's extension agrees with the sniffed type."""
    return filename.lower().endswith(EXTENSIONS.get(media_type, ()))
