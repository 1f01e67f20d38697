"""Rules about people's attention: categories, urgency, quiet hours, the WhatsApp 24-hour window."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from services.notification.models import Category

CATEGORY_OF: dict[str, Category] = {
    "account.invited": Category.account,
    "account.password_reset": Category.account,
    "innovation.sent_to_head": Category.review_work,
    "innovation.returned_by_head": Category.review_work,
    "reviewer.assigned": Category.review_work,
    "review.due_soon": Category.review_work,
    "review.overdue": Category.review_work,
    "review.escalated": Category.review_work,
    "innovation.submitted": Category.decisions,
    "innovation.revision_requested": Category.decisions,
    "innovation.accepted": Category.decisions,
    "innovation.rejected": Category.decisions,
    "innovation.revision_deadline_soon": Category.deadlines,
    "period.opened": Category.deadlines,
    "period.closing": Category.deadlines,
    "digest.admin_daily": Category.deadlines,
}

# Someone is waiting for these right now (a link that expires): never held, never put in a digest,
# and always sent by email whatever the preferences say.
URGENT_EVENTS = frozenset({"account.invited", "account.password_reset"})

# Sent by a schedule or to many people at once (reminders, announcements, summaries): the service's
# default quiet hours hold these. Messages answering what someone just did (a decision, an
# assignment, a confirmation) go at once unless the person set quiet hours of their own.
SCHEDULED_EVENTS = frozenset(
    {
        "review.due_soon",
        "review.overdue",
        "review.escalated",
        "innovation.revision_deadline_soon",
        "period.opened",
        "period.closing",
        "digest.admin_daily",
    }
)

# Already a once-a-day summary (sent by submission, which owns the progress data): never bundled
# into a personal digest, whatever the admin chose for its category.
ALREADY_DIGESTS = frozenset({"digest.admin_daily"})

DEFAULT_QUIET_START = time(21, 0)
DEFAULT_QUIET_END = time(6, 0)
DIGEST_HOUR = time(7, 0)
WHATSAPP_WINDOW = timedelta(hours=24)


def category_of(event_type: str) -> Category:
    return CATEGORY_OF.get(event_type, Category.decisions)


def is_urgent(event_type: str) -> bool:
    return event_type in URGENT_EVENTS


def may_be_digested(event_type: str) -> bool:
    return event_type not in URGENT_EVENTS and event_type not in ALREADY_DIGESTS


def quiet_until(now: datetime, *, timezone: str, start: time | None, end: time | None) -> datetime | None:
    """When quiet hours (local time in `timezone`) end if `now` falls inside them, else None."""
    start, end = start or DEFAULT_QUIET_START, end or DEFAULT_QUIET_END
    if start == end:
        return None
    zone = ZoneInfo(timezone)
    local = now.astimezone(zone)
    clock = local.time().replace(tzinfo=None)
    # Across midnight (21:00-06:00) the quiet part is the two ends of the day.
    inside = start <= clock < end if start < end else clock >= start or clock < end
    if not inside:
        return None
    release = datetime.combine(local.date(), end, tzinfo=zone)
    if release <= local:
        release += timedelta(days=1)
    return release.astimezone(now.tzinfo)


def digest_due(now: datetime, *, timezone: str, last_digest_at: datetime | None) -> bool:
    """True once a day, from the digest hour in the person's zone, until a digest was sent that day."""
    zone = ZoneInfo(timezone)
    local = now.astimezone(zone)
    todays = datetime.combine(local.date(), DIGEST_HOUR, tzinfo=zone)
    if local < todays:
        return False
    return last_digest_at is None or last_digest_at < todays


def inside_whatsapp_window(now: datetime, last_inbound_at: datetime | None) -> bool:
    """Free text is allowed for 24 hours after the person last wrote to us."""
    return last_inbound_at is not None and now - last_inbound_at < WHATSAPP_WINDOW
