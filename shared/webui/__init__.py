"""The shared look of every service's pages: layout, forms, CSRF, language switch, charts, menu."""
