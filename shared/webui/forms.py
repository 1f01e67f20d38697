"""Page forms: typed values checked by a Pydantic model, and one way to show a failed form again.

A page handler reads what was typed into a dict of strings, validates it with a form model
(`read_form`), calls the feature, and on any `AppError` returns `form_failed(...)`: the transaction is
rolled back and the same page is rendered again with the typed values and one message per field.

Form models say what a field must be with ordinary Pydantic types and constraints; a rule of the
product raises `PydanticCustomError(code, code, params)` where `code` is a message key, so the person
reads a sentence in their language, never Pydantic's English.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, Protocol, TypeVar

from pydantic import BaseModel, ConfigDict, ValidationError

from shared.errors import AppError, InvalidInput
from shared.webui import messages

FormModel = TypeVar("FormModel", bound=BaseModel)
messages.register_common()

# Pydantic's error types, in words a person can act on (anything else: "form.invalid").
MESSAGE_OF_TYPE = {
    "missing": "form.required",
    "string_too_short": "form.too_short",
    "string_too_long": "form.too_long",
    "uuid_parsing": "form.choose",
    "uuid_type": "form.choose",
    "enum": "form.choose",
    "literal_error": "form.choose",
    "datetime_parsing": "form.bad_datetime",
    "datetime_from_date_parsing": "form.bad_datetime",
    "date_parsing": "form.bad_date",
    "date_from_datetime_parsing": "form.bad_date",
    "int_parsing": "form.bad_number",
    "float_parsing": "form.bad_number",
    "decimal_parsing": "form.bad_number",
    "greater_than_equal": "form.too_small",
    "greater_than": "form.too_small",
    "less_than_equal": "form.too_large",
    "less_than": "form.too_large",
    "bool_parsing": "form.invalid",
}
# The same, naming the field, for a long form whose messages are also read apart from their fields.
LABELLED_MESSAGE_OF_TYPE = {
    "missing": "form.labelled.required",
    "string_too_short": "form.labelled.too_short",
    "string_too_long": "form.labelled.too_long",
    "enum": "form.labelled.choose",
    "literal_error": "form.labelled.choose",
    "date_parsing": "form.labelled.bad_date",
    "date_from_datetime_parsing": "form.labelled.bad_date",
    "date_from_datetime_inexact": "form.labelled.bad_date",
    "date_type": "form.labelled.bad_date",
    "datetime_parsing": "form.labelled.bad_date",
    "datetime_from_date_parsing": "form.labelled.bad_date",
    "uuid_parsing": "form.labelled.choose",
    "uuid_type": "form.labelled.choose",
    "bool_parsing": "form.labelled.choose",
    "int_parsing": "form.labelled.bad_whole_number",
    "int_from_float": "form.labelled.bad_whole_number",
    "float_parsing": "form.labelled.bad_number",
    "decimal_parsing": "form.labelled.bad_number",
    "greater_than_equal": "form.labelled.too_small",
    "greater_than": "form.labelled.too_small",
    "less_than_equal": "form.labelled.too_large",
    "less_than": "form.labelled.too_large",
    "url_parsing": "form.labelled.bad_url",
    "url_scheme": "form.labelled.bad_url",
    "too_long": "form.labelled.too_many",
}
# Pydantic's context names, in the names our messages use.
PARAMS_OF_TYPE = {
    "min_length": "min",
    "max_length": "max",
    "ge": "min",
    "gt": "min",
    "le": "max",
    "lt": "max",
}


class PageForm(BaseModel):
    """Base of page form models: surrounding spaces trimmed, unknown fields ignored, never mutated."""

    model_config = ConfigDict(str_strip_whitespace=True, extra="ignore", frozen=True)


class FieldProblem(AppError):
    """One field's problem, raised by a page or a feature rule that knows which field is wrong."""

    status_code = 422

    def __init__(self, code: str, /, *, field: str, **params: object):
        super().__init__(code)
        self.params = {"field": field, **params}


class FormInvalid(InvalidInput, code="form.has_errors"):
    """A form that failed its model: one message per field, and a summary for the page."""

    def __init__(self, problems: Mapping[str, AppError]):
        super().__init__()
        self.problems = dict(problems)

    @classmethod
    def from_validation(
        cls, error: ValidationError, *, label_of: Callable[[str], str] | None = None
    ) -> FormInvalid:
        """One problem per field; with `label_of`, each message names its field (`label_of(field)`) and
        a problem of a list's item is its field's (`urusan_lain`, not `urusan_lain.1`)."""
        problems: dict[str, AppError] = {}
        for item in error.errors(include_url=False):
            loc = [str(part) for part in item.get("loc", ())]
            field = (loc[0] if label_of else ".".join(loc)) if loc else "__all__"
            if field in problems:
                continue  # the first problem of a field is the one to fix first
            problems[field] = _problem(item, field, label_of)
        return cls(problems)


def _problem(item: Mapping[str, Any], field: str, label_of: Callable[[str], str] | None = None) -> AppError:
    kind = str(item.get("type", ""))
    context: dict[str, object] = {str(name): value for name, value in (item.get("ctx") or {}).items()}
    params = {PARAMS_OF_TYPE.get(name, name): value for name, value in context.items()}
    if label_of is not None and "." not in kind:
        code = LABELLED_MESSAGE_OF_TYPE.get(kind, "form.labelled.invalid")
        return FieldProblem(code, field=field, label=label_of(field), **params)
    if kind in MESSAGE_OF_TYPE:
        return FieldProblem(MESSAGE_OF_TYPE[kind], field=field, **params)
    if "." in kind:  # a PydanticCustomError whose type is one of our message keys
        return FieldProblem(kind, field=field, **context)
    return FieldProblem("form.invalid", field=field)


def read_form(
    model: type[FormModel], values: Mapping[str, Any], *, context: Mapping[str, Any] | None = None
) -> FormModel:
    """The typed values as `model`, or `FormInvalid` saying what to fix in each field.

    `context` reaches the model's validators (`info.context`): what a rule needs besides the fields,
    such as the pemda's time zone."""
    try:
        return model.model_validate(dict(values), context=dict(context or {}))
    except ValidationError as error:
        raise FormInvalid.from_validation(error) from None


def field_messages(
    error: AppError, fields: Iterable[str] = (), *, field_of: Mapping[str, str] | None = None
) -> dict[str, str]:
    """The messages to show beside the fields (`__all__` for the top of the page)."""
    known = set(fields)
    if isinstance(error, FormInvalid):
        result = {field: problem.message() for field, problem in error.problems.items() if field in known}
        stray = [f"{name}: {item.message()}" for name, item in error.problems.items() if name not in known]
        result["__all__"] = " ".join([error.message(), *stray])
        return result
    result = {"__all__": error.message()}
    field = error.params.get("field")
    if not isinstance(field, str) and field_of:
        field = field_of.get(error.code)
    if isinstance(field, str) and field in known:
        result[field] = error.message()
    return result


class Rollback(Protocol):
    def rollback(self) -> None: ...


def form_failed(
    uow: Rollback,
    error: AppError,
    render: Callable[..., Any],
    *,
    fields: Iterable[str] = (),
    field_of: Mapping[str, str] | None = None,
) -> Any:
    """Undo what the failed attempt wrote, and render the page again with the messages.

    `render` is the page's own renderer with everything bound except `errors` and `status_code`
    (typically `functools.partial(_page, request, uow, principal, values=values)`).
    """
    uow.rollback()
    return render(errors=field_messages(error, fields, field_of=field_of), status_code=error.status_code)
