"""Templates: every event in both languages, on both channels, with the innovation's data in it."""

from __future__ import annotations

import pytest

from services.notification.rendering import render_email, render_whatsapp
from shared.contracts.notification import EVENT_TYPES

DATA = {"nama": "Posyandu Digital", "version": 2, "pemda": "Kabupaten Kutai Kartanegara", "note": ""}
SUBJECT_WORDS = {
    ("innovation.submitted", "id"): "dikirim",
    ("innovation.submitted", "en"): "submitted",
    ("innovation.accepted", "id"): "diterima",
    ("innovation.accepted", "en"): "accepted",
    ("innovation.revision_requested", "id"): "perlu diperbaiki",
    ("innovation.revision_requested", "en"): "needs revision",
    ("innovation.rejected", "id"): "tidak diterima",
    ("innovation.rejected", "en"): "not accepted",
}


class TestEveryTemplate:
    @pytest.mark.parametrize("language", ["id", "en"])
    @pytest.mark.parametrize("event_type", EVENT_TYPES)
    def test_email_and_whatsapp_name_the_innovation(self, event_type: str, language: str) -> None:
        email = render_email(event_type, DATA, recipient_name="Rina", language=language)
        whatsapp = render_whatsapp(event_type, DATA, recipient_name="Rina", language=language)

        assert SUBJECT_WORDS[(event_type, language)] in email.subject
        assert "\n" not in email.subject
        for text in (email.subject, email.text, email.html, whatsapp.text):
            assert "Posyandu Digital" in text
        for text in (email.text, email.html, whatsapp.text):
            assert "Rina" in text
            assert "2" in text
        assert email.html.startswith("<!doctype html>")
        assert f'<html lang="{language}">' in email.html


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


class TestWhenItHappened:
    def test_the_time_is_shown_in_the_recipients_pemda_zone(self) -> None:
        from services.notification.rendering import render_email, render_whatsapp

        data = {
            "nama": "Antrean Daring",
            "version": 1,
            "pemda": "Kukar",
            "note": "",
            "at": "2026-11-29T02:24:00+00:00",
        }
        text = render_whatsapp(
            "innovation.submitted", data, recipient_name="Siti", language="id", timezone="Asia/Makassar"
        ).text
        assert "29 November 2026 pukul 10.24 WITA" in text
        mail = render_email(
            "innovation.accepted", data, recipient_name="Siti", language="en", timezone="Asia/Jayapura"
        )
        assert "29 November 2026, 11:24 WIT" in mail.text
        assert "11:24 WIT" in mail.html
