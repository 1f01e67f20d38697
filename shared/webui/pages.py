"""Server-rendered pages with one shared look: templates, login by cookie, CSRF, flash, errors as pages.

Each service builds one `Pages` for its own templates and mounts it with `install`; its page routers come
from `pages.router()` (CSRF checked on every unsafe method) and ask for the user with `pages.user(...)`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import ChoiceLoader, Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from shared.auth import Principal, Role, TokenVerifier
from shared.config import CommonSettings
from shared.errors import Forbidden, Unauthorized
from shared.i18n import LANGUAGES, Language, current_language, translate
from shared.timefmt import ZONE_LABELS, format_local
from shared.web import LANG_COOKIE, SESSION_COOKIE
from shared.webui import charts, messages
from shared.webui.csrf import CSRF_COOKIE, CSRF_FIELD, CsrfGuard, new_token, verify_csrf
from shared.webui.nav import ServiceName, SiteUrls, nav_for
from shared.webui.vocabulary import vocab

log = logging.getLogger(__name__)

SHARED_DIR = Path(__file__).parent
FLASH_COOKIE = "gi_flash"
YEAR_SECONDS = 365 * 24 * 3600

messages.register_common()


if TYPE_CHECKING:
    from shared.runtime import Runtime


@dataclass(frozen=True)
class PageContext:
    """What pages need from their process: settings (for URLs) and the token verifier."""

    common: CommonSettings
    verifier: TokenVerifier


class LoginRequired(Unauthorized, code="auth.missing_token"): ...


class Pages:
    """One service's page kit: its templates over the shared ones, its static files beside the shared ones."""

    def __init__(
        self,
        service: ServiceName,
        *,
        templates_dir: Path,
        static_dir: Path | None,
        context: Callable[[], PageContext],
    ):
        self.service, self.static_dir, self._context = service, static_dir, context
        self.env = Environment(
            loader=ChoiceLoader(
                [FileSystemLoader(templates_dir), FileSystemLoader(SHARED_DIR / "templates")]
            ),
            autoescape=select_autoescape(["html", "svg"]),
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.globals.update(
            t=translate,
            bar_chart=charts.bar_chart,
            line_chart=charts.line_chart,
            languages=LANGUAGES,
            service=service,
            timezone_label=lambda zone: ZONE_LABELS.get(zone, zone),
            vocab=vocab,
        )
        self.env.filters["number"] = format_number
        self.env.filters["file_size"] = file_size

    @classmethod
    def of_service(cls, service: ServiceName, web_dir: Path, runtime: Callable[[], Runtime]) -> Pages:
        """The page kit of a service whose `web/` package is `web_dir` (with `templates/` and `static/`)."""

        def context() -> PageContext:
            current = runtime()
            return PageContext(common=current.settings.common, verifier=current.verifier)

        return cls(
            service, templates_dir=web_dir / "templates", static_dir=web_dir / "static", context=context
        )

    # ---- who is asking ----

    @property
    def urls(self) -> SiteUrls:
        return SiteUrls.from_settings(self._context().common)

    def principal(self, request: Request) -> Principal | None:
        """The logged-in user, or None (no cookie, expired or forged token)."""
        token = request.cookies.get(SESSION_COOKIE)
        if not token:
            return None
        try:
            return self._context().verifier.verify(token)
        except Unauthorized:
            return None

    def user(self, *roles: Role) -> Callable[[Request], Principal]:
        """A dependency: the logged-in user with one of `roles` (any role if none given).

        Nobody logged in: off to the login page and back here afterwards. Wrong role: a 403 page.
        """

        def dependency(request: Request) -> Principal:
            principal = self.principal(request)
            if principal is None:
                raise LoginRequired()
            if roles and principal.role not in roles and principal.role is not Role.superadmin:
                raise Forbidden()
            return principal

        return dependency

    def router(self, **kwargs: Any) -> APIRouter:
        """A router for pages: hidden from the API schema, CSRF checked on POST/PUT/PATCH/DELETE."""
        return APIRouter(include_in_schema=False, dependencies=[Depends(verify_csrf)], **kwargs)

    # ---- answers ----

    def render(
        self,
        request: Request,
        template: str,
        context: Mapping[str, Any] | None = None,
        *,
        status_code: int = 200,
        principal: Principal | None = None,
    ) -> HTMLResponse:
        """Render `template` inside the shared layout (navigation for the user's role, language switch)."""
        user = principal or self.principal(request)
        language = current_language.get()
        csrf = getattr(request.state, "csrf", None) or CsrfGuard.of(request).token(request)
        request.state.csrf = csrf
        timezone = user.timezone if user else "Asia/Jakarta"
        urls = self.urls
        flash = request.cookies.get(FLASH_COOKIE)
        values: dict[str, Any] = {
            "request": request,
            "user": user,
            "lang": language,
            "other_lang": "en" if language == "id" else "id",
            "csrf_field": CSRF_FIELD,
            "csrf_token": csrf,
            "csrf_input": Markup('<input type="hidden" name="{}" value="{}">').format(CSRF_FIELD, csrf),
            "urls": urls,
            "nav": nav_for(user, urls, current=str(request.url)),
            "here": request.url.path + (f"?{request.url.query}" if request.url.query else ""),
            "flash": translate(flash) if flash else None,
            "local_time": lambda moment, tz=timezone: local_time(moment, tz, language),
            "timezone": timezone,
        }
        values.update(context or {})
        body = self.env.get_template(template).render(values)
        response = HTMLResponse(body, status_code=status_code)
        secure = urls.secure
        if request.cookies.get(CSRF_COOKIE) != csrf:
            response.set_cookie(CSRF_COOKIE, csrf, samesite="lax", secure=secure, path="/")
        if flash:
            response.delete_cookie(FLASH_COOKIE, path="/")
        response.headers["Cache-Control"] = "no-store"
        return response

    def redirect(self, url: str, *, flash: str | None = None) -> RedirectResponse:
        """303 after a successful form (post/redirect/get), with a one-time message for the next page."""
        response = RedirectResponse(url, status_code=303)
        if flash:
            response.set_cookie(FLASH_COOKIE, flash, max_age=60, samesite="lax", path="/")
        return response

    def error_page(self, request: Request, status_code: int, code: str, message: str) -> Response:
        """An error as a page in the user's language: what happened and what to do. Never a stack trace."""
        if status_code == 401:
            return RedirectResponse(self.urls.login(str(request.url)), status_code=303)
        try:
            return self.render(
                request,
                "error.html",
                {"status_code": status_code, "code": code, "message": message},
                status_code=status_code,
            )
        except Exception:  # the error page itself failed: plain text, still no trace
            log.exception("page.error_page_failed")
            return HTMLResponse(translate("error.internal"), status_code=status_code)

    # ---- mounting ----

    def install(self, app: FastAPI, *routers: APIRouter) -> None:
        """Mount the static files, the language switch and `routers`; errors on pages become pages."""
        app.mount("/assets/gi", StaticFiles(directory=SHARED_DIR / "static"), name="assets-shared")
        if self.static_dir is not None:
            app.mount(
                f"/assets/{self.service}",
                StaticFiles(directory=self.static_dir),
                name=f"assets-{self.service}",
            )
        app.include_router(self._language_router())
        for router in routers:
            app.include_router(router)
        app.state.page_errors = self.error_page

    def _language_router(self) -> APIRouter:
        router = APIRouter(include_in_schema=False)

        @router.get("/lang/{code}")
        def switch_language(request: Request, code: str, next: str = "/") -> Response:
            """Remember the chosen language for a year and go back where the user was."""
            target = self.urls.safe_next(next)
            response = RedirectResponse(target, status_code=303)
            if code in LANGUAGES:
                response.set_cookie(
                    LANG_COOKIE, code, max_age=YEAR_SECONDS, samesite="lax", secure=self.urls.secure, path="/"
                )
            return response

        return router


def local_time(moment: datetime | None, timezone: str, language: Language) -> str:
    if moment is None:
        return "—"
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return format_local(moment, timezone, language)


def format_number(value: float | int | None, digits: int = 2) -> str:
    """Numbers the Indonesian way in id (1.234,5) and the English way in en (1,234.5)."""
    if value is None:
        return "—"
    text = f"{value:,.{digits}f}" if isinstance(value, float) else f"{value:,}"
    if current_language.get() == "id":
        text = text.replace(",", "_").replace(".", ",").replace("_", ".")
    return text


def file_size(size: int | None) -> str:
    """A file's size as people read it: 820 B, 29,3 KB, 28,6 MB, 1,2 GB (one decimal, the page's language)."""
    if size is None:
        return "—"
    if size < 1024:
        return f"{size} B"
    value = float(size)
    for unit in ("KB", "MB", "GB"):
        value /= 1024
        if value < 1024 or unit == "GB":
            break
    return f"{format_number(value, 1)} {unit}"


def set_session(request: Request, response: Response, token: str, *, max_age: int, secure: bool) -> None:
    """Give the browser its session: the token in an HttpOnly cookie, and a CSRF token bound to it."""
    response.set_cookie(
        SESSION_COOKIE, token, max_age=max_age, httponly=True, samesite="lax", secure=secure, path="/"
    )
    csrf = new_token(CsrfGuard.of(request).key, token)
    response.set_cookie(CSRF_COOKIE, csrf, samesite="lax", secure=secure, path="/")


def clear_session(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/")
    response.delete_cookie(CSRF_COOKIE, path="/")
