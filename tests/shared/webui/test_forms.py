"""Page forms: a model checks the typed values; a failed form comes back with the values and messages."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from functools import partial
from typing import Annotated, Any

import pytest
from pydantic import AfterValidator, Field, HttpUrl, ValidationError
from pydantic_core import PydanticCustomError

from shared.errors import AppError, Conflict
from shared.i18n import current_language
from shared.webui.forms import FieldProblem, FormInvalid, PageForm, field_messages, form_failed, read_form


def _email(value: str) -> str:
    if "@" not in value:
        raise PydanticCustomError("admin.bad_email", "admin.bad_email", {"value": value})
    return value


class PersonForm(PageForm):
    email: Annotated[str, AfterValidator(_email)]
    name: Annotated[str, Field(min_length=2, max_length=20)]
    opd_id: uuid.UUID | None = None
    year: int = 2026


class TestReadForm:
    def test_valid_values_become_the_model_with_spaces_trimmed(self) -> None:
        form = read_form(PersonForm, {"email": " a@b.id ", "name": " Sari ", "year": "2027", "extra": "x"})
        assert (form.email, form.name, form.opd_id, form.year) == ("a@b.id", "Sari", None, 2027)

    def test_each_field_gets_its_own_message_in_indonesian(self) -> None:
        with pytest.raises(FormInvalid) as caught:
            read_form(PersonForm, {"name": "S", "opd_id": "bukan-uuid", "year": "dua ribu"})
        messages = {field: problem.message() for field, problem in caught.value.problems.items()}
        assert messages == {
            "email": "wajib diisi",
            "name": "terlalu pendek: paling sedikit 2 karakter",
            "opd_id": "pilih salah satu dari daftar",
            "year": "harus berupa angka",
        }
        assert caught.value.status_code == 422

    def test_a_product_rule_speaks_through_its_message_key(self) -> None:
        with pytest.raises(FormInvalid) as caught:
            read_form(PersonForm, {"email": "tanpa-at", "name": "Sari"})
        problem = caught.value.problems["email"]
        assert problem.code == "admin.bad_email"
        assert problem.params["value"] == "tanpa-at"

    def test_english_on_request(self) -> None:
        token = current_language.set("en")
        try:
            with pytest.raises(FormInvalid) as caught:
                read_form(PersonForm, {"email": "a@b.id", "name": "x" * 21})
            assert caught.value.problems["name"].message() == "too long: at most 20 characters"
        finally:
            current_language.reset(token)


class TestFieldMessages:
    def test_a_form_error_marks_its_fields_and_sums_up_at_the_top(self) -> None:
        with pytest.raises(FormInvalid) as caught:
            read_form(PersonForm, {"email": "a@b.id", "name": ""})
        messages = field_messages(caught.value, ("email", "name"))
        assert messages["name"] == "terlalu pendek: paling sedikit 2 karakter"
        assert messages["__all__"].startswith("Formulir belum bisa disimpan")
        assert "email" not in messages

    def test_a_feature_error_lands_on_the_field_it_names_or_the_one_mapped_to_its_code(self) -> None:
        assert "name" in field_messages(FieldProblem("form.required", field="name"), ("name",))
        conflict = Conflict("error.not_found")
        assert field_messages(conflict, ("opd_id",), field_of={"error.not_found": "opd_id"})["opd_id"]
        assert set(field_messages(conflict, ("opd_id",))) == {"__all__"}


class FakeUnitOfWork:
    def __init__(self) -> None:
        self.rolled_back = False

    def rollback(self) -> None:
        self.rolled_back = True


class TestFormFailed:
    def test_rolls_back_and_renders_the_page_again_with_values_messages_and_status(self) -> None:
        uow = FakeUnitOfWork()
        rendered: dict[str, Any] = {}

        def page(*, values: dict[str, str], errors: dict[str, str], status_code: int) -> str:
            rendered.update(values=values, errors=errors, status_code=status_code)
            return "page"

        error: AppError = FieldProblem("form.required", field="name")
        result = form_failed(uow, error, partial(page, values={"name": ""}), fields=("name",))
        assert result == "page"
        assert uow.rolled_back
        assert rendered == {
            "values": {"name": ""},
            "errors": {"__all__": "wajib diisi", "name": "wajib diisi"},
            "status_code": 422,
        }


class Profile(PageForm):
    nama: str = Field(min_length=3)
    urusan_lain: list[Annotated[str, Field(max_length=5)]] = Field(default_factory=list)
    mulai: datetime.date | None = None


def test_with_labels_each_message_names_its_field_and_a_list_item_is_its_fields() -> None:
    labels = {"nama": "Nama inovasi", "urusan_lain": "Urusan lain", "mulai": "Tanggal mulai"}
    with pytest.raises(ValidationError) as raised:
        Profile.model_validate({"nama": "ab", "urusan_lain": ["ok", "terlalu panjang"], "mulai": "kemarin"})
    invalid = FormInvalid.from_validation(raised.value, label_of=labels.__getitem__)
    assert {field: problem.message() for field, problem in invalid.problems.items()} == {
        "nama": "Nama inovasi terlalu pendek: tulis paling sedikit 3 karakter.",
        "urusan_lain": "Urusan lain terlalu panjang: paling banyak 5 karakter.",
        "mulai": "Tanggal mulai bukan tanggal yang sah. Pilih tanggal dari kalender.",
    }


class Figures(PageForm):
    jumlah: int = Field(ge=1, le=1000)
    nilai: Decimal = Field(gt=0)
    tautan: HttpUrl
    pilihan: list[str] = Field(default_factory=list, max_length=2)
    kode: str = Field(pattern=r"^[A-Z]{3}$")


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"jumlah": "sepuluh"}, "jumlah", "Jumlah harus bilangan bulat, tanpa koma atau titik"),
        ({"jumlah": "0"}, "jumlah", "Jumlah paling kecil 1."),
        ({"jumlah": "1001"}, "jumlah", "Jumlah paling besar 1000."),
        ({"jumlah": "2.5"}, "jumlah", "Jumlah harus bilangan bulat, tanpa koma atau titik"),
        ({"nilai": "nol"}, "nilai", "Nilai harus berupa angka (contoh: 1250 atau 72,40)."),
        ({"tautan": "kukarkab"}, "tautan", "Tautan harus alamat web lengkap yang diawali https://"),
        ({"pilihan": ["a", "b", "c"]}, "pilihan", "Pilihan: paling banyak 2 pilihan."),
        ({"kode": "ab"}, "kode", "Kode tidak dalam bentuk yang diminta"),
    ],
)
def test_with_labels_every_kind_of_problem_says_what_is_wrong(
    values: dict[str, object], field: str, message: str
) -> None:
    valid: dict[str, object] = {
        "jumlah": "5",
        "nilai": "1",
        "tautan": "https://a.go.id",
        "pilihan": [],
        "kode": "ABC",
    }
    with pytest.raises(ValidationError) as raised:
        Figures.model_validate({**valid, **values})

    invalid = FormInvalid.from_validation(raised.value, label_of=lambda name: name.capitalize())

    assert list(invalid.problems) == [field]
    shown = invalid.problems[field].message()
    assert shown.startswith(message)
    assert "Periksa isian" not in shown
