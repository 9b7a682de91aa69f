"""One entry point for every file format this package renders."""

from __future__ import annotations

from collections.abc import Callable

from rollout.exports.document import ExportDocument, ExportFormat

MEDIA_TYPES: dict[ExportFormat, tuple[str, str]] = {  # format -> (media type, file extension)
    ExportFormat.HTML: ("text/html", "html"),
    ExportFormat.PDF: ("application/pdf", "pdf"),
    ExportFormat.XLSX: ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    ExportFormat.ICS: ("text/calendar", "ics"),
    ExportFormat.MSPDI: ("application/xml", "xml"),
    ExportFormat.CSV: ("application/zip", "zip"),
    ExportFormat.JSON: ("application/json", "json"),
}


def _renderer(export_format: ExportFormat) -> Callable[[ExportDocument], bytes]:
    # Imported on use: an ICS export does not load fpdf2, a CSV export does not load jinja2.
    if export_format is ExportFormat.HTML:
        from rollout.exports.report import render_html
        return render_html
    if export_format is ExportFormat.PDF:
        from rollout.exports.pdf import render_pdf
        return render_pdf
    if export_format is ExportFormat.XLSX:
        from rollout.exports.workbook import render_workbook
        return render_workbook
    if export_format is ExportFormat.ICS:
        from rollout.exports.calendar import render_calendar
        return render_calendar
    if export_format is ExportFormat.MSPDI:
        from rollout.exports.mspdi import render_mspdi
        return render_mspdi
    if export_format is ExportFormat.CSV:
        from rollout.exports.tables import render_csv_archive
        return render_csv_archive
    raise ValueError(f"{export_format.value} is not rendered from a plan document; the "
                     f"organisation bundle comes from the transfer service")


def render(doc: ExportDocument, export_format: ExportFormat) -> bytes:
    """The file's bytes in ``export_format`` (any but JSON)."""
    return _renderer(export_format)(doc)
