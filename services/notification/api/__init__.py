"""HTTP API of the notification service (mounted under /api/v1)."""
