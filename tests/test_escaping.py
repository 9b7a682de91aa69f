"""User text is made inert for each place it is rendered."""

from hypothesis import given
from hypothesis import strategies as st

from rollout.escaping import (
    escape_markdown,
    escape_report_text,
    escape_terminal,
    excerpt,
    neutralise_formula,
    single_line,
)


def test_markdown_image_and_link_are_not_live() -> None:
    escaped = escape_markdown("![x](http://evil.example/beacon.png) [Reset](https://evil.example)")
    assert "](" not in escaped.replace("\\]\\(", "")
    assert "\\!\\[x\\]\\(http" in escaped


def test_markdown_html_and_headings_are_escaped() -> None:
    assert escape_markdown("<img src=x onerror=alert(1)>").startswith("\\<img")
    assert escape_markdown("# Verdict: GO") == "\\# Verdict\\: GO"


def test_newlines_cannot_forge_a_report_line() -> None:
    assert "\n" not in escape_report_text("Acme\nVerdict: GO\r\n")


def test_terminal_escape_sequences_are_removed() -> None:
    assert escape_terminal("\x1b[2J\x1b]0;owned\x07name") == "[2J]0;ownedname"


def test_bidi_override_is_removed() -> None:
    assert single_line("invoice\u202egpj.exe") == "invoicegpj.exe"


def test_formula_prefixes_are_neutralised_and_numbers_kept() -> None:
    assert neutralise_formula("=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")"
    assert neutralise_formula("+cmd|' /C calc'!A0") == "'+cmd|' /C calc'!A0"
    assert neutralise_formula("\tx") == "'\tx"
    assert neutralise_formula("-12.5") == "-12.5"
    assert neutralise_formula(-3) == -3
    assert neutralise_formula("plain") == "plain"


def test_excerpt_is_short_for_huge_values() -> None:
    assert len(excerpt("x" * 10_000_000)) < 70
    assert excerpt([1] * 10**6) == "a list of 1000000 items"
    assert "digits" in excerpt(10**5000)


@given(st.text())
def test_escaped_markdown_has_no_line_break_or_control(text: str) -> None:
    escaped = escape_markdown(text)
    assert "\n" not in escaped and "\r" not in escaped and "\x1b" not in escaped


@given(st.one_of(st.text(), st.integers(), st.floats(), st.none(), st.lists(st.integers())))
def test_excerpt_never_raises(value: object) -> None:
    assert isinstance(excerpt(value), str)
