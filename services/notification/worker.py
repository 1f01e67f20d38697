"""The notification service's Celery app (`python -m services.notification worker`)."""

from __future__ import annotations

from services.notification.deps import get_runtime

app = get_runtime().celery
