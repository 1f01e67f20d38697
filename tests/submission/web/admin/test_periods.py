"""Periods: create, open now, change the deadline, one OPD's extension; each refusal changes nothing."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from fastapi.testclient import TestClient
from sqlalchemy import select

from services.submission import periods
from services.submission.deps import SubmissionRuntime
from services.submission.models import Pemda, Period, PeriodExtension
from shared.db import utc_now
from tests.pages import submit_form
from tests.submission.conftest import Tenant, seed_tenant
from tests.submission.test_accounts import count
from tests.submission.web.admin.support import period_of


class TestPeriods:
    def test_the_list_shows_the_periods_in_the_pemda_zone(self, admin: TestClient, tenant: Tenant) -> None:
        assert tenant.period is not None
        page = admin.get("/admin/periods")
        assert tenant.period.name in page.text
        assert "WITA" in page.text
        assert "Dibuka" in page.text

    def test_create_a_period(self, admin: TestClient, runtime: SubmissionRuntime, tenant: Tenant) -> None:
        year = utc_now().year + 1
        response = submit_form(
            admin,
            "/admin/periods",
            {
                "year": str(year),
                "name": "",
                "opens_at": f"{year}-02-01T08:00",
                "closes_at": f"{year}-05-31T23:59",
                "catalogue_code": "iid-2025",
            },
        )
        assert response.status_code == 303
        period = period_of(runtime, year, tenant)
        assert period is not None
        assert response.headers["location"] == f"/admin/periods/{period.id}"
        # typed in WITA (UTC+8)
        assert period.opens_at.replace(tzinfo=UTC) == datetime(year, 2, 1, 0, 0, tzinfo=UTC)
        assert period.closes_at.replace(tzinfo=UTC) == datetime(year, 5, 31, 15, 59, tzinfo=UTC)
        page = admin.get(response.headers["location"])
        assert "Periode dibuat." in page.text
        assert f"Gelar Inovasi Daerah {year}" in page.text
        assert "Belum dibuka" in page.text

    def test_a_bad_year_keeps_what_was_typed_and_creates_nothing(
        self, admin: TestClient, runtime: SubmissionRuntime
    ) -> None:
        before = count(runtime, Period)
        page = submit_form(
            admin,
            "/admin/periods",
            {
                "year": "dua ribu",
                "name": "Periode Uji",
                "closes_at": "2030-05-31T23:59",
                "catalogue_code": "iid-2025",
            },
        )
        assert page.status_code == 422
        assert "Tahun &#39;dua ribu&#39; tidak sah" in page.text or "Tahun 'dua ribu' tidak sah" in page.text
        assert 'value="dua ribu"' in page.text
        assert 'value="Periode Uji"' in page.text
        assert 'value="2030-05-31T23:59"' in page.text
        assert 'aria-invalid="true"' in page.text
        assert count(runtime, Period) == before

    def test_closing_before_opening_is_refused_with_the_dates_kept(
        self, admin: TestClient, runtime: SubmissionRuntime
    ) -> None:
        before = count(runtime, Period)
        page = submit_form(
            admin,
            "/admin/periods",
            {"year": "2031", "opens_at": "2031-05-01T08:00", "closes_at": "2031-04-01T08:00"},
        )
        assert page.status_code == 422
        assert "Periode harus ditutup setelah dibuka" in page.text
        assert 'value="2031-04-01T08:00"' in page.text
        assert count(runtime, Period) == before

    def test_a_second_period_for_the_same_year_is_refused(
        self, admin: TestClient, runtime: SubmissionRuntime, tenant: Tenant
    ) -> None:
        assert tenant.period is not None
        page = submit_form(admin, "/admin/periods", {"year": str(tenant.period.year), "name": "Lagi"})
        assert page.status_code == 409
        assert f"sudah memiliki periode tahun {tenant.period.year}" in page.text
        assert count(runtime, Period) == 1

    def test_without_the_csrf_token_nothing_is_created(
        self, admin: TestClient, runtime: SubmissionRuntime
    ) -> None:
        response = admin.post("/admin/periods", data={"year": "2032"}, follow_redirects=False)
        assert response.status_code == 403
        assert "Formulir ini sudah kedaluwarsa" in response.text
        assert count(runtime, Period) == 1

    def _upcoming(self, runtime: SubmissionRuntime, tenant: Tenant) -> Period:
        with runtime.db.unit_of_work() as uow:
            pemda = uow.session.get(Pemda, tenant.pemda.id)
            assert pemda is not None
            now = utc_now()
            return periods.create_period(
                uow,
                pemda=pemda,
                data=periods.PeriodInput(
                    year=now.year + 2, opens_at=now + timedelta(days=10), closes_at=now + timedelta(days=90)
                ),
            )

    def test_open_a_period_now(self, admin: TestClient, runtime: SubmissionRuntime, tenant: Tenant) -> None:
        period = self._upcoming(runtime, tenant)
        page = admin.get(f"/admin/periods/{period.id}")
        assert "Buka sekarang" in page.text
        response = submit_form(admin, f"/admin/periods/{period.id}/open")
        assert response.status_code == 303
        opened = period_of(runtime, period.year, tenant)
        assert opened is not None
        assert opened.opens_at <= utc_now() + timedelta(seconds=1)
        page = admin.get(response.headers["location"])
        assert "Periode dibuka sekarang." in page.text
        assert "Buka sekarang" not in page.text

    def test_opening_an_open_period_again_is_refused_and_changes_nothing(
        self, admin: TestClient, runtime: SubmissionRuntime, tenant: Tenant
    ) -> None:
        assert tenant.period is not None
        refused = submit_form(admin, f"/admin/periods/{tenant.period.id}/open")
        assert refused.status_code == 409
        assert tenant.period.name in refused.text
        period = period_of(runtime, tenant.period.year, tenant)
        assert period is not None
        assert period.opens_at == tenant.period.opens_at

    def test_change_the_deadline(self, admin: TestClient, runtime: SubmissionRuntime, tenant: Tenant) -> None:
        assert tenant.period is not None
        year = tenant.period.year
        response = submit_form(
            admin, f"/admin/periods/{tenant.period.id}/deadline", {"closes_at": f"{year + 1}-01-15T17:00"}
        )
        assert response.status_code == 303
        period = period_of(runtime, year, tenant)
        assert period is not None
        assert period.closes_at.replace(tzinfo=UTC) == datetime(year + 1, 1, 15, 9, 0, tzinfo=UTC)
        assert "Batas waktu periode diubah." in admin.get(response.headers["location"]).text

    def test_a_bad_deadline_keeps_the_typed_value_and_changes_nothing(
        self, admin: TestClient, runtime: SubmissionRuntime, tenant: Tenant
    ) -> None:
        assert tenant.period is not None
        before = tenant.period.closes_at
        too_early = submit_form(
            admin, f"/admin/periods/{tenant.period.id}/deadline", {"closes_at": "2001-01-01T00:00"}
        )
        assert too_early.status_code == 422
        assert "Periode harus ditutup setelah dibuka" in too_early.text
        assert 'value="2001-01-01T00:00"' in too_early.text
        garbage = submit_form(admin, f"/admin/periods/{tenant.period.id}/deadline", {"closes_at": "besok"})
        assert garbage.status_code == 422
        assert "tidak sah" in garbage.text
        assert 'value="besok"' in garbage.text
        period = period_of(runtime, tenant.period.year, tenant)
        assert period is not None
        assert period.closes_at == before

    def test_extend_the_deadline_for_one_opd(
        self, admin: TestClient, runtime: SubmissionRuntime, tenant: Tenant
    ) -> None:
        assert tenant.period is not None
        later = (utc_now() + timedelta(days=45)).astimezone(UTC)
        response = submit_form(
            admin,
            f"/admin/periods/{tenant.period.id}/extension",
            {
                "opd_id": str(tenant.other_opd.id),
                "ext_closes_at": later.strftime("%Y-%m-%dT%H:%M"),
                "reason": "Surat permohonan Dinas Pendidikan",
            },
        )
        assert response.status_code == 303
        with runtime.session_factory() as session:
            extension = session.scalar(select(PeriodExtension))
            assert extension is not None
            assert extension.opd_id == tenant.other_opd.id
            assert extension.reason == "Surat permohonan Dinas Pendidikan"
        page = admin.get(response.headers["location"])
        assert "Perpanjangan batas waktu untuk OPD tersimpan." in page.text
        assert "diperpanjang" in page.text

    def test_an_extension_without_reason_or_opd_changes_nothing(
        self, admin: TestClient, runtime: SubmissionRuntime, tenant: Tenant
    ) -> None:
        assert tenant.period is not None
        no_reason = submit_form(
            admin,
            f"/admin/periods/{tenant.period.id}/extension",
            {"opd_id": str(tenant.other_opd.id), "ext_closes_at": "2099-01-01T10:00", "reason": " "},
        )
        assert no_reason.status_code == 422
        assert "Tulis alasan perpanjangan" in no_reason.text
        assert 'value="2099-01-01T10:00"' in no_reason.text
        assert f'<option value="{tenant.other_opd.id}" selected>' in no_reason.text
        no_opd = submit_form(
            admin,
            f"/admin/periods/{tenant.period.id}/extension",
            {"opd_id": "", "ext_closes_at": "2099-01-01T10:00", "reason": "Surat"},
        )
        assert no_opd.status_code == 422
        assert "Pilih salah satu dari daftar" in no_opd.text
        assert count(runtime, PeriodExtension) == 0

    def test_another_pemdas_period_is_not_found(self, admin: TestClient, runtime: SubmissionRuntime) -> None:
        other = seed_tenant(runtime, slug="paser")
        assert other.period is not None
        assert admin.get(f"/admin/periods/{other.period.id}").status_code == 404
        response = submit_form(
            admin, f"/admin/periods/{other.period.id}/deadline", {"closes_at": "2099-01-01T10:00"}
        )
        assert response.status_code == 404
        assert period_of(runtime, other.period.year, other) is not None
        still = period_of(runtime, other.period.year, other)
        assert still is not None
        assert still.closes_at == other.period.closes_at
