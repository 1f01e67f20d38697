"""Errors people can act on: a stable code, an HTTP status and a translated message."""

from __future__ import annotations

from shared.i18n import translate


class AppError(Exception):
    """An error with a stable `code`, shown to the user in their language."""

    status_code: int = 400
    code: str = "error"

    def __init_subclass__(cls, *, code: str | None = None, status: int | None = None, **kwargs: object):
        """`class CaseClosed(Conflict, code="review.case_closed"): ...` declares an error in one line."""
        super().__init_subclass__(**kwargs)
        if code is not None:
            cls.code = code
        if status is not None:
            cls.status_code = status

    def __init__(self, code: str | None = None, /, *, status_code: int | None = None, **params: object):
        self.code = code or self.code
        if status_code is not None:
            self.status_code = status_code
        self.params = params
        super().__init__(self.code)

    def message(self) -> str:
        return translate(self.code, **self.params)

    def headers(self) -> dict[str, str]:
        """Headers the answer carries (`Retry-After` on a 429, say)."""
        return {}


class NotFound(AppError):
    status_code = 404
    code = "error.not_found"


class Forbidden(AppError):
    status_code = 403
    code = "error.forbidden"


class Unauthorized(AppError):
    status_code = 401
    code = "auth.token_invalid"


class Conflict(AppError):
    status_code = 409


class InvalidInput(AppError):
    """Input that breaks a rule of the product (422): the message says what to change."""

    status_code = 422


class ServiceUnavailable(AppError):
    status_code = 503


class TransientError(Exception):
    """A failure worth retrying later (a server that did not answer, a rate limit)."""


class PermanentError(Exception):
    """A failure that retrying cannot fix (invalid recipient, rejected content)."""

    def __init__(self, reason: str, *, code: str | None = None):
        self.reason, self.code = reason, code
        super().__init__(reason)
