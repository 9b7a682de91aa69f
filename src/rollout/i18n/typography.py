"""A checker for Persian typography: what a careful Iranian editor would correct.

The rules are the ones the Academy of Persian Language and Literature's orthography and every
Iranian publisher's style sheet share, limited to what a program can tell without a dictionary:
- the Persian letters ``ی`` and ``ک``, never the Arabic ``ي``/``ى`` and ``ك``;
- a zero-width non-joiner (ZWNJ), not a space and not nothing, after the verb prefixes ``می``/
  ``نمی`` (``می‌شود``), before the plural ``ها``/``های`` (``برنامه‌ها``), before ``تر``/``ترین``
  (``مهم‌تر``) and before the indefinite ``ای`` after a silent ``ه`` (``برنامه‌ای``);
- Persian punctuation next to Persian words: ``،`` ``؛`` ``؟`` rather than ``,`` ``;`` ``?``, and
  guillemets ``«»`` rather than straight or curly quotes; no space before a mark, one after.

``{placeholders}`` are skipped: they are filled by the program, not read by people.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from rollout.i18n.normalise import ZWNJ

_LETTER = "\u0620-\u064a\u066e-\u06d3\u06d5\u06fa-\u06ff"  # Arabic-script letters
_PERSIAN_LETTER_RE = re.compile(f"[{_LETTER}]")
_PLACEHOLDER_RE = re.compile(r"\{[^{}]*\}")
_MASK = "\ufffc"  # object replacement character: neither a letter nor a space nor punctuation
_WORD_BEFORE = rf"(?<![{_LETTER}\w{ZWNJ}])"
_WORD_AFTER = rf"(?![{_LETTER}\w{ZWNJ}])"

# Verb forms written with the prefix joined and no ZWNJ (the seeds' «میشود»). A list rather than
# a pattern, because «میدان», «میز» and «میوه» start the same way and are not verbs.
_JOINED_VERBS = (
    "شود", "شوند", "شد", "شدند", "شده", "کند", "کنند", "کنیم", "کنید", "کنم", "کرد", "کردند",
    "توان", "تواند", "توانند", "توانیم", "توانست", "دهد", "دهند", "دهیم", "داد", "دادند", "گیرد",
    "گیرند", "گیریم", "گرفت", "باشد", "باشند", "رود", "روند", "رفت", "آید", "آیند", "آمد", "خواهد",
    "خواهند", "خواهیم", "خواست", "داند", "دانند", "دانیم", "دانست", "بیند", "بینند", "بینیم",
    "دید", "یابد", "یابند", "یافت", "سازد", "سازند", "ساخت", "رسد", "رسند", "رسید", "گوید",
    "گویند", "گفت", "ماند", "مانند", "آورد", "آورند", "پذیرد", "پذیرند", "پردازد", "پردازند",
    "پرسد", "پرسند", "خرند", "خرد", "خورد", "خورند", "فروشد", "فروشند",
)

_PLURAL_SUFFIXES = "ها|های|هایی|هایم|هایت|هایش|هایمان|هایتان|هایشان"


class TypographyCode(StrEnum):
    ARABIC_LETTER = "arabic-letter"
    VERB_PREFIX_SPACE = "verb-prefix-space"
    VERB_PREFIX_JOINED = "verb-prefix-joined"
    PLURAL_SPACE = "plural-space"
    PLURAL_JOINED_AFTER_HEH = "plural-joined-after-heh"
    COMPARATIVE_SPACE = "comparative-space"
    INDEFINITE_SPACE = "indefinite-space"
    LATIN_PUNCTUATION = "latin-punctuation"
    LATIN_QUOTES = "latin-quotes"
    SPACE_BEFORE_PUNCTUATION = "space-before-punctuation"
    NO_SPACE_AFTER_PUNCTUATION = "no-space-after-punctuation"


@dataclass(frozen=True)
class TypographyProblem:
    code: TypographyCode
    offset: int  # where in the string (a character index)
    found: str  # the offending stretch as written
    advice: str  # what to write instead

    def __str__(self) -> str:
        return f"{self.code} at {self.offset}: {self.found!r}: {self.advice}"


@dataclass(frozen=True)
class _Rule:
    code: TypographyCode
    pattern: re.Pattern[str]
    advice: str


_RULES = (
    _Rule(TypographyCode.ARABIC_LETTER, re.compile("[\u064a\u0649\u0643]"),
          "use the Persian letters ی and ک, not the Arabic ي, ى and ك"),
    _Rule(TypographyCode.VERB_PREFIX_SPACE, re.compile(f"{_WORD_BEFORE}ن?می (?=[{_LETTER}])"),
          "join the verb prefix می/نمی with a zero-width non-joiner, not a space: می‌شود"),
    _Rule(TypographyCode.VERB_PREFIX_JOINED,
          re.compile(f"{_WORD_BEFORE}ن?می(?:{'|'.join(_JOINED_VERBS)}){_WORD_AFTER}"),
          "put a zero-width non-joiner after the verb prefix می/نمی: می‌شود, not میشود"),
    _Rule(TypographyCode.PLURAL_SPACE, re.compile(f"(?<=[{_LETTER}]) (?:{_PLURAL_SUFFIXES}){_WORD_AFTER}"),
          "join the plural ها/های with a zero-width non-joiner, not a space: برنامه‌ها"),
    _Rule(TypographyCode.PLURAL_JOINED_AFTER_HEH,
          re.compile(f"(?<=[{_LETTER}]ه)(?:{_PLURAL_SUFFIXES}){_WORD_AFTER}"),
          "after a final ه, separate the plural with a zero-width non-joiner: برنامه‌ها"),
    _Rule(TypographyCode.COMPARATIVE_SPACE, re.compile(f"(?<=[{_LETTER}]) (?:تر|ترین|تری){_WORD_AFTER}"),
          "join تر/ترین with a zero-width non-joiner, not a space: مهم‌تر"),
    _Rule(TypographyCode.INDEFINITE_SPACE, re.compile(f"(?<=[{_LETTER}]ه) (?:ای|ایی|ی){_WORD_AFTER}"),
          "after a final ه, join ای (or the ezafe ی) with a zero-width non-joiner: برنامه‌ای"),
    _Rule(TypographyCode.SPACE_BEFORE_PUNCTUATION, re.compile(f"(?<=[{_LETTER}]) +[،؛؟]"),
          "no space before ، ؛ ؟; one space after"),
    _Rule(TypographyCode.NO_SPACE_AFTER_PUNCTUATION, re.compile(f"[،؛](?=[{_LETTER}])"),
          "one space after ، and ؛"),
)

_LATIN_PUNCTUATION = {",": "،", ";": "؛", "?": "؟"}


def _neighbour(text: str, index: int, step: int) -> str:
    """The nearest character from ``index`` in direction ``step`` that is not a space."""
    index += step
    while 0 <= index < len(text) and text[index] == " ":
        index += step
    return text[index] if 0 <= index < len(text) else ""


def _masked(text: str) -> str:
    return _PLACEHOLDER_RE.sub(lambda m: _MASK * len(m.group()), text)


def check_persian(text: str) -> list[TypographyProblem]:
    """Typographic problems in a Persian string, in order of position (empty if none).

    A string with no Persian letter (a code, a number) has no Persian typography to check."""
    masked = _masked(text)
    if not _PERSIAN_LETTER_RE.search(masked):
        return []
    problems = [TypographyProblem(rule.code, match.start(), text[match.start():match.end()], rule.advice)
                for rule in _RULES for match in rule.pattern.finditer(masked)]
    for index, character in enumerate(masked):
        if character in _LATIN_PUNCTUATION:
            if _PERSIAN_LETTER_RE.match(_neighbour(masked, index, -1)) or \
                    _PERSIAN_LETTER_RE.match(_neighbour(masked, index, 1)):
                problems.append(TypographyProblem(
                    TypographyCode.LATIN_PUNCTUATION, index, character,
                    f"in Persian text write {_LATIN_PUNCTUATION[character]}, not {character}"))
        elif character in "\"“”„" or (character in "'‘’" and (
                _PERSIAN_LETTER_RE.match(masked[index - 1] if index else "")
                or _PERSIAN_LETTER_RE.match(masked[index + 1] if index + 1 < len(masked) else ""))):
            problems.append(TypographyProblem(
                TypographyCode.LATIN_QUOTES, index, character,
                "in Persian text quote with « and », not straight or curly quotes"))
    return sorted(problems, key=lambda problem: (problem.offset, problem.code))
