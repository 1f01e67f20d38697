"""Demo innovations of Kutai Kartanegara in different states, with evidence in S3 (idempotent)."""

from __future__ import annotations

import hashlib
import io
import json
import zlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from services.submission import principals, repository
from services.submission.innovations import assessment, core, workflow
from services.submission.innovations import evidence as evidence_rules
from services.submission.innovations import profile as profile_rules
from services.submission.models import Innovation, Jenis, Pemda, Period, Tahapan, UserAccount
from services.submission.schemas import InnovationCreate, InnovationUpdate
from shared.malware import Scanner
from shared.messaging.outbox import UnitOfWork
from shared.storage import EvidenceStore, SpooledUpload


@dataclass(frozen=True)
class DemoInnovation:
    nama: str
    operator: str
    head: str
    state: str  # draft, awaiting_head, submitted, withdrawn
    jenis: Jenis
    urusan: str
    bentuk: str
    tematik: str
    tujuan: str
    manfaat: str
    hasil: str
    steps: tuple[str, ...]


def _load_demo_innovations(path: Path) -> tuple[DemoInnovation, ...]:
    """The demo innovations written in `path` (a JSON list of DemoInnovation fields)."""
    return tuple(
        DemoInnovation(**{**item, "jenis": Jenis(item["jenis"]), "steps": tuple(item["steps"])})
        for item in json.loads(path.read_text(encoding="utf-8"))
    )


DEMO_INNOVATIONS = _load_demo_innovations(Path(__file__).with_name("demo_innovations.json"))
EXTRA_USERS = (
    ("operator.disdik@kukar.demo", "Operator Dinas Pendidikan", "opd_operator", 1, "081234500011"),
    ("kepala.disdik@kukar.demo", "Kepala Dinas Pendidikan", "opd_head", 1, "081234500012"),
    ("reviewer2@kukar.demo", "Rina Verifikator", "reviewer", None, "081234500013"),
    # Every demo OPD has an operator, so the compliance board's "Ingatkan" reaches someone everywhere.
    ("operator.brida@kukar.demo", "Operator BRIDA", "opd_operator", 2, "081234500014"),
    ("operator.tenggarong@kukar.demo", "Operator Kecamatan Tenggarong", "opd_operator", 3, "081234500015"),
)


def demo_pdf(title: str) -> bytes:
    """A small valid one-page PDF that shows `title`."""
    text = title.replace("\\", "").replace("(", "").replace(")", "")[:90]
    stream = zlib.compress(f"BT /F1 14 Tf 40 780 Td ({text}) Tj ET".encode("latin-1", "replace"))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = io.BytesIO(), []
    out.write(b"%PDF-1.4\n")
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def _spooled(content: bytes) -> SpooledUpload:
    return SpooledUpload(
        file=io.BytesIO(content),
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        head=content[:64],
    )


def _rancang_bangun(demo: DemoInnovation) -> str:
    parts = [f"Tahap {n}: {step}." for n, step in enumerate(demo.steps, start=1)]
    text = " ".join(parts)
    filler = (
        "Setiap tahap dirancang bersama warga, petugas layanan dan perangkat daerah terkait, "
        "diuji coba di lokasi percontohan, lalu diperbaiki berdasarkan keluhan dan usulan yang masuk "
        "sebelum diterapkan ke seluruh wilayah Kabupaten Kutai Kartanegara."
    )
    while len(text.split()) < 320:
        text += " " + filler
    return text


def seed_innovations(
    uow: UnitOfWork, *, store: EvidenceStore, scanner: Scanner | None, pemda: Pemda, period: Period
) -> list[str]:
    """Create the demo innovations that do not exist yet; returns what was created."""
    created = []
    for demo in DEMO_INNOVATIONS:
        if repository.find_title(
            uow.session, period_id=period.id, title_key=core.title_key(demo.nama), exclude=None
        ):
            continue
        operator = repository.get_user_by_email(uow.session, demo.operator)
        head = repository.get_user_by_email(uow.session, demo.head)
        if operator is None or head is None:
            continue
        _seed_one(
            uow, store=store, scanner=scanner, demo=demo, operator=operator, head=head, year=period.year
        )
        created.append(f"{demo.nama} ({demo.state})")
    return created


