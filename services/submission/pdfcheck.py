"""What a PDF can do when opened: parsed with pikepdf in the worker, never in the API process."""

from __future__ import annotations

import io

import pikepdf

# Names whose presence is worth a reviewer's attention, and the flag each one raises.
ACTION_FLAGS = {
    "/JS": "pdf_javascript",
    "/JavaScript": "pdf_javascript",
    "/Launch": "pdf_launch_action",
    "/OpenAction": "pdf_open_action",
    "/AA": "pdf_additional_actions",
    "/EmbeddedFile": "pdf_embedded_file",
    "/EmbeddedFiles": "pdf_embedded_file",
}
MAX_OBJECTS = 200_000
MAX_DEPTH = 32


def pdf_flags(content: bytes) -> set[str]:
    """Flags for a PDF's active content (scripts, launch and open actions, embedded files)."""
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
            if key in ACTION_FLAGS:
                flags.add(ACTION_FLAGS[key])
            value = obj.get(key)
            if _direct_container(value):
                _scan(value, flags, depth=depth + 1)
        subtype = obj.get("/S")
        if subtype is not None and str(subtype) in ("/Launch", "/JavaScript"):
            flags.add(ACTION_FLAGS[str(subtype)])
    elif isinstance(obj, pikepdf.Array):
        for value in obj:
            if _direct_container(value):
                _scan(value, flags, depth=depth + 1)


def _direct_container(value: object) -> bool:
    """An inline dictionary or array (indirect objects are scanned on their own)."""
    return isinstance(value, pikepdf.Dictionary | pikepdf.Array) and not value.is_indirect
