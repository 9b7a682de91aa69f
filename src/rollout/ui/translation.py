"""Page texts in the user's language: the gettext calls pages use.

Pages write their texts in English and wrap them: ``_("Save")``, ``ngettext(...)``,
``pgettext("risk band", "high")``. ``make catalogue`` extracts them (``_``, ``ngettext`` and
``pgettext`` are gettext's standard keywords) and ``messages.po`` holds the Persian.
Values are inserted as given: escape user text for markdown (``rollout.escaping``) as before.
"""

from __future__ import annotations

from typing import Any

from rollout.i18n import Translator, translator
from rollout.ui import state


def current_translator() -> Translator:
    return translator(state.current_language())


def _(message: str, /, **values: Any) -> str:
    return current_translator().gettext(message, **values)


def ngettext(singular: str, plural: str, count: int, /, **values: Any) -> str:
    return current_translator().ngettext(singular, plural, count, **values)


def pgettext(context: str, message: str, /, **values: Any) -> str:
    return current_translator().pgettext(context, message, **values)
