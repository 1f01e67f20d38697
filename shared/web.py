"""What every service's web app shares: errors, request ids, language, upload limits, health, auth."""

from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Sequence
from contextlib import AbstractAsyncContextManager
from typing import Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.dependencies.models import Dependant
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response, StreamingResponse
from fastapi.routing import APIRoute, iter_route_contexts
from pydantic import BaseModel, Field
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from shared.auth import Principal, Role, TokenVerifier
from shared.config import CommonSettings
from shared.errors import AppError, Forbidden, Unauthorized
from shared.hostile_input import HostileInputMiddleware
from shared.i18n import current_language, negotiate, translate
from shared.logging import request_id_var
from shared.security_headers import SecurityHeadersMiddleware, policy_of
from shared.webui.csrf import SESSION_COOKIE, CsrfGuard, CsrfMiddleware

log = logging.getLogger(__name__)

__all__ = ["SESSION_COOKIE"]
LANG_COOKIE = "gi_lang"
REQUEST_ID_KEY = "gi.request_id"
ReadinessCheck = tuple[str, Callable[[], None]]
PageErrorRenderer = Callable[[Request, int, str, str], Response]


def error_body(code: str, message: str, **extra: Any) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, **extra}}


def _attachment_headers(filename: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{filename}"'}


def attachment(content: bytes, *, filename: str, media_type: str) -> Response:
    """A file to save as `filename` (plain ASCII without quotes), not to show."""
    return Response(content, media_type=media_type, headers=_attachment_headers(filename))


def streamed_attachment(chunks: Iterator[bytes], *, filename: str, media_type: str) -> StreamingResponse:
    """A file to save as `filename` (plain ASCII without quotes), sent chunk by chunk as it is made."""
    return StreamingResponse(chunks, media_type=media_type, headers=_attachment_headers(filename))


class RequestContextMiddleware:
    """Gives each request an id (X-Request-ID, kept if sent) and a language (id unless asked)."""

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode().lower(): v.decode("latin-1") for k, v in scope["headers"]}
        request_id = headers.get("x-request-id") or uuid.uuid4().hex
        query_lang = None
        for part in scope.get("query_string", b"").decode().split("&"):
            if part.startswith("lang="):
                query_lang = part[5:]
        # Pages are in Indonesian whatever the browser's language, English only by the switch (the
        # cookie it sets, or ?lang=); a JSON client may ask with Accept-Language.
        browser_says = headers.get("accept-language") if scope.get("path", "").startswith("/api/") else None
        language = negotiate(browser_says, query_lang or _cookie(headers, LANG_COOKIE))
        rid_token, lang_token = request_id_var.set(request_id[:64]), current_language.set(language)
        scope[REQUEST_ID_KEY] = request_id[:64]  # the last-resort handler runs after the reset below

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"].append((b"x-request-id", request_id[:64].encode()))
                message["headers"].append((b"content-language", language.encode()))
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            request_id_var.reset(rid_token)
            current_language.reset(lang_token)


def _cookie(headers: dict[str, str], name: str) -> str | None:
    for item in headers.get("cookie", "").split(";"):
        key, _, value = item.strip().partition("=")
        if key == name:
            return value
    return None


class BodyTooLarge(AppError, code="error.request_too_large", status=413): ...


class BodyIncomplete(AppError, code="error.request_incomplete", status=408): ...


class BodySizeLimitMiddleware:
    """Counts request body bytes as they arrive and stops at the limit, whatever Content-Length says;
    a body that stops arriving before its end (a Content-Length larger than what is sent) is answered
    408 after `idle_seconds` instead of holding the connection open."""

    def __init__(self, app: ASGIApp, *, max_bytes: int, idle_seconds: float = 30.0):
        self.app, self.max_bytes, self.idle_seconds = app, max_bytes, idle_seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit_mb = self.max_bytes // (1024 * 1024)
        for key, value in scope["headers"]:
            if key == b"content-length" and value.isdigit() and int(value) > self.max_bytes:
                await _send_error(send, BodyTooLarge(limit_mb=limit_mb))
                return
        received = 0
        exceeded: BodyTooLarge | BodyIncomplete | None = None
        response_started = False
        body_done = False

        async def counting_receive() -> Message:
            nonlocal received, exceeded, body_done
            if body_done:  # after the body: waiting for a disconnect, however long, is the caller's business
                return await receive()
            try:
                message = await asyncio.wait_for(receive(), timeout=self.idle_seconds)
            except TimeoutError:
                exceeded = BodyIncomplete()
                raise exceeded from None
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                body_done = not message.get("more_body", False)
                if received > self.max_bytes:
                    exceeded = BodyTooLarge(limit_mb=limit_mb)
                    raise exceeded
            return message

        async def guarded_send(message: Message) -> None:
            # A body parser may turn our exception into its own 400: answer 413 instead.
            nonlocal response_started
            if exceeded is not None:
                if message["type"] == "http.response.start" and not response_started:
                    response_started = True
                    await _send_error(send, exceeded)
                return
            response_started = response_started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, guarded_send)
        except (BodyTooLarge, BodyIncomplete) as exc:
            if response_started:
                raise
            await _send_error(send, exc)


