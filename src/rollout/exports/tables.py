"""The export's tables (plan, waves, gates, risks, actions, calendar, training), built once and
written as CSV here or as sheets by :mod:`rollout.exports.workbook`.

Cells keep their Python types (dates, numbers, booleans) until a writer decides how to show them.
CSV writes dates as ISO 8601 (a data-interchange file, read by programs, whatever the language)
and neutralises every text cell a spreadsheet would evaluate (``=``, ``+``, ``-``, ``@``, tab, CR).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass
from typing import Literal

from rollout.escaping import neutralise_formula
from rollout.exports.document import ExportDocument
from rollout.exports.filenames import export_file_name
from rollout.exports.wording import Wording
from rollout.i18n import N_

Cell = str | int | float | bool | dt.date | None
ColumnType = Literal["text", "date", "int", "float", "bool"]


@dataclass(frozen=True)
class Column:
    key: str
    heading: str  # translated
    type: ColumnType = "text"
    width: int = 14  # characters, for the workbook


@dataclass(frozen=True)
class Table:
    key: str  # the sheet or file name's stable part: plan, waves, gates, …
    title: str  # translated
    columns: tuple[Column, ...]
    rows: tuple[tuple[Cell, ...], ...]


def _table(key: str, title: str, columns: list[Column], rows: list[tuple[Cell, ...]]) -> Table:
    return Table(key=key, title=title, columns=tuple(columns), rows=tuple(rows))


def build_tables(doc: ExportDocument) -> list[Table]:
    """Every table of the document, in sheet order; Training only when there is training data."""
    w = Wording(doc.language, doc.content)
    plan, report = doc.plan, doc.report
    waves = {wave.id: wave.name for wave in plan.waves}
    tables = [
        _table("plan", w(N_("Plan")), [
            Column("id", w(N_("Task id")), width=24), Column("name", w(N_("Task")), width=40),
            Column("phase", w(N_("Phase"))), Column("wave", w(N_("Wave")), width=18),
            Column("kind", w(N_("Kind"))), Column("start", w(N_("Start")), "date", 12),
            Column("end", w(N_("Finish")), "date", 12),
            Column("duration", w(N_("Working days")), "int", 10),
            Column("depends_on", w(N_("Depends on")), width=30),
            Column("critical", w(N_("Critical")), "bool", 9),
        ], [(t.id, t.name, w.phase(t.phase.value), waves.get(t.wave or "", t.wave),
             w.kind(t.kind.value), t.start, t.end, t.duration_workdays,
             ", ".join(f"{d}+{t.lags_workdays[d]}" if t.lags_workdays.get(d) else d
                       for d in t.depends_on), t.critical) for t in plan.tasks]),
        _table("waves", w(N_("Waves")), [
            Column("id", w(N_("Wave id")), width=12), Column("name", w(N_("Wave")), width=24),
            Column("units", w(N_("Business units")), width=40),
            Column("users", w(N_("Users")), "int", 10),
            Column("go_live", w(N_("Go-live")), "date", 12),
            Column("pilot", w(N_("Pilot")), "bool", 8),
        ], [(wave.id, wave.name, ", ".join(wave.units), wave.users, wave.go_live, wave.pilot)
            for wave in plan.waves]),
        _table("gates", w(N_("Gates")), [
            Column("id", w(N_("Task id")), width=24), Column("name", w(N_("Gate")), width=36),
            Column("wave", w(N_("Wave")), width=18), Column("date", w(N_("Date")), "date", 12),
            Column("criteria", w(N_("Criteria")), width=60),
        ], [(t.id, t.name, waves.get(t.wave or "", t.wave), t.start,
             "; ".join(c.text + (f" ({c.threshold_pct:g} %)" if c.threshold_pct is not None
                                 else "") for c in t.criteria))
            for t in plan.tasks if t.kind.value == "gate"]),
        _table("risks", w(N_("Risks")), [
            Column("factor", w(N_("Risk code")), width=22), Column("name", w(N_("Risk")), width=36),
            Column("likelihood", w(N_("Likelihood")), "int", 10),
            Column("impact", w(N_("Impact")), "int", 8), Column("score", w(N_("Score")), "int", 8),
            Column("band", w(N_("Band")), width=10),
            Column("resembles", w(N_("Resembles")), width=30),
            Column("mitigation", w(N_("Mitigation")), width=60),
        ], [(r.factor, w.factor_name(r.factor, r.name), r.likelihood, r.impact, r.score,
             w.band(r.band.value), ", ".join(w.case_label(c) for c in r.resembles),
             w.mitigation_text(r.factor, r.mitigations[0].id, r.mitigations[0].text)
             if r.mitigations else "") for r in report.risks]),
        _table("actions", w(N_("Actions")), [
            Column("title", w(N_("Action")), width=40), Column("owner", w(N_("Owner")), width=24),
            Column("due", w(N_("Due")), "date", 12), Column("status", w(N_("Status")), width=12),
            Column("risk", w(N_("Risk")), width=30),
        ], [(a.title, a.owner, a.due_date, w.status(a.status),
             w.factor_name(a.factor, a.factor) if a.factor else "") for a in doc.actions]),
        _table("calendar", w(N_("Calendar")), [
            Column("name", w(N_("Window")), width=36), Column("kind", w(N_("Kind")), width=18),
            Column("blocked_from", w(N_("Blocked from")), "date", 12),
            Column("start", w(N_("Start")), "date", 12),
            Column("end", w(N_("Finish")), "date", 12),
            Column("reason", w(N_("Reason")), width=40),
        ], [(b.name, w.blackout_kind(b.kind.value), b.blocked_from, b.start, b.end, b.reason)
            for b in plan.blackouts]),
    ]
    if doc.training_waves:
        tables.append(_table("training", w(N_("Training")), [
            Column("wave", w(N_("Wave")), width=18),
            Column("trainees", w(N_("Trainees")), "int", 10),
            Column("trained", w(N_("Trained")), "int", 10),
            Column("completion", w(N_("Completion %")), "float", 12),
            Column("threshold", w(N_("Gate threshold %")), "float", 12),
            Column("deadline", w(N_("Training deadline")), "date", 12),
            Column("forecast", w(N_("Forecast")), "date", 12),
            Column("status", w(N_("Gate status")), width=36),
            Column("overdue", w(N_("Overdue people")), "int", 12),
        ], [(waves.get(t.wave, t.wave), t.trainees, t.trained, round(t.completion_pct, 1),
             t.threshold_pct, t.deadline, t.forecast, w.gate_status(t.status), t.overdue)
            for t in doc.training_waves]))
    if doc.training:
        tables.append(_table("training_sessions", w(N_("Training sessions")), [
            Column("name", w(N_("Session")), width=36), Column("wave", w(N_("Wave")), width=18),
            Column("start", w(N_("Start")), "date", 12),
            Column("end", w(N_("Finish")), "date", 12),
            Column("trainees", w(N_("Trainees")), "int", 10),
            Column("completion", w(N_("Completion %")), "float", 12),
        ], [(s.name, waves.get(s.wave or "", s.wave), s.start, s.end, s.trainees,
             s.completion_pct) for s in doc.training]))
    return tables


def csv_cell(value: Cell) -> str:
    """A cell as CSV text: ISO dates, 1/0 for booleans, formula-looking text neutralised."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | float):
        return str(value)
    return str(neutralise_formula(value))


def table_csv(table: Table) -> bytes:
    """One table as UTF-8 CSV with a byte-order mark (so spreadsheet programs read Persian)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([csv_cell(c.heading) for c in table.columns])
    writer.writerows([csv_cell(v) for v in row] for row in table.rows)
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def render_csv_archive(doc: ExportDocument) -> bytes:
    """A zip archive with one CSV file per table, named safely from the table titles."""
    buffer = io.BytesIO()
    # A fixed timestamp: the same document gives the same bytes.
    stamp = (doc.generated_on.year, doc.generated_on.month, doc.generated_on.day, 0, 0, 0)
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for table in build_tables(doc):
            info = zipfile.ZipInfo(export_file_name(table.key, extension="csv"), stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, table_csv(table))
    return buffer.getvalue()
