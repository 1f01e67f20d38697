"""The links a message carries: the page where its recipient acts and their notification settings.

Made once, when the event is recorded (`notifying.handle_notify`), from the public base URLs of the
services (`CommonSettings.base_urls`) and the page addresses of `shared.contracts.pages`; stored with
the notification's data, so a resend carries the same links.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from shared.contracts.pages import DELIVERY_LOG, OWN_LINKS, PREFERENCES, action_url


def with_links(event_type: str, data: Mapping[str, Any], base_urls: Mapping[str, str]) -> dict[str, Any]:
    """`data` with `action_url` (unless the sender gave one) and, for account holders, `preferences_url`."""
    linked = dict(data)
    if not linked.get("action_url"):
        url = action_url(event_type, data, base_urls)
        if url is not None:
            linked["action_url"] = url
    if event_type not in OWN_LINKS:  # an invitation or a reset goes to someone who may not log in yet
        linked["preferences_url"] = PREFERENCES.url(base_urls, {})
    return linked


def digest_links(base_urls: Mapping[str, str], *, for_admin: bool) -> dict[str, Any]:
    """A daily digest's links: the settings (where the daily choice is changed); an admin's, the log."""
    links: dict[str, Any] = {"preferences_url": PREFERENCES.url(base_urls, {})}
    if for_admin:
        links["action_url"] = DELIVERY_LOG.url(base_urls, {})
    return links
