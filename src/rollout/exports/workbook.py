"""The workbook (XLSX, with xlsxwriter): Plan (with a cell-format Gantt), Waves, Gates, Risks,
Actions, Calendar and, when there is training data, Training.

Every sheet has a frozen, filtered header row and set column widths; dates are stored as dates
(shown as Jalali dates by Excel in Persian, through the ``[$-fa-IR,16]`` calendar format); sheets
read right to left in Persian. Text is always written with ``write_string``, so no text becomes a
formula, and text that starts like one (``=``, ``+``, ``-``, ``@``, tab, CR) also gets Excel's
quote prefix, so it stays text when someone edits the cell later. The Gantt is conditional
formatting over a grid of week columns: one rule, not one formatted cell per task and week.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import xlsxwriter
from xlsxwriter.utility import xl_col_to_name, xl_rowcol_to_cell

from rollout.escaping import FORMULA_PREFIXES
from rollout.exports.document import DEFAULT_ACCENT, ExportDocument
from rollout.exports.tables import Table, build_tables
from rollout.i18n import Language

MAX_SHEET_NAME = 31
MAX_CELL_CHARACTERS = 32_767  # Excel's limit; longer text is cut rather than refused
GANTT_MAX_WEEKS = 260  # five years of week columns


def _sheet_name(title: str, used: set[str]) -> str:
    name = "".join("-" if ch in "[]:*?/\\" else ch for ch in title)[:MAX_SHEET_NAME].strip("'")
    name = name or "Sheet"
    candidate, n = name, 2
    while candidate.casefold() in used:
        suffix = f" ({n})"
        candidate, n = name[: MAX_SHEET_NAME - len(suffix)] + suffix, n + 1
    used.add(candidate.casefold())
    return candidate


def render_workbook(doc: ExportDocument) -> bytes:
    buffer = io.BytesIO()
    workbook = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                            "strings_to_urls": False,
                                            "strings_to_numbers": False})
    workbook.set_properties({"title": doc.programme, "company": doc.organisation,
                             "created": dt.datetime.combine(doc.generated_on, dt.time())})
    persian = doc.language is Language.FA
    accent = doc.branding.accent if doc.branding else DEFAULT_ACCENT
    base: dict[str, Any] = {"font_name": "Vazirmatn" if persian else "Calibri",
                            "reading_order": 2 if persian else 1}
    formats = {
        "header": workbook.add_format({**base, "bold": True, "font_color": "#FFFFFF",
                                       "bg_color": accent, "text_wrap": True,
                                       "valign": "top"}),
        "text": workbook.add_format(base),
        "quoted": workbook.add_format({**base, "quote_prefix": True}),
        "date": workbook.add_format({**base, "num_format": "[$-fa-IR,16]yyyy/mm/dd;@"
                                     if persian else "yyyy-mm-dd"}),
        "number": workbook.add_format(base),
        "week": workbook.add_format({**base, "num_format": "[$-fa-IR,16]mm/dd;@"
                                     if persian else "dd mmm", "rotation": 90,
                                     "font_size": 8}),
        "bar": workbook.add_format({"bg_color": accent}),
        "critical": workbook.add_format({"bg_color": "#C0392B"}),
    }
    used: set[str] = set()
    for table in build_tables(doc):
        sheet = workbook.add_worksheet(_sheet_name(table.title, used))
        if persian:
            sheet.right_to_left()
        _write_table(sheet, table, formats)
        if table.key == "plan":
            _gantt(sheet, table, doc, formats)
    workbook.close()
    return buffer.getvalue()


def _write_table(sheet: Any, table: Table, formats: dict[str, Any]) -> None:
    for col, column in enumerate(table.columns):
        sheet.write_string(0, col, column.heading, formats["header"])
        sheet.set_column(col, col, column.width)
    for r, row in enumerate(table.rows, start=1):
        for col, value in enumerate(row):
            _write_cell(sheet, r, col, value, formats)
    sheet.freeze_panes(1, 0)
    if table.columns:
        sheet.autofilter(0, 0, max(len(table.rows), 1), len(table.columns) - 1)


def _write_cell(sheet: Any, row: int, col: int, value: object, formats: dict[str, Any]) -> None:
    if value is None:
        sheet.write_blank(row, col, None, formats["text"])
    elif isinstance(value, bool):
        sheet.write_boolean(row, col, value, formats["text"])
    elif isinstance(value, dt.date):
        sheet.write_datetime(row, col, dt.datetime.combine(value, dt.time()), formats["date"])
    elif isinstance(value, int | float):
        sheet.write_number(row, col, value, formats["number"])
    else:
        text = str(value)[:MAX_CELL_CHARACTERS]
        quoted = text.startswith(FORMULA_PREFIXES)
        sheet.write_string(row, col, text, formats["quoted" if quoted else "text"])


def _gantt(sheet: Any, table: Table, doc: ExportDocument, formats: dict[str, Any]) -> None:
    """Week columns right of the task table, coloured by one conditional format per colour:
    a week is filled when the task's start is before the week's end and its finish after the
    week's start (critical tasks in red)."""
    keys = [c.key for c in table.columns]
    start_col, end_col, crit_col = keys.index("start"), keys.index("end"), keys.index("critical")
    first = doc.plan.start - dt.timedelta(days=doc.plan.start.weekday())
    weeks = min(((doc.plan.end - first).days // 7) + 1, GANTT_MAX_WEEKS)
    left = len(table.columns) + 1
    for i in range(weeks):
        day = first + dt.timedelta(weeks=i)
        sheet.write_datetime(0, left + i, dt.datetime.combine(day, dt.time()), formats["week"])
    sheet.set_column(left, left + weeks - 1, 2.6)
    sheet.set_row(0, 48)
    last_row = max(len(table.rows), 1)
    week_cell = f"{xl_col_to_name(left)}$1"
    start_cell = "$" + xl_rowcol_to_cell(1, start_col, row_abs=False)
    end_cell = "$" + xl_rowcol_to_cell(1, end_col, row_abs=False)
    crit_cell = "$" + xl_rowcol_to_cell(1, crit_col, row_abs=False)
    within = f"AND({start_cell}<{week_cell}+7,{end_cell}>={week_cell})"
    area = (1, left, last_row, left + weeks - 1)
    sheet.conditional_format(*area, {"type": "formula",
                                     "criteria": f"=AND({crit_cell}=TRUE,{within})",
                                     "format": formats["critical"], "stop_if_true": True})
    sheet.conditional_format(*area, {"type": "formula", "criteria": f"={within}",
                                     "format": formats["bar"]})
