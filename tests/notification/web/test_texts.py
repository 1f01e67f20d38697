"""Labels the notification pages build from codes (t("notif.status." ~ code)) exist in both languages."""

from __future__ import annotations

import pytest

import services.notification.web.messages  # noqa: F401 - registers the texts
from services.notification import delivery_log
from services.notification.models import Category, Channel, DeliveryMode, DeliveryStatus, ProviderName
from shared.i18n import LANGUAGES, Language, has_text

DYNAMIC_KEYS = [
    *(f"notif.event.{event}" for event in delivery_log.known_event_types()),
    *(f"notif.status.{status.value}" for status in DeliveryStatus),
    "notif.status.held",
    *(f"notif.channel.{channel.value}" for channel in Channel),
    *(f"notif.provider.{provider.value}" for provider in ProviderName),
    *(f"notif.category.{category.value}" for category in Category),
    *(f"notif.category.{category.value}.help" for category in Category),
    *(f"notif.prefs.mode.{mode.value}" for mode in DeliveryMode),
]


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_label_built_from_a_code_exists(language: Language) -> None:
    missing = [key for key in DYNAMIC_KEYS if not has_text(key, language)]

    assert not missing, f"labels missing in {language}: {missing}"
