"""The languages Rollout speaks, their writing direction and the locale Babel formats them with."""

from __future__ import annotations

import os
from collections.abc import Mapping
from enum import StrEnum
from functools import cached_property

from babel import Locale

from rollout.escaping import excerpt

# Checked in this order, as POSIX does for messages: an explicit Rollout setting first, then the
# system locale (LC_ALL overrides LC_MESSAGES, which overrides LANG).
LANGUAGE_VARIABLE = "ROLLOUT_LANGUAGE"
_SYSTEM_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")


class Direction(StrEnum):
    LTR = "ltr"
    RTL = "rtl"


class LanguageError(ValueError):
    """A language setting names a language Rollout does not speak."""


class Language(StrEnum):
    EN = "en"
    FA = "fa"

    @property
    def direction(self) -> Direction:
        return Direction.RTL if self is Language.FA else Direction.LTR

    @property
    def locale_identifier(self) -> str:
        # British English (the product's spelling; weeks start on Monday) and Iranian Persian
        # (weeks start on Saturday; Babel's bare "fa" would fall back to the world's Monday).
        return _LOCALE_IDENTIFIERS[self]

    @cached_property
    def babel_locale(self) -> Locale:
        return Locale.parse(self.locale_identifier)

    @classmethod
    def from_tag(cls, tag: str) -> Language | None:
        """The language of a tag such as ``fa``, ``fa_IR.UTF-8``, ``en-GB`` or ``FA``; None if
        the tag names no language Rollout speaks (``C`` and ``POSIX`` name none)."""
        primary = tag.strip().split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()
        try:
            return cls(primary)
        except ValueError:
            return None


_LOCALE_IDENTIFIERS = {Language.EN: "en_GB", Language.FA: "fa_IR"}


def default_language(environ: Mapping[str, str] | None = None) -> Language:
    """The language to use when none was chosen: ``ROLLOUT_LANGUAGE``, else the system locale,
    else English.

    An unknown ``ROLLOUT_LANGUAGE`` is an error (someone set it on purpose and should hear that
    it did nothing); an unknown system locale such as ``de_DE.UTF-8`` just means English.
    """
    env = os.environ if environ is None else environ
    chosen = env.get(LANGUAGE_VARIABLE, "").strip()
    if chosen:
        language = Language.from_tag(chosen)
        if language is None:
            accepted = ", ".join(member.value for member in Language)
            raise LanguageError(
                f"{LANGUAGE_VARIABLE}={excerpt(chosen)} names no language Rollout speaks: "
                f"set it to one of {accepted}, or unset it to follow the system locale")
        return language
    for variable in _SYSTEM_VARIABLES:
        value = env.get(variable, "").strip()
        if value:
            # The first locale variable set decides, as in POSIX: LC_ALL=C means English even
            # when LANG names Persian.
            return Language.from_tag(value) or Language.EN
    return Language.EN
