"""API models built from the objects they describe."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from pydantic import BaseModel, ValidationError

from shared.schemas import model_of


@dataclass
class _Inner:
    label: str


@dataclass
class _Row:
    name: str
    count: int
    inner: _Inner
    unused: str = "not a field"


class _InnerRead(BaseModel):
    label: str


class _RowRead(BaseModel):
    name: str
    count: int
    inner: _InnerRead
    double: int = 0


class TestModelOf:
    def test_fields_come_from_the_attributes_of_the_same_name(self) -> None:
        read = model_of(_RowRead, _Row("a", 2, _Inner("x")), double=4)
        assert read == _RowRead(name="a", count=2, inner=_InnerRead(label="x"), double=4)

    def test_computed_values_win_over_attributes(self) -> None:
        read = model_of(_RowRead, _Row("a", 2, _Inner("x")), count=3, double=0)
        assert read.count == 3

    def test_a_field_the_object_lacks_must_be_computed(self) -> None:
        with pytest.raises(AttributeError):
            model_of(_RowRead, _Row("a", 2, _Inner("x")))

    def test_values_are_validated(self) -> None:
        with pytest.raises(ValidationError):
            model_of(_RowRead, _Row("a", 2, _Inner("x")), count="many", double=0)