def _seed_one(
    uow: UnitOfWork,
    *,
    store: EvidenceStore,
    scanner: Scanner | None,
    demo: DemoInnovation,
    operator: UserAccount,
    head: UserAccount,
    year: int,
) -> Innovation:
    who = principals.principal_of(operator)
    profile: dict[str, Any] = {
        "inisiator": "opd",
        "nama_inisiator": operator.name.replace("Operator", "").strip(),
        "bentuk": demo.bentuk,
        "tematik": demo.tematik,
        "urusan_utama": demo.urusan,
        "waktu_uji_coba": date(year - 1, 2, 1),
        "waktu_penerapan": date(year - 1, 7, 1),
        "rancang_bangun": _rancang_bangun(demo),
        "tujuan": demo.tujuan,
        "manfaat": demo.manfaat,
        "hasil": demo.hasil,
    }
    innovation, _ = profile_rules.create_innovation(
        uow,
        principal=who,
        data=InnovationCreate(nama=demo.nama, tahapan=Tahapan.penerapan, jenis=demo.jenis),
    )
    profile_rules.update_innovation(
        uow, principal=who, innovation_id=innovation.id, data=InnovationUpdate(**profile)
    )
    if demo.state == "draft":
        assessment.set_answer(
            uow,
            principal=who,
            innovation_id=innovation.id,
            indicator_no=1,
            parameter=1,
            kemanfaatan_basis=None,
        )
        return innovation
    documents = {
        1: (
            "sk-bupati.pdf",
            "SK Bupati Kutai Kartanegara tentang inovasi daerah",
            "188.45/112/HK/" + str(year - 1),
        ),
        2: ("sk-tim.pdf", "SK Tim Pengelola Inovasi", "800/45/SEKRE/" + str(year - 1)),
        3: ("dpa.pdf", "DPA Tahun Anggaran " + str(year), "900/12/KEU/" + str(year)),
        17: ("laporan-penciptaan.pdf", "Laporan penciptaan inovasi", "050/33/REN/" + str(year - 1)),
        18: ("data-manfaat.pdf", "Rekap jumlah penerima manfaat", "050/40/REN/" + str(year)),
    }
    parameters = {1: 3, 2: 2, 3: 2, 17: 3, 18: 3, 20: 2}
    for indicator_no, parameter in parameters.items():
        assessment.set_answer(
            uow,
            principal=who,
            innovation_id=innovation.id,
            indicator_no=indicator_no,
            parameter=parameter,
            kemanfaatan_basis="a" if indicator_no == 18 else None,
        )
    for indicator_no, (filename, tentang, nomor) in documents.items():
        item = evidence_rules.add_evidence(
            uow,
            store=store,
            principal=who,
            innovation_id=innovation.id,
            upload=_spooled(demo_pdf(f"{tentang} - {demo.nama}")),
            meta=core.EvidenceMeta(
                indicator_no=indicator_no,
                filename=filename,
                nomor_surat=nomor,
                tanggal_surat=date(year - 1, 6, 15),
                tentang=tentang,
            ),
        )
        # Scanned now, not by the worker: the demo sends some innovations on at once.
        evidence_rules.scan_item(uow, store=store, scanner=scanner, item=item)
    evidence_rules.add_link(
        uow,
        principal=who,
        innovation_id=innovation.id,
        url="https://www.youtube.com/@pemkabkukar",
        meta=core.EvidenceMeta(indicator_no=20, filename="Video inovasi", tentang=f"Video {demo.nama}"),
    )
    workflow.send_to_head(uow, principal=who, innovation_id=innovation.id)
    if demo.state in ("submitted", "withdrawn"):
        workflow.approve(uow, principal=principals.principal_of(head), innovation_id=innovation.id)
    if demo.state == "withdrawn":
        workflow.withdraw(uow, principal=who, innovation_id=innovation.id)
    return innovation
