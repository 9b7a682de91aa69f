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
from rollout.errors import InputError, RolloutError


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
    ) -> None:
        """Plan the rollout: phases, waves, migrations, training, gates, dated and explained."""
        from rollout.assessment_file import load_assessment
        from rollout.cli import load_content_or_exit
        from rollout.content.loader import Content
        from rollout.errors import PlanningError
        from rollout.risk.engine import assess
        from rollout.schedule.scenarios import ScenarioComparison, plan_scenarios

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
        except RolloutError as exc:
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(1) from None
        if out is None:
            typer.echo(text, nl=False)
            return
        try:
            out.write_text(text, encoding="utf-8")
        except OSError as exc:
            typer.echo(f"error: cannot write {out}: {exc.strerror}", err=True)
            raise typer.Exit(1) from None
        typer.echo(f"plan written to {out}", err=True)


def read_options(path: Path | None) -> Any:
    """PlanOptions from a YAML or JSON file (every problem reported with its field)."""
    from pydantic import ValidationError

    from rollout.content.yamlfile import parse_yaml
    from rollout.domain.plan import PlanOptions
    from rollout.errors import ContentSyntaxError

    if path is None:
        return PlanOptions()
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(source, [("", "file not found")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(source, [("", f"cannot read the file: {exc}")]) from None
    try:
        data = json.loads(text) if source.lower().endswith(".json") else parse_yaml(text, source)
    except json.JSONDecodeError as exc:
        raise InputError(source, [(f"line {exc.lineno}", f"not valid JSON: {exc.msg}")]) from None
    except ContentSyntaxError as exc:
        raise InputError(source, [(exc.location, exc.message)]) from None
    try:
        return PlanOptions.model_validate(data or {})
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            loc = ".".join(str(p) for p in err["loc"])
            msg = ("unknown field; see docs/planner.md" if err["type"] == "extra_forbidden"
                   else str(err["msg"]).removeprefix("Value error, "))
            problems.append((loc, msg))
        raise InputError(source, problems) from None


def render_plan_text(plan: Any) -> str:
    lines = [
        f"Rollout plan: {plan.assessment} ({plan.organisation}), scenario {plan.scenario.value}",
        f"{plan.start} to {plan.end}: {plan.duration_workdays} working days; target go-live "
        f"{plan.target_go_live}",
        "",
        "Waves",
    ]
    for wave in plan.waves:
        lines.append(f"  {wave.id:<8} go-live {wave.go_live}  {wave.users:>7,} users  "
                     f"{wave.name} ({', '.join(wave.units)})")
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
        lines.append(f"  {task.start}  {task.name}{mark}")
    lines += ["", "Blackouts"]
    for b in plan.blackouts:
        buffer = f" (blocked from {b.blocked_from})" if b.buffer_weeks else ""
        lines.append(f"  {b.start} to {b.end}{buffer}  {b.kind.value}: {b.name}")
    if not plan.blackouts:
        lines.append("  none")
    lines += ["", "Notes"]
    for note in plan.notes:
        where = f" {note.task}" if note.task else ""
        lines.append(f"  [{note.code}]{where}: {note.message}")
    lines += ["", "Violations"]
    for v in plan.violations:
        lines.append(f"  [{v.code}] {v.task or ''}: {v.message}")
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
