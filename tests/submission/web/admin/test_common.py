"""Every admin page: who may open it, the sub-navigation, and every text in both languages."""

from __future__ import annotations

import re
import uuid
from datetime import datetime

import pytest
from fastapi.testclient import TestClient

from services.submission.deps import SubmissionRuntime, holder
from services.submission.models import Opd
from services.submission.web import messages  # noqa: F401 - registers the texts
from services.submission.web.admin.common import AdminForm, Checked, Choice, LocalMoment, RequiredChoice
from shared.auth import Principal, Role
from shared.webui.forms import FormInvalid, field_messages, read_form
from tests.pages import login_browser, submit_form
from tests.submission.conftest import Tenant
from tests.submission.test_accounts import count
from tests.submission.web.admin.support import browser_login

ADMIN_PAGES = (
    "/admin/periods",
    "/admin/opds",
    "/admin/users",
    "/admin/catalogue",
    "/admin/compliance",
    "/admin/audit",
)


class TestAccess:
    @pytest.mark.parametrize("path", ADMIN_PAGES)
    def test_nobody_logged_in_goes_to_the_login_page_and_back(self, client: TestClient, path: str) -> None:
        response = client.get(path, follow_redirects=False)
        assert response.status_code == 303
        assert "/login?next=" in response.headers["location"]
        assert path.replace("/", "%2F") in response.headers["location"]

    @pytest.mark.parametrize("path", ADMIN_PAGES)
    def test_an_operator_gets_a_403_page(self, client: TestClient, tenant: Tenant, path: str) -> None:
        browser_login(client, tenant.operator)
        page = client.get(path)
        assert page.status_code == 403
        assert "Traceback" not in page.text
        assert "Menu administrasi" not in page.text

    def test_a_reviewer_cannot_post_either(
        self, client: TestClient, tenant: Tenant, runtime: SubmissionRuntime
    ) -> None:
        browser_login(client, tenant.reviewer)
        response = submit_form(client, "/admin/opds", {"name": "Dinas Siluman", "kind": "dinas"})
        assert response.status_code == 403
        assert count(runtime, Opd) == 2

    @pytest.mark.parametrize("path", ADMIN_PAGES)
    def test_an_admin_without_a_pemda_gets_a_403_page(self, client: TestClient, path: str) -> None:
        nobody = Principal(
            user_id=uuid.uuid4(), pemda_id=None, opd_id=None, role=Role.admin, name="Tanpa Pemda"
        )
        login_browser(client, holder.get().issuer.issue(nobody))
        page = client.get(path)
        assert page.status_code == 403
        assert "Menu administrasi" not in page.text
        assert (
            submit_form(client, "/admin/opds", {"name": "Dinas Siluman", "kind": "dinas"}).status_code == 403
        )

    @pytest.mark.parametrize("path", ADMIN_PAGES)
    def test_every_admin_page_has_the_sub_navigation(self, admin: TestClient, path: str) -> None:
        page = admin.get(path)
        assert page.status_code == 200, page.text
        assert 'aria-label="Menu administrasi"' in page.text
        for target in ADMIN_PAGES:
            assert f'href="{target}"' in page.text
        assert f'href="{path}" aria-current="page"' in page.text
        assert 'name="csrf_token"' in page.text or path in ("/admin/catalogue", "/admin/audit")


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_every_admin_page_speaks_english_with_no_text_missing(admin: TestClient, path: str) -> None:
    admin.cookies.set("gi_lang", "en")
    page = admin.get(path)
    assert page.status_code == 200
    assert 'aria-label="Administration menu"' in page.text
    missing = re.findall(r"\b(?:admin|showcase|period|account)\.[a-z_]+(?:\.[a-z_]+)*", page.text)
    assert missing == []


class Sample(AdminForm):
    when: LocalMoment
    opd: RequiredChoice
    parent: Choice
    ticked: Checked


class TestFormTypes:
    def test_fields_left_out_count_as_empty(self) -> None:
        form = read_form(Sample, {"opd": str(uuid.UUID(int=7)), "when": " 2031-04-01T08:00 "})
        assert form == Sample(
            opd=uuid.UUID(int=7), when=datetime.fromisoformat("2031-04-01T08:00"), parent=None, ticked=False
        )

    def test_each_unreadable_field_gets_its_own_message_in_the_pages_words(self) -> None:
        with pytest.raises(FormInvalid) as info:
            read_form(Sample, {"when": "besok", "opd": "", "parent": "bukan-id", "ticked": "1"})
        errors = field_messages(info.value, ("when", "opd", "parent"))
        assert "besok" in errors["when"]
        assert "tidak sah" in errors["when"]
        assert errors["opd"] == errors["parent"] == "Pilih salah satu dari daftar."
        assert errors["__all__"].startswith("Formulir belum bisa disimpan")
