"""``rollout plan FILE``: a dated, phased rollout plan for an assessment file.

Imports only the pure core (never streamlit or plotly), so it starts as fast as ``rollout assess``.
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from rollout.cli import LangOption
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
        lang: LangOption = None,
    ) -> None:
        """Plan the rollout: phases, waves, migrations, training, gates, dated and explained."""
        from rollout.assessment_file import load_assessment
        from rollout.cli import chosen_language, error_line, load_content_or_exit
        from rollout.content.loader import Content
        from rollout.domain.plan import ScenarioComparison
        from rollout.errors import PlanningError
        from rollout.escaping import escape_terminal
        from rollout.output_files import check_output_path, write_text
        from rollout.risk.engine import assess
        from rollout.schedule.scenarios import plan_scenarios

        language = chosen_language(lang)
        protected = database_files()
        try:
            if out is not None:  # refuse a bad --out before the work, not after
                check_output_path(out, force=force, protected=protected)
        except RolloutError as exc:
            typer.echo(error_line(exc, language), err=True)
            raise typer.Exit(1) from None
        content = load_content_or_exit(language)
        assert isinstance(content, Content)
        try:
            assessment = load_assessment(file, content)
            options = read_options(options_file)
            if scenario is not None:
                options = options.model_copy(update={"scenario": scenario})
            # The same orchestration as the plan page: plan, then compare the other scenarios.
            planned = plan_scenarios(assessment, content, options,
                                     assess(assessment, content, language=language),
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
                text = (json.dumps(plan_contract(result, language, content), indent=2,
                                   ensure_ascii=False) + "\n"
                        if format is PlanFormat.json else render_plan_text(result, language,
                                                                           content))
            if out is not None:
                write_text(out, text, force=force, protected=protected)
        except RolloutError as exc:
            typer.echo(error_line(exc, language), err=True)
            raise typer.Exit(1) from None
        if out is None:
            typer.echo(escape_terminal(text) if format is PlanFormat.text else text, nl=False)
            return
        from rollout.i18n import translator

        typer.echo(translator(language).gettext("plan written to {path}",
                                                path=escape_terminal(str(out))), err=True)


def plan_contract(plan: Any, lang: Any, content: Any = None) -> dict[str, Any]:
    """The plan's JSON contract with its texts (note and violation messages, holiday names) in
    ``lang``; codes, data and field names as in every language."""
    from rollout.domain.plan_text import holiday_name, note_message, violation_message
    from rollout.i18n import Language
    from rollout.reporting import season_name

    if lang is Language.EN:
        english: dict[str, Any] = plan.to_contract()
        return english
    from rollout.domain.plan_names import localised_plan

    # Task, wave and criterion names in ``lang``; ids and codes as in English.
    data: dict[str, Any] = localised_plan(plan, lang).to_contract()
    for shown, note in zip(data["notes"], plan.notes, strict=True):
        shown["message"] = note_message(note, lang,
                                        lambda name: season_name(content, name, lang)
                                        if content is not None else name)
    for shown, violation in zip(data["violations"], plan.violations, strict=True):
        shown["message"] = violation_message(violation, lang)
    for shown, holiday in zip(data["holidays"], plan.holidays, strict=True):
        shown["name"] = holiday_name(holiday, lang)
    return data


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


def render_plan_text(plan: Any, lang: Any = None, content: Any = None) -> str:
    """The plan for the terminal in ``lang`` (default English): dates Jalali and notes,
    phases, kinds, holidays and the planner's task and wave names in Persian; codes and user
    names as they are. ``content`` lets peak-season windows be named in ``lang``."""
    from rollout.domain.plan_names import localised_plan
    from rollout.domain.plan_text import (
        PHASES,
        SCENARIOS,
        blackout_kind,
        code_word,
        holiday_name,
        note_message,
        violation_message,
    )
    from rollout.escaping import escape_report_text as esc
    from rollout.i18n import Language, translator
    from rollout.i18n.display import show_date, show_list, show_number

    lang = lang or Language.EN
    t = translator(lang)
    plan = localised_plan(plan, lang)

    def day(value: Any) -> str:
        return show_date(value, lang)

    def rename(name: str) -> str:
        if content is None:
            return name
        from rollout.reporting import season_name

        return season_name(content, name, lang)

    lines = [
        t.gettext("Rollout plan: {assessment} ({organisation}), scenario {scenario}",
                  assessment=esc(plan.assessment), organisation=esc(plan.organisation),
                  scenario=code_word(SCENARIOS, plan.scenario.value, lang)),
        t.gettext("{start} to {end}: {workdays} working days; target go-live {target}",
                  start=day(plan.start), end=day(plan.end),
                  workdays=show_number(plan.duration_workdays, lang),
                  target=day(plan.target_go_live)),
        "",
        t.gettext("Waves"),
    ]
    for wave in plan.waves:
        users = f"{wave.users:>7,}" if lang is Language.EN else f"{show_number(wave.users, lang):>7}"
        go_live = day(wave.go_live) if wave.go_live else str(wave.go_live)
        lines.append(f"  {wave.id:<8} " + t.gettext(
            "go-live {date}  {users} users  {name} ({units})", date=go_live, users=users,
            name=esc(wave.name), units=esc(show_list(wave.units, lang))))
    lines += ["", t.gettext("Phases")]
    phases: dict[str, list[Any]] = {}
    for task in plan.tasks:
        phases.setdefault(task.phase.value, []).append(task)
    for phase, tasks in phases.items():
        first = min(t.start for t in tasks)
        last = max(t.end for t in tasks)
        lines.append(f"  {code_word(PHASES, phase, lang):<10} " + t.gettext(
            "{start} to {end}  ({count} tasks)", start=day(first), end=day(last),
            count=show_number(len(tasks), lang)))
    lines += ["", t.gettext("Milestones and gates")]
    for task in sorted((t for t in plan.tasks if t.kind.value in ("milestone", "go_live", "gate")),
                       key=lambda t: (t.start, t.id)):
        mark = " *" if task.critical else ""
        lines.append(f"  {day(task.start)}  {esc(task.name)}{mark}")
    lines += ["", t.gettext("Blackouts")]
    for b in plan.blackouts:
        buffer = t.gettext(" (blocked from {date})", date=day(b.blocked_from)) \
            if b.buffer_weeks else ""
        lines.append("  " + t.gettext("{start} to {end}", start=day(b.start), end=day(b.end))
                     + f"{buffer}  {blackout_kind(b.kind.value, lang)}: {esc(rename(b.name))}")
    if not plan.blackouts:
        lines.append("  " + t.gettext("none"))
    if lang is not Language.EN and plan.holidays:
        # Persian readers see the public holidays the plan works around, named in Persian.
        lines += ["", t.gettext("Public holidays")]
        for holiday in plan.holidays:
            lines.append(f"  {day(holiday.date)}  {esc(holiday_name(holiday, lang))} "
                         f"({show_list(holiday.countries, lang)})")
    lines += ["", t.gettext("Notes")]
    for note in plan.notes:
        where = f" {note.task}" if note.task else ""
        lines.append(f"  [{note.code}]{where}: {esc(note_message(note, lang, rename))}")
    lines += ["", t.gettext("Violations")]
    for v in plan.violations:
        lines.append(f"  [{v.code}] {v.task or ''}: {esc(violation_message(v, lang))}")
    if not plan.violations:
        lines.append("  " + t.gettext("none: every dependency, capacity and blackout rule holds"))
    lines.append("")
    lines.append(t.gettext("* on the critical path"))
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
