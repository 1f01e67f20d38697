"""Logging in and out in the browser: the token goes into an HttpOnly cookie every service reads."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import Depends, Form, Request
from fastapi.responses import RedirectResponse, Response

from services.submission import accounts, principals
from services.submission.deps import GuardDep, RuntimeDep, SessionsDep, UnitOfWorkDep
from services.submission.web import pages
from shared.auth import Principal
from shared.errors import AppError
from shared.sessions import SessionKind
from shared.throttle import address_of
from shared.webui.nav import home_for
from shared.webui.pages import clear_session, set_session

router = pages.router()


@router.get("/")
def home(request: Request) -> Response:
    """The start page: the user's own work when logged in, else the public showcase."""
    return RedirectResponse(home_for(pages.principal(request), pages.urls), status_code=303)


@router.get("/login")
def login_form(request: Request, next: str = "") -> Response:
    return pages.render(request, "submission/login.html", {"next": next, "email": "", "errors": {}})


@router.post("/login")
def login(
    request: Request,
    uow: UnitOfWorkDep,
    runtime: RuntimeDep,
    guard: GuardDep,
    email: Annotated[str, Form(max_length=254)] = "",
    password: Annotated[str, Form(max_length=200)] = "",
    next: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """Check the password (failures counted per account and address, a block after too many) and start
    a browser session."""
    email, address = email.strip(), address_of(request)
    try:
        user = accounts.log_in(uow, runtime.db, guard, email=email, password=password, address=address)
    except AppError as error:
        uow.session.rollback()
        context = {"next": next, "email": email, "errors": {"__all__": error.message()}}
        page = pages.render(request, "submission/login.html", context, status_code=error.status_code)
        page.headers.update(error.headers())
        return page
    hours = runtime.settings.session_hours
    principal = runtime.issuer.start_session(
        principals.principal_of(user),
        kind=SessionKind.browser,
        lifetime=timedelta(hours=hours),
        agent=request.headers.get("user-agent", ""),
        address=address,
    )
    token = runtime.issuer.issue(principal, ttl=timedelta(hours=hours))
    target = pages.urls.safe_next(next, default=home_for(principal, pages.urls))
    response = RedirectResponse(target, status_code=303)
    set_session(request, response, token, max_age=hours * 3600, secure=pages.urls.secure)
    return response


def _ended(flash: str) -> Response:
    response = pages.redirect(pages.urls.login(), flash=flash)
    clear_session(response)
    return response


@router.post("/logout")
def logout(request: Request, sessions: SessionsDep) -> Response:
    """End this browser's session (its cookie stops working in every service) and go to the login page."""
    principal = pages.principal(request)
    if principal is not None:
        sessions.end(str(principal.session_id))
    return _ended("session.logged_out")


AnyUser = Annotated[Principal, Depends(pages.user())]


@router.get("/account/sessions")
def my_sessions(request: Request, principal: AnyUser, sessions: SessionsDep) -> Response:
    """Where you are logged in (browsers and apps, newest first), and one button to leave them all."""
    active = sessions.active(principal.user_id)
    context = {"active": active, "current": principal.session_id, "device_of": device_of}
    return pages.render(request, "submission/account/sessions.html", context)


BROWSERS = (
    ("Edg/", "Edge"),
    ("OPR/", "Opera"),
    ("Firefox/", "Firefox"),
    ("Chrome/", "Chrome"),
    ("Safari/", "Safari"),
)
SYSTEMS = (
    ("Android", "Android"),
    ("iPhone", "iOS"),
    ("iPad", "iPadOS"),
    ("Windows", "Windows"),
    ("Mac OS X", "macOS"),
)


def device_of(agent: str) -> str:
    """A person's words for a user agent: "Chrome · Android"; an API client by its name ("python-httpx")."""
    if not agent:
        return ""
    browser = next((name for mark, name in BROWSERS if mark in agent), "")
    system = next((name for mark, name in SYSTEMS if mark in agent), "Linux" if "Linux" in agent else "")
    if not browser:
        return agent.split(" ", 1)[0].split("/", 1)[0][:60]
    return " · ".join(part for part in (browser, system) if part)


@router.post("/logout-everywhere")
def logout_everywhere(request: Request, sessions: SessionsDep) -> Response:
    """End every session of this person: other browsers and API clients too."""
    principal = pages.principal(request)
    if principal is not None:
        sessions.end_all(principal.user_id)
    return _ended("session.logged_out_everywhere")
