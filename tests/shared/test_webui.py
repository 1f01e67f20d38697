"""The shared page kit: CSRF on forms and cookie API calls, error pages, safe redirects, charts, numbers."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import Response
from fastapi.testclient import TestClient

from shared.auth import Principal, Role, TokenIssuer, TokenVerifier, generate_key_pair
from shared.config import CommonSettings
from shared.errors import Conflict
from shared.i18n import current_language
from shared.sessions import SessionStore
from shared.web import LANG_COOKIE, SESSION_COOKIE, create_service_app
from shared.webui.charts import bar_chart, line_chart
from shared.webui.csrf import CSRF_COOKIE
from shared.webui.nav import SiteUrls, home_for, nav_for
from shared.webui.pages import PageContext, Pages, file_size, format_number
from shared.webui.vocabulary import vocab, vocab_options
from tests.pages import csrf_token_for, login_browser, submit_form

PRIVATE, PUBLIC = generate_key_pair()
COMMON = CommonSettings(
    public_base_url="http://127.0.0.1:8001",
    review_base_url="http://127.0.0.1:8002",
    notification_base_url="http://127.0.0.1:8003",
)


def _principal(role: Role = Role.admin) -> Principal:
    return Principal(
        user_id=uuid.uuid4(),
        pemda_id=uuid.uuid4(),
        opd_id=None,
        role=role,
        name="Admin Kukar",
        timezone="Asia/Makassar",
    )


@pytest.fixture
def issuer(sessions: SessionStore) -> TokenIssuer:
    return TokenIssuer(PRIVATE, issuer="gi", audience="gi", ttl=timedelta(minutes=5), sessions=sessions)


@pytest.fixture
def client(tmp_path: Path, sessions: SessionStore) -> Iterator[TestClient]:
    """A tiny service with one page form, one admin page, one failing page and one cookie-authed API call."""
    (tmp_path / "t").mkdir()
    (tmp_path / "t" / "form.html").write_text(
        '{% extends "base.html" %}{% block content %}<h1>Form</h1><form method="post">{{ csrf_input }}'
        '<input name="title" value="{{ title }}"></form><p id="when">{{ local_time(moment) }}</p>'
        "{% endblock %}"
    )
    verifier = TokenVerifier(PUBLIC, issuer="gi", audience="gi", sessions=sessions)
    pages = Pages(
        "submission", templates_dir=tmp_path, static_dir=None, context=lambda: PageContext(COMMON, verifier)
    )
    saved: list[str] = []
    router = pages.router()

    @router.get("/form")
    def show(request: Request) -> Response:
        return pages.render(
            request, "t/form.html", {"title": "", "moment": datetime(2026, 11, 29, 2, 5, tzinfo=UTC)}
        )

    @router.post("/form")
    def save(title: str = Form("")) -> Response:
        saved.append(title)
        return pages.redirect("/form", flash="form.saved")

    @router.get("/admin-only")
    def admin_only(request: Request, user: Principal = Depends(pages.user(Role.admin))) -> Response:  # noqa: B008
        return pages.render(request, "t/form.html", {"title": user.name, "moment": None})

    @router.get("/broken")
    def broken() -> Response:
        raise RuntimeError("secret stack detail")

    @router.get("/conflict")
    def conflict() -> Response:
        raise Conflict("error.csrf")

    api = APIRouter()

    @api.post("/things")
    def make_thing() -> dict[str, str]:
        saved.append("api")
        return {"ok": "yes"}

    app = create_service_app(title="t", lifespan=None, routers=[api], readiness=lambda: [])
    pages.install(app, router)
    app.state.saved = saved
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def test_a_form_without_the_csrf_token_is_refused_with_a_page_and_changes_nothing(client: TestClient) -> None:
    client.get("/form")
    response = client.post("/form", data={"title": "Inovasi"}, follow_redirects=False)

    assert response.status_code == 403
    assert "Formulir ini sudah kedaluwarsa" in response.text
    assert client.app.state.saved == []  # type: ignore[attr-defined]


def test_a_form_with_the_csrf_token_is_saved_and_the_next_page_says_so(client: TestClient) -> None:
    response = submit_form(client, "/form", {"title": "Inovasi"})

    assert response.status_code == 303
    assert client.app.state.saved == ["Inovasi"]  # type: ignore[attr-defined]
    assert "Perubahan tersimpan." in client.get("/form").text
    assert "Perubahan tersimpan." not in client.get("/form").text  # shown once


def test_a_forged_csrf_token_is_refused(client: TestClient) -> None:
    client.cookies.set(CSRF_COOKIE, "the-real-token-in-the-cookie")
    response = client.post("/form", data={"title": "x", "csrf_token": "guessed"}, follow_redirects=False)
    assert response.status_code == 403
    assert client.app.state.saved == []  # type: ignore[attr-defined]


def test_cookie_authenticated_api_calls_need_the_csrf_header_bearer_calls_do_not(
    client: TestClient, issuer: TokenIssuer
) -> None:
    token = issuer.issue(_principal())
    login_browser(client, token)

    refused = client.post("/api/v1/things")
    assert refused.status_code == 403
    assert refused.json()["error"]["code"] == "error.csrf"
    assert client.app.state.saved == []  # type: ignore[attr-defined]

    with_header = client.post("/api/v1/things", headers={"X-CSRF-Token": client.cookies[CSRF_COOKIE]})
    client.cookies.clear()
    bearer = client.post("/api/v1/things", headers={"Authorization": f"Bearer {token}"})
    assert (with_header.status_code, bearer.status_code) == (200, 200)
    assert client.app.state.saved == ["api", "api"]  # type: ignore[attr-defined]


def test_an_attacker_chosen_csrf_pair_is_refused(client: TestClient, issuer: TokenIssuer) -> None:
    """Measured: a planted `gi_csrf` cookie plus the same header passed. The token must be ours, for this
    session: a made-up one, and one made for another session (the attacker's own), both fail."""
    login_browser(client, issuer.issue(_principal()))
    attackers_own = csrf_token_for(issuer.issue(_principal()))
    for planted in ("attacker-chosen-value", attackers_own):
        client.cookies.set(CSRF_COOKIE, planted)
        refused = client.post("/api/v1/things", headers={"X-CSRF-Token": planted})
        form = client.post("/form", data={"title": "x", "csrf_token": planted}, follow_redirects=False)
        assert (refused.status_code, form.status_code) == (403, 403)
    assert client.app.state.saved == []  # type: ignore[attr-defined]


def test_a_change_from_another_origin_is_refused_even_with_a_good_token(
    client: TestClient, issuer: TokenIssuer
) -> None:
    login_browser(client, issuer.issue(_principal()))
    token = client.cookies[CSRF_COOKIE]
    foreign = {"X-CSRF-Token": token, "Origin": "https://phishing.example"}
    from_referer = {"X-CSRF-Token": token, "Referer": "https://phishing.example/page"}

    for headers in (foreign, from_referer):
        response = client.post("/api/v1/things", headers=headers)
        assert response.status_code == 403
        assert response.json()["error"]["code"] == "error.foreign_origin"
    ours = client.post("/api/v1/things", headers={"X-CSRF-Token": token, "Origin": "http://127.0.0.1:8002"})
    own_host = client.post("/api/v1/things", headers={"X-CSRF-Token": token, "Origin": "http://testserver"})
    assert (ours.status_code, own_host.status_code) == (200, 200)
    assert client.app.state.saved == ["api", "api"]  # type: ignore[attr-defined]


def test_nobody_logged_in_goes_to_the_login_page_and_comes_back(client: TestClient) -> None:
    response = client.get("/admin-only", follow_redirects=False)
    assert response.status_code == 303
    assert (
        response.headers["location"]
        == "http://127.0.0.1:8001/login?next=http%3A%2F%2Ftestserver%2Fadmin-only"
    )


def test_a_wrong_role_gets_a_403_page_in_the_chosen_language(client: TestClient, issuer: TokenIssuer) -> None:
    client.cookies.set(SESSION_COOKIE, issuer.issue(_principal(Role.opd_operator)))
    client.cookies.set(LANG_COOKIE, "en")  # what the language switch remembers
    response = client.get("/admin-only")
    assert response.status_code == 403
    assert "You are not allowed to do this." in response.text
    assert '<html lang="en">' in response.text


def test_pages_are_in_indonesian_whatever_the_browser_says(client: TestClient, issuer: TokenIssuer) -> None:
    client.cookies.set(SESSION_COOKIE, issuer.issue(_principal(Role.opd_operator)))
    response = client.get("/admin-only", headers={"Accept-Language": "en-US,en;q=0.9"})
    assert '<html lang="id">' in response.text
    assert "Gelar Inovasi" in response.text


def test_an_expired_or_forged_session_counts_as_logged_out(client: TestClient) -> None:
    client.cookies.set(SESSION_COOKIE, "not-a-token")
    assert client.get("/admin-only", follow_redirects=False).status_code == 303


def test_the_page_shows_times_in_the_pemda_zone_and_the_menu_of_the_role(
    client: TestClient, issuer: TokenIssuer
) -> None:
    client.cookies.set(SESSION_COOKIE, issuer.issue(_principal()))
    page = client.get("/admin-only").text
    assert '<p id="when">—</p>' in page  # no moment: a dash, not "None"
    assert "Masuk sebagai Admin Kukar" in page
    assert "http://127.0.0.1:8002/review/admin/assignments" in page
    assert "/opd/innovations" not in page
    assert "Semua waktu dalam WITA." in page
    form = client.get("/form").text
    assert "29 November 2026 pukul 10.05 WITA" in form


def test_an_unexpected_error_on_a_page_is_a_page_without_the_trace(client: TestClient) -> None:
    response = client.get("/broken")
    assert response.status_code == 500
    assert "Terjadi kesalahan pada server" in response.text
    assert "secret stack detail" not in response.text
    assert "Traceback" not in response.text


def test_errors_on_pages_are_pages_and_on_the_api_json(client: TestClient) -> None:
    page = client.get("/no-such-page")
    api = client.get("/api/v1/no-such-thing")
    assert page.status_code == api.status_code == 404
    assert "Halaman tidak ditemukan" in page.text
    assert api.json()["error"]["code"] == "error.not_found"
    assert client.get("/conflict").headers["content-type"].startswith("text/html")


def test_the_language_switch_remembers_the_choice_and_refuses_foreign_targets(client: TestClient) -> None:
    switched = client.get("/lang/en", params={"next": "/form"}, follow_redirects=False)
    assert switched.headers["location"] == "/form"
    assert '<html lang="en">' in client.get("/form").text

    for foreign in ("https://evil.example/", "//evil.example/x", "http://127.0.0.1:9999/"):
        response = client.get("/lang/id", params={"next": foreign}, follow_redirects=False)
        assert response.headers["location"] == "/"
    assert (
        client.get(
            "/lang/id", params={"next": "http://127.0.0.1:8002/dashboard"}, follow_redirects=False
        ).headers["location"]
        == "http://127.0.0.1:8002/dashboard"
    )


def test_every_role_has_a_home_in_its_menu() -> None:
    urls = SiteUrls.from_settings(COMMON)
    homes = {role: home_for(_principal(role), urls) for role in Role}
    assert homes[Role.opd_operator] == "http://127.0.0.1:8001/opd/innovations"
    assert homes[Role.reviewer] == "http://127.0.0.1:8002/review/queue"
    assert homes[Role.opd_head] == "http://127.0.0.1:8001/opd/approvals"
    assert homes[Role.admin] == "http://127.0.0.1:8002/dashboard"
    assert home_for(None, urls) == "http://127.0.0.1:8001/showcase"
    keys = [item.key for item in nav_for(_principal(Role.opd_head), urls)]
    assert keys == ["nav.my_innovations", "nav.approvals", "nav.preferences"]


def test_bar_chart_is_svg_with_a_text_alternative_and_escapes_names() -> None:
    chart = str(
        bar_chart([("Dinas <Kesehatan>", 72.5), ("Disdik", 40.0)], title="Skor per OPD", chart_id="c1")
    )
    assert "role='img' aria-labelledby='c1-t c1-d'" in chart
    assert "<title id='c1-t'>Skor per OPD</title>" in chart
    assert "Dinas &lt;Kesehatan&gt;: 72,5" in chart  # description and table, Indonesian decimals
    assert "<tbody><tr><th scope='row'>Dinas &lt;Kesehatan&gt;</th><td>72,5</td></tr>" in chart
    assert "<Kesehatan>" not in chart


def test_line_chart_marks_each_point_and_lists_the_data() -> None:
    chart = str(line_chart([("Minggu 1", 2.0), ("Minggu 2", 5.0)], title="Kemajuan", chart_id="p"))
    assert chart.count("<circle") == 2
    assert "Minggu 1: 2; Minggu 2: 5" in chart


def test_numbers_follow_the_language() -> None:
    assert format_number(1234.5) == "1.234,50"
    token = current_language.set("en")
    try:
        assert format_number(1234.5) == "1,234.50"
        assert format_number(1234) == "1,234"
    finally:
        current_language.reset(token)


def test_profile_codes_read_as_words_in_each_language() -> None:
    assert vocab("bentuk", "pelayanan_publik") == "Inovasi pelayanan publik"
    assert vocab("urusan", "kesehatan") == "Kesehatan"  # free text: shown as written
    assert vocab("tahapan", None) == "—"
    token = current_language.set("en")
    try:
        assert vocab("tahapan", "uji_coba") == "Trial"
        assert ("non_digital", "Non-digital") in vocab_options("jenis")
    finally:
        current_language.reset(token)


def test_file_sizes_in_b_kb_mb_gb_with_one_decimal() -> None:
    assert [file_size(n) for n in (None, 820, 30_000, 30_000_000, 1_300_000_000)] == [
        "—",
        "820 B",
        "29,3 KB",
        "28,6 MB",
        "1,2 GB",
    ]
    token = current_language.set("en")
    try:
        assert file_size(30_000_000) == "28.6 MB"
    finally:
        current_language.reset(token)
