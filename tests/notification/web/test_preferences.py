"""The preferences page: each person's channels and timing per category, and their quiet hours."""

from __future__ import annotations

import uuid
from datetime import time

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from services.notification.deps import NotificationRuntime
from services.notification.models import Category, DeliveryMode, Preference, Recipient
from services.notification.web.preferences import PreferencesFields
from shared.auth import Role
from shared.webui.forms import FormInvalid, read_form
from tests.notification.helpers import person
from tests.notification.web.conftest import LoginAs, Notify
from tests.pages import submit_form

URL = "/notifications/preferences"


def saved(
    runtime: NotificationRuntime, user_id: uuid.UUID
) -> dict[Category, tuple[bool, bool, DeliveryMode]]:
    with runtime.session_factory() as session:
        rows = session.scalars(select(Preference).where(Preference.recipient_id == user_id))
        return {p.category: (p.email, p.whatsapp, p.mode) for p in rows}


def quiet(runtime: NotificationRuntime, user_id: uuid.UUID) -> tuple[time | None, time | None]:
    with runtime.session_factory() as session:
        recipient = session.get(Recipient, user_id)
        assert recipient is not None
        return recipient.quiet_start, recipient.quiet_end


# Everything ticked as the defaults are, except what a test changes.
DEFAULTS = {
    "deadlines_email": "1",
    "deadlines_whatsapp": "1",
    "deadlines_mode": "immediate",
    "review_work_email": "1",
    "review_work_whatsapp": "1",
    "review_work_mode": "immediate",
    "decisions_email": "1",
    "decisions_whatsapp": "1",
    "decisions_mode": "immediate",
    "account_whatsapp": "1",
    "quiet_start": "",
    "quiet_end": "",
}


class TestShowing:
    def test_shows_the_defaults_the_contacts_and_why_account_messages_stay_on(
        self, client: TestClient, login_as: LoginAs, notify: Notify
    ) -> None:
        rina = person(whatsapp="081234500001", opt_in=True)
        notify(rina)  # the replica now knows her contacts
        login_as(Role.opd_operator, user_id=rina.user_id, name="Rina Operator")

        page = client.get(URL)

        assert page.status_code == 200
        html = page.text
        assert "Preferensi notifikasi" in html
        assert "rina@dinkes.kukar.demo" in html
        assert "6281234500001" in html
        assert "Bahasa Indonesia" in html
        for category in ("deadlines", "review_work", "decisions"):
            assert f'name="{category}_email" value="1" checked' in html
            assert f'name="{category}_whatsapp" value="1" checked' in html
            assert f'name="{category}_mode" value="immediate" checked' in html
        assert 'name="account_email" value="1" checked disabled' in html
        assert "Pesan akun selalu dikirim segera lewat email dan tidak bisa dimatikan" in html
        assert 'name="account_mode"' not in html  # never put in a digest
        assert "WITA" in html  # quiet hours are in the pemda's zone

    def test_someone_without_whatsapp_opt_in_is_told_email_is_used_instead(
        self, client: TestClient, login_as: LoginAs, notify: Notify
    ) -> None:
        rina = person(opt_in=False)
        notify(rina)
        login_as(Role.opd_operator, user_id=rina.user_id)

        html = client.get(URL).text

        assert "WhatsApp belum bisa dipakai untuk Anda (belum ada persetujuan menerima WhatsApp)" in html

    def test_in_english_when_chosen(self, client: TestClient, login_as: LoginAs) -> None:
        login_as(Role.reviewer)
        client.cookies.set("gi_lang", "en")

        html = client.get(URL).text

        assert "Notification preferences" in html
        assert "Account messages are always sent right away by email" in html

    def test_a_superadmin_is_told_there_is_nothing_to_set(
        self, client: TestClient, login_as: LoginAs
    ) -> None:
        login_as(Role.superadmin, pemda_id=None)

        page = client.get(URL)

        assert page.status_code == 200
        assert "tidak menerima notifikasi pemda" in page.text
        assert 'name="deadlines_email"' not in page.text

    def test_not_logged_in_goes_to_the_login_page(
        self, runtime: NotificationRuntime, client: TestClient
    ) -> None:
        page = client.get(URL, follow_redirects=False)

        assert page.status_code == 303
        login = runtime.settings.common.public_base_url.rstrip("/") + "/login?next="
        assert page.headers["location"].startswith(login)
        assert "notifications%2Fpreferences" in page.headers["location"]


