"""``rollout plan FILE``: a dated, phased rollout plan for an assessment file.

Imports only the pure core (never streamlit or plotly), so it starts as fast as ``rollout assess``.
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from rollout.domain.approach import Scenario
from rollout.errors import RolloutError


class PlanFormat(StrEnum):
    text = "text"
    json = "json"


def register(app: typer.Typer) -> None:
    @app.command()
    def plan(
        file: Annotated[Path, typer.Argument(help="assessment file (YAML or JSON)")],
        scenario: Annotated[Scenario | None, typer.Option(
            "--scenario", "-s",
            help="default: the programme's approach; custom: the waves in --options")] = None,
        format: Annotated[PlanFormat, typer.Option("--format", "-f")] = PlanFormat.text,
        out: Annotated[Path | None, typer.Option(
            "--out", "-o", help="write to this file instead of standard output")] = None,
        options_file: Annotated[Path | None, typer.Option(
            "--options", help="plan options and overrides (YAML or JSON); see docs/planner.md")
        ] = None,
        compare: Annotated[bool, typer.Option(
            "--compare", help="compare big-bang, phased and pilot-waves side by side")] = False,
        force: Annotated[bool, typer.Option(
            "--force", help="replace the --out file if it exists")] = False,
    ) -> None:
        """Plan the rollout: phases, waves, migrations, training, gates, dated and explained."""
        from rollout.assessment_file import load_assessment
        from rollout.cli import load_content_or_exit
        from rollout.content.loader import Content
        from rollout.domain.plan import ScenarioComparison
        from rollout.errors import PlanningError
        from rollout.escaping import escape_terminal
        from rollout.output_files import check_output_path, write_text
        from rollout.risk.engine import assess
        from rollout.schedule.scenarios import plan_scenarios

        protected = database_files()
        try:
            if out is not None:  # refuse a bad --out before the work, not after
                check_output_path(out, force=force, protected=protected)
        except RolloutError as exc:
            typer.echo(f"error: {escape_terminal(str(exc))}", err=True)
            raise typer.Exit(1) from None
        content = load_content_or_exit()
        assert isinstance(content, Content)
        try:
            assessment = load_assessment(file, content)
            options = read_options(options_file)
            if scenario is not None:
                options = options.model_copy(update={"scenario": scenario})
            # The same orchestration as the plan page: plan, then compare the other scenarios.
            planned = plan_scenarios(assessment, content, options, assess(assessment, content),
                                     compare=compare)
            if compare:
                if planned.not_compared:
                    candidate, why = planned.not_compared[0]
                    raise PlanningError(f"{candidate.value}: {why}")
                rows = ScenarioComparison(results=planned.results).table()
                text = (json.dumps(rows, indent=2, ensure_ascii=False) + "\n"
                        if format is PlanFormat.json else render_comparison(rows))
            else:
                result = planned.plan
                text = (json.dumps(result.to_contract(), indent=2, ensure_ascii=False) + "\n"
                        if format is PlanFormat.json else render_plan_text(result))
            if out is not None:
                write_text(out, text, force=force, protected=protected)
        except RolloutError as exc:
            typer.echo(f"error: {escape_terminal(str(exc))}", err=True)
            raise typer.Exit(1) from None
        if out is None:
            typer.echo(escape_terminal(text) if format is PlanFormat.text else text, nl=False)
            return
        typer.echo(f"plan written to {escape_terminal(str(out))}", err=True)


def database_files() -> list[Path]:
    """The configured SQLite database and its companions: no --out may name them."""
    from rollout.output_files import sqlite_files
    from rollout.settings import load_settings

    try:
        return sqlite_files(load_settings().resolved_database_url)
    except ValueError:  # settings unreadable: protect the default location at least
        return sqlite_files("sqlite:///" + str(Path("data/rollout.db").resolve()))


def read_options(path: Path | None) -> Any:
    """PlanOptions from a YAML or JSON file (every problem reported with its field)."""
    from rollout import limits
    from rollout.domain.plan import PlanOptions
    from rollout.errors import map_validation

    if path is None:
        return PlanOptions()
    source = str(path)
    data = limits.read_document(path, max_bytes=limits.MAX_OPTIONS_BYTES, source=source)
    with map_validation(source, hints={"extra_forbidden": "unknown field; see docs/planner.md"}):
        return PlanOptions.model_validate(data or {})


def render_plan_text(plan: Any) -> str:
    from rollout.escaping import escape_report_text as esc

    lines = [
        f"Rollout plan: {esc(plan.assessment)} ({esc(plan.organisation)}), scenario "
        f"{plan.scenario.value}",
        f"{plan.start} to {plan.end}: {plan.duration_workdays} working days; target go-live "
        f"{plan.target_go_live}",
        "",
        "Waves",
    ]
    for wave in plan.waves:
        lines.append(f"  {wave.id:<8} go-live {wave.go_live}  {wave.users:>7,} users  "
                     f"{esc(wave.name)} ({esc(', '.join(wave.units))})")
    lines += ["", "Phases"]
    phases: dict[str, list[Any]] = {}
    for task in plan.tasks:
        phases.setdefault(task.phase.value, []).append(task)
    for phase, tasks in phases.items():
        first = min(t.start for t in tasks)
        last = max(t.end for t in tasks)
        lines.append(f"  {phase:<10} {first} to {last}  ({len(tasks)} tasks)")
    lines += ["", "Milestones and gates"]
    for task in sorted((t for t in plan.tasks if t.kind.value in ("milestone", "go_live", "gate")),
                       key=lambda t: (t.start, t.id)):
        mark = " *" if task.critical else ""
        lines.append(f"  {task.start}  {esc(task.name)}{mark}")
    lines += ["", "Blackouts"]
    for b in plan.blackouts:
        buffer = f" (blocked from {b.blocked_from})" if b.buffer_weeks else ""
        lines.append(f"  {b.start} to {b.end}{buffer}  {b.kind.value}: {esc(b.name)}")
    if not plan.blackouts:
        lines.append("  none")
    lines += ["", "Notes"]
    for note in plan.notes:
        where = f" {note.task}" if note.task else ""
        lines.append(f"  [{note.code}]{where}: {esc(note.message)}")
    lines += ["", "Violations"]
    for v in plan.violations:
        lines.append(f"  [{v.code}] {v.task or ''}: {esc(v.message)}")
    if not plan.violations:
        lines.append("  none: every dependency, capacity and blackout rule holds")
    lines.append("")
    lines.append("* on the critical path")
    return "\n".join(lines) + "\n"


def render_comparison(rows: list[dict[str, Any]]) -> str:
    header = ["scenario", "waves", "first go-live", "last go-live", "end", "workdays",
              "peak users", "risk score", "verdict"]
    table = [header]
    for r in rows:
        change = r["total_score_change"]
        table.append([
            r["scenario"], str(r["waves"]), r["first_go_live"], r["last_go_live"], r["end"],
            str(r["duration_workdays"]), f"{r['peak_users_at_once']:,}",
            f"{r['total_score_before']} -> {r['total_score_after']} ({change:+d})",
            f"{r['verdict_before']} -> {r['verdict_after']}",
        ])
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)).rstrip()
             for row in table]
    lines.insert(1, "  ".join("-" * w for w in widths))
    for r in rows:
        changes = ", ".join(f"{c['factor']} {c['score_before']}->{c['score_after']}"
                            for c in r["risk_changes"][:5])
        if changes:
            lines.append(f"{r['scenario']}: {changes}")
    return "\n".join(lines) + "\n"
