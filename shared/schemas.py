"""Building API models from the objects they describe."""

from __future__ import annotations

from typing import Any, TypeVar

from pydantic import BaseModel

ModelT = TypeVar("ModelT", bound=BaseModel)


def model_of(model: type[ModelT], obj: object, /, **computed: Any) -> ModelT:
    """`model` with each field read from the attribute of the same name of `obj`, but those in `computed`.

    Nested models are read from attributes too, as with `model_validate(obj, from_attributes=True)`.
    """
    copied = {name: getattr(obj, name) for name in model.model_fields if name not in computed}
    return model.model_validate({**copied, **computed}, from_attributes=True)
