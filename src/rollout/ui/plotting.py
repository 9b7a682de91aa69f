"""``plotly.graph_objects`` for the app's figures, imported only once pandas has finished importing.

Plotly's validators and JSON encoder look pandas and numpy up in ``sys.modules`` without importing
them (``get_module("pandas", should_load=False)``), which bypasses Python's import lock. While one
session's thread imports pandas for the first time (Streamlit does when a page shows its first
table), another session building a figure found the half-initialised module and failed with
"partially initialized module 'pandas' has no attribute 'Series'" (20 concurrent sessions, issue
16). Importing pandas here, before plotly, means a thread can only build a figure after pandas'
import has completed: an import holds the module's lock until it is done, and other threads wait
for it. Every module that draws imports ``go`` from here, never plotly itself.
"""

from __future__ import annotations

import pandas  # noqa: F401  (see above: first, and completely, before any figure is built)
import plotly.graph_objects as go

__all__ = ["go"]
