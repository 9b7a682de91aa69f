"""The workbook, read back with openpyxl: sheets, types, safety and direction."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl

from rollout.exports import ExportDocument
from rollout.exports.workbook import render_workbook
from tests.exports.conftest import FORMULA

SHEETS_EN = ["Plan", "Waves", "Gates", "Risks", "Actions", "Calendar", "Training",
             "Training sessions"]


def _book(doc: ExportDocument) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(render_workbook(doc)))


def test_every_sheet_has_a_frozen_filtered_header_and_widths(english: ExportDocument) -> None:
    book = _book(english)
    assert book.sheetnames == SHEETS_EN
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2", sheet.title
        assert sheet.auto_filter.ref, sheet.title
        assert sheet.column_dimensions["A"].width > 8
        assert not sheet.sheet_view.rightToLeft


def test_dates_are_dates_numbers_numbers_and_flags_booleans(english: ExportDocument) -> None:
    sheet = _book(english)["Plan"]
    headings = [c.value for c in sheet[1]]
    first = {h: c.value for h, c in zip(headings, sheet[2], strict=False)}
    task = english.plan.tasks[0]
    assert first["Task id"] == task.id
    assert first["Start"] == dt.datetime.combine(task.start, dt.time())
    assert first["Finish"] == dt.datetime.combine(task.end, dt.time())
    assert first["Working days"] == task.duration_workdays
    assert first["Critical"] is task.critical
    assert sheet.max_row == len(english.plan.tasks) + 1
    waves = _book(english)["Waves"]
    assert [c.value for c in waves["D"][1:]] == [w.users for w in english.plan.waves]


def test_the_plan_sheet_draws_a_gantt_with_conditional_formats(english: ExportDocument) -> None:
    sheet = _book(english)["Plan"]
    rules = [rule for ranges in sheet.conditional_formatting for rule in ranges.rules]
    assert len(rules) == 2
    assert isinstance(sheet.cell(row=1, column=12).value, dt.datetime)  # the first week column


def test_injected_text_stays_text_and_no_cell_is_a_formula(hostile: ExportDocument) -> None:
    book = _book(hostile)
    found = 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str) and cell.value.startswith("="):
                    assert cell.quotePrefix, (sheet.title, cell.coordinate)
                    found += 1
    assert found >= 3  # unit names, actions, blackouts
    units = [c.value for c in book["Waves"]["C"][1:]]
    assert any(FORMULA[:40] in u for u in units)


def test_persian_sheets_read_right_to_left_with_persian_headings(persian: ExportDocument) -> None:
    book = _book(persian)
    assert len(book.sheetnames) == len(SHEETS_EN)
    for sheet in book.worksheets:
        assert sheet.sheet_view.rightToLeft, sheet.title
    plan = book.worksheets[0]
    assert plan.cell(row=2, column=6).number_format.startswith("[$-fa-IR,16]")
    assert isinstance(plan.cell(row=2, column=6).value, dt.datetime)
