"""The submission service's Celery app (`python -m services.submission worker`)."""

from __future__ import annotations

from services.submission.deps import get_runtime

app = get_runtime().celery
