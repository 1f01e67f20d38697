"""Messages the submission service sends to itself (work moved out of the request), and the texts its
rules' errors and reports show to people (id first, then en), registered when this module loads."""

from __future__ import annotations

from pathlib import Path
from uuid import UUID

from shared.contracts import Message
from shared.i18n import Language, load_catalogue, register


class InspectEvidence(Message):
    """Submission -> its worker: scan a stored file for malware; parse a PDF, refuse an active one."""

    task_name = "submission.inspect_evidence"

    evidence_id: UUID


# The rules' texts (errors and reports people read) are in messages.json beside this module.
register(load_catalogue(Path(__file__).with_name("messages.json")))  # type: ignore[arg-type]

# What each kind of evidence is, as told to the operator.
KIND_LABELS: dict[str, dict[Language, str]] = {
    "pdf": {"id": "PDF", "en": "PDF"},
    "pdf_or_image": {"id": "PDF atau gambar (JPEG/PNG)", "en": "PDF or an image (JPEG/PNG)"},
    "image": {"id": "gambar (JPEG/PNG)", "en": "an image (JPEG/PNG)"},
    "video": {
        "id": "video MP4/MOV paling lama 5 menit, atau tautan",
        "en": "an MP4/MOV video of at most 5 minutes, or a link",
    },
}
