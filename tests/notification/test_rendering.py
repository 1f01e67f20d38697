"""Templates: every event in both languages, on both channels, with the event's data in it."""

from __future__ import annotations

import pytest

from services.notification.links import with_links
from services.notification.models import Notification, Recipient
from services.notification.rendering import (
    TemplateMissing,
    list_templates,
    notification_email,
    notification_whatsapp,
    render_email,
    render_whatsapp,
)
from services.notification.samples import SAMPLE_BASE_URLS, SAMPLE_DATA
from shared.contracts.notification import EVENT_TYPES

DATA = {"nama": "Posyandu Digital", "version": 2, "pemda": "Kabupaten Kutai Kartanegara", "note": ""}
SUBJECT_WORDS = {
    ("account.invited", "id"): "Undangan",
    ("account.invited", "en"): "Invitation",
    ("account.password_reset", "id"): "kata sandi",
    ("account.password_reset", "en"): "password",
    ("innovation.sent_to_head", "id"): "menunggu persetujuan",
    ("innovation.sent_to_head", "en"): "awaits your approval",
    ("innovation.returned_by_head", "id"): "dikembalikan",
    ("innovation.returned_by_head", "en"): "returned",
    ("innovation.submitted", "id"): "dikirim",
    ("innovation.submitted", "en"): "submitted",
    ("reviewer.assigned", "id"): "Tugas verifikasi",
    ("reviewer.assigned", "en"): "review assignment",
    ("review.due_soon", "id"): "2 hari",
    ("review.due_soon", "en"): "2 days",
    ("review.overdue", "id"): "melewati batas waktu",
    ("review.overdue", "en"): "overdue",
    ("review.escalated", "id"): "Eskalasi",
    ("review.escalated", "en"): "Escalation",
    ("innovation.revision_requested", "id"): "perlu diperbaiki",
    ("innovation.revision_requested", "en"): "needs revision",
    ("innovation.revision_deadline_soon", "id"): "batas waktu perbaikan",
    ("innovation.revision_deadline_soon", "en"): "revision deadline",
    ("innovation.accepted", "id"): "diterima",
    ("innovation.accepted", "en"): "accepted",
    ("innovation.rejected", "id"): "tidak diterima",
    ("innovation.rejected", "en"): "not accepted",
    ("period.opened", "id"): "telah dibuka",
    ("period.opened", "en"): "is open",
    ("period.closing", "id"): "3 hari lagi",
    ("period.closing", "en"): "3 days",
    ("digest.admin_daily", "id"): "Ringkasan harian",
    ("digest.admin_daily", "en"): "Daily summary",
}


class TestEveryEventHasEveryTemplate:
    def test_email_and_whatsapp_in_indonesian_and_english(self) -> None:
        listed = list_templates(EVENT_TYPES)

        missing = [t.name for t in listed if not t.exists]
        assert missing == []
        assert len(listed) == len(EVENT_TYPES) * 2 * 2

    def test_every_event_has_sample_data_for_previews(self) -> None:
        assert set(SAMPLE_DATA) == set(EVENT_TYPES)


class TestEveryTemplateRenders:
    @pytest.mark.parametrize("language", ["id", "en"])
    @pytest.mark.parametrize("event_type", EVENT_TYPES)
    def test_email_names_the_person_and_the_event(self, event_type: str, language: str) -> None:
        email = render_email(event_type, SAMPLE_DATA[event_type], recipient_name="Rina", language=language)

        assert SUBJECT_WORDS[(event_type, language)].lower() in email.subject.lower()
        assert "\n" not in email.subject
        for text in (email.text, email.html):
            assert "Rina" in text
            assert "Kabupaten Kutai Kartanegara" in text
        assert email.html.startswith("<!doctype html>")
        assert f'<html lang="{language}">' in email.html
        assert "{{" not in email.text + email.html

    @pytest.mark.parametrize("event_type", EVENT_TYPES)
    def test_whatsapp_has_text_and_an_approved_template_in_both_languages(self, event_type: str) -> None:
        rendered = {
            language: render_whatsapp(
                event_type, SAMPLE_DATA[event_type], recipient_name="Rina", language=language
            )
            for language in ("id", "en")
        }

        for language, message in rendered.items():
            assert "Rina" in message.text
            assert message.template_name.startswith("gi_")
            assert message.template_language == language
            assert message.template_params[0] == "Rina"
            assert all(p and "\n" not in p for p in message.template_params)
        # One Meta template, approved in two languages with the same parameters.
        assert rendered["id"].template_name == rendered["en"].template_name
        assert len(rendered["id"].template_params) == len(rendered["en"].template_params)
        assert rendered["id"].text != rendered["en"].text


