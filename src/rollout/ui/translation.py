"""Page texts in the user's language: the gettext calls pages use, and numbers and dates written
the way the user reads them.

Pages write their texts in English and wrap them: ``_("Save")``, ``ngettext(...)``,
``pgettext("risk band", "high")``. ``make catalogue`` extracts them (``_``, ``ngettext`` and
``pgettext`` are gettext's standard keywords) and ``messages.po`` holds the Persian.
Values are inserted as given, except numbers and dates, which are written for the reader:
in Persian a date is Jalali and digits are Persian when the user reads them so. Escape user text
for markdown (``rollout.escaping``) as before.

Codes (decisions, bands, statuses, approaches) are shown through :func:`code_label`, never as
``.value``: the code stays the same in every language, the word changes.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from rollout.content.schema import text_in
from rollout.i18n import N_, Language, Translator, translator
from rollout.i18n.dates import format_date
from rollout.i18n.normalise import to_persian_digits
from rollout.i18n.numbers import Digits, format_number, format_percent
from rollout.i18n.vocabulary import band_label, decision_label
from rollout.ui import state

FSI = "\u2068"  # first strong isolate: the run inside takes its own direction
PDI = "\u2069"  # pop directional isolate


def current_translator() -> Translator:
    return translator(state.current_language())


def language() -> Language:
    return state.current_language()


def is_rtl() -> bool:
    return state.current_language() is Language.FA


def _localised(values: dict[str, Any]) -> dict[str, Any]:
    if state.current_language() is Language.EN:
        return values  # English shows values exactly as before
    return {key: localise(value) for key, value in values.items()}


def localise(value: Any) -> Any:
    """A value as the reader reads it: numbers in their digits, dates in their calendar."""
    if isinstance(value, bool) or value is None:
        return value
    lang = state.current_language()
    if lang is Language.EN:
        return value
    if isinstance(value, int):
        return digits(str(value))
    if isinstance(value, float | Decimal):
        return number(value)
    if isinstance(value, dt.datetime):
        return date_time(value)
    if isinstance(value, dt.date):
        return date(value)
    return value


def _(message: str, /, **values: Any) -> str:
    return current_translator().gettext(message, **_localised(values))


def ngettext(singular: str, plural: str, count: int, /, **values: Any) -> str:
    if state.current_language() is not Language.EN:
        values.setdefault("count", digits(str(count)))
    return current_translator().ngettext(singular, plural, count, **_localised(values))


def pgettext(context: str, message: str, /, **values: Any) -> str:
    return current_translator().pgettext(context, message, **_localised(values))


def digits(text: str) -> str:
    """``text`` with its digits as the reader reads them (Persian digits when chosen)."""
    return to_persian_digits(text) if state.current_digits() == "persian" else text


def number(value: int | float | Decimal, *, decimal_places: int | None = None) -> str:
    """A number grouped by thousands: ``12,000`` / ``۱۲٬۰۰۰``."""
    return format_number(value, state.current_language(), digits=state.current_digits(),
                         decimal_places=decimal_places)


def percent(fraction: int | float | Decimal, *, decimal_places: int = 0) -> str:
    """A fraction as a percentage: ``0.5`` -> ``50%`` / ``۵۰٪``."""
    return format_percent(fraction, state.current_language(), digits=state.current_digits(),
                          decimal_places=decimal_places)


def date(value: dt.date | None, *, numeric: bool = False) -> str:
    """A date: ISO in English (as the pages always showed it), Jalali in Persian."""
    if value is None:
        return ""
    lang = state.current_language()
    if lang is Language.EN:
        return value.isoformat()
    return format_date(value, lang, digits=state.current_digits(),
                       style="numeric" if numeric else "long")


def date_time(value: dt.datetime | None) -> str:
    """A moment to the minute (times are UTC): ``2024-04-03 14:05`` / ``15 فروردین 1403، 14:05``."""
    if value is None:
        return ""
    if state.current_language() is Language.EN:
        return f"{value:%Y-%m-%d %H:%M}"
    return f"{date(value.date())}، {digits(f'{value:%H:%M}')}"


def isolate(text: str) -> str:
    """A Latin run (a code, a product name) inside right-to-left text, kept in its own order."""
    if state.current_language() is Language.EN or not text:
        return text
    return f"{FSI}{text}{PDI}"


def decision(code: str) -> str:
    return decision_label(code, state.current_language())


def band(code: str) -> str:
    return band_label(code, state.current_language())


# Words for the codes of the domain's enumerations (statuses, approaches, sizes, scenarios...):
# the code stays, the word is translated where it is shown.
CODE_WORDS: dict[str, str] = {
    # rollout approaches and plan scenarios
    "big_bang": N_("big bang"), "phased": N_("phased"), "pilot_then_waves": N_("pilot then waves"),
    "big-bang": N_("big bang"), "pilot-waves": N_("pilot and waves"), "custom": N_("custom"),
    # organisation sizes
    "small": N_("small"), "medium": N_("medium"), "large": N_("large"),
    "enterprise": N_("enterprise"),
    # strategic themes and competitive strategies
    "customer_intimacy": N_("customer intimacy"),
    "operational_excellence": N_("operational excellence"),
    "product_leadership": N_("product leadership"), "undecided": N_("undecided"),
    "cost_leadership": N_("cost leadership"), "differentiation": N_("differentiation"),
    "focus": N_("focus"),
    # mitigation action statuses
    "open": N_("open"), "in_progress": N_("in progress"), "done": N_("done"),
    "cancelled": N_("cancelled"),
    # roles
    "project_owner": N_("project owner"), "executive": N_("executive"), "trainer": N_("trainer"),
    "consultant": N_("consultant"), "admin": N_("administrator"),
    # case outcomes
    "failure": N_("failure"), "success": N_("success"), "recovered": N_("recovered"),
    # answers
    "yes": N_("yes"), "partial": N_("partial"), "no": N_("no"), "unknown": N_("unknown"),
    # plan phases
    "mobilise": N_("mobilise"), "design": N_("design"), "build": N_("build"),
    "pilot": N_("pilot"), "waves": N_("waves"), "stabilise": N_("stabilise"),
    # whose peak a peak season is
    "shelf": N_("shelf"), "ordering": N_("ordering"), "shipping": N_("shipping"),
    "service": N_("service"), "close": N_("books close"),
    # kinds of evidence
    "answer": N_("answer"), "unanswered": N_("unanswered"), "fact": N_("fact"),
    # audit outcomes
    "ok": N_("ok"), "refused": N_("refused"),
    # how a training course is delivered
    "classroom": N_("classroom"), "online": N_("online (live)"), "blended": N_("blended"),
    "self_paced": N_("self-paced e-learning"),
}


def code_label(code: object) -> str:
    """The reader's word for a code (an enum member or its value); an unknown code as it is."""
    value = str(getattr(code, "value", code))
    if state.current_language() is Language.EN:
        return value.replace("_", " ")  # English reads the codes themselves, as it always did
    if value in ("go", "conditional", "no-go"):
        return decision(value)
    if value in ("low", "high", "critical"):
        return band(value)
    word = CODE_WORDS.get(value)
    if word is None:
        return value.replace("_", " ")
    return current_translator().gettext(word)


def kb_text(text: dict[str, str]) -> str:
    """A knowledge-base text in the reader's language (English where it has no translation)."""
    return text_in(text, state.current_language().value)


def current_digits() -> Digits:
    return state.current_digits()


def case_name(organisation: str, year: int | None) -> str:
    """A documented case as people name it (``Hershey 1999``), kept in its own direction."""
    return isolate(f"{organisation} {year or ''}".strip())
