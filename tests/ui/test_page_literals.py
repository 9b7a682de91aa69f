"""Every text a page shows goes through the message catalogue (issue 13, item 1).

Reads the source of the router and every UI module (no page is run) and fails on a string
literal with words in it that reaches a Streamlit call as its label or body, or as its
``help``, ``placeholder``, ``label``, ``title`` or ``text``, without being wrapped in ``_``,
``ngettext`` or ``pgettext``. An f-string or a ``+`` counts as a literal when one of its literal
parts has a Latin letter: ``f"**{name}**"`` has none and passes, ``f"Saved {name}"`` fails.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
UI = ROOT / "src" / "rollout" / "ui"
SOURCES = sorted([ROOT / "app.py", *UI.rglob("*.py")])

# Streamlit calls whose first argument (and keyword arguments below) a reader reads.
TEXT_CALLS = frozenset({
    "title", "header", "subheader", "write", "markdown", "caption", "text", "error", "warning",
    "info", "success", "exception", "toast", "button", "form_submit_button", "download_button",
    "link_button", "page_link", "selectbox", "multiselect", "radio", "checkbox", "toggle",
    "segmented_control", "pills", "text_input", "text_area", "number_input", "date_input",
    "time_input", "slider", "select_slider", "file_uploader", "color_picker", "metric",
    "expander", "popover", "tabs", "spinner", "progress", "Page", "status", "dialog",
    "TextColumn", "NumberColumn", "DateColumn", "DatetimeColumn", "CheckboxColumn",
    "ProgressColumn", "SelectboxColumn", "LinkColumn", "ListColumn", "Column",
})
TEXT_KEYWORDS = frozenset({"label", "help", "placeholder", "title", "text", "body", "value"})
# `value` is text only for these (elsewhere it is a widget's default).
VALUE_IS_TEXT = frozenset({"metric"})
WRAPPERS = frozenset({"_", "ngettext", "pgettext"})

# Literals that stay as they are in every language, each with its reason.
ALLOWED = {
    "Rollout": "the product's name",
    "#": "a column of sequence numbers",
}
LATIN = re.compile(r"[A-Za-z]{2,}")


def _call_name(node: ast.Call) -> str | None:
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    if isinstance(node.func, ast.Name):
        return node.func.id
    return None


def _literal_parts(node: ast.AST) -> list[str]:
    """The literal text of an argument outside any gettext call (empty: nothing literal)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.JoinedStr):
        return [v.value for v in node.values
                if isinstance(v, ast.Constant) and isinstance(v.value, str)]
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _literal_parts(node.left) + _literal_parts(node.right)
    if isinstance(node, ast.IfExp):
        return _literal_parts(node.body) + _literal_parts(node.orelse)
    if isinstance(node, ast.List | ast.Tuple):  # st.tabs(["Users", ...])
        return [part for element in node.elts for part in _literal_parts(element)]
    return []


def _unwrapped(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Call) and _call_name(node) in WRAPPERS:
        return []
    return [text for text in _literal_parts(node)
            if LATIN.search(text) and text.strip() not in ALLOWED]


def unwrapped_literals(source: str) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        name = _call_name(node)
        if name not in TEXT_CALLS:
            continue
        arguments: list[ast.AST] = list(node.args[:1])
        if name == "metric":
            arguments = list(node.args[:2])
        arguments += [k.value for k in node.keywords if k.arg in TEXT_KEYWORDS
                      and (k.arg != "value" or name in VALUE_IS_TEXT)]
        for argument in arguments:
            found += [(node.lineno, text) for text in _unwrapped(argument)]
    return found


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_text_a_page_shows_goes_through_the_catalogue(path: Path) -> None:
    found = unwrapped_literals(path.read_text(encoding="utf-8"))
    assert not found, "\n".join(f"{path.name}:{line}: {text!r}" for line, text in found)


def test_the_checker_finds_literals_and_passes_wrapped_texts() -> None:
    bad = unwrapped_literals(
        'st.title("Risks")\ncols[0].metric("Verdict", x)\nst.error(f"Saved {name}")\n'
        'st.button(_("Ok"), help="Click it")\nst.tabs(["Users", _("Roles")])\n'
        'st.caption("x" + "Low risks")\n')
    assert [line for line, _ in bad] == [1, 2, 3, 4, 5, 6]
    good = unwrapped_literals(
        'st.title(_("Risks"))\nst.markdown(f"**{name}**")\nst.caption("—")\n'
        'st.title("Rollout")\nst.selectbox(_("Size"), sizes, key="org_size")\n'
        'st.metric(_("Readiness"), f"{n}/100")\nst.text_input(_("Name"), value=profile.name)\n')
    assert good == []
