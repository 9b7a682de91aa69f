"""Languages: direction, Babel locale, and the default taken from the environment."""

from __future__ import annotations

import pytest

from rollout.i18n import Direction, Language, LanguageError, default_language


def test_persian_is_right_to_left_and_english_left_to_right() -> None:
    assert Language.FA.direction is Direction.RTL
    assert Language.EN.direction is Direction.LTR


def test_each_language_has_a_babel_locale_of_its_country() -> None:
    assert str(Language.FA.babel_locale) == "fa_IR"
    assert Language.FA.babel_locale.character_order == "right-to-left"
    assert str(Language.EN.babel_locale) == "en_GB"


@pytest.mark.parametrize(("tag", "language"), [
    ("fa", Language.FA), ("FA", Language.FA), ("fa_IR.UTF-8", Language.FA), ("fa-IR", Language.FA),
    ("en_GB.UTF-8", Language.EN), ("en", Language.EN), ("de_DE.UTF-8", None), ("C", None),
    ("", None), ("C.UTF-8", None), ("fa_IR@latin", Language.FA),
])
def test_language_tags_are_read_by_their_primary_language(tag: str, language: Language | None) -> None:
    assert Language.from_tag(tag) is language


def test_rollout_language_wins_over_the_system_locale() -> None:
    assert default_language({"ROLLOUT_LANGUAGE": "fa", "LANG": "en_GB.UTF-8"}) is Language.FA


def test_system_locale_is_used_in_posix_order() -> None:
    assert default_language({"LANG": "fa_IR.UTF-8"}) is Language.FA
    assert default_language({"LC_ALL": "C", "LANG": "fa_IR.UTF-8"}) is Language.EN
    assert default_language({"LC_MESSAGES": "fa_IR.UTF-8", "LANG": "en_US.UTF-8"}) is Language.FA


def test_without_any_setting_the_language_is_english() -> None:
    assert default_language({}) is Language.EN
    assert default_language({"LANG": "de_DE.UTF-8"}) is Language.EN


def test_an_unknown_rollout_language_is_an_error_naming_the_variable_and_choices() -> None:
    with pytest.raises(LanguageError) as caught:
        default_language({"ROLLOUT_LANGUAGE": "klingon" * 50})
    message = str(caught.value)
    assert "ROLLOUT_LANGUAGE" in message and "en, fa" in message
    assert len(message) < 250, "the value is quoted as a short excerpt"
