"""Building API models from the objects they describe, and the text types names are declared with."""

from __future__ import annotations

import re
from typing import Annotated, Any, TypeVar

from fastapi import Query
from pydantic import AfterValidator, BaseModel
from pydantic_core import PydanticCustomError

from shared.i18n import translate

ModelT = TypeVar("ModelT", bound=BaseModel)
# Writing-direction overrides and isolates: in a name or a file name they make "gpj.exe" read "exe.jpg".
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")


def has_bidi_control(text: str) -> bool:
    """Whether `text` holds a bidi override or isolate (U+202A-U+202E, U+2066-U+2069)."""
    return BIDI_CONTROLS.search(text) is not None


def _plain(value: str) -> str:
    if has_bidi_control(value):
        raise PydanticCustomError("error.bidi_character", translate("error.bidi_character"))
    return value


PlainName = Annotated[str, AfterValidator(_plain)]

# Paging a list: how many rows to skip, within what a database can count (a bigger offset is a 422).
MAX_OFFSET = 10_000_000
Offset = Annotated[int, Query(ge=0, le=MAX_OFFSET, description="rows to skip")]
"""A name people read (innovation, person, OPD, file, e-mail): no bidi overrides or isolates."""


def model_of(model: type[ModelT], obj: object, /, **computed: Any) -> ModelT:
    """`model` with each field read from the attribute of the same name of `obj`, but those in `computed`.

    Nested models are read from attributes too, as with `model_validate(obj, from_attributes=True)`.
    """
    copied = {name: getattr(obj, name) for name in model.model_fields if name not in computed}
    return model.model_validate({**copied, **computed}, from_attributes=True)
