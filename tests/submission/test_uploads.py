"""Evidence arriving over HTTP: the names of the files (the uploads themselves: test_api, web/test_opd)."""

from __future__ import annotations

import io

from fastapi import UploadFile

from services.submission.uploads import base_name, filename_of


def test_a_files_name_loses_any_folder_sent_with_it() -> None:
    assert base_name("C:\\Users\\ani\\video inovasi.mp4") == "video inovasi.mp4"
    assert base_name("rekaman/2026/video.mp4") == "video.mp4"
    assert base_name("video.mp4") == "video.mp4"


def test_an_uploaded_file_without_a_name_is_a_berkas_and_a_long_name_is_cut() -> None:
    assert filename_of(UploadFile(io.BytesIO(b""), filename="")) == "berkas"
    assert filename_of(UploadFile(io.BytesIO(b""), filename="a/" + "x" * 300)) == "x" * 255