class TestRevisionRequested:
    def test_lists_every_indicator_note_and_the_deadline_in_the_pemdas_zone(self) -> None:
        data = SAMPLE_DATA["innovation.revision_requested"]

        email = render_email(
            "innovation.revision_requested",
            data,
            recipient_name="Rina",
            language="id",
            timezone="Asia/Makassar",
        )
        whatsapp = render_whatsapp(
            "innovation.revision_requested",
            data,
            recipient_name="Rina",
            language="id",
            timezone="Asia/Makassar",
        )

        # Each reviewer's note under their number in the case, never glued together.
        assert (
            "- Indikator 1 (Regulasi inovasi daerah):\n"
            "  Penilai 1: SK belum ditandatangani.\n"
            "  Penilai 2: Lampiran SK tidak terbaca.\n"
            "- Indikator 20 (Video inovasi): Durasi video lebih dari 5 menit.\n"
        ) in email.text
        assert (
            "<li>Indikator 1 (Regulasi inovasi daerah):<br>Penilai 1: SK belum ditandatangani.<br>"
            "Penilai 2: Lampiran SK tidak terbaca.</li>"
        ) in email.html
        assert "<li>Indikator 20 (Video inovasi): Durasi video lebih dari 5 menit.</li>" in email.html
        assert "Batas waktu perbaikan: 10 Desember 2026 pukul 16.00 WITA" in email.text
        assert "- Indikator 1: Penilai 1: SK belum ditandatangani. · Penilai 2: Lampiran SK" in whatsapp.text
        assert "- Indikator 20: Durasi video lebih dari 5 menit." in whatsapp.text
        assert whatsapp.template_params[-1] == "10 Desember 2026 pukul 16.00 WITA"

    def test_the_coordinators_ruling_is_named_as_such(self) -> None:
        item = {"indicator_no": 3, "name": "", "notes": [{"reviewer_no": None, "note": "Diputuskan: 2."}]}
        data = {**SAMPLE_DATA["innovation.revision_requested"], "indicator_notes": [item]}

        email = render_email("innovation.revision_requested", data, recipient_name="R", language="en")

        assert "- Indicator 3: Review coordinator: Diputuskan: 2." in email.text


class TestAdminDailyDigest:
    def test_every_opd_with_its_counts_and_those_without_a_submission_marked(self) -> None:
        data = SAMPLE_DATA["digest.admin_daily"]

        email = render_email("digest.admin_daily", data, recipient_name="Admin", language="id")
        whatsapp = render_whatsapp("digest.admin_daily", data, recipient_name="Admin", language="id")

        assert "- Dinas Kesehatan: 2 draf, 3 dikirim, 1 diterima" in email.text
        assert "- Kecamatan Tenggarong: 0 draf, 0 dikirim, 0 diterima (belum mengirim)" in email.text
        assert whatsapp.template_params == ("Admin", "Gelar Inovasi Daerah 2027", "2", "1")


class TestReviewerNote:
    def test_the_note_is_shown_when_there_is_one(self) -> None:
        data = {**DATA, "note": "Lengkapi SK inovasi pada indikator 3."}

        email = render_email("innovation.revision_requested", data, recipient_name="Rina", language="id")
        whatsapp = render_whatsapp(
            "innovation.revision_requested", data, recipient_name="Rina", language="id"
        )

        assert "Catatan verifikator: Lengkapi SK inovasi pada indikator 3." in email.text
        assert "Catatan verifikator: Lengkapi SK inovasi pada indikator 3." in whatsapp.text

    def test_no_empty_note_line_without_one(self) -> None:
        email = render_email("innovation.rejected", DATA, recipient_name="Rina", language="id")

        assert "Catatan" not in email.text
        assert "Catatan" not in email.html

    def test_a_note_over_several_lines_stays_one_template_parameter(self) -> None:
        data = {**DATA, "note": "Baris satu.\n\nBaris   dua."}

        whatsapp = render_whatsapp("innovation.rejected", data, recipient_name="Rina", language="id")

        assert whatsapp.template_params == ("Rina", "Posyandu Digital", "2", "Baris satu. Baris dua.")


class TestUntrustedData:
    def test_html_is_escaped_in_the_html_part_only(self) -> None:
        data = {**DATA, "nama": "Sehat <script>alert(1)</script> & Cepat"}

        email = render_email("innovation.accepted", data, recipient_name="Rina", language="id")

        assert "<script>" not in email.html
        assert "Sehat &lt;script&gt;alert(1)&lt;/script&gt; &amp; Cepat" in email.html
        assert "Sehat <script>alert(1)</script> & Cepat" in email.text

    def test_template_syntax_in_data_is_not_run(self) -> None:
        data = {**DATA, "nama": "{{ 7 * 7 }} {% for x in range(3) %}x{% endfor %}"}

        whatsapp = render_whatsapp("innovation.submitted", data, recipient_name="Rina", language="id")

        assert "{{ 7 * 7 }}" in whatsapp.text
        assert "49" not in whatsapp.text

    def test_fields_a_producer_did_not_send_render_empty(self) -> None:
        whatsapp = render_whatsapp(
            "innovation.accepted", {"nama": "Posyandu Digital"}, recipient_name="Rina", language="en"
        )

        assert "Posyandu Digital" in whatsapp.text
        assert "Reviewer's note" not in whatsapp.text
        assert whatsapp.template_params == ("Rina", "Posyandu Digital", "-")


