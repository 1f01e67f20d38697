"""Where a person acts on each event: the page a message links to (its owner service and path).

The pages belong to the services (submission's OPD and admin pages, review's cases, notification's
preferences); this table is the contract of their addresses that the notification service turns into
links, from each service's public base URL (`CommonSettings.base_urls`). A test opens every path on
its owner's app, so a page that moves breaks the build, not the links in people's inboxes.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal
from uuid import UUID

Service = Literal["submission", "review", "notification"]
BASE_URL_SETTING: dict[Service, str] = {
    "submission": "PUBLIC_BASE_URL",
    "review": "REVIEW_BASE_URL",
    "notification": "NOTIFICATION_BASE_URL",
}


@dataclass(frozen=True)
class PageAddress:
    """A page of `service` at `path`, whose `{placeholders}` are ids from the event's data."""

    service: Service
    path: str

    @property
    def placeholders(self) -> tuple[str, ...]:
        return tuple(name for _, name, _, _ in string.Formatter().parse(self.path) if name)

    def url(self, base_urls: Mapping[str, str], data: Mapping[str, Any]) -> str | None:
        """The full link, or None when the data lacks an id the path needs (or it is not an id)."""
        values: dict[str, str] = {}
        for name in self.placeholders:
            try:
                values[name] = str(UUID(str(data.get(name))))
            except ValueError:
                return None
        base = base_urls[BASE_URL_SETTING[self.service]].rstrip("/")
        return base + self.path.format(**values)


OPD_INNOVATION = PageAddress("submission", "/opd/innovations/{innovation_id}")
REVIEW_CASE = PageAddress("review", "/review/cases/{case_id}")

# event type -> the page its recipient acts on (account.* messages carry their own one-time link).
ACTION_PAGES: dict[str, PageAddress] = {
    "innovation.sent_to_head": PageAddress("submission", "/opd/approvals/{innovation_id}"),
    "innovation.returned_by_head": OPD_INNOVATION,
    "innovation.submitted": OPD_INNOVATION,
    "innovation.revision_requested": OPD_INNOVATION,
    "innovation.revision_deadline_soon": OPD_INNOVATION,
    "innovation.accepted": OPD_INNOVATION,
    "innovation.rejected": OPD_INNOVATION,
    "reviewer.assigned": REVIEW_CASE,
    "review.due_soon": REVIEW_CASE,
    "review.overdue": REVIEW_CASE,
    "review.escalated": PageAddress("review", "/review/admin/assignments"),
    "period.opened": PageAddress("submission", "/opd/innovations/new"),
    "period.closing": PageAddress("submission", "/opd/innovations"),
    "digest.admin_daily": PageAddress("submission", "/admin/compliance"),
}
# Links a message carries itself (made by the sender, one-time tokens inside).
OWN_LINKS: dict[str, str] = {"account.invited": "invite_url", "account.password_reset": "reset_url"}
PREFERENCES = PageAddress("notification", "/notifications/preferences")
DELIVERY_LOG = PageAddress("notification", "/notifications/log")  # an admin's daily digest


def action_url(event_type: str, data: Mapping[str, Any], base_urls: Mapping[str, str]) -> str | None:
    """The link to the page where the recipient of `event_type` acts, or None if there is none."""
    own = OWN_LINKS.get(event_type)
    if own is not None:
        link = data.get(own)
        return link if isinstance(link, str) and link else None
    page = ACTION_PAGES.get(event_type)
    return page.url(base_urls, data) if page is not None else None
