"""HTTP API of the submission service (mounted under /api/v1)."""
