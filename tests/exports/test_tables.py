"""CSV tables: formula-looking text neutralised, numbers and dates kept as values."""

from __future__ import annotations

import csv
import io
import zipfile

from rollout.exports import ExportDocument
from rollout.exports.tables import build_tables, csv_cell, render_csv_archive


def _archive(doc: ExportDocument) -> dict[str, list[list[str]]]:
    with zipfile.ZipFile(io.BytesIO(render_csv_archive(doc))) as archive:
        return {name: list(csv.reader(io.StringIO(archive.read(name).decode("utf-8-sig"))))
                for name in archive.namelist()}


def test_one_csv_per_table(english: ExportDocument) -> None:
    files = _archive(english)
    assert sorted(files) == sorted(f"{t.key}.csv" for t in build_tables(english))
    plan = files["plan.csv"]
    assert plan[0][:2] == ["Task id", "Task"]
    assert len(plan) == len(english.plan.tasks) + 1


def test_formulas_are_neutralised_and_numbers_stay_numbers(hostile: ExportDocument) -> None:
    for name, rows in _archive(hostile).items():
        for row in rows:
            for cell in row:
                assert not cell.startswith(("=", "+", "@", "\t", "\r")), (name, cell)
                if cell.startswith("-"):
                    float(cell)  # only a negative number may start with a minus
    assert csv_cell(-3) == "-3" and csv_cell("-3") == "-3" and csv_cell("-x") == "'-x"
    assert csv_cell("=1+1") == "'=1+1" and csv_cell("@SUM(A1)") == "'@SUM(A1)"


def test_the_same_document_gives_the_same_archive(english: ExportDocument) -> None:
    assert render_csv_archive(english) == render_csv_archive(english)
