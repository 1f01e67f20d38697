"""Evidence links: each download re-checks the file's SHA-256 against what the OPD submitted."""

from __future__ import annotations

import io
import uuid
from typing import Any

from shared.contracts.review import EvidenceRef
from shared.storage import sha256_of
from tests.review.conftest import Scene
from tests.review.samples import PDF, open_case, open_case_message


class TestEvidenceIntegrity:
    def _case_with_stored_bytes(self, scene: Scene, content: bytes | None) -> tuple[uuid.UUID, str]:
        message = open_case_message(pemda_id=scene.pemda_id, period_id=scene.period_id, opd_id=scene.opd_id)
        [ref] = message.evidence
        if content is not None:
            scene.runtime.store.put(
                ref.object_key, io.BytesIO(content), length=len(content), content_type="application/pdf"
            )
        return open_case(scene.runtime, message), str(ref.evidence_id)

    def _link(self, scene: Scene, case_id: uuid.UUID, evidence_id: str, lang: str = "id") -> dict[str, Any]:
        response = scene.client.get(
            f"/api/v1/cases/{case_id}/evidence/{evidence_id}",
            headers=scene.ani.headers(scene.issuer, **{"Accept-Language": lang}),
        )
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    def test_matching_bytes_are_confirmed(self, scene: Scene) -> None:
        case_id, evidence_id = self._case_with_stored_bytes(scene, PDF + b"% berkas 1\n")

        link = self._link(scene, case_id, evidence_id)

        assert (link["integrity"], link["warning"]) == ("ok", None)
        assert link["actual_sha256"] == link["sha256"]

    def test_bytes_that_changed_in_storage_are_flagged_loudly(self, scene: Scene) -> None:
        tampered = PDF + b"% diganti setelah dikirim\n"
        case_id, evidence_id = self._case_with_stored_bytes(scene, tampered)

        link = self._link(scene, case_id, evidence_id)
        english = self._link(scene, case_id, evidence_id, lang="en")

        assert link["integrity"] == "mismatch"
        assert link["actual_sha256"] == sha256_of(tampered) != link["sha256"]
        assert link["warning"].startswith("PERINGATAN: isi berkas TIDAK SAMA")
        assert english["warning"].startswith("WARNING: the file's content DOES NOT MATCH")

    def test_a_missing_object_is_flagged(self, scene: Scene) -> None:
        case_id, evidence_id = self._case_with_stored_bytes(scene, None)

        link = self._link(scene, case_id, evidence_id)

        assert (link["integrity"], link["actual_sha256"]) == ("missing", None)
        assert "tidak ditemukan" in link["warning"]

    def test_a_video_link_is_handed_out_as_it_is(self, scene: Scene) -> None:
        message = open_case_message(pemda_id=scene.pemda_id, period_id=scene.period_id, opd_id=scene.opd_id)
        link = EvidenceRef(
            evidence_id=uuid.uuid4(), indicator_no=4, filename="video", link_url="https://youtu.be/x"
        )
        case_id = open_case(scene.runtime, message.model_copy(update={"evidence": (link,)}))

        body = self._link(scene, case_id, str(link.evidence_id))

        assert (body["url"], body["integrity"], body["warning"]) == ("https://youtu.be/x", "link", None)
