"""Who a user account is for the rest of the system (the principal a token carries, a recipient)."""

from __future__ import annotations

import uuid

from services.submission.deps import SubmissionRuntime
from services.submission.models import UserAccount
from services.submission.principals import principal_of, recipient_of
from shared.auth import Role
from tests.submission.conftest import Tenant


class TestPrincipalOf:
    def test_the_principal_carries_the_role_opd_language_and_the_pemdas_time_zone(
        self, runtime: SubmissionRuntime, tenant: Tenant
    ) -> None:
        with runtime.session_factory() as session:
            user = session.get(UserAccount, tenant.operator.id)
            assert user is not None
            user.language = "en"
            principal = principal_of(user)
            timezone = tenant.pemda.timezone
        assert (principal.user_id, principal.pemda_id, principal.opd_id) == (
            tenant.operator.id,
            tenant.pemda.id,
            tenant.opd.id,
        )
        assert (principal.role, principal.language, principal.timezone) == (Role.opd_operator, "en", timezone)

    def test_an_account_outside_a_session_falls_back_to_jakarta_time(self, tenant: Tenant) -> None:
        detached = UserAccount(
            id=tenant.admin.id, pemda_id=tenant.pemda.id, role=Role.admin, name="Admin", language="id"
        )
        principal = principal_of(detached)
        assert (principal.timezone, principal.language, principal.opd_id) == ("Asia/Jakarta", "id", None)


class TestRecipientOf:
    def test_the_recipient_carries_the_contacts_language_and_the_pemdas_time_zone(
        self, tenant: Tenant
    ) -> None:
        user = UserAccount(
            id=tenant.operator.id,
            pemda_id=tenant.pemda.id,
            role=Role.opd_operator,
            name="Sari",
            email="sari@example.test",
            whatsapp="6281234567890",
            whatsapp_opt_in=True,
            language="en",
        )
        recipient = recipient_of(user, tenant.pemda)
        assert (recipient.user_id, recipient.pemda_id, recipient.name, recipient.email) == (
            tenant.operator.id,
            tenant.pemda.id,
            "Sari",
            "sari@example.test",
        )
        assert (recipient.whatsapp, recipient.whatsapp_opt_in) == ("6281234567890", True)
        assert (recipient.language, recipient.timezone) == ("en", tenant.pemda.timezone)

    def test_an_account_without_a_pemda_is_addressed_in_bahasa_on_jakarta_time(self) -> None:
        user = UserAccount(
            id=uuid.uuid4(),
            pemda_id=None,
            role=Role.superadmin,
            name="Super",
            whatsapp_opt_in=False,
            language="fr",
        )
        recipient = recipient_of(user, None)
        assert (recipient.pemda_id, recipient.language, recipient.timezone) == (
            uuid.UUID(int=0),
            "id",
            "Asia/Jakarta",
        )
