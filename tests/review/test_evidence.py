"""Evidence links: each download re-checks the file's SHA-256 against what the OPD submitted."""

from __future__ import annotations

import io
import uuid
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import httpx
import pytest
from fastapi.testclient import TestClient

from services.review.deps import ReviewRuntime
from shared.auth import TokenIssuer
from shared.contracts.review import EvidenceRef
from shared.storage import sha256_of
from tests.review.conftest import Scene
from tests.review.samples import (
    PDF,
    add_person,
    assert_error,
    open_case,
    open_case_message,
    store_evidence,
)


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


class TestEvidenceDownload:
    @pytest.fixture
    def reviewer_headers(
        self, runtime: ReviewRuntime, issuer: TokenIssuer, pemda_id: uuid.UUID
    ) -> dict[str, str]:
        """A reviewer in the directory before the cases open, so they are assigned to them."""
        return add_person(runtime, pemda_id=pemda_id, name="Ani Verifikator", opd_id=uuid.uuid4()).headers(
            issuer
        )

    @pytest.mark.parametrize("who", ["not on the case", "of the innovation's OPD"])
    def test_no_link_for_a_reviewer_who_may_not_see_the_case(
        self, client: TestClient, runtime: ReviewRuntime, issuer: TokenIssuer, pemda_id: uuid.UUID, who: str
    ) -> None:
        message = open_case_message(pemda_id=pemda_id)
        [ref] = message.evidence
        store_evidence(runtime, ref, PDF)
        insider = add_person(runtime, pemda_id=pemda_id, name="Ani Verifikator", opd_id=message.opd_id)
        for name in ("Budi Verifikator", "Citra Verifikator"):  # the case's two reviewers
            add_person(runtime, pemda_id=pemda_id, name=name, opd_id=uuid.uuid4())
        case_id = open_case(runtime, message)
        if who == "not on the case":
            caller = add_person(runtime, pemda_id=pemda_id, name="Dedi Verifikator", opd_id=uuid.uuid4())
        else:
            caller = insider

        response = client.get(
            f"/api/v1/cases/{case_id}/evidence/{ref.evidence_id}", headers=caller.headers(issuer)
        )

        assert_error(response, 404, "review.case_not_found")
        assert "url" not in response.text

    def test_the_presigned_url_downloads_the_stored_bytes(
        self,
        client: TestClient,
        runtime: ReviewRuntime,
        pemda_id: uuid.UUID,
        reviewer_headers: dict[str, str],
    ) -> None:
        message = open_case_message(pemda_id=pemda_id)
        [ref] = message.evidence
        content = PDF + b"% berkas 1\n"
        store_evidence(runtime, ref, content)
        case_id = open_case(runtime, message)

        response = client.get(f"/api/v1/cases/{case_id}/evidence/{ref.evidence_id}", headers=reviewer_headers)

        assert response.status_code == 200, response.text
        link = response.json()
        assert (link["sha256"], link["filename"], link["expires_in"]) == (ref.sha256, "sk-bupati.pdf", 300)
        assert "X-Amz-Signature=" in link["url"]
        download = httpx.get(link["url"], timeout=10)
        assert download.status_code == 200
        assert download.content == content
        assert 'filename="sk-bupati.pdf"' in download.headers["content-disposition"]

    def test_a_tampered_signature_is_refused_by_the_storage(
        self,
        client: TestClient,
        runtime: ReviewRuntime,
        pemda_id: uuid.UUID,
        reviewer_headers: dict[str, str],
    ) -> None:
        message = open_case_message(pemda_id=pemda_id)
        [ref] = message.evidence
        store_evidence(runtime, ref, PDF + b"% berkas 1\n")
        case_id = open_case(runtime, message)
        url = client.get(
            f"/api/v1/cases/{case_id}/evidence/{ref.evidence_id}", headers=reviewer_headers
        ).json()["url"]

        parts = urlsplit(url)
        query = dict(parse_qsl(parts.query))
        signature = query["X-Amz-Signature"]
        query["X-Amz-Signature"] = ("0" if signature[0] != "0" else "1") + signature[1:]
        tampered = urlunsplit(parts._replace(query=urlencode(query)))

        assert httpx.get(url, timeout=10).status_code == 200
        assert httpx.get(tampered, timeout=10).status_code == 403

    def test_evidence_that_is_not_in_the_case_is_not_found(
        self,
        client: TestClient,
        runtime: ReviewRuntime,
        pemda_id: uuid.UUID,
        reviewer_headers: dict[str, str],
    ) -> None:
        case_id = open_case(runtime, open_case_message(pemda_id=pemda_id))

        response = client.get(f"/api/v1/cases/{case_id}/evidence/{uuid.uuid4()}", headers=reviewer_headers)

        assert_error(response, 404, "review.evidence_not_found")

    def test_evidence_of_another_pemdas_case_is_not_found(
        self, client: TestClient, runtime: ReviewRuntime, reviewer_headers: dict[str, str]
    ) -> None:
        message = open_case_message(pemda_id=uuid.uuid4())
        case_id = open_case(runtime, message)

        response = client.get(
            f"/api/v1/cases/{case_id}/evidence/{message.evidence[0].evidence_id}", headers=reviewer_headers
        )

        assert_error(response, 404, "review.case_not_found")
