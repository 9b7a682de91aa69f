"""Numbers and percentages per locale, with Persian digits as an option."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rollout.i18n import Language
from rollout.i18n.normalise import parse_number
from rollout.i18n.numbers import LEFT_TO_RIGHT_MARK, format_number, format_percent


def test_english_groups_thousands_with_commas() -> None:
    assert format_number(1234567.5, Language.EN) == "1,234,567.5"
    assert format_number(3, Language.EN, decimal_places=2) == "3.00"


def test_persian_digits_use_persian_separators() -> None:
    assert format_number(1234.5, Language.FA, digits="persian") == "۱٬۲۳۴٫۵"
    assert format_number(1234.5, Language.FA) == "1,234.5"


def test_percentages_per_locale() -> None:
    assert format_percent(0.5, Language.EN) == "50%"
    assert format_percent(0.125, Language.FA, digits="persian", decimal_places=1) == "۱۲٫۵٪"


def test_a_persian_negative_number_keeps_its_minus_on_the_left() -> None:
    assert format_number(-5, Language.FA, digits="persian") == LEFT_TO_RIGHT_MARK + "-۵"
    assert format_number(-5, Language.EN) == "-5"


@pytest.mark.parametrize("value", [float("nan"), float("inf"), Decimal("NaN")])
def test_non_finite_values_are_shown_not_raised(value: float | Decimal) -> None:
    assert format_number(value, Language.FA, decimal_places=2)
    assert format_percent(value, Language.EN)


@given(st.decimals(min_value=-10**12, max_value=10**12, places=3, allow_nan=False),
       st.sampled_from(list(Language)), st.sampled_from(["latin", "persian"]))
def test_a_formatted_number_reads_back_as_the_same_number(value: Decimal, language: Language,
                                                          digits: str) -> None:
    shown = format_number(value, language, digits=digits, decimal_places=3)  # type: ignore[arg-type]
    assert parse_number(shown) == value
