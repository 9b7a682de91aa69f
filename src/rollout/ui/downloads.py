"""Table downloads that are governed: offered only with the export right, audited, formula-safe.

Streamlit's own table toolbar download is switched off for everyone (``client.disableDataExport``
in ``.streamlit/config.toml``): it cannot be limited by role, audited or made formula-safe. A
table whose data someone may take out gets one of these buttons instead.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping, Sequence

import streamlit as st

from rollout.errors import RolloutError
from rollout.escaping import neutralise_formula
from rollout.permissions import Action, ObjectType
from rollout.services import record_export
from rollout.ui import state
from rollout.ui.workspace import Workspace


def table_csv(rows: Sequence[Mapping[str, object]]) -> str:
    """CSV text of a table whose cells a spreadsheet will never evaluate as formulas."""
    out = io.StringIO()
    if not rows:
        return ""
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: neutralise_formula("" if value is None else value)
                         for key, value in row.items()})
    return out.getvalue()


def csv_download(ws: Workspace, *, label: str, rows: Sequence[Mapping[str, object]],
                 file_name: str, object_type: ObjectType, key: str) -> None:
    """A "Download CSV" button, shown only to roles that may export ``object_type`` here."""
    if ws.may(object_type, Action.EXPORT) and rows:
        _governed_button(ws, label=label, data=lambda: table_csv(rows), file_name=file_name,
                         mime="text/csv", export_format="csv", object_type=object_type, key=key)


def _governed_button(ws: Workspace, *, label: str, data: Callable[[], str | bytes],
                     file_name: str, mime: str, export_format: str, object_type: ObjectType,
                     key: str) -> None:
    # ``data`` is written when the user clicks, not on every rerun: the training dashboard's
    # 20,000-row completion table took seconds per rerun as CSV and XLSX (issue 16).
    # The download is audited when the user clicks, not when the page renders the button.
    def audit() -> None:
        try:
            record_export(ws.db, actor=ws.actor, organisation_id=ws.organisation_id,
                          object_type=object_type, export_format=export_format)
        except RolloutError as exc:
            state.flash_error(str(exc))

    st.download_button(label, data, file_name=file_name, mime=mime, key=key, on_click=audit)


def table_xlsx(rows: Sequence[Mapping[str, object]], *, sheet: str = "Sheet1") -> bytes:
    """An XLSX workbook of a table, formula-safe like :func:`table_csv` (text that a
    spreadsheet would evaluate is prefixed with an apostrophe and stored as text)."""
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    worksheet = book.create_sheet(title=sheet[:31] or "Sheet1")
    if rows:
        columns = list(rows[0])
        worksheet.append(columns)
        for row in rows:
            worksheet.append([neutralise_formula("" if row.get(c) is None else row.get(c))
                              for c in columns])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def xlsx_download(ws: Workspace, *, label: str, rows: Sequence[Mapping[str, object]],
                  file_name: str, object_type: ObjectType, key: str) -> None:
    """A "Download XLSX" button under the same rules as :func:`csv_download`."""
    if ws.may(object_type, Action.EXPORT) and rows:
        _governed_button(
            ws, label=label, data=lambda: table_xlsx(rows), file_name=file_name,
            mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            export_format="xlsx", object_type=object_type, key=key)
