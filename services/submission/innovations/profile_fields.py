"""The 2026 profile fields (Pedoman IGA 2026): their normal forms and the checks that need words.

All of them are optional: a draft started before they existed sends as before."""

from __future__ import annotations

import re
from typing import Any

from services.submission.models import Innovation
from shared.errors import InvalidInput
from shared.i18n import translate
from shared.phone import InvalidPhoneNumber, normalize_msisdn
from shared.webui.vocabulary import ASTA_CITA_CODES

# Indonesia from Pulau Rondo/Weh (6°N) to Pulau Ndana (11°S), from Sabang (95°E) to Merauke (141°E),
# with a small margin for the outer islands.
LATITUDE_BOUNDS = (-11.2, 6.3)
LONGITUDE_BOUNDS = (94.7, 141.1)
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]{2,}")
FREE_TEXT = ("klaster_pkpn", "program_pkpn", "kontak_nama", "kontak_telepon", "kontak_email")


class BadAstaCita(InvalidInput, code="innovation.bad_asta_cita"): ...


class LatitudeOutside(InvalidInput, code="innovation.latitude_outside"): ...


class LongitudeOutside(InvalidInput, code="innovation.longitude_outside"): ...


class CoordinatesIncomplete(InvalidInput, code="innovation.coordinates_incomplete"): ...


class BadContactPhone(InvalidInput, code="innovation.bad_kontak_telepon"): ...


class BadContactEmail(InvalidInput, code="innovation.bad_kontak_email"): ...


class NegativeBudget(InvalidInput, code="innovation.anggaran_negative"): ...


def normalised(values: dict[str, Any]) -> dict[str, Any]:
    """The sent 2026 fields checked one by one (422 naming the field), the phone as +62..., empty text
    as nothing; fields not sent are left out."""
    result = dict(values)
    for name in FREE_TEXT:
        if name in result and isinstance(result[name], str):
            result[name] = " ".join(result[name].split()) or None
    asta_cita = result.get("asta_cita")
    if asta_cita is not None and asta_cita not in ASTA_CITA_CODES:
        raise BadAstaCita(value=asta_cita)
    latitude, longitude = result.get("latitude"), result.get("longitude")
    if latitude is not None and not LATITUDE_BOUNDS[0] <= latitude <= LATITUDE_BOUNDS[1]:
        raise LatitudeOutside(value=f"{latitude:g}".replace(".", ","))
    if longitude is not None and not LONGITUDE_BOUNDS[0] <= longitude <= LONGITUDE_BOUNDS[1]:
        raise LongitudeOutside(value=f"{longitude:g}".replace(".", ","))
    if result.get("kontak_telepon"):
        try:
            result["kontak_telepon"] = normalize_msisdn(result["kontak_telepon"])
        except InvalidPhoneNumber as exc:
            raise BadContactPhone(
                value=exc.raw, reason=translate(f"innovation.phone_problem.{exc.problem.value}")
            ) from None
    email = result.get("kontak_email")
    if email:
        if not _EMAIL.fullmatch(email):
            raise BadContactEmail(value=email)
        result["kontak_email"] = email.lower()
    if result.get("anggaran") is not None and result["anggaran"] < 0:
        raise NegativeBudget()
    return result


def check(innovation: Innovation) -> None:
    """Rules between the 2026 fields once applied: a place needs both coordinates."""
    if (innovation.latitude is None) != (innovation.longitude is None):
        raise CoordinatesIncomplete()