class TestSaving:
    def test_choices_and_quiet_hours_are_saved_with_a_message(
        self, runtime: NotificationRuntime, client: TestClient, login_as: LoginAs
    ) -> None:
        me = login_as(Role.opd_operator).user_id
        form = {**DEFAULTS, "quiet_start": "22:00", "quiet_end": "05:30", "deadlines_mode": "digest"}
        del form["deadlines_whatsapp"]
        del form["decisions_email"]

        response = submit_form(client, URL, form)

        assert response.status_code == 303
        assert response.headers["location"] == URL
        assert saved(runtime, me)[Category.deadlines] == (True, False, DeliveryMode.digest)
        assert saved(runtime, me)[Category.decisions] == (False, True, DeliveryMode.immediate)
        assert quiet(runtime, me) == (time(22, 0), time(5, 30))
        page = client.get(URL).text
        assert "Preferensi notifikasi tersimpan." in page
        assert 'name="deadlines_whatsapp" value="1">' in page  # unticked now
        assert 'name="deadlines_mode" value="digest" checked' in page
        assert 'value="22:00"' in page
        assert 'value="05:30"' in page

    def test_account_email_stays_on_even_if_the_form_leaves_it_out(
        self, runtime: NotificationRuntime, client: TestClient, login_as: LoginAs
    ) -> None:
        me = login_as(Role.opd_operator).user_id
        form = {**DEFAULTS, "account_mode": "digest"}
        del form["account_whatsapp"]

        assert submit_form(client, URL, form).status_code == 303

        assert saved(runtime, me)[Category.account] == (True, False, DeliveryMode.immediate)

    def test_clearing_both_quiet_hours_goes_back_to_the_default(
        self, runtime: NotificationRuntime, client: TestClient, login_as: LoginAs
    ) -> None:
        me = login_as(Role.reviewer).user_id
        submit_form(client, URL, {**DEFAULTS, "quiet_start": "21:00", "quiet_end": "06:00"})

        submit_form(client, URL, DEFAULTS)

        assert quiet(runtime, me) == (None, None)


