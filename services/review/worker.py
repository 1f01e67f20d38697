"""The review service's Celery app (`python -m services.review worker`)."""

from __future__ import annotations

from services.review.deps import get_runtime

app = get_runtime().celery
