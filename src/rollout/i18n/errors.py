"""The error raised for input typed in either language, and how it quotes what was typed."""

from __future__ import annotations

import ast

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
