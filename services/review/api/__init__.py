"""HTTP API of the review service (mounted under /api/v1)."""