async def _send_error(send: Send, exc: AppError) -> None:
    response = JSONResponse(error_body(exc.code, exc.message()), status_code=exc.status_code)
    await send(
        {"type": "http.response.start", "status": response.status_code, "headers": response.raw_headers}
    )
    await send({"type": "http.response.body", "body": response.body})


def _page_errors(request: Request) -> PageErrorRenderer | None:
    """The app's error-page renderer when this request came from a browser page (not the JSON API)."""
    renderer: PageErrorRenderer | None = getattr(request.app.state, "page_errors", None)
    if renderer is None:
        return None
    path = request.url.path
    if path.startswith(("/api/", "/webhooks/", "/healthz", "/readyz", "/metrics", "/docs", "/openapi")):
        return None
    return None if "application/json" in request.headers.get("accept", "") else renderer


def app_error_response(request: Request, exc: AppError) -> Response:
    """`exc` as the project's JSON error, or as the app's error page for a browser page."""
    if page := _page_errors(request):
        response = page(request, exc.status_code, exc.code, exc.message())
        response.headers.update(exc.headers())
        return response
    headers = {"WWW-Authenticate": "Bearer"} if exc.status_code == 401 else {}
    headers.update(exc.headers())
    return JSONResponse(error_body(exc.code, exc.message()), status_code=exc.status_code, headers=headers)


