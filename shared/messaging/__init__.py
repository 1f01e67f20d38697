"""The bus: Celery app factory, transactional outbox and inbox."""
