"""Numbers and percentages as each language writes them, with Babel's locale data.

English uses ``1,234.5`` and ``50%``. Persian with Latin digits uses the same symbols (as Babel's
``fa_IR`` does for the Latin numbering system); with Persian digits it uses the Persian
separators too: ``۱٬۲۳۴٫۵`` and ``۵۰٪``.
"""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Literal

from babel import numbers as babel_numbers

from rollout.i18n.language import Language
from rollout.i18n.normalise import to_persian_digits

Digits = Literal["latin", "persian"]
LEFT_TO_RIGHT_MARK = "\u200e"

# Babel 2.19 swaps the separators for Persian's own numbering system but keeps Latin digits, so
# the Persian form is made here from the Latin one, character by character.
_PERSIAN_SYMBOLS = str.maketrans({".": "\u066b", ",": "\u066c", "%": "\u066a"})


def _pattern(decimal_places: int | None, *, percent: bool) -> str:
    fraction = ".###" if decimal_places is None else "." + "0" * decimal_places
    return "#,##0" + fraction.rstrip(".") + ("%" if percent else "")


def _in_digits(formatted: str, lang: Language, digits: Digits) -> str:
    if digits == "persian":
        formatted = to_persian_digits(formatted.translate(_PERSIAN_SYMBOLS))
    if lang is Language.FA and formatted.startswith("-"):
        # In right-to-left text a leading minus is a neutral character that takes the
        # paragraph's direction and moves to the right of the digits; a left-to-right mark
        # keeps it on their left (CLDR's Persian minus sign carries one for the same reason).
        formatted = LEFT_TO_RIGHT_MARK + formatted
    return formatted


def _finite(value: int | float | Decimal) -> bool:
    if isinstance(value, Decimal):
        return value.is_finite()
    return not isinstance(value, float) or math.isfinite(value)


def format_number(value: int | float | Decimal, lang: Language, *, digits: Digits = "latin",
                  decimal_places: int | None = None) -> str:
    """``value`` grouped by thousands; ``decimal_places`` fixes the fraction (None: up to 3)."""
    if not _finite(value):
        return babel_numbers.format_decimal(value, locale=lang.babel_locale)
    formatted = babel_numbers.format_decimal(
        value, format=_pattern(decimal_places, percent=False), locale=lang.babel_locale,
        numbering_system="latn")
    return _in_digits(formatted, lang, digits)


def format_percent(fraction: int | float | Decimal, lang: Language, *, digits: Digits = "latin",
                   decimal_places: int = 0) -> str:
    """A fraction as a percentage: ``0.5`` -> ``50%`` / ``۵۰٪``."""
    if not _finite(fraction):
        return babel_numbers.format_decimal(fraction, locale=lang.babel_locale)
    formatted = babel_numbers.format_percent(
        fraction, format=_pattern(decimal_places, percent=True), locale=lang.babel_locale,
        numbering_system="latn")
    return _in_digits(formatted, lang, digits)