def install_error_handlers(app: FastAPI) -> None:
    """Every error becomes JSON with a stable code and a message in the user's language (a page for pages)."""

    @app.exception_handler(AppError)
    async def _app_error(request: Request, exc: AppError) -> Response:
        return app_error_response(request, exc)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        code = {404: "error.not_found", 405: "error.method_not_allowed"}.get(exc.status_code, "error.http")
        message = translate(code) if code != "error.http" else str(exc.detail)
        if page := _page_errors(request):
            text = translate("error.page_not_found") if exc.status_code == 404 else message
            return page(request, exc.status_code, code, text)
        return JSONResponse(error_body(code, message), status_code=exc.status_code, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        fields = [
            {
                "field": ".".join(str(p) for p in err.get("loc", ()) if p != "body"),
                "problem": err.get("msg", ""),
            }
            for err in exc.errors()
        ]
        details = "; ".join(f"{f['field']}: {f['problem']}" for f in fields)
        message = translate("error.validation", details=details)
        if page := _page_errors(request):
            return page(request, 422, "error.validation", message)
        body = error_body("error.validation", message, fields=fields)
        return JSONResponse(body, status_code=422)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        # One line per failure; the traceback only for who turns DEBUG on (it can quote request data).
        log.error(
            "request.unhandled_error",
            extra={
                "error_type": type(exc).__name__,
                "error": str(exc)[:500],
                "path": request.url.path,
                "request_id": request.scope.get(REQUEST_ID_KEY),
            },
        )
        log.debug("request.unhandled_error.traceback", exc_info=exc)
        request.scope[LOGGED_KEY] = True
        if page := _page_errors(request):
            return page(request, 500, "error.internal", translate("error.internal"))
        return JSONResponse(error_body("error.internal", translate("error.internal")), status_code=500)


class ErrorField(BaseModel):
    field: str
    problem: str


class ErrorDetail(BaseModel):
    code: str = Field(examples=["error.not_found"])
    message: str = Field(description="in the caller's language (Accept-Language, ?lang=, the gi_lang cookie)")
    fields: list[ErrorField] | None = Field(default=None, description="what to fix, for a 422")


class ErrorBody(BaseModel):
    """Every error answer: a stable code and a message to show."""

    error: ErrorDetail


ERROR_STATUSES = {
    401: "Not logged in, or the token has expired or was revoked (`WWW-Authenticate: Bearer`).",
    403: "Logged in, but this role or OPD may not do this (or the CSRF token is missing).",
    404: "Not found, or not visible to the caller.",
    409: "Conflicts with the current state (the message says which).",
    413: "The body is larger than the service accepts.",
    422: "The input is not valid (the fields say what to fix), or it holds a control character.",
}
CONFLICT: dict[int | str, dict[str, Any]] = {409: {"description": ERROR_STATUSES[409]}}
"""`responses=CONFLICT` on a route that answers 409: the OpenAPI document lists it with the error body."""
SECURITY_SCHEMES = {
    "bearer": {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"},
    "session": {"type": "apiKey", "in": "cookie", "name": SESSION_COOKIE},
}


def _needs_principal(dependant: Dependant) -> bool:
    """Whether the route (through any of its dependencies) asks for the caller (`principal_dependency`)."""
    inner = f"{principal_dependency.__qualname__}.<locals>."
    return any(
        getattr(dep.call, "__qualname__", "").startswith(inner) or _needs_principal(dep)
        for dep in dependant.dependencies
    )


def _error_statuses(route: Any) -> list[int]:
    statuses = [401, 403] if _needs_principal(route.dependant) else []
    if route.dependant.path_params:
        statuses.append(404)
    if 409 in route.responses or "409" in route.responses:
        statuses.append(409)
    if route.dependant.body_params:
        statuses += [413, 422]
    elif route.dependant.query_params:
        statuses.append(422)
    return statuses


def _api_routes(app: FastAPI) -> Iterator[Any]:
    """The API routes of the document, each as FastAPI sees it (prefix and router dependencies applied)."""
    for context in iter_route_contexts(app.routes):
        if isinstance(context.original_route, APIRoute) and context.include_in_schema:
            yield context


def document_errors(app: FastAPI) -> None:
    """The OpenAPI document declares the security schemes and, per route, the errors it answers."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = build()
        components = schema.setdefault("components", {})
        components.setdefault("securitySchemes", {}).update(SECURITY_SCHEMES)
        body = ErrorBody.model_json_schema(ref_template="#/components/schemas/{model}")
        components.setdefault("schemas", {}).update({**body.pop("$defs", {}), "ErrorBody": body})
        error_content = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}
        for route in _api_routes(app):
            for method in route.methods or ():
                operation = schema.get("paths", {}).get(route.path_format, {}).get(method.lower())
                if operation is None:
                    continue
                if _needs_principal(route.dependant):
                    operation["security"] = [{"bearer": []}, {"session": []}]
                for status in _error_statuses(route):
                    response = operation["responses"].setdefault(str(status), {})
                    response["description"] = ERROR_STATUSES[status]
                    response["content"] = error_content
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


def health_router(checks: Callable[[], Sequence[ReadinessCheck]]) -> APIRouter:
    """/healthz says the process is alive; /readyz that its database, broker and S3 answer."""
    router = APIRouter(tags=["health"])

    @router.get("/healthz")
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    @router.get("/readyz")
    def readyz() -> JSONResponse:
        results: dict[str, str] = {}
        for name, check in checks():
            try:
                check()
                results[name] = "ok"
            except Exception as exc:
                results[name] = f"error: {type(exc).__name__}"
        ready = all(value == "ok" for value in results.values())
        return JSONResponse(
            {"status": "ok" if ready else "unavailable", "checks": results}, 200 if ready else 503
        )

    return router


LOGGED_KEY = "gi.error_logged"


class ServiceApp(FastAPI):
    """FastAPI whose unexpected errors end at the last-resort handler: Starlette re-raises them after the
    500 is sent, and uvicorn would log a second, multi-line traceback (it can quote request data)."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await super().__call__(scope, receive, send)
        except Exception:
            if not scope.get(LOGGED_KEY):
                raise


def create_service_app(
    *,
    title: str,
    lifespan: Callable[[FastAPI], AbstractAsyncContextManager[None]] | None,
    routers: Sequence[APIRouter],
    readiness: Callable[[], Sequence[ReadinessCheck]],
    max_body_bytes: int = 2 * 1024 * 1024,
) -> FastAPI:
    """A FastAPI app with the shared middleware, error handlers and health endpoints."""
    app = ServiceApp(title=title, lifespan=lifespan, docs_url="/docs", openapi_url="/openapi.json")
    install_error_handlers(app)
    document_errors(app)
    app.include_router(health_router(readiness))
    for router in routers:
        app.include_router(router, prefix="/api/v1")
    app.add_middleware(HostileInputMiddleware, answer=app_error_response)
    common = CommonSettings()
    app.add_middleware(
        BodySizeLimitMiddleware, max_bytes=max_body_bytes, idle_seconds=common.request_body_idle_seconds
    )
    app.state.csrf = csrf_guard_of(common)
    app.add_middleware(CsrfMiddleware, guard=app.state.csrf)
    app.add_middleware(RequestContextMiddleware)
    app.add_middleware(SecurityHeadersMiddleware, policy=policy_of(common))
    return app


def csrf_guard_of(common: CommonSettings) -> CsrfGuard:
    """The CSRF key and the origins every service accepts changes from (the three base URLs)."""
    return CsrfGuard(
        common.csrf_secret.get_secret_value().encode(),
        (common.public_base_url, common.review_base_url, common.notification_base_url),
    )


def bearer_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip()
    return request.cookies.get(SESSION_COOKIE)


def principal_dependency(verifier: Callable[[], TokenVerifier]) -> Callable[[Request], Awaitable[Principal]]:
    """A dependency that returns the caller, or answers 401 with what to do."""

    async def current_principal(request: Request) -> Principal:
        token = bearer_token(request)
        if not token:
            raise Unauthorized("auth.missing_token")
        return verifier().verify(token)

    return current_principal


def require_roles(*roles: Role) -> Callable[[Principal], Principal]:
    def check(principal: Principal) -> Principal:
        if principal.role not in roles and principal.role is not Role.superadmin:
            raise Forbidden()
        return principal

    return check


async def noop_lifespan(app: FastAPI) -> AsyncIterator[None]:
    yield
