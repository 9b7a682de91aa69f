"""The error raised for input typed in either language, and how it quotes what was typed."""

from __future__ import annotations

import ast
from typing import Any

from rollout.escaping import excerpt
from rollout.i18n.language import Language


class LocalisedInputError(ValueError):
    """Typed input (a number, a date) that cannot be read.

    ``code`` is stable across languages (tests and callers branch on it); ``str()`` is the
    message for the user in the language asked for: what is wrong, and how to type it instead.
    """

    def __init__(self, code: str, message: str) -> None:
        self.code = code
        self.message = message
        super().__init__(message)


def quoted_excerpt(value: str, lang: Language) -> str:
    """A short, single-line excerpt of what the user typed, quoted the way the language quotes:
    ``'…'`` in English, ``«…»`` in Persian."""
    shown = excerpt(value)
    if lang is not Language.FA:
        return shown
    try:
        # excerpt() returns the repr of the cleaned, cut string; read it back to requote it.
        inner = ast.literal_eval(shown)
    except (ValueError, SyntaxError):
        inner = shown
    return f"«{inner}»"


# rollout.errors.Message and the errors that carry one are recognised by their attributes: the
# i18n package sits below rollout.errors (tests/test_architecture.py) and cannot import them.


def _is_message(value: object) -> bool:
    return isinstance(value, str) and isinstance(getattr(value, "template", None), str) \
        and isinstance(getattr(value, "params", None), dict)


def translate_message(message: str, lang: Language) -> str:
    """A message in ``lang``: a :class:`rollout.errors.Message` through the catalogue, with its
    values shown the language's way (Jalali dates in Persian); any other string as it is."""
    if not _is_message(message) or lang is Language.EN:
        return str(message)
    from rollout.i18n.catalogue import translator
    from rollout.i18n.display import show_value

    params: dict[str, Any] = getattr(message, "params")  # noqa: B009 - checked by _is_message
    values = {key: translate_message(value, lang) if _is_message(value)
              else show_value(value, lang) for key, value in params.items()}
    return translator(lang).gettext(getattr(message, "template"), **values)  # noqa: B009


def translate_error(exc: BaseException, lang: Language) -> str:
    """An error's message for a user of ``lang``: ``str(exc)`` in English; in another language
    the parts that carry a :class:`rollout.errors.Message`, translated, and the rest (names,
    locations, pydantic's own wording) as it is.

    Knows the shapes of ``rollout.errors``: an InputError's ``source`` and ``problems``, a
    ContentError's ``path``, ``location`` and ``message``, and any error whose first argument
    is a Message."""
    if lang is Language.EN or isinstance(exc, LocalisedInputError):
        return str(exc)  # a LocalisedInputError is made in the user's language already
    problems = getattr(exc, "problems", None)
    source = getattr(exc, "source", None)
    if isinstance(problems, list) and isinstance(source, str):
        return "\n".join(f"{source}: {loc}: {translate_message(msg, lang)}" if loc
                         else f"{source}: {translate_message(msg, lang)}"
                         for loc, msg in problems)
    path, location, message = (getattr(exc, name, None) for name in ("path", "location", "message"))
    if isinstance(path, str) and isinstance(location, str) and isinstance(message, str):
        where = f"{path}: {location}" if location else path
        return f"{where}: {translate_message(message, lang)}"
    if exc.args and _is_message(exc.args[0]):
        return translate_message(exc.args[0], lang)
    return str(exc)