class TestMissingTemplate:
    def test_an_event_without_templates_is_reported_as_missing(self) -> None:
        with pytest.raises(TemplateMissing, match=r"innovation\.teleported"):
            render_email("innovation.teleported", DATA, recipient_name="Rina", language="id")
        with pytest.raises(TemplateMissing):
            render_whatsapp("innovation.accepted", DATA, recipient_name="Rina", language="fr")


class TestWhenItHappened:
    def test_the_time_is_shown_in_the_recipients_pemda_zone(self) -> None:
        data = {**DATA, "at": "2026-11-29T02:24:00+00:00"}

        text = render_whatsapp(
            "innovation.submitted", data, recipient_name="Siti", language="id", timezone="Asia/Makassar"
        ).text
        mail = render_email(
            "innovation.accepted", data, recipient_name="Siti", language="en", timezone="Asia/Jayapura"
        )

        assert "29 November 2026 pukul 10.24 WITA" in text
        assert "29 November 2026, 11:24 WIT" in mail.text
        assert "11:24 WIT" in mail.html


class TestAdminDigest:
    def test_each_opd_is_on_its_own_line(self) -> None:
        from services.notification.rendering import render_email

        data = {
            "pemda": "Kukar",
            "period": "Gelar Inovasi Daerah 2026",
            "opds": [
                {"name": "Dinas Kesehatan", "drafts": 1, "submitted": 0, "accepted": 0},
                {"name": "Dinas Pendidikan", "drafts": 0, "submitted": 2, "accepted": 1},
            ],
            "opds_total": 2,
            "opds_without_submission": 1,
        }
        text = render_email("digest.admin_daily", data, recipient_name="Admin", language="id").text
        lines = text.splitlines()
        assert "- Dinas Kesehatan: 1 draf, 0 dikirim, 0 diterima (belum mengirim)" in lines
        assert "- Dinas Pendidikan: 0 draf, 2 dikirim, 1 diterima" in lines


class TestStoredNotification:
    def test_rendered_in_the_recipients_name_language_and_zone(self) -> None:
        recipient = Recipient(name="Siti", language="en", timezone="Asia/Jayapura")
        notification = Notification(
            event_type="innovation.accepted", data={**DATA, "at": "2026-11-29T02:24:00+00:00"}
        )

        mail = notification_email(notification, recipient)
        whatsapp = notification_whatsapp(notification, recipient)

        assert mail == render_email(
            "innovation.accepted",
            notification.data,
            recipient_name="Siti",
            language="en",
            timezone="Asia/Jayapura",
        )
        assert whatsapp == render_whatsapp(
            "innovation.accepted",
            notification.data,
            recipient_name="Siti",
            language="en",
            timezone="Asia/Jayapura",
        )
        assert "11:24 WIT" in mail.text


class TestEveryMessageLinksToItsPage:
    @pytest.mark.parametrize("language", ["id", "en"])
    @pytest.mark.parametrize("event_type", EVENT_TYPES)
    def test_the_email_and_the_whatsapp_text_carry_the_action_link(
        self, event_type: str, language: str
    ) -> None:
        data = with_links(event_type, SAMPLE_DATA[event_type], SAMPLE_BASE_URLS)
        link = data["action_url"]

        email = render_email(event_type, data, recipient_name="Rina", language=language)
        whatsapp = render_whatsapp(event_type, data, recipient_name="Rina", language=language)

        assert link.startswith("https://inovasi.example.go.id/")
        assert link in email.text
        assert f'href="{link}"' in email.html
        assert link in whatsapp.text
        assert whatsapp.button_url == link
        if "preferences_url" in data:  # account holders can change how they are told, from the footer
            assert f'href="{data["preferences_url"]}"' in email.html
            assert data["preferences_url"] in email.text

    def test_without_links_no_empty_button_or_footer_line(self) -> None:
        email = render_email(
            "reviewer.assigned", SAMPLE_DATA["reviewer.assigned"], recipient_name="R", language="id"
        )

        assert "href" not in email.html
        assert "Buka kasus verifikasi" not in email.text
        assert "Atur pemberitahuan" not in email.text
