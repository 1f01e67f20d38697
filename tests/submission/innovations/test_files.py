"""What an evidence file is: the one PDF inspector (its every marker) and a video's length."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pikepdf
import pytest

from services.submission.innovations import files
from tests.submission.samples import mp4_of_seconds, real_pdf


def built(change: Callable[[pikepdf.Pdf], None], **save: Any) -> bytes:
    """A real PDF with its names compressed in object streams (invisible to a byte scan)."""
    return real_pdf(change, object_stream_mode=pikepdf.ObjectStreamMode.generate, **save)


def script(document: pikepdf.Pdf) -> None:
    document.Root.OpenAction = pikepdf.Dictionary(
        S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)")
    )


def launch(document: pikepdf.Pdf) -> None:
    document.Root.OpenAction = pikepdf.Dictionary(S=pikepdf.Name.Launch, F=pikepdf.String("calc.exe"))


def page_action(document: pikepdf.Pdf) -> None:
    uri = pikepdf.Dictionary(S=pikepdf.Name.URI, URI=pikepdf.String("https://example.org"))
    document.pages[0].obj.AA = pikepdf.Dictionary(O=uri)


def attachment(document: pikepdf.Pdf) -> None:
    document.attachments["data.txt"] = pikepdf.AttachedFileSpec(
        document,
        b"hidden",
        description="",
        filename="data.txt",
        mime_type="text/plain",
        creation_date="",
        mod_date="",
    )


def fit_width(document: pikepdf.Pdf) -> None:
    """What many exporters write: open on the first page, fitted to its width (issue 16)."""
    document.Root.OpenAction = pikepdf.Array([document.pages[0].obj, pikepdf.Name.FitH, 792])


def go_to(document: pikepdf.Pdf) -> None:
    destination = pikepdf.Array([document.pages[0].obj, pikepdf.Name.Fit])
    document.Root.OpenAction = pikepdf.Dictionary(S=pikepdf.Name.GoTo, D=destination)


def js_name_only(document: pikepdf.Pdf) -> None:
    document.Root.Names = pikepdf.Dictionary(
        JavaScript=pikepdf.Dictionary(Names=pikepdf.Array([pikepdf.String("a"), pikepdf.String("x")]))
    )


class TestPdfFlags:
    def test_a_plain_pdf_raises_no_flag(self) -> None:
        assert files.pdf_flags(built(lambda document: None)) == set()

    @pytest.mark.parametrize(
        ("change", "expected"),
        [
            (script, {"pdf_open_action", "pdf_javascript"}),
            (launch, {"pdf_open_action", "pdf_launch_action"}),
            (page_action, {"pdf_additional_actions"}),
            (attachment, {"pdf_embedded_file"}),
            (js_name_only, {"pdf_javascript"}),
        ],
        ids=["javascript", "launch", "additional-actions", "embedded-file", "javascript-name-tree"],
    )
    def test_each_kind_of_active_content_is_flagged_even_inside_object_streams(
        self, change: Callable[[pikepdf.Pdf], None], expected: set[str]
    ) -> None:
        content = built(change)
        assert b"/OpenAction" not in content  # compressed: invisible to a byte scan
        assert b"/AA" not in content
        assert files.pdf_flags(content) == expected

    @pytest.mark.parametrize("change", [fit_width, go_to], ids=["fit-width", "go-to"])
    def test_an_open_action_that_only_shows_a_page_is_not_flagged(
        self, change: Callable[[pikepdf.Pdf], None]
    ) -> None:
        assert files.pdf_flags(built(change)) == set()

    def test_scripts_launches_and_unreadable_files_are_refused_attachments_only_flagged(self) -> None:
        refused = {"pdf_javascript", "pdf_launch_action", "pdf_unparseable"}
        assert refused == files.REFUSED_PDF_FLAGS
        assert not files.pdf_flags(built(attachment)) & files.REFUSED_PDF_FLAGS
        assert files.pdf_flags(built(launch)) & files.REFUSED_PDF_FLAGS == {"pdf_launch_action"}

    def test_an_encrypted_pdf_is_flagged_with_or_without_a_password_to_open_it(self) -> None:
        locked = built(lambda document: None, encryption=pikepdf.Encryption(owner="o", user="u"))
        open_to_all = built(lambda document: None, encryption=pikepdf.Encryption(owner="o", user=""))
        assert files.pdf_flags(locked) == {"pdf_encrypted"}
        assert files.pdf_flags(open_to_all) == {"pdf_encrypted"}

    def test_a_file_pikepdf_cannot_read_is_flagged_unparseable(self) -> None:
        assert files.pdf_flags(b"%PDF-1.4\nnot really a pdf") == {"pdf_unparseable"}


class TestMediaDuration:
    @pytest.mark.parametrize("seconds", [1, 150, 400])
    def test_mutagen_reads_the_movie_header(self, seconds: int) -> None:
        assert files.media_duration_seconds(io.BytesIO(mp4_of_seconds(seconds))) == seconds

    def test_a_long_timescale_gives_the_same_seconds(self) -> None:
        assert files.media_duration_seconds(io.BytesIO(mp4_of_seconds(90, timescale=90_000))) == 90

    def test_an_unreadable_file_has_no_duration(self) -> None:
        assert files.media_duration_seconds(io.BytesIO(b"\x00\x00\x00\x18ftypisom" + bytes(16))) is None
        assert files.media_duration_seconds(io.BytesIO(b"")) is None
