"""Export benchmarks: the full PDF report and the workbook of the large benchmark programme
(tests.builders.programmes.large_programme, as in bench_planner: 60 units, 40 platforms, at
least 1,500 tasks), in English and Persian; goal <= 5 s each (median of 3, after one warm-up run
that loads fonts and templates).
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import time
from pathlib import Path

from rollout.content.loader import load_default_content
from rollout.exports import Branding, ExportDocument, ExportFormat, render
from rollout.i18n import Language
from rollout.risk.engine import assess
from rollout.schedule.scenarios import plan_scenarios

# The shared builders live under tests/ (tests.builders), as for bench_planner.
ROOT = str(Path(__file__).resolve().parents[1])
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)

from tests.builders.programmes import large_programme  # noqa: E402

RUNS = 3
GOAL_SECONDS = 5.0


def large_document(language: Language) -> ExportDocument:
    assessment, options = large_programme()
    content = load_default_content()
    report = assess(assessment, content)
    plan = plan_scenarios(assessment, content, options, report, compare=False).plan
    return ExportDocument(
        organisation_id="b" * 32, organisation=assessment.organisation.name,
        programme_id="c" * 32, programme="Benchmark CRM", generated_on=dt.date(2026, 11, 28),
        language=language, report=report, plan=plan, content=content,
        answers=assessment.answers, branding=Branding(firm_name="Benchmark Consulting"))


def render_seconds(document: ExportDocument,
                   export_format: ExportFormat) -> tuple[float, float, int]:
    """Median wall time and median CPU time of this process (the CPU time says what the work
    costs when other processes share the machine), and the file's size."""
    data = render(document, export_format)  # warm-up: fonts, templates, imports
    walls, cpus = [], []
    for _ in range(RUNS):
        start, start_cpu = time.perf_counter(), time.process_time()
        data = render(document, export_format)
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - start_cpu)
    return statistics.median(walls), statistics.median(cpus), len(data)


def run() -> list[tuple[str, str, str, str]]:
    rows: list[tuple[str, str, str, str]] = []
    for language in (Language.EN, Language.FA):
        document = large_document(language)
        if not rows:
            rows.append(("exports", "tasks in the large programme", f"{len(document.plan.tasks):,}",
                         ">= 1,500"))
        for export_format in (ExportFormat.PDF, ExportFormat.XLSX):
            seconds, cpu, size = render_seconds(document, export_format)
            rows.append(("exports", f"{export_format.value.upper()} ({language.value}), median "
                                    f"of {RUNS}, {size / 1024:,.0f} KB",
                         f"{seconds:.2f} s (CPU {cpu:.2f} s)", f"<= {GOAL_SECONDS:.0f} s"))
    return rows


if __name__ == "__main__":
    for row in run():
        print("  ".join(row))
