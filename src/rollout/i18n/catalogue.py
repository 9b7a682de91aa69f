"""The message catalogue: gettext translations compiled from ``locale/<lang>/LC_MESSAGES``.

Messages are written in English in the source, marked with ``gettext``/``ngettext``/``pgettext``
calls on a :class:`Translator` (or ``N_`` where a message is defined before a language is known),
extracted with ``make catalogue`` into ``messages.pot``, translated in ``messages.po`` and
compiled to the ``messages.mo`` that ships with the package.

Placeholders use ``str.format`` names (``{count}``), never positions, so a translation can put
them in any order. Values are inserted as given: escaping them for where the text is shown
(markdown, terminal, spreadsheet) stays the caller's job, with ``rollout.escaping``.
"""

from __future__ import annotations

import gettext as _gettext
from functools import cache
from importlib.resources import files
from typing import Any

from rollout.i18n.language import Language

DOMAIN = "messages"
LOCALE_PACKAGE = "rollout.i18n"
LOCALE_DIRECTORY = "locale"


def N_(message: str) -> str:
    """Mark a message for extraction (``N_`` is the name gettext's tools look for) where it is
    defined; translate it later with ``translator(lang).gettext(message)``."""
    return message


class _KeepMissing(dict[str, Any]):
    # A translation naming a placeholder the caller did not pass shows the placeholder rather
    # than failing the page: the catalogue tests keep this from happening in the first place.
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _fill(message: str, values: dict[str, Any]) -> str:
    if not values:
        return message
    try:
        return message.format_map(_KeepMissing(values))
    except (ValueError, IndexError, AttributeError, KeyError):
        # A malformed translation (a stray brace) must not crash a page: show it unfilled.
        return message


class Translator:
    """Messages in one language. English is the source language, so it translates nothing."""

    def __init__(self, language: Language, translations: _gettext.NullTranslations) -> None:
        self.language = language
        self._translations = translations

    def gettext(self, message: str, /, **values: Any) -> str:
        return _fill(self._translations.gettext(message), values)

    def ngettext(self, singular: str, plural: str, count: int, /, **values: Any) -> str:
        """The form for ``count``; ``{count}`` in the message is filled with it unless the
        caller passes a formatted ``count`` (say, with Persian digits)."""
        values.setdefault("count", count)
        return _fill(self._translations.ngettext(singular, plural, count), values)

    def pgettext(self, context: str, message: str, /, **values: Any) -> str:
        """A message whose English is ambiguous (``high`` as a risk band or as a priority)."""
        return _fill(self._translations.pgettext(context, message), values)


def _load(language: Language) -> _gettext.NullTranslations:
    if language is Language.EN:
        return _gettext.NullTranslations()
    compiled = files(LOCALE_PACKAGE) / LOCALE_DIRECTORY / language.value / "LC_MESSAGES" / f"{DOMAIN}.mo"
    with compiled.open("rb") as stream:
        return _gettext.GNUTranslations(stream)


@cache
def _translator(language: Language) -> Translator:
    return Translator(language, _load(language))


def translator(language: Language | str) -> Translator:
    """The translator for a language (``Language`` or its code); loaded once per process."""
    return _translator(Language(language))
