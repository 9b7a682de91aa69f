"""Making user text safe wherever it is shown: Streamlit markdown, text and Markdown reports,
terminals, spreadsheets and CSV files, and error messages.

Every function here is pure and total: it accepts any string and never raises. One function per
rendering context, because what is dangerous differs: a ``[link](…)`` is harmless in a terminal
and live in markdown; an ``=`` is harmless in markdown and live in a spreadsheet.
"""

from __future__ import annotations

import re
import unicodedata

# Characters that change how text is laid out or read without being visible: C0/C1 controls
# (except tab and newline, which callers decide about), and the bidirectional overrides and
# isolates that can make "exe.txt" read as "txt.exe" (CVE-2021-42574, "Trojan Source").
_BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f" + _BIDI_CONTROLS + "]")
_LINE_BREAK_RE = re.compile(r"[\r\n\u2028\u2029\x85\x0b\x0c]+")

# CommonMark punctuation that can start or end markup; escaping every one of them is simpler
# and safer than parsing which ones would be live in a given position.
_MARKDOWN_SPECIAL_RE = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~=$:&\"'])")

# What spreadsheet programs treat as the start of a formula (OWASP "CSV injection").
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_NUMBER_RE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")

EXCERPT_CHARACTERS = 60


def strip_control_characters(text: str, *, keep_newlines: bool = False) -> str:
    """Remove control and bidirectional-override characters (tab kept; newlines kept if asked)."""
    if keep_newlines:
        return _CONTROL_RE.sub("", text)
    return _CONTROL_RE.sub("", _LINE_BREAK_RE.sub(" ", text))


def single_line(text: str) -> str:
    """Fold every kind of line break into one space and drop control characters."""
    return strip_control_characters(text).replace("\t", " ")


def escape_markdown(text: str) -> str:
    """User text for ``st.markdown``, ``st.caption``, ``st.warning`` and friends: no link, image,
    HTML tag, heading, list, table or LaTeX can come out of it, and it stays on one line."""
    return _MARKDOWN_SPECIAL_RE.sub(r"\\\1", single_line(text))


def escape_markdown_block(text: str) -> str:
    """Several lines of user-influenced text (an error message listing problems) for Streamlit
    markdown: each line escaped as by :func:`escape_markdown`, kept as its own line."""
    return "  \n".join(escape_markdown(line) for line in _LINE_BREAK_RE.split(text) if line)


def escape_report_text(text: str) -> str:
    """User text for a plain-text report: one line, no control characters, so a name cannot
    print a line of its own (such as a forged verdict)."""
    return single_line(text)


def escape_report_markdown(text: str) -> str:
    """User text for a Markdown report file: as :func:`escape_markdown`, which also escapes the
    angle brackets that would otherwise let raw HTML through."""
    return escape_markdown(text)


def escape_terminal(text: str) -> str:
    """Text for a terminal: escape sequences (ESC, CSI) and other controls removed, newlines
    kept, so output cannot move the cursor, retitle the window or hide lines."""
    return strip_control_characters(text, keep_newlines=True)


def escape_calendar_text(text: str) -> str:
    """User text for an iCalendar TEXT value, before the calendar library escapes ``\\``, ``;``,
    ``,`` and newlines: every kind of line break (a lone CR included, which some readers take as
    the end of a content line) becomes one ``\\n`` and control characters go, so a name cannot
    start a property or an event of its own (``\\r\\nBEGIN:VEVENT``)."""
    return strip_control_characters(_LINE_BREAK_RE.sub("\n", text), keep_newlines=True)


def neutralise_formula(value: object) -> object:
    """A cell value for CSV or a spreadsheet: text that a spreadsheet would evaluate as a formula
    is prefixed with an apostrophe; numbers (and text that is only a number) stay as they are."""
    if not isinstance(value, str):
        return value
    if value.startswith(FORMULA_PREFIXES) and not _NUMBER_RE.match(value.strip()):
        return "'" + value
    return value


def excerpt(value: object, *, limit: int = EXCERPT_CHARACTERS) -> str:
    """A short, single-line, printable excerpt of any value for an error message.

    The value is never formatted whole: a container is described by its type and size, and a
    string is cut before it is cleaned, so a gigabyte-sized input costs nothing here.
    """
    if isinstance(value, dict | list | tuple | set | frozenset):
        return f"a {type(value).__name__} of {len(value)} item{'s' if len(value) != 1 else ''}"
    if isinstance(value, bytes | bytearray):
        head = bytes(value[: limit]).decode("utf-8", "replace")
        suffix = "…" if len(value) > limit else ""
        return repr(single_line(head) + suffix)
    if isinstance(value, str):
        text = value
    elif isinstance(value, bool | int | float) or value is None:
        if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 200:
            # str() of a huge int is quadratic (and refused past 4,300 digits): describe it.
            return f"a number of about {int(value.bit_length() * 0.30103)} digits"
        text = repr(value)
    else:
        text = type(value).__name__
    cut = text[: limit + 1]
    cleaned = single_line(unicodedata.normalize("NFC", cut))
    if len(text) > limit:
        cleaned = cleaned[:limit] + "…"
    return repr(cleaned) if isinstance(value, str) else cleaned
