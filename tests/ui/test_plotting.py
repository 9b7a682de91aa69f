"""Figures are only built once pandas is completely imported (a race between sessions, issue 16)."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "rollout"

# One session's thread imports pandas for the first time (as Streamlit does for a page's first
# table) while another builds figures. Plotly is loaded already, as it is in a running server.
RACE = """
import threading

import plotly.graph_objects  # noqa: F401

started, finished = threading.Event(), threading.Event()


def first_table():
    started.set()
    import pandas  # noqa: F401
    finished.set()


thread = threading.Thread(target=first_table)
thread.start()
started.wait()
from rollout.ui.plotting import go

failures = []
while not failures:
    try:
        go.Figure(go.Bar(x=[1, 2], y=[3, 4]))
    except Exception as exc:
        failures.append(repr(exc))
    if finished.is_set():
        break
thread.join()
print(failures)
"""


def test_a_figure_built_while_another_session_imports_pandas_does_not_fail() -> None:
    result = subprocess.run([sys.executable, "-c", RACE], capture_output=True, text=True,
                            timeout=300, check=True)
    assert result.stdout.strip() == "[]"


def test_only_the_plotting_module_imports_plotly() -> None:
    importers = []
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([alias.name for alias in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            if any(name == "plotly" or name.startswith("plotly.") for name in names):
                importers.append(path.relative_to(PACKAGE).as_posix())
    assert importers == ["ui/plotting.py"]