class TestMistakes:
    def _saved_once(self, runtime: NotificationRuntime, client: TestClient, login_as: LoginAs) -> uuid.UUID:
        me = login_as(Role.opd_operator).user_id
        assert (
            submit_form(client, URL, {**DEFAULTS, "quiet_start": "22:00", "quiet_end": "05:00"}).status_code
            == 303
        )
        return me

    def test_an_unreadable_time_is_shown_with_what_to_do_and_nothing_changes(
        self, runtime: NotificationRuntime, client: TestClient, login_as: LoginAs
    ) -> None:
        me = self._saved_once(runtime, client, login_as)
        before = saved(runtime, me)
        form = {**DEFAULTS, "quiet_start": "25:99", "quiet_end": "06:00", "review_work_mode": "digest"}
        del form["decisions_whatsapp"]

        page = submit_form(client, URL, form)

        assert page.status_code == 422
        html = page.text
        assert "Tulis jam dengan format JJ:MM, misalnya 21:00." in html
        assert 'value="25:99"' in html
        assert 'value="06:00"' in html
        assert 'aria-invalid="true"' in html
        assert 'name="review_work_mode" value="digest" checked' in html
        assert 'name="decisions_whatsapp" value="1">' in html  # still unticked, as the person left it
        assert saved(runtime, me) == before
        assert quiet(runtime, me) == (time(22, 0), time(5, 0))

    def test_only_one_end_of_quiet_hours_is_refused_and_kept(
        self, runtime: NotificationRuntime, client: TestClient, login_as: LoginAs
    ) -> None:
        me = self._saved_once(runtime, client, login_as)
        form = {**DEFAULTS, "quiet_start": "23:15", "quiet_end": "", "deadlines_mode": "digest"}

        page = submit_form(client, URL, form)

        assert page.status_code == 422
        assert "Jam tenang harus diisi keduanya" in page.text
        assert 'value="23:15"' in page.text
        assert 'id="e-quiet_end"' in page.text  # the empty one is marked
        assert quiet(runtime, me) == (time(22, 0), time(5, 0))
        assert saved(runtime, me)[Category.deadlines][2] is DeliveryMode.immediate

    def test_the_same_start_and_end_is_refused(
        self, runtime: NotificationRuntime, client: TestClient, login_as: LoginAs
    ) -> None:
        me = self._saved_once(runtime, client, login_as)

        page = submit_form(client, URL, {**DEFAULTS, "quiet_start": "21:00", "quiet_end": "21:00"})

        assert page.status_code == 422
        assert "Jam mulai dan jam selesai tidak boleh sama" in page.text
        assert quiet(runtime, me) == (time(22, 0), time(5, 0))

    def test_an_unknown_timing_is_refused(
        self, runtime: NotificationRuntime, client: TestClient, login_as: LoginAs
    ) -> None:
        me = self._saved_once(runtime, client, login_as)

        page = submit_form(client, URL, {**DEFAULTS, "decisions_mode": "weekly"})

        assert page.status_code == 422
        assert "Pilih salah satu: segera atau ringkasan harian." in page.text
        assert saved(runtime, me)[Category.decisions] == (True, True, DeliveryMode.immediate)

    def test_a_form_without_the_right_csrf_token_is_refused_and_changes_nothing(
        self, runtime: NotificationRuntime, client: TestClient, login_as: LoginAs
    ) -> None:
        me = self._saved_once(runtime, client, login_as)
        form = {**DEFAULTS, "quiet_start": "20:00", "quiet_end": "04:00", "csrf_token": "forged"}
        del form["deadlines_email"]

        page = client.post(URL, data=form, follow_redirects=False)

        assert page.status_code == 403
        assert quiet(runtime, me) == (time(22, 0), time(5, 0))
        assert saved(runtime, me)[Category.deadlines][0] is True

    def test_saving_without_login_goes_to_the_login_page(
        self, runtime: NotificationRuntime, client: TestClient
    ) -> None:
        page = submit_form(client, URL, DEFAULTS)

        assert page.status_code == 303
        assert "/login?next=" in page.headers["location"]
        with runtime.session_factory() as session:
            assert session.scalars(select(Preference)).first() is None


class TestTheFormModel:
    def test_checkboxes_modes_and_quiet_hours_become_what_is_saved(self) -> None:
        form = read_form(
            PreferencesFields,
            {
                "decisions_email": "on",
                "decisions_mode": "digest",
                "account_mode": "bogus",
                "quiet_start": "21:30",
            },
        )
        chosen = {category: (email, whatsapp, mode) for category, email, whatsapp, mode in form.choices()}
        assert chosen[Category.decisions] == (True, False, DeliveryMode.digest)
        assert chosen[Category.account] == (True, False, DeliveryMode.immediate)  # fixed, whatever is sent
        assert (form.quiet_start, form.quiet_end) == (time(21, 30), None)

    def test_a_bad_mode_and_a_bad_time_are_named_by_their_fields(self) -> None:
        with pytest.raises(FormInvalid) as refused:
            read_form(PreferencesFields, {"deadlines_mode": "sometimes", "quiet_end": "25:00"})
        assert {field: problem.code for field, problem in refused.value.problems.items()} == {
            "deadlines_mode": "notif.prefs.bad_mode",
            "quiet_end": "notif.prefs.bad_time",
        }
