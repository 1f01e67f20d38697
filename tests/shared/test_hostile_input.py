# ruff: noqa: F811  (the submission fixtures, imported by name, are parameters here)
"""Hostile input on the real submission app: control characters are a clear 422, never a 500."""

from __future__ import annotations

from fastapi.testclient import TestClient

from shared.hostile_input import bad_field_in_body, has_control_character
from tests.submission.conftest import (  # noqa: F401  (fixtures)
    Tenant,
    client,
    login,
    make_runtime,
    operator_headers,
    runtime,
    tenant,
)


def assert_refused(response: object, field: str) -> None:
    assert response.status_code == 422, response.text  # type: ignore[attr-defined]
    error = response.json()["error"]  # type: ignore[attr-defined]
    assert error["code"] == "error.control_character"
    assert field in error["message"]


class TestUrls:
    def test_a_nul_in_the_showcase_search_is_an_error_page(self, client: TestClient, tenant: Tenant) -> None:
        response = client.get("/showcase?q=a%00b")
        assert response.status_code == 422
        assert "text/html" in response.headers["content-type"]
        assert "karakter kontrol" in response.text

    def test_a_nul_in_the_export_search_is_refused(self, client: TestClient, tenant: Tenant) -> None:
        assert_refused(
            client.get("/showcase/export.json?q=a%00b", headers={"Accept": "application/json"}), "q"
        )

    def test_a_control_character_in_the_path_is_refused(self, client: TestClient) -> None:
        assert_refused(client.get("/api/v1/innovations/a%01b"), "path")

    def test_the_message_follows_the_language(self, client: TestClient) -> None:
        response = client.get("/api/v1/auth/me?x=%7F", headers={"Accept-Language": "en"})
        assert "control character" in response.json()["error"]["message"]


class TestBodies:
    def test_a_nul_in_the_login_form_is_refused(self, client: TestClient, tenant: Tenant) -> None:
        assert_refused(
            client.post("/api/v1/auth/token", data={"username": "a\x00b", "password": "x"}), "username"
        )

    def test_a_nul_in_a_json_body_is_refused(self, client: TestClient, tenant: Tenant) -> None:
        assert_refused(client.post("/api/v1/auth/password-reset", json={"email": "a\x00b@x.test"}), "email")

    def test_a_c1_character_in_an_innovation_name_is_refused(
        self, client: TestClient, operator_headers: dict[str, str]
    ) -> None:
        body = {"nama": "Inovasi \x85 sehat", "tahapan": "uji_coba", "jenis": "digital"}
        assert_refused(client.post("/api/v1/innovations", json=body, headers=operator_headers), "nama")

    def test_a_nul_in_an_opd_name_is_refused(self, client: TestClient, tenant: Tenant) -> None:
        headers = login(client, tenant.admin.email)
        response = client.post("/api/v1/opds", json={"name": "Dinas\x00", "kind": "dinas"}, headers=headers)
        assert_refused(response, "name")

    def test_tab_and_newlines_still_pass(self, client: TestClient, tenant: Tenant) -> None:
        response = client.post("/api/v1/auth/token", data={"username": "a\tb\r\n", "password": "x"})
        assert response.status_code == 401

    def test_a_multipart_text_field_is_checked_but_not_the_file(
        self, client: TestClient, operator_headers: dict[str, str]
    ) -> None:
        files = {"file": ("a.pdf", b"%PDF-1.4\x00\x01binary", "application/pdf")}
        response = client.post(
            "/api/v1/innovations/00000000-0000-0000-0000-000000000000/evidence",
            files=files,
            data={"indicator_no": "1", "tentang": "x\x00y"},
            headers=operator_headers,
        )
        assert_refused(response, "tentang")
        response = client.post(
            "/api/v1/innovations/00000000-0000-0000-0000-000000000000/evidence",
            files=files,
            data={"indicator_no": "1"},
            headers=operator_headers,
        )
        assert response.status_code == 404


class TestDetection:
    def test_which_characters_count(self) -> None:
        assert [has_control_character(c) for c in "\x00\x1f\x7f\x9f\t\n\r é"] == [True] * 4 + [False] * 5

    def test_json_keys_are_checked_too(self) -> None:
        assert bad_field_in_body(b"application/json", b'{"a\\u0000": 1}') == "a?"


RLO = "\u202e"


def assert_bidi_refused(response: object, field: str) -> None:
    assert response.status_code == 422, response.text  # type: ignore[attr-defined]
    error = response.json()["error"]  # type: ignore[attr-defined]
    assert error["code"] == "error.validation"
    assert [f["field"] for f in error["fields"]] == [field]
    assert "arah tulisan" in error["fields"][0]["problem"]


class TestBidiOverrides:
    def test_an_innovation_name_with_an_override_is_refused(
        self, client: TestClient, operator_headers: dict[str, str]
    ) -> None:
        body = {"nama": f"Inovasi {RLO}fdp.exe", "tahapan": "uji_coba", "jenis": "digital"}
        assert_bidi_refused(client.post("/api/v1/innovations", json=body, headers=operator_headers), "nama")

    def test_a_person_and_an_opd_with_an_isolate_are_refused(
        self, client: TestClient, tenant: Tenant
    ) -> None:
        headers = login(client, tenant.admin.email)
        person = {"email": "a\u2066b@kukar.test", "name": "Budi", "role": "reviewer"}
        assert_bidi_refused(client.post("/api/v1/users", json=person, headers=headers), "email")
        opd = {"name": f"Dinas {RLO}", "kind": "dinas"}
        assert_bidi_refused(client.post("/api/v1/opds", json=opd, headers=headers), "name")

    def test_an_uploaded_file_name_with_an_override_is_refused(
        self, client: TestClient, operator_headers: dict[str, str]
    ) -> None:
        response = client.post(
            "/api/v1/innovations/00000000-0000-0000-0000-000000000000/evidence",
            files={"file": (f"surat{RLO}fdp.exe", b"%PDF-1.4", "application/pdf")},
            data={"indicator_no": "1"},
            headers=operator_headers,
        )
        assert_bidi_refused(response, "file")


class TestMultipartDecoding:
    def test_a_multipart_body_is_read_as_utf_8(self) -> None:
        """An em dash is E2 80 94 in UTF-8: read as Latin-1 it would look like a C1 control."""
        body = (
            b'--b\r\nContent-Disposition: form-data; name="tentang"\r\n\r\nsurat \xe2\x80\x94 dinas\r\n'
            b'--b\r\nContent-Disposition: form-data; name="file"; filename="\xe2\x80\x94.pdf"\r\n\r\n'
            b"\x00\r\n--b--\r\n"
        )
        assert bad_field_in_body(b"multipart/form-data; boundary=b", body) is None
