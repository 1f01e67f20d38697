"""The audit log's helpers."""

from __future__ import annotations

from sqlalchemy import select

from services.submission import audit
from services.submission.deps import SubmissionRuntime
from services.submission.models import AuditEntry
from tests.submission.conftest import Tenant


class TestRecordRow:
    def test_an_entry_about_a_row_is_keyed_on_its_id_and_its_pemda_with_only_what_changed(
        self, runtime: SubmissionRuntime, tenant: Tenant
    ) -> None:
        with runtime.db.unit_of_work() as uow:
            entry = audit.record_row(
                uow.session,
                "opd",
                tenant.opd,
                actor=None,
                action="rename",
                before={"name": "Dinkes", "kind": "dinas"},
                after={"name": "Dinas Kesehatan", "kind": "dinas"},
            )
            uow.session.flush()
            entry_id = entry.id
        with runtime.db.unit_of_work() as uow:
            stored = uow.session.scalars(select(AuditEntry).where(AuditEntry.id == entry_id)).one()
            assert (stored.entity, stored.entity_id, stored.pemda_id) == (
                "opd",
                tenant.opd.id,
                tenant.pemda.id,
            )
            assert (stored.actor_name, stored.action) == ("system", "rename")
            assert (stored.before, stored.after) == ({"name": "Dinkes"}, {"name": "Dinas Kesehatan"})
