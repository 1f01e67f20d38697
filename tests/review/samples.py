"""Messages shaped like the ones submission sends, and a way to open cases from them."""

from __future__ import annotations

import io
import uuid
from datetime import timedelta

from services.review import service
from services.review.deps import ReviewRuntime
from shared.contracts.review import EvidenceRef, InnovationSnapshot, OpenReviewCase
from shared.db import utc_now
from shared.storage import sha256_of

PDF = (
    b"%PDF-1.4\n1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj\n"
    b"2 0 obj <</Type /Pages /Kids [] /Count 0>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n"
)


def evidence_ref(
    *,
    pemda_id: uuid.UUID,
    period_id: uuid.UUID,
    innovation_id: uuid.UUID,
    content: bytes = PDF,
    indicator_no: int = 1,
    filename: str = "sk-bupati.pdf",
) -> EvidenceRef:
    sha256 = sha256_of(content)
    return EvidenceRef(
        evidence_id=uuid.uuid4(),
        indicator_no=indicator_no,
        object_key=f"{pemda_id}/{period_id}/{innovation_id}/{indicator_no:02d}/{sha256}",
        sha256=sha256,
        size=len(content),
        content_type="application/pdf",
        filename=filename,
    )


def open_case_message(
    *,
    pemda_id: uuid.UUID,
    innovation_id: uuid.UUID | None = None,
    period_id: uuid.UUID | None = None,
    version: int = 1,
    evidence_count: int = 1,
    nama: str = "Sistem Antrean Puskesmas Daring",
    minutes_ago: int = 5,
) -> OpenReviewCase:
    innovation_id = innovation_id or uuid.uuid4()
    period_id = period_id or uuid.uuid4()
    evidence = tuple(
        evidence_ref(
            pemda_id=pemda_id,
            period_id=period_id,
            innovation_id=innovation_id,
            content=PDF + f"% berkas {n}\n".encode(),
            indicator_no=n,
        )
        for n in range(1, evidence_count + 1)
    )
    return OpenReviewCase(
        innovation_id=innovation_id,
        version=version,
        pemda_id=pemda_id,
        opd_id=uuid.uuid4(),
        period_id=period_id,
        submitted_at=utc_now() - timedelta(minutes=minutes_ago),
        snapshot=InnovationSnapshot(nama=nama, tahapan="penerapan", jenis="digital"),
        evidence=evidence,
    )


def redelivered(message: OpenReviewCase, *, new_id: bool = False) -> OpenReviewCase:
    """The same message again, or (new_id) a second message about the same version."""
    return OpenReviewCase.model_validate(
        {**message.to_payload(), **({"message_id": str(uuid.uuid4())} if new_id else {})}
    )


def open_case(runtime: ReviewRuntime, message: OpenReviewCase) -> uuid.UUID:
    """Deliver `message` as the task would (one committed unit of work); the case id."""
    with runtime.db.unit_of_work() as uow:
        return service.open_case(uow, message=message).id


def store_evidence(runtime: ReviewRuntime, ref: EvidenceRef, content: bytes) -> None:
    """Put the file where submission would have stored it."""
    runtime.store.put(
        ref.object_key,
        io.BytesIO(content),
        length=len(content),
        content_type=ref.content_type,
        sha256=ref.sha256,
    )
