"""Where each page lives and who sees it in the menu: one map for the three services.

Paths are fixed here so every service can link to every other; the base URL of each service comes from
settings (`PUBLIC_BASE_URL`, `REVIEW_BASE_URL`, `NOTIFICATION_BASE_URL`; one site URL behind the proxy).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal
from urllib.parse import quote, urlsplit

from shared.auth import Principal, Role
from shared.config import CommonSettings

ServiceName = Literal["submission", "review", "notification"]

# Page paths, by service. The reverse proxy routes these prefixes (deploy/nginx.conf).
PAGE_PREFIXES: dict[ServiceName, tuple[str, ...]] = {
    "submission": (
        "/login",
        "/logout",
        "/reset-password",
        "/accept-invitation",
        "/opd/",
        "/admin/",
        "/showcase",
        "/lang/",
    ),
    "review": ("/review/", "/dashboard"),
    "notification": ("/notifications/", "/notification/dev/"),
}


@dataclass(frozen=True)
class NavItem:
    key: str  # translation key of the label
    href: str
    current: bool = False


@dataclass(frozen=True)
class SiteUrls:
    submission: str
    review: str
    notification: str

    @classmethod
    def from_settings(cls, common: CommonSettings) -> SiteUrls:
        return cls(
            common.public_base_url.rstrip("/"),
            common.review_base_url.rstrip("/"),
            common.notification_base_url.rstrip("/"),
        )

    def to(self, service: ServiceName, path: str) -> str:
        return getattr(self, service) + path  # type: ignore[no-any-return]

    @property
    def secure(self) -> bool:
        return self.submission.startswith("https://")

    def login(self, next_url: str | None = None) -> str:
        url = self.to("submission", "/login")
        return f"{url}?next={quote(next_url, safe='')}" if next_url else url

    def safe_next(self, target: str | None, default: str = "/") -> str:
        """`target` if it is a page of this site (relative, or on one of the three bases), else `default`."""
        if target and same_site(target, (self.submission, self.review, self.notification)):
            return target
        return default


# (label key, service, path, roles that see it; empty = everyone logged in)
MENU: tuple[tuple[str, ServiceName, str, frozenset[Role]], ...] = (
    ("nav.my_innovations", "submission", "/opd/innovations", frozenset({Role.opd_operator, Role.opd_head})),
    ("nav.approvals", "submission", "/opd/approvals", frozenset({Role.opd_head})),
    ("nav.review_queue", "review", "/review/queue", frozenset({Role.reviewer, Role.admin})),
    ("nav.admin", "submission", "/admin/periods", frozenset({Role.admin})),
    ("nav.review_admin", "review", "/review/admin/assignments", frozenset({Role.admin})),
    ("nav.dashboard", "review", "/dashboard", frozenset({Role.admin})),
    ("nav.notification_log", "notification", "/notifications/log", frozenset({Role.admin})),
    ("nav.preferences", "notification", "/notifications/preferences", frozenset()),
)


# Where each role lands after login: the work that waits for them (the admin: the ranking and progress).
HOME: dict[Role, tuple[ServiceName, str]] = {
    Role.opd_operator: ("submission", "/opd/innovations"),
    Role.opd_head: ("submission", "/opd/approvals"),
    Role.reviewer: ("review", "/review/queue"),
    Role.admin: ("review", "/dashboard"),
    Role.superadmin: ("review", "/dashboard"),
}


def home_for(principal: Principal | None, urls: SiteUrls) -> str:
    """Where a user lands after login (the showcase for nobody)."""
    if principal is None:
        return urls.to("submission", "/showcase")
    return urls.to(*HOME[principal.role])


def nav_for(principal: Principal | None, urls: SiteUrls, *, current: str = "") -> list[NavItem]:
    if principal is None:
        return [NavItem("nav.showcase", urls.to("submission", "/showcase"))]
    role = Role.admin if principal.role is Role.superadmin else principal.role
    items = []
    for key, service, path, roles in MENU:
        if roles and role not in roles:
            continue
        href = urls.to(service, path)
        items.append(NavItem(key, href, current=bool(current) and current.startswith(href)))
    return items


def same_site(url: str, allowed: Iterable[str]) -> bool:
    """Whether `url` is relative to this site or on one of the `allowed` bases (no open redirects)."""
    parts = urlsplit(url)
    if not parts.scheme and not parts.netloc:
        return url.startswith("/") and not url.startswith("//")
    return any(urlsplit(base)[:2] == parts[:2] for base in allowed)
