"""What an admin types for a pemda-level (SPD) row, read the Indonesian way, and the parameter it earns.

A number row (IPM 72,40) earns the best parameter whose band holds the figure: the source's bands
overlap at their edges (TPT 5b: "≥ 5,91" earns 1, "2,34 s.d. 5,92" earns 2), and there the higher
parameter wins. (Rows 3, 6 and 7 start band 2 one hundredth *below* band 1's edge, -50,33 after
"≤ -50,32": the catalogue reads it as the value after that edge, -50,31, and says so in its source.)
Figures have at most two decimals, the precision of every band in the source, so no
figure falls between two bands. A choice row (Opini BPK "WTP") earns the parameter naming the answer.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from shared.contracts.catalogue import Catalogue, SpdIndicatorDefinition
from shared.errors import InvalidInput

FIGURE_LIMIT = 20
DECIMALS = 2
_INDONESIAN = re.compile(r"^[+-]?\d{1,3}(\.\d{3})+(,\d+)?$|^[+-]?\d+(,\d+)?$")
_POINT = re.compile(r"^[+-]?\d+(\.\d+)?$")


class SpdFigureInvalid(InvalidInput, code="review.spd_figure_invalid"): ...


class SpdFigureTooPrecise(InvalidInput, code="review.spd_figure_precision"): ...


class SpdChoiceUnknown(InvalidInput, code="review.spd_choice_unknown"): ...


class SpdFigureNotAsked(InvalidInput, code="review.spd_figure_not_asked"): ...


class SpdFigureRequired(InvalidInput, code="review.spd_figure_required"): ...


def read_figure(text: str, *, code: str = "") -> Decimal:
    """`72,40`, `-50,32 %`, `1.234,5` (Indonesian) or `72.40`: with a comma, points group thousands;
    without one, a point is the decimal point (`1.234` is then refused as too precise, not misread)."""
    cleaned = text.strip().removesuffix("%").strip().replace(" ", "")
    if len(cleaned) > FIGURE_LIMIT or not (_INDONESIAN.match(cleaned) or _POINT.match(cleaned)):
        raise SpdFigureInvalid(code=code, figure=text.strip()[:FIGURE_LIMIT])
    if "," in cleaned:
        cleaned = cleaned.replace(".", "").replace(",", ".")
    try:
        figure = Decimal(cleaned)
    except InvalidOperation as exc:  # pragma: no cover - the patterns above admit only numbers
        raise SpdFigureInvalid(code=code, figure=text.strip()[:FIGURE_LIMIT]) from exc
    exponent = figure.as_tuple().exponent
    if isinstance(exponent, int) and -exponent > DECIMALS:
        raise SpdFigureTooPrecise(code=code, figure=text.strip(), decimals=DECIMALS)
    return figure


def parameter_of(definition: SpdIndicatorDefinition, typed: str) -> tuple[int, str]:
    """The parameter (0-3) the typed figure or answer earns, and the figure as kept (`72.40`, `WTP`)."""
    if definition.input == "parameter":
        raise SpdFigureNotAsked(code=definition.code)
    if definition.input == "number":
        figure = read_figure(typed, code=definition.code)
        return definition.parameter_for(figure), str(figure)
    answer = typed.strip()
    for parameter in definition.parameters:
        for choice in parameter.choices:
            if choice.casefold() == answer.casefold():
                return parameter.value, choice
    choices = ", ".join(c for p in definition.parameters for c in p.choices)
    raise SpdChoiceUnknown(code=definition.code, figure=answer[:FIGURE_LIMIT], choices=choices)


def missing_wajib(catalogue: Catalogue, entered: Iterable[str]) -> list[SpdIndicatorDefinition]:
    """The mandatory SPD rows nobody has entered yet, in catalogue order."""
    done = set(entered)
    return [s for s in catalogue.spd_indicators if s.wajib and s.code not in done]
