"""The compliance board and its one-click reminder (never twice on a double click)."""

from __future__ import annotations

from datetime import timedelta

from fastapi.testclient import TestClient

from services.submission import periods, principals
from services.submission.deps import SubmissionRuntime
from services.submission.models import Period, UserAccount
from shared.auth import Principal
from shared.db import utc_now
from tests.pages import submit_form
from tests.submission.conftest import Tenant, seed_tenant
from tests.submission.web.admin.support import browser_login, notices


class TestCompliance:
    def _board(self, admin: TestClient) -> str:
        page = admin.get("/admin/compliance")
        assert page.status_code == 200
        return str(page.text)

    def test_the_board_lists_opds_that_have_not_sent(self, admin: TestClient, tenant: Tenant) -> None:
        text = self._board(admin)
        assert "0 dari 2 OPD sudah mengirim" in text
        assert "Belum mengirim (2 OPD)" in text
        assert f'aria-label="Ingatkan {tenant.opd.name}"' in text
        assert f'aria-label="Ingatkan {tenant.other_opd.name}"' in text

    def test_the_automatic_reminders_are_shown_planned_then_sent_in_the_pemdas_zone(
        self, admin: TestClient, runtime: SubmissionRuntime, tenant: Tenant
    ) -> None:
        assert tenant.period is not None
        before = self._board(admin).split('id="jadwal-pengingat"', 1)[1]
        assert "Jadwal pengingat otomatis" in self._board(admin)
        assert before.count("terjadwal") == 6  # two OPDs x D-7, D-3, D-1, none sent yet
        assert "WITA" in before

        with runtime.db.unit_of_work() as uow:
            period = uow.session.get(Period, tenant.period.id)
            assert period is not None
            sent = periods.send_deadline_reminders(uow, now=period.closes_at - timedelta(days=2, hours=12))

        after = self._board(admin).split('id="jadwal-pengingat"', 1)[1]
        assert sent == 1  # the other OPD has nobody to tell: its D-3 stays planned, not "sent"
        assert (after.count("terkirim"), after.count("terjadwal")) == (1, 5)

    def test_remind_an_opd_now_and_not_twice_on_a_double_click(
        self, admin: TestClient, runtime: SubmissionRuntime, tenant: Tenant
    ) -> None:
        assert tenant.period is not None
        form = {"period_id": str(tenant.period.id), "opd_id": str(tenant.opd.id)}
        first = submit_form(admin, "/admin/compliance/remind", form)
        assert first.status_code == 303
        assert "Pengingat dikirim" in admin.get(first.headers["location"]).text
        second = submit_form(admin, "/admin/compliance/remind", form)
        assert second.status_code == 303
        assert "baru saja dikirim" in admin.get(second.headers["location"]).text

        sent = notices(runtime, "period.closing")
        assert len(sent) == 1
        assert {r["email"] for r in sent[0]["recipients"]} == {tenant.operator.email, tenant.head.email}
        assert sent[0]["data"]["opd"] == tenant.opd.name
        assert sent[0]["data"]["period"] == tenant.period.name
        assert sent[0]["data"]["days_left"] in (29, 30)
        # the board shows when the OPD was last reminded; the audit log who did it
        board = self._board(admin)
        assert board.count("WITA") >= 3
        assert "opd · remind" in admin.get("/admin/audit").text

    def test_a_minute_later_the_reminder_goes_again(
        self, admin: TestClient, runtime: SubmissionRuntime, tenant: Tenant
    ) -> None:
        assert tenant.period is not None
        form = {"period_id": str(tenant.period.id), "opd_id": str(tenant.opd.id)}
        submit_form(admin, "/admin/compliance/remind", form)
        principal = accounts_principal(runtime, tenant)
        with runtime.db.unit_of_work() as uow:
            again = periods.remind_opd(
                uow,
                principal=principal,
                period_id=tenant.period.id,
                opd_id=tenant.opd.id,
                now=utc_now() + timedelta(minutes=2),
            )
        assert again.sent is True
        assert len(notices(runtime, "period.closing")) == 2

    def test_an_opd_without_people_gets_a_message_not_a_silent_click(
        self, admin: TestClient, runtime: SubmissionRuntime, tenant: Tenant
    ) -> None:
        assert tenant.period is not None
        page = submit_form(
            admin,
            "/admin/compliance/remind",
            {"period_id": str(tenant.period.id), "opd_id": str(tenant.other_opd.id)},
        )
        assert page.status_code == 409
        assert "belum memiliki operator atau kepala OPD yang aktif" in page.text
        assert notices(runtime, "period.closing") == []

    def test_a_closed_period_is_not_reminded_and_the_board_has_no_button(
        self, admin: TestClient, runtime: SubmissionRuntime, tenant: Tenant
    ) -> None:
        assert tenant.period is not None
        with runtime.db.unit_of_work() as uow:
            period = uow.session.get(Period, tenant.period.id)
            assert period is not None
            period.opens_at = utc_now() - timedelta(days=60)
            period.closes_at = utc_now() - timedelta(days=1)
        board = admin.get("/admin/compliance", params={"period": str(tenant.period.id)}).text
        assert "Ditutup" in board
        assert "Ingatkan" not in board.split("Belum mengirim", 1)[1].split("Sudah mengirim", 1)[0].replace(
            "&#34;Ingatkan&#34;", ""
        )
        page = submit_form(
            admin,
            "/admin/compliance/remind",
            {"period_id": str(tenant.period.id), "opd_id": str(tenant.opd.id)},
        )
        assert page.status_code == 409
        assert "Batas waktu periode ini sudah lewat" in page.text
        assert notices(runtime, "period.closing") == []

    def test_another_pemdas_period_is_not_on_the_board(
        self, admin: TestClient, runtime: SubmissionRuntime, tenant: Tenant
    ) -> None:
        other = seed_tenant(runtime, slug="paser")
        assert other.period is not None
        assert admin.get("/admin/compliance", params={"period": str(other.period.id)}).status_code == 404
        response = submit_form(
            admin,
            "/admin/compliance/remind",
            {"period_id": str(other.period.id), "opd_id": str(other.opd.id)},
        )
        assert response.status_code == 404
        assert notices(runtime, "period.closing") == []

    def test_without_the_csrf_token_no_reminder_goes(
        self, admin: TestClient, runtime: SubmissionRuntime, tenant: Tenant
    ) -> None:
        assert tenant.period is not None
        response = admin.post(
            "/admin/compliance/remind",
            data={"period_id": str(tenant.period.id), "opd_id": str(tenant.opd.id)},
            follow_redirects=False,
        )
        assert response.status_code == 403
        assert notices(runtime, "period.closing") == []

    def test_an_operator_cannot_remind(
        self, client: TestClient, runtime: SubmissionRuntime, tenant: Tenant
    ) -> None:
        assert tenant.period is not None
        browser_login(client, tenant.operator)
        response = submit_form(
            client,
            "/admin/compliance/remind",
            {"period_id": str(tenant.period.id), "opd_id": str(tenant.opd.id)},
        )
        assert response.status_code == 403
        assert notices(runtime, "period.closing") == []


def accounts_principal(runtime: SubmissionRuntime, tenant: Tenant) -> Principal:
    with runtime.session_factory() as session:
        user = session.get(UserAccount, tenant.admin.id)
        assert user is not None
        return principals.principal_of(user)
