"""Status webhooks of the WhatsApp providers (mounted at /webhooks, outside /api/v1)."""

from __future__ import annotations

import json
from typing import Annotated, Any
from urllib.parse import parse_qs

from fastapi import APIRouter, Query, Request
from fastapi.responses import PlainTextResponse

from services.notification import delivery_status
from services.notification.deps import RuntimeDep, UnitOfWorkDep
from shared.errors import AppError

router = APIRouter(prefix="/webhooks", tags=["webhooks"])


class BadWebhookBody(AppError, code="error.validation"):
    def __init__(self) -> None:
        super().__init__(details="body")


@router.get("/whatsapp", response_class=PlainTextResponse)
def verify_whatsapp_webhook(
    runtime: RuntimeDep,
    mode: Annotated[str, Query(alias="hub.mode")] = "",
    token: Annotated[str, Query(alias="hub.verify_token")] = "",
    challenge: Annotated[str, Query(alias="hub.challenge")] = "",
) -> str:
    """Meta's subscription check: answer the challenge when the verify token matches."""
    secret = runtime.settings.whatsapp.verify_token
    delivery_status.check_token(expected=secret.get_secret_value() if secret else None, given=token)
    if mode != "subscribe":
        raise delivery_status.WebhookRefused("webhook.invalid_token")
    return challenge


@router.post("/whatsapp")
async def whatsapp_status(request: Request, runtime: RuntimeDep, uow: UnitOfWorkDep) -> dict[str, Any]:
    """Cloud API statuses and inbound messages, signed with X-Hub-Signature-256; unknown ids: 200."""
    body = await request.body()
    secret = runtime.settings.whatsapp.app_secret
    delivery_status.check_signature(
        app_secret=secret.get_secret_value() if secret else None,
        body=body,
        header=request.headers.get("x-hub-signature-256"),
    )
    try:
        payload = json.loads(body)
    except ValueError as exc:
        raise BadWebhookBody() from exc
    if not isinstance(payload, dict):
        raise BadWebhookBody()
    return {"status": "ok", **delivery_status.handle_cloud_api(uow, payload=payload)}


@router.post("/gateway")
async def gateway_status(
    request: Request, runtime: RuntimeDep, uow: UnitOfWorkDep, token: str | None = None
) -> dict[str, Any]:
    """A Fonnte-style gateway's status callback (JSON or form) with `?token=` the verify token."""
    secret = runtime.settings.whatsapp.verify_token
    delivery_status.check_token(expected=secret.get_secret_value() if secret else None, given=token)
    body = await request.body()
    payload: Any
    try:
        payload = (
            json.loads(body)
            if body.strip().startswith(b"{")
            else {k: v[0] for k, v in parse_qs(body.decode()).items()}
        )
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadWebhookBody() from exc
    known = delivery_status.handle_gateway(uow, payload=payload if isinstance(payload, dict) else {})
    return {"status": "ok", "known": known}
