"""Contract helpers: a person addressed the same way by every sender."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import pytest

from shared.contracts.notification import Recipient


@dataclass
class Person:
    name: str = "Rina"
    email: str | None = "rina@example.org"
    whatsapp: str | None = "+6281234567890"
    whatsapp_opt_in: bool = True
    language: str = "en"


class TestRecipientOf:
    def test_the_contacts_come_from_the_person(self) -> None:
        user_id, pemda_id = uuid.uuid4(), uuid.uuid4()

        recipient = Recipient.of(Person(), user_id=user_id, pemda_id=pemda_id, timezone="Asia/Makassar")

        assert recipient == Recipient(
            user_id=user_id,
            pemda_id=pemda_id,
            name="Rina",
            email="rina@example.org",
            whatsapp="+6281234567890",
            whatsapp_opt_in=True,
            language="en",
            timezone="Asia/Makassar",
        )

    @pytest.mark.parametrize(("language", "told_in"), [("en", "en"), ("id", "id"), ("fr", "id"), ("", "id")])
    def test_told_in_english_only_if_that_is_their_language(self, language: str, told_in: str) -> None:
        person = Person(language=language)

        recipient = Recipient.of(person, user_id=uuid.uuid4(), pemda_id=uuid.uuid4(), timezone="Asia/Jakarta")

        assert recipient.language == told_in
