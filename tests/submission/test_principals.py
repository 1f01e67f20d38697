"""Who a user account is for the rest of the system."""

from __future__ import annotations

from services.submission.deps import SubmissionRuntime
from services.submission.models import UserAccount
from services.submission.principals import principal_of
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
