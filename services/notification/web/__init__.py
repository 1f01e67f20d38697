"""Pages of the notification service (the development inbox)."""
