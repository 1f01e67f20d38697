"""Account pages anyone can reach without logging in: forgotten password and accepting an invitation.

The emails link here (`accounts.py`: `/reset-password?token=...`, `/accept-invitation?token=...`).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Form, Request
from fastapi.responses import Response

from services.submission import accounts
from services.submission.deps import PasswordLinks, PasswordLinksDep, PolicyDep
from services.submission.web import pages
from shared.errors import AppError
from shared.i18n import translate
from shared.throttle import TooManyAttempts
from shared.webui.forms import field_messages

router = pages.router()

TEMPLATE = "submission/account/password.html"


def _password_form(
    request: Request,
    *,
    purpose: str,
    token: str,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    return pages.render(
        request,
        TEMPLATE,
        {"purpose": purpose, "token": token, "errors": errors or {}, "min_password": accounts.MIN_PASSWORD},
        status_code=status_code,
    )


def _set_password(
    request: Request,
    links: PasswordLinks,
    *,
    purpose: str,
    token: str,
    password: str,
    password_again: str,
) -> Response:
    """Set the password with the one-time link; on an error the form again with what to do."""
    if password != password_again:
        message = translate("pw.mismatch")
        errors = {"__all__": message, "password_again": message}
        return _password_form(request, purpose=purpose, token=token, errors=errors, status_code=422)
    try:
        links.set_password(token=token, password=password, purpose=purpose)
    except AppError as error:
        links.uow.session.rollback()
        errors = field_messages(error)
        if error.code == "account.password_short":
            errors["password"] = error.message()
        status_code = 429 if isinstance(error, TooManyAttempts) else 422
        response = _password_form(
            request, purpose=purpose, token=token, errors=errors, status_code=status_code
        )
        response.headers.update(error.headers())
        return response
    return pages.redirect("/login", flash="pw.set_done")


@router.get("/reset-password")
def reset_password_form(request: Request, token: str = "") -> Response:
    """Without a token: ask for the email. With the emailed token: choose a new password."""
    if token:
        return _password_form(request, purpose="reset", token=token)
    return pages.render(request, "submission/account/reset_request.html", {"email": "", "errors": {}})


@router.post("/reset-password")
def reset_password(
    request: Request,
    links: PasswordLinksDep,
    policy: PolicyDep,
    email: Annotated[str, Form(max_length=254)] = "",
    token: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=200)] = "",
    password_again: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """With a token: set the new password. Without: send a link; the answer is the same for any email."""
    if token:
        return _set_password(
            request,
            links,
            purpose="reset",
            token=token,
            password=password,
            password_again=password_again,
        )
    email = email.strip()
    if "@" not in email or len(email) < 3:
        message = translate("pw.email_needed")
        context = {"email": email, "errors": {"__all__": message, "email": message}}
        return pages.render(request, "submission/account/reset_request.html", context, status_code=422)
    accounts.request_password_reset(
        links.uow, email=email, policy=policy, guard=links.guard, address=links.address
    )
    return pages.render(request, "submission/account/reset_sent.html", {"email": email})


@router.get("/accept-invitation")
def invitation_form(request: Request, token: str = "") -> Response:
    """The invitation link: choose a first password."""
    if not token:
        errors = {"__all__": translate("account.token_invalid")}
        return _password_form(request, purpose="invite", token="", errors=errors, status_code=400)
    return _password_form(request, purpose="invite", token=token)


@router.post("/accept-invitation")
def accept_invitation(
    request: Request,
    links: PasswordLinksDep,
    token: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=200)] = "",
    password_again: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    return _set_password(
        request,
        links,
        purpose="invite",
        token=token,
        password=password,
        password_again=password_again,
    )
