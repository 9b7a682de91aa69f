"""A page's rendering floor: the same elements, rendered by Streamlit from precomputed data.

:func:`record` walks the element tree AppTest holds after a page's run and keeps, for each
element, what Streamlit needs to render it again (its text, a table's DataFrame, a chart's
figure, a widget's label and options). :data:`FLOOR_SCRIPT` is a tiny Streamlit script that
loads that record once per process and renders every element with the same Streamlit call,
inside the same forms and expanders (columns are flattened). The page's time over the floor's
is what the page spends on everything but rendering: reading, planning, formatting (issue 16).

A download button's data is not in the element tree; the floor offers a small one.
"""

from __future__ import annotations

import json
import pickle
from pathlib import Path
from typing import Any

Element = tuple[str, Any, list["Element"]]  # kind, payload, children (forms and expanders)

TEXT = frozenset({"title", "header", "subheader", "markdown", "caption", "info", "warning",
                  "error", "success"})
CONTAINERS = frozenset({"form", "expander"})
FLATTENED = frozenset({"column", "flex_container", "main", "vertical", "horizontal", "tab"})

FLOOR_SCRIPT = '''
import json, os, pickle
import streamlit as st


@st.cache_resource
def _recorded(path):
    with open(path, "rb") as file:
        return pickle.load(file)


def _render(elements, prefix, in_form):
    for i, (kind, payload, children) in enumerate(elements):
        key = f"{prefix}{i}"
        if kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning",
                    "error", "success"):
            getattr(st, kind)(payload)
        elif kind == "metric":
            st.metric(payload[0], payload[1])
        elif kind == "dataframe":
            st.dataframe(payload, hide_index=True, width="stretch", key=key)
        elif kind == "plotly_chart":
            st.plotly_chart(payload, width="stretch", key=key)
        elif kind == "selectbox":
            st.selectbox(payload[0], payload[1], key=key)
        elif kind == "radio":
            st.radio(payload[0], payload[1], key=key, horizontal=True)
        elif kind == "number_input":
            st.number_input(payload[0], value=payload[1], key=key)
        elif kind == "text_input":
            st.text_input(payload, key=key)
        elif kind == "text_area":
            st.text_area(payload, key=key)
        elif kind == "date_input":
            st.date_input(payload, key=key)
        elif kind == "checkbox":
            st.checkbox(payload, key=key)
        elif kind == "toggle":
            st.toggle(payload, key=key)
        elif kind == "button":
            if in_form:
                st.form_submit_button(payload, key=key)
            else:
                st.button(payload, key=key)
        elif kind == "download_button":
            st.download_button(payload, data=b"{}", file_name="floor.json", key=key)
        elif kind == "form":
            with st.form(key):
                _render(children, key + ".", True)
        elif kind == "expander":
            with st.expander(payload):
                _render(children, key + ".", in_form)


_render(_recorded(os.environ["ROLLOUT_FLOOR_RECORD"]), "e", False)
'''


def _payload(node: Any, kind: str) -> Any:
    if kind in TEXT:
        return node.value
    if kind == "metric":
        return (node.label, node.value)
    if kind == "dataframe":
        return node.value
    if kind == "plotly_chart":
        return json.loads(node.proto.spec)
    if kind in ("selectbox", "radio"):
        return (node.label, list(node.options))
    if kind == "number_input":
        return (node.label, node.value)
    return getattr(node, "label", "")


def record(node: Any) -> list[Element]:
    """The renderable elements under ``node`` (an AppTest element tree's node), in order."""
    out: list[Element] = []
    children = getattr(node, "children", None)
    for child in (children.values() if isinstance(children, dict) else []):
        kind = str(getattr(child, "type", ""))
        if kind in CONTAINERS:
            label = child.label if kind == "expander" else ""
            out.append((kind, label, record(child)))
        elif kind in FLATTENED or not kind:
            out.extend(record(child))
        elif kind in TEXT or kind in {"metric", "dataframe", "plotly_chart", "selectbox",
                                      "radio", "number_input", "text_input", "text_area",
                                      "date_input", "checkbox", "toggle", "button",
                                      "download_button"}:
            out.append((kind, _payload(child, kind), []))
    return out


def write_floor(work: Path, name: str, elements: list[Element]) -> tuple[Path, Path]:
    """The floor script and its record, written under ``work``."""
    data = work / f"floor-{name}.pickle"
    data.write_bytes(pickle.dumps(elements))
    script = work / "floor_page.py"
    script.write_text(FLOOR_SCRIPT, encoding="utf-8")
    return script, data


def count(elements: list[Element]) -> int:
    return sum(1 + count(children) for _, _, children in elements)
