"""Persian input normalisation: letters, digits and invisible characters."""

from __future__ import annotations

import unicodedata
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rollout.i18n import Language, LocalisedInputError
from rollout.i18n.normalise import (
    ZWJ,
    ZWNJ,
    normalise_identifier,
    normalise_text,
    parse_integer,
    parse_number,
    to_ascii_digits,
    to_persian_digits,
)

ARABIC_LETTERS = "\u064a\u0649\u0643"
STRIPPED = "\u200b\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2060\ufeff"
# Text made of what Persian input is made of, including every character normalisation touches.
persian_text = st.text(alphabet=st.sampled_from(
    list("ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیآئ ۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩0123456789abc.,،\n")
    + list(ARABIC_LETTERS) + list(STRIPPED) + [ZWNJ, ZWJ, "\ufef3", "\u0654", "👩", "💻"]),
    max_size=40)


def test_arabic_yeh_and_kaf_become_persian() -> None:
    assert normalise_text("كتاب علي و مصطفى") == "کتاب علی و مصطفی"


def test_presentation_forms_from_a_pdf_become_letters() -> None:
    assert normalise_text("\ufe91\ufeae\ufee7\ufe8e\ufee3\ufeea") == "برنامه"


def test_zwnj_is_kept_inside_words_and_dropped_elsewhere() -> None:
    assert normalise_text("می\u200cشود") == "می\u200cشود"
    assert normalise_text("\u200cبرنامه\u200c\u200cها \u200c ok\u200c") == "برنامه\u200cها  ok"
    assert normalise_text("12\u200c34") == "1234"


def test_zwj_is_kept_only_inside_an_emoji_sequence() -> None:
    assert normalise_text("👩\u200d💻") == "👩\u200d💻"
    assert normalise_text("ب\u200dب") == "بب"


def test_directional_and_zero_width_characters_are_stripped() -> None:
    assert normalise_text("\u202eabc\u202c \u200fنام\u200b\ufeff") == "abc نام"


def test_digits_in_text_are_left_as_typed() -> None:
    assert normalise_text("نسخهٔ ۲") == "نسخهٔ ۲"


def test_identifiers_lose_every_joiner_and_read_digits_as_ascii() -> None:
    assert normalise_identifier("  می\u200cشود۱٢ ") == "میشود12"
    assert normalise_identifier("wave\u200b1") == normalise_identifier("wave۱")


@given(persian_text)
def test_normalising_twice_changes_nothing(text: str) -> None:
    once = normalise_text(text)
    assert normalise_text(once) == once
    assert normalise_identifier(normalise_identifier(text)) == normalise_identifier(text)


@given(persian_text)
def test_normalised_text_has_no_arabic_letter_or_stray_invisible_character(text: str) -> None:
    result = normalise_text(text)
    assert not set(result) & set(ARABIC_LETTERS + STRIPPED)
    for index, character in enumerate(result):
        if character == ZWNJ:
            assert 0 < index < len(result) - 1
            assert unicodedata.category(result[index - 1])[0] in "LM"
            assert unicodedata.category(result[index + 1])[0] in "LM"


@given(persian_text)
def test_normalisation_loses_no_visible_character(text: str) -> None:
    def visible(value: str) -> str:
        kept = "".join(c for c in value if c not in STRIPPED + ZWNJ + ZWJ)
        return unicodedata.normalize("NFKC", kept).translate(
            {0x064A: "\u06cc", 0x0649: "\u06cc", 0x0643: "\u06a9"})
    assert visible(normalise_text(text)) == visible(text)


@given(persian_text)
def test_identifiers_have_no_joiner_and_only_ascii_digits(text: str) -> None:
    identifier = normalise_identifier(text)
    assert ZWNJ not in identifier and ZWJ not in identifier
    assert not set(identifier) & set("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩")


@pytest.mark.parametrize(("typed", "value"), [
    ("42", Decimal(42)), ("۴۲", Decimal(42)), ("٤٢", Decimal(42)), ("-3.5", Decimal("-3.5")),
    ("۱۲٬۵۰۰٫۵", Decimal("12500.5")), ("1,234,567", Decimal(1234567)), ("\u2212۷", Decimal(-7)),
    (" +۰٫۲۵ ", Decimal("0.25")), (".5", Decimal("0.5")), ("\u200f۳۰\u200e", Decimal(30)),
    ("1 000", Decimal(1000)), ("- 5", Decimal(-5)), ("۱ ۰۰۰", Decimal(1000)),
])
def test_numbers_are_read_in_any_digit_script(typed: str, value: Decimal) -> None:
    assert parse_number(typed) == value


@pytest.mark.parametrize(("typed", "code"), [
    ("", "number-empty"), ("   ", "number-empty"), ("abc", "number-format"), ("1.2.3", "number-format"),
    ("1,5", "number-grouping"), ("12,34,567", "number-grouping"), ("--1", "number-format"),
    ("1e5", "number-format"), ("12 34", "number-grouping"), ("۱" * 65, "number-too-long"),
    ("-", "number-format"),
])
def test_what_is_not_a_number_is_refused_with_a_code(typed: str, code: str) -> None:
    with pytest.raises(LocalisedInputError) as caught:
        parse_number(typed)
    assert caught.value.code == code


def test_number_errors_are_in_the_language_asked_for_and_quote_the_input_shortly() -> None:
    with pytest.raises(LocalisedInputError) as english:
        parse_number("abc", lang=Language.EN)
    with pytest.raises(LocalisedInputError) as persian:
        parse_number("abc", lang=Language.FA)
    assert str(english.value).startswith("'abc' is not a number")
    assert str(persian.value).startswith("«abc» عدد نیست")
    with pytest.raises(LocalisedInputError) as long_input:
        parse_number("x" * 60)
    assert len(str(long_input.value)) < 200


def test_integers_refuse_a_fraction() -> None:
    assert parse_integer("۱۲") == 12
    assert parse_integer("12.0") == 12
    with pytest.raises(LocalisedInputError) as caught:
        parse_integer("12.5")
    assert caught.value.code == "number-not-whole"


@given(st.integers(min_value=-10**15, max_value=10**15), st.integers(min_value=0, max_value=4))
def test_a_number_written_in_persian_digits_reads_back(whole: int, places: int) -> None:
    value = Decimal(whole).scaleb(-places)
    assert parse_number(to_persian_digits(f"{value:f}")) == value
    assert parse_number(to_persian_digits(f"{value:,f}").replace(",", "٬").replace(".", "٫")) == value


def test_digit_conversions_are_inverse() -> None:
    assert to_ascii_digits(to_persian_digits("2024-04-03")) == "2024-04-03"
    assert to_persian_digits("٣") == "۳"
