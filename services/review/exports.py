"""Exports built from loaded cases: the evidence dossier as a streamed ZIP with its manifest.

The data is read before streaming starts (the request's transaction is over by then); while the
archive streams, only the object store is read, and every file is re-hashed on the way through.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from typing import Any

from shared.storage import CHUNK, EvidenceStore

MANIFEST_FIELDS = (
    "innovation",
    "indicator_no",
    "indicator_name",
    "path",
    "filename",
    "size",
    "sha256",
    "actual_sha256",
    "verified",
    "link_url",
    "nomor_surat",
    "tanggal_surat",
    "tentang",
)


def slug(text: str, *, limit: int = 60) -> str:
    """A readable ASCII path segment: `Regulasi Inovasi Daerah` -> `regulasi-inovasi-daerah`."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    cleaned = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    return cleaned[:limit].rstrip("-") or "berkas"


def safe_filename(name: str) -> str:
    """The file's own name, kept readable but unable to climb out of its folder."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1].strip().lstrip(".")
    ascii_name = unicodedata.normalize("NFKD", base).encode("ascii", "ignore").decode()
    cleaned = re.sub(r"[^A-Za-z0-9._ -]+", "_", ascii_name).strip()
    return cleaned[:120] or "berkas"


@dataclass(frozen=True)
class DossierFile:
    """One evidence item to put into a dossier."""

    indicator_no: int
    indicator_name: str
    filename: str
    object_key: str
    sha256: str
    size: int
    link_url: str | None = None
    nomor_surat: str | None = None
    tanggal_surat: str | None = None
    tentang: str | None = None


@dataclass(frozen=True)
class Dossier:
    """One innovation's files under a folder of the archive (`""` for a single-innovation ZIP)."""

    folder: str
    nama: str
    files: list[DossierFile]


class _Sink(io.RawIOBase):
    """Collects what zipfile writes so the generator can hand it on (an unseekable stream)."""

    def __init__(self) -> None:
        self.buffer = bytearray()

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self.buffer += data
        return len(data)

    def take(self) -> bytes:
        chunk = bytes(self.buffer)
        self.buffer.clear()
        return chunk


def _indicator_folder(file: DossierFile) -> str:
    if file.indicator_no <= 0:
        return "00-profil"
    return f"{file.indicator_no:02d}-{slug(file.indicator_name or f'indikator {file.indicator_no}')}"


def stream_dossiers(store: EvidenceStore, dossiers: list[Dossier]) -> Iterator[bytes]:
    """The ZIP, chunk by chunk: every file under `<folder>/<NN-indicator>/<name>`, then manifest.json
    and manifest.csv with each file's stored SHA-256, the one computed now, and whether they agree."""
    sink = _Sink()
    rows: list[dict[str, Any]] = []
    with zipfile.ZipFile(sink, mode="w", compression=zipfile.ZIP_STORED, allowZip64=True) as archive:
        for dossier in dossiers:
            used: set[str] = set()
            for file in dossier.files:
                row: dict[str, Any] = {
                    "innovation": dossier.nama,
                    **{k: v for k, v in asdict(file).items() if k != "object_key"},
                    "path": "",
                    "actual_sha256": None,
                }
                if not file.object_key:
                    row["verified"] = "link"
                    rows.append(row)
                    continue
                name = safe_filename(file.filename)
                path = "/".join(p for p in (dossier.folder, _indicator_folder(file), name) if p)
                if path in used:
                    stem, dot, ext = name.rpartition(".")
                    name = f"{stem or ext}-{file.sha256[:8]}{dot}{ext if stem else ''}"
                    path = "/".join(p for p in (dossier.folder, _indicator_folder(file), name) if p)
                used.add(path)
                row["path"] = path
                if store.stat(file.object_key) is None:
                    row["verified"] = "missing"
                    rows.append(row)
                    continue
                digest = hashlib.sha256()
                response = store.client.get_object(store.bucket, file.object_key)
                try:
                    with archive.open(zipfile.ZipInfo(path), mode="w", force_zip64=True) as target:
                        for chunk in response.stream(CHUNK):
                            digest.update(chunk)
                            target.write(chunk)
                            if len(sink.buffer) >= CHUNK:
                                yield sink.take()
                finally:
                    response.close()
                    response.release_conn()
                row["actual_sha256"] = digest.hexdigest()
                row["verified"] = "ok" if row["actual_sha256"] == file.sha256 else "mismatch"
                rows.append(row)
                yield sink.take()
        archive.writestr("manifest.json", json.dumps({"files": rows}, ensure_ascii=False, indent=2))
        text = io.StringIO()
        writer = csv.DictWriter(text, fieldnames=MANIFEST_FIELDS, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
        archive.writestr("manifest.csv", text.getvalue())
    yield sink.take()
