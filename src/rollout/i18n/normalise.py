"""Persian input made uniform before it is stored, compared or read as a number.

Keyboards and copy-paste bring three kinds of variation that look identical on screen:
- Arabic letters where Persian ones belong: ``ي``/``ى`` for ``ی`` and ``ك`` for ``ک`` (the Arabic
  keyboard layout, and text copied from Arabic sources), and presentation forms from PDFs;
- digits in three scripts: ASCII ``0-9``, Persian ``۰-۹`` and Arabic-Indic ``٠-٩``;
- invisible characters: the zero-width non-joiner (ZWNJ, U+200C), which Persian needs inside words
  (``می‌شود``), and others that only cause trouble (zero-width space, byte-order mark, directional
  marks and overrides), which make two equal-looking names compare unequal.

``normalise_text`` is for text people read (names, notes, answers); ``normalise_identifier`` for
text that is compared or looked up; ``parse_number`` for numbers typed in any script.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from rollout.i18n.catalogue import translator
from rollout.i18n.errors import LocalisedInputError, quoted_excerpt
from rollout.i18n.language import Language

ZWNJ = "\u200c"
ZWJ = "\u200d"

PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
ARABIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
_TO_ASCII_DIGITS = str.maketrans(PERSIAN_DIGITS + ARABIC_DIGITS, "0123456789" * 2)
_TO_PERSIAN_DIGITS = str.maketrans("0123456789" + ARABIC_DIGITS, PERSIAN_DIGITS * 2)

_ARABIC_LETTERS = str.maketrans({
    "\u064a": "\u06cc",  # ي Arabic yeh -> ی Persian yeh
    "\u0649": "\u06cc",  # ى alef maksura -> ی
    "\u0643": "\u06a9",  # ك Arabic kaf -> ک keheh
})

# Invisible characters that carry no meaning in stored text. Directional marks and overrides
# are stripped too: the app sets the direction of each block itself, and stray ones reorder
# what others see ("Trojan Source"). ZWJ is kept only inside emoji sequences (see below).
_INVISIBLE = (
    "\u200b"  # zero-width space
    "\u200e\u200f\u061c"  # left-to-right, right-to-left and Arabic letter marks
    "\u202a\u202b\u202c\u202d\u202e"  # embeddings and overrides
    "\u2066\u2067\u2068\u2069"  # isolates
    "\u2060\ufeff"  # word joiner, byte-order mark
    "\u180e"  # Mongolian vowel separator (a former zero-width space)
)
_INVISIBLE_RE = re.compile(f"[{_INVISIBLE}]")

# Arabic presentation forms (what text copied out of a PDF often is): compatibility
# decomposition turns them back into the letters they show.
_PRESENTATION_FORMS_RE = re.compile("[\ufb50-\ufdff\ufe70-\ufefe]+")

MAX_NUMBER_CHARACTERS = 64


def _is_letter_or_mark(character: str) -> bool:
    return unicodedata.category(character)[0] in "LM"


def _is_emoji_part(character: str) -> bool:
    return unicodedata.category(character) == "So" or character in "\ufe0f\u20e3"


def _joiners_where_they_belong(text: str) -> str:
    """Keep a ZWNJ only between two letters (inside a word) and only one of them; keep a ZWJ
    only between two emoji parts (👩‍💻); drop the rest."""
    if ZWNJ not in text and ZWJ not in text:
        return text
    # The next character that is not a joiner, for each position, in one pass from the end.
    following = [""] * (len(text) + 1)
    for index in range(len(text) - 1, -1, -1):
        character = text[index]
        following[index] = following[index + 1] if character in (ZWNJ, ZWJ) else character
    kept: list[str] = []
    for index, character in enumerate(text):
        if character not in (ZWNJ, ZWJ):
            kept.append(character)
            continue
        before = kept[-1] if kept else ""
        after = following[index + 1]
        if character == ZWNJ:
            if before and after and _is_letter_or_mark(before) and _is_letter_or_mark(after):
                kept.append(ZWNJ)
        elif before and after and _is_emoji_part(before) and _is_emoji_part(after):
            kept.append(ZWJ)
    return "".join(kept)


def normalise_text(text: str) -> str:
    """Text people read, made uniform: Persian ``ی``/``ک`` for the Arabic letters, presentation
    forms as plain letters, NFC, invisible characters removed, ZWNJ kept only inside words.

    Digits are left as typed (a name may be written with Persian digits); newlines and other
    visible characters are untouched. Idempotent."""
    if text.isascii():  # every change below concerns non-ASCII characters (most input: fast)
        return text
    text = _PRESENTATION_FORMS_RE.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)
    # Invisible characters go before composing, or a mark they separated from its letter (ا, an
    # Arabic letter mark, then ٔ) would only compose on the next pass.
    text = _joiners_where_they_belong(_INVISIBLE_RE.sub("", text))
    return unicodedata.normalize("NFC", text).translate(_ARABIC_LETTERS)


def normalise_identifier(text: str) -> str:
    """Text that is compared or looked up (a code, a login, a slug): as ``normalise_text``, and
    also without any ZWNJ (``می‌شود`` and ``میشود`` are the same key), with ASCII digits and
    with surrounding whitespace removed. Letter case is kept: callers that ignore it casefold."""
    if text.isascii():  # no joiners, no digits of other scripts
        return text.strip()
    text = normalise_text(text).replace(ZWNJ, "").replace(ZWJ, "")
    return to_ascii_digits(text).strip()


def to_ascii_digits(text: str) -> str:
    return text.translate(_TO_ASCII_DIGITS)


def to_persian_digits(text: str) -> str:
    return text.translate(_TO_PERSIAN_DIGITS)


# A number as people type it: an optional sign, digits optionally grouped in threes by a comma
# or the Arabic thousands separator, and an optional fraction after a point or the Arabic
# decimal separator. Grouping must be regular so that "1,5" (a decimal comma elsewhere) is
# refused rather than read as fifteen.
_SIGNS = "+-\u2212"  # ASCII plus and hyphen-minus, and the minus sign Babel's Persian uses
_NUMBER_RE = re.compile(
    r"^(?P<sign>[+\-\u2212])?"
    r"(?P<whole>\d{1,3}(?:(?P<group>[,\u066c])\d{3})(?:(?P=group)\d{3})*|\d+)?"
    r"(?:[.\u066b](?P<fraction>\d+))?$"
)
_SEPARATORS_RE = re.compile(r"[,\u066c]")
_DIGIT_SPACE_RE = re.compile(r"(?<=\d)[ \u00a0\u202f]+(?=\d)")
_SPACE_RE = re.compile(r"\s+")
# Digits and separators only: a number whose grouping is wrong, rather than not a number at all.
_LOOSELY_GROUPED_RE = re.compile(r"[+\-\u2212]?[\d,\u066c]+(?:[.\u066b]\d+)?")


def parse_number(text: str, *, lang: Language = Language.EN) -> Decimal:
    """A number typed in any of the three digit scripts, such as ``۱۲٬۵۰۰``, ``-3.5`` or
    ``٢٫٥``; a clear error (in ``lang``) for anything else."""
    messages = translator(lang)
    example = "1,250.5" if lang is Language.EN else "۱۲۵۰٫۵"
    if len(text) > MAX_NUMBER_CHARACTERS:
        raise LocalisedInputError(
            "number-too-long",
            messages.gettext("{value} is too long for a number: type at most {limit} characters, "
                             "for example {example}.", value=quoted_excerpt(text, lang),
                             limit=MAX_NUMBER_CHARACTERS, example=example))
    cleaned = to_ascii_digits(normalise_text(text)).strip()
    # A space between digits groups thousands ("1 000"), so it must group them in threes too.
    cleaned = _SPACE_RE.sub("", _DIGIT_SPACE_RE.sub(",", cleaned))
    if not cleaned:
        raise LocalisedInputError(
            "number-empty", messages.gettext("Type a number, for example {example}.", example=example))
    match = _NUMBER_RE.match(cleaned)
    if match is None or (match["whole"] is None and match["fraction"] is None):
        if _SEPARATORS_RE.search(cleaned) and _LOOSELY_GROUPED_RE.fullmatch(cleaned):
            raise LocalisedInputError(
                "number-grouping",
                messages.gettext("{value} has misplaced thousands separators: group the digits in "
                                 "threes, for example {example}, or leave the separators out.",
                                 value=quoted_excerpt(text, lang), example=example))
        raise LocalisedInputError(
            "number-format",
            messages.gettext("{value} is not a number: use digits, an optional sign and one "
                             "decimal point, for example {example}.",
                             value=quoted_excerpt(text, lang), example=example))
    whole = _SEPARATORS_RE.sub("", match["whole"] or "0")
    sign = "-" if match["sign"] in ("-", "\u2212") else ""
    fraction = f".{match['fraction']}" if match["fraction"] else ""
    return Decimal(f"{sign}{whole}{fraction}")


def parse_integer(text: str, *, lang: Language = Language.EN) -> int:
    """A whole number typed in any digit script; a fraction other than zero is refused."""
    value = parse_number(text, lang=lang)
    if value != value.to_integral_value():
        raise LocalisedInputError(
            "number-not-whole",
            translator(lang).gettext("{value} is not a whole number: leave out the decimal part.",
                                     value=quoted_excerpt(text, lang)))
    return int(value)


# Fields whose text is a name or prose: digits in them stay as typed ("Branch ۱۲" is a name).
TEXT_KEYS = frozenset({"name", "display_name", "description", "reason", "target_system", "note",
                       "notes", "title"})
_FOREIGN_DIGIT_RE = re.compile(r"[\u06f0-\u06f9\u0660-\u0669]")


def normalise_document(value: object, *, identifier_keys: frozenset[str] = frozenset(),
                       text_keys: frozenset[str] = TEXT_KEYS,
                       keep_keys: frozenset[str] = frozenset(), key: str | None = None) -> object:
    """A parsed YAML/JSON document typed or exported by people, made uniform before it is
    checked (docs/localisation.md, "Input typed by users"):

    * every mapping key, and every string under a key in ``identifier_keys`` (codes, ids,
      e-mail addresses), through :func:`normalise_identifier` (no zero-width characters, ASCII
      digits);
    * every other string through :func:`normalise_text` (Persian ``ی``/``ک``, invisible
      characters removed, a ZWNJ kept inside words);
    * a string that is wholly a number written with Persian or Arabic digits (``۱۲۰۰``,
      ``٢٫٥``), outside ``text_keys``, becomes that number;
    * whatever sits under a key in ``keep_keys`` is returned untouched (stored history).
    """
    if isinstance(value, dict):
        return {normalise_identifier(k) if isinstance(k, str) else k:
                v if k in keep_keys else
                normalise_document(v, identifier_keys=identifier_keys, text_keys=text_keys,
                                   keep_keys=keep_keys, key=k if isinstance(k, str) else key)
                for k, v in value.items()}
    if isinstance(value, list):
        return [normalise_document(v, identifier_keys=identifier_keys, text_keys=text_keys,
                                   keep_keys=keep_keys, key=key) for v in value]
    if not isinstance(value, str):
        return value
    if key not in text_keys and _FOREIGN_DIGIT_RE.search(value):
        try:
            number = parse_number(value)
        except LocalisedInputError:
            pass
        else:
            return int(number) if number == number.to_integral_value() else float(number)
    if key in identifier_keys:
        return normalise_identifier(value)
    return normalise_text(value)
