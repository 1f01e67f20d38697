"""The OPD head's approvals: the list of what waits, reading it, approving, returning with a required note."""

from __future__ import annotations

from fastapi.testclient import TestClient

from services.submission.deps import SubmissionRuntime
from tests.pages import submit_form
from tests.submission.conftest import Tenant
from tests.submission.dossier import complete
from tests.submission.test_api import create_draft
from tests.submission.web.test_opd import as_browser, bearer, innovation


def awaiting(client: TestClient, tenant: Tenant) -> str:
    """A complete innovation the operator sent to the head."""
    operator = bearer(client, tenant.operator.email)
    innovation_id = create_draft(client, operator)
    complete(client, operator, innovation_id)
    sent = client.post(f"/api/v1/innovations/{innovation_id}/send-to-head", headers=operator)
    assert sent.status_code == 200, sent.text
    return innovation_id


class TestApprovalList:
    def test_the_head_sees_what_awaits_approval_and_drafts_are_not_listed(
        self, client: TestClient, tenant: Tenant
    ) -> None:
        waiting = awaiting(client, tenant)
        draft = client.post(
            "/api/v1/innovations",
            json={"nama": "Masih Draf", "tahapan": "inisiatif", "jenis": "digital"},
            headers=bearer(client, tenant.operator.email),
        ).json()["id"]
        as_browser(client, tenant.head.email)
        page = client.get("/opd/approvals")
        assert page.status_code == 200
        assert f'href="/opd/approvals/{waiting}"' in page.text
        assert draft not in page.text
        assert "Pengiriman pertama" in page.text

    def test_an_operator_is_refused_and_nobody_logged_in_goes_to_login(
        self, client: TestClient, tenant: Tenant
    ) -> None:
        anonymous = client.get("/opd/approvals", follow_redirects=False)
        assert anonymous.status_code == 303
        assert "/login" in anonymous.headers["location"]
        as_browser(client, tenant.operator.email)
        assert client.get("/opd/approvals").status_code == 403


class TestDecision:
    def test_the_head_reads_the_dossier_and_approves_it(
        self, client: TestClient, tenant: Tenant, runtime: SubmissionRuntime
    ) -> None:
        innovation_id = awaiting(client, tenant)
        as_browser(client, tenant.head.email)
        page = client.get(f"/opd/approvals/{innovation_id}")
        assert page.status_code == 200
        assert "Skor penilaian mandiri:" in page.text
        assert "bukti-1.pdf" in page.text
        assert f'action="/opd/approvals/{innovation_id}/approve"' in page.text
        done = submit_form(client, f"/opd/approvals/{innovation_id}/approve", {})
        assert done.status_code == 303
        stored = innovation(runtime, innovation_id)
        assert (stored.status.value, stored.version) == ("submitted", 1)
        assert "Disetujui dan dikirim" in client.get(done.headers["location"]).text

    def test_returning_without_a_note_keeps_the_typed_text_and_changes_nothing(
        self, client: TestClient, tenant: Tenant, runtime: SubmissionRuntime
    ) -> None:
        innovation_id = awaiting(client, tenant)
        as_browser(client, tenant.head.email)
        page = submit_form(client, f"/opd/approvals/{innovation_id}/return", {"note": " ok "})
        assert page.status_code == 422
        assert "Tulis catatan untuk operator" in page.text
        assert 'aria-invalid="true"' in page.text
        assert "> ok </textarea>" in page.text
        assert innovation(runtime, innovation_id).status.value == "awaiting_head"

    def test_returning_with_a_note_sends_it_back_and_the_operator_reads_the_note(
        self, client: TestClient, tenant: Tenant, runtime: SubmissionRuntime
    ) -> None:
        innovation_id = awaiting(client, tenant)
        as_browser(client, tenant.head.email)
        done = submit_form(client, f"/opd/approvals/{innovation_id}/return", {"note": "Lengkapi SK Bupati"})
        assert done.status_code == 303
        stored = innovation(runtime, innovation_id)
        assert (stored.status.value, stored.head_note) == ("draft", "Lengkapi SK Bupati")
        as_browser(client, tenant.operator.email)
        page = client.get(f"/opd/innovations/{innovation_id}")
        assert "Dikembalikan oleh Kepala OPD dengan catatan:" in page.text
        assert "Lengkapi SK Bupati" in page.text

    def test_a_forged_form_changes_nothing(
        self, client: TestClient, tenant: Tenant, runtime: SubmissionRuntime
    ) -> None:
        innovation_id = awaiting(client, tenant)
        as_browser(client, tenant.head.email)
        refused = client.post(f"/opd/approvals/{innovation_id}/approve", data={"csrf_token": "palsu"})
        assert refused.status_code == 403
        assert innovation(runtime, innovation_id).status.value == "awaiting_head"

    def test_an_operator_cannot_approve_and_a_decided_one_shows_no_buttons(
        self, client: TestClient, tenant: Tenant, runtime: SubmissionRuntime
    ) -> None:
        innovation_id = awaiting(client, tenant)
        as_browser(client, tenant.operator.email)
        assert submit_form(client, f"/opd/approvals/{innovation_id}/approve", {}).status_code == 403
        as_browser(client, tenant.head.email)
        submit_form(client, f"/opd/approvals/{innovation_id}/approve", {})
        again = submit_form(client, f"/opd/approvals/{innovation_id}/approve", {})
        assert again.status_code == 409
        assert "tidak menunggu persetujuan" in again.text
        assert f'action="/opd/approvals/{innovation_id}/approve"' not in again.text
