"""The public showcase pages and the open-data export: no login, accepted innovations only, and only
the public fields (never a contact, a note, a score, a draft or an evidence file)."""

from __future__ import annotations

import csv
import io
import json
import re
import uuid

from fastapi.testclient import TestClient

from services.submission.deps import SubmissionRuntime
from services.submission.models import Bentuk, InnovationStatus, Jenis
from tests.submission.conftest import Tenant
from tests.submission.test_showcase import (
    HEAD_NOTE,
    INITIATOR_NAME,
    PRIVATE_NOTE,
    VIDEO,
    accepted_innovation,
    decide,
    sent_innovation,
)

SECRETS = (PRIVATE_NOTE, HEAD_NOTE, INITIATOR_NAME, "6281234567001", "@kukar.test", "77.5", "77,5")


def _no_secrets(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text, secret


def _hidden_ones(runtime: SubmissionRuntime, tenant: Tenant) -> list[uuid.UUID]:
    rejected = sent_innovation(runtime, tenant, "Inovasi Ditolak Rahasia")
    decide(runtime, rejected, "rejected")
    draft = sent_innovation(runtime, tenant, "Draf Belum Dikirim", status=InnovationStatus.draft)
    in_review = sent_innovation(runtime, tenant, "Sedang Diverifikasi", status=InnovationStatus.in_review)
    return [rejected, draft, in_review]


def test_the_list_shows_accepted_innovations_without_login(
    client: TestClient, runtime: SubmissionRuntime, tenant: Tenant
) -> None:
    accepted = accepted_innovation(runtime, tenant, "Antrean Puskesmas Daring")
    _hidden_ones(runtime, tenant)

    page = client.get("/showcase")

    assert page.status_code == 200
    assert "Etalase inovasi daerah" in page.text
    assert f'href="/showcase/{accepted}"' in page.text
    assert "Antrean Puskesmas Daring" in page.text
    assert "Dinas Kesehatan" in page.text
    for hidden in ("Inovasi Ditolak Rahasia", "Draf Belum Dikirim", "Sedang Diverifikasi"):
        assert hidden not in page.text
    _no_secrets(page.text)


def test_search_and_filters_keep_what_was_chosen(
    client: TestClient, runtime: SubmissionRuntime, tenant: Tenant
) -> None:
    accepted_innovation(runtime, tenant, "Antrean Puskesmas Daring")
    accepted_innovation(
        runtime,
        tenant,
        "Rapor Digital Sekolah",
        opd=tenant.other_opd,
        urusan="pendidikan",
        bentuk=Bentuk.tata_kelola,
        jenis=Jenis.non_digital,
    )

    found = client.get("/showcase", params={"q": "rapor"})
    assert "Rapor Digital Sekolah" in found.text
    assert "Antrean Puskesmas Daring" not in found.text
    assert 'value="rapor"' in found.text  # the search box keeps the words

    by_opd = client.get("/showcase", params={"opd": str(tenant.opd.id), "jenis": "digital"})
    assert "Antrean Puskesmas Daring" in by_opd.text
    assert "Rapor Digital Sekolah" not in by_opd.text
    assert f'<option value="{tenant.opd.id}" selected>' in by_opd.text
    assert '<option value="digital" selected>' in by_opd.text

    by_urusan = client.get("/showcase", params={"urusan": "pendidikan", "bentuk": "tata_kelola"})
    assert "Rapor Digital Sekolah" in by_urusan.text
    assert "Antrean Puskesmas Daring" not in by_urusan.text

    nothing = client.get("/showcase", params={"q": "tidak ada yang begini"})
    assert "Tidak ada inovasi yang cocok" in nothing.text


def test_a_bad_filter_says_what_to_do_and_keeps_the_typed_value(
    client: TestClient, runtime: SubmissionRuntime, tenant: Tenant
) -> None:
    accepted_innovation(runtime, tenant, "Antrean Puskesmas Daring")

    page = client.get("/showcase", params={"year": "dua ribu", "q": "antrean", "jenis": "hologram"})

    assert page.status_code == 422
    assert "Tahun tidak sah" in page.text
    assert 'value="dua ribu"' in page.text
    assert 'value="antrean"' in page.text
    assert "Pilihan ini tidak dikenal" in page.text
    assert "Antrean Puskesmas Daring" in page.text  # the usable filters still apply
    assert "Traceback" not in page.text


def test_the_innovation_page_shows_the_public_profile_only(
    client: TestClient, runtime: SubmissionRuntime, tenant: Tenant
) -> None:
    innovation_id = accepted_innovation(runtime, tenant, "Antrean Puskesmas Daring")

    page = client.get(f"/showcase/{innovation_id}")

    assert page.status_code == 200
    for shown in (
        "Antrean Puskesmas Daring",
        "Dinas Kesehatan",
        "Kabupaten Kukar",
        "Kesehatan",  # the urusan in the law's words
        "Inovasi pelayanan publik",
        "Digital",
        "Penerapan",
        "Latar belakang: antrean panjang di puskesmas.",
        "Memangkas waktu tunggu pasien.",
        "Pasien tidak perlu datang subuh.",
        "Waktu tunggu turun dari 3 jam menjadi 40 menit.",
        f'href="{VIDEO}"',
        "1 Juni 2025",
    ):
        assert shown in page.text, shown
    _no_secrets(page.text)
    assert "/evidence" not in page.text
    assert "Masuk sebagai" not in page.text  # nobody is logged in, and nobody needs to be


def test_a_non_accepted_innovation_is_a_404_page(
    client: TestClient, runtime: SubmissionRuntime, tenant: Tenant
) -> None:
    for hidden in [*_hidden_ones(runtime, tenant), uuid.uuid4()]:
        page = client.get(f"/showcase/{hidden}")
        assert page.status_code == 404
        assert "Data tidak ditemukan" in page.text
        assert "Rahasia" not in page.text
    assert client.get("/showcase/not-an-id").status_code == 404


def test_csv_export_opens_in_excel_and_holds_only_public_fields(
    client: TestClient, runtime: SubmissionRuntime, tenant: Tenant
) -> None:
    accepted_innovation(runtime, tenant, 'Antrean, Puskesmas "Daring"')
    accepted_innovation(runtime, tenant, "Rapor Digital Sekolah", opd=tenant.other_opd, urusan="pendidikan")
    _hidden_ones(runtime, tenant)

    response = client.get("/showcase/export.csv")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/csv; charset=utf-8")
    assert "attachment" in response.headers["content-disposition"]
    assert response.content.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs for UTF-8
    text = response.content.decode("utf-8-sig")
    assert '"Antrean, Puskesmas ""Daring"""' in text  # commas and quotes quoted
    rows = list(csv.DictReader(io.StringIO(text)))
    assert {r["nama"] for r in rows} == {'Antrean, Puskesmas "Daring"', "Rapor Digital Sekolah"}
    assert list(rows[0]) == [
        "id", "nama", "pemda", "opd", "tahun", "urusan_utama", "urusan_lain", "bentuk", "jenis", "tahapan",
        "tematik", "inisiator", "waktu_uji_coba", "waktu_penerapan", "rancang_bangun", "tujuan", "manfaat",
        "hasil", "video_url", "diterima_pada",
    ]  # fmt: skip
    _no_secrets(text)
    assert "Ditolak Rahasia" not in text

    filtered = client.get("/showcase/export.csv", params={"urusan": "pendidikan"})
    names = [r["nama"] for r in csv.DictReader(io.StringIO(filtered.content.decode("utf-8-sig")))]
    assert names == ["Rapor Digital Sekolah"]


def test_csv_export_turns_formula_looking_names_into_text(
    client: TestClient, runtime: SubmissionRuntime, tenant: Tenant
) -> None:
    hostile = '=HYPERLINK("http://x","klik")'
    for nama in (hostile, "  =1+1", "@SUM(A1)"):
        accepted_innovation(runtime, tenant, nama)

    response = client.get("/showcase/export.csv")

    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert {r["nama"] for r in rows} == {"'" + hostile, "'  =1+1", "'@SUM(A1)"}
    assert {r["tahun"] for r in rows} != {""}  # numbers stay as they are
    assert not any(r["tahun"].startswith("'") for r in rows)


def test_json_export_uses_the_same_filters_and_fields(
    client: TestClient, runtime: SubmissionRuntime, tenant: Tenant
) -> None:
    accepted_innovation(runtime, tenant, "Antrean Puskesmas Daring")
    accepted_innovation(
        runtime, tenant, "Rapor Digital Sekolah", opd=tenant.other_opd, jenis=Jenis.non_digital
    )
    _hidden_ones(runtime, tenant)

    response = client.get("/showcase/export.json", params={"jenis": "non_digital"})

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/json")
    body = json.loads(response.content.decode("utf-8"))
    assert body["count"] == 1
    assert [i["nama"] for i in body["innovations"]] == ["Rapor Digital Sekolah"]
    assert list(body["innovations"][0]) == body["fields"]
    assert "email" not in body["fields"]
    everything = client.get("/showcase/export.json").text
    assert json.loads(everything)["count"] == 2
    _no_secrets(everything)


def test_the_showcase_speaks_english_too(
    client: TestClient, runtime: SubmissionRuntime, tenant: Tenant
) -> None:
    innovation_id = accepted_innovation(runtime, tenant, "Antrean Puskesmas Daring")
    client.cookies.set("gi_lang", "en")
    assert "Regional innovation showcase" in client.get("/showcase").text
    profile = client.get(f"/showcase/{innovation_id}").text
    assert "Public service" in profile
    assert "1 June 2025" in profile


def test_no_showcase_text_is_missing_in_either_language(
    client: TestClient, runtime: SubmissionRuntime, tenant: Tenant
) -> None:
    innovation_id = accepted_innovation(runtime, tenant, "Antrean Puskesmas Daring")
    for language in ("id", "en"):
        client.cookies.set("gi_lang", language)
        for path in ("/showcase", f"/showcase/{innovation_id}", "/showcase?year=x&bentuk=y"):
            text = client.get(path).text
            assert re.findall(r"\bshowcase\.[a-z_]+", text) == [], (language, path)
