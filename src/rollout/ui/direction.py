"""Right-to-left layout and the Persian font when the reader reads Persian.

Streamlit has no right-to-left setting (streamlit/streamlit#552), so this module injects one
stylesheet per page run: ``direction: rtl`` and right alignment for the main area, the sidebar,
headings, text, tables, inputs, expanders, metric labels and tabs, and Vazirmatn (shipped in
``rollout.i18n.fonts``, SIL OFL) as the text font, served inline as ``data:`` URLs so it needs
neither the network nor a static folder. Charts keep a left-to-right box (their time axes run
left to right); :mod:`rollout.ui.charts` and :mod:`rollout.ui.gantt` align their own labels.
Code spans stay left to right: they hold codes.
"""

from __future__ import annotations

import base64
from functools import cache

import streamlit as st

from rollout.i18n import Language
from rollout.i18n.fonts import FAMILY, css_weight, font_file

# Streamlit's icon font must keep its own family, or the icons turn into their names.
_ICONS = '[data-testid="stIconMaterial"], [class*="material-symbols"], [class*="material-icons"]'

_RTL_RULES = """
[data-testid="stAppViewContainer"], [data-testid="stMain"], [data-testid="stSidebar"],
[data-testid="stHeader"], [data-testid="stBottom"] { direction: rtl; }
[data-testid="stMain"] [data-testid="stMarkdownContainer"],
[data-testid="stSidebar"] [data-testid="stMarkdownContainer"],
h1, h2, h3, h4, h5, h6, p, li, label, [data-testid="stCaptionContainer"],
[data-testid="stMetricLabel"], [data-testid="stMetricValue"], [data-testid="stMetricDelta"],
[data-testid="stExpander"] summary, [data-testid="stExpanderDetails"],
[data-testid="stAlertContainer"], [data-testid="stTable"], [data-testid="stDataFrame"],
[data-baseweb="tab-list"], [data-baseweb="tab"], [data-baseweb="select"],
[data-testid="stWidgetLabel"], [data-testid="stForm"], [data-testid="stTooltipContent"] {
  direction: rtl; text-align: right; }
input, textarea { direction: rtl; text-align: right; }
[data-testid="stMetric"] { text-align: right; }
[data-testid="stSidebarNav"] a, [data-testid="stSidebarNavLink"] { direction: rtl; text-align: right; }
ul, ol { padding-right: 1.5em; padding-left: 0; }
code, pre, [data-testid="stCode"], [data-testid="stJson"] { direction: ltr; unicode-bidi: isolate; }
[data-testid="stPlotlyChart"] { direction: ltr; }
"""


@cache
def _font_faces() -> str:
    faces = []
    for weight in ("regular", "bold"):
        data = base64.b64encode(font_file(weight, "woff2").read_bytes()).decode("ascii")
        faces.append(f"@font-face {{ font-family: '{FAMILY}'; font-style: normal; "
                     f"font-weight: {css_weight(weight)}; font-display: swap; "
                     f"src: url(data:font/woff2;base64,{data}) format('woff2'); }}")
    return "\n".join(faces)


@cache
def stylesheet(language: Language) -> str:
    """The page's style for a language: empty for left-to-right languages."""
    if language.direction.value != "rtl":
        return ""
    font = (f".stApp, .stApp *:not({_ICONS}):not(code):not(pre), "
            f"[data-testid='stSidebar'] *:not({_ICONS}):not(code) "
            f"{{ font-family: '{FAMILY}', 'Source Sans Pro', sans-serif; }}")
    return _font_faces() + "\n" + font + "\n" + _RTL_RULES


def apply_direction(language: Language) -> None:
    """Once per page run, from the router: the layout and font of ``language``."""
    css = stylesheet(language)
    if css:
        # A <style> alone takes no space on the page (Streamlit puts it in an event container).
        st.html(f"<style>{css}</style>")
