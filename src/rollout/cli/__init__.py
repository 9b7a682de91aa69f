"""The ``rollout`` command line.

Every command returns an exit code: 0 on success, 1 when input or content is wrong (the message
says what, where and how to fix it; no traceback). Command groups that need the database or the
planner are imported only when used, so ``rollout assess`` stays fast and never imports streamlit,
plotly or the database layer.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from rollout.errors import RolloutError
from rollout.escaping import escape_terminal, excerpt
from rollout.i18n import Language, LanguageError, default_language, translator
from rollout.i18n.errors import translate_error

app = typer.Typer(
    name="rollout",
    help="CRM implementation readiness, documented failure cases and calendar-aware rollout plans.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# Optional command modules: name of the first argument -> module exposing register(app).
_LAZY_GROUPS: dict[str, str] = {
    "plan": "rollout.cli.plan",
    "db": "rollout.cli.storage",
    "user": "rollout.cli.storage",
    "org": "rollout.cli.storage",
    "backup": "rollout.cli.storage",
    "demo": "rollout.cli.storage",
    "serve": "rollout.cli.serve",
    "calibrate": "rollout.cli.calibrate",
    "training": "rollout.cli.training",
    "export": "rollout.cli.exports",
    "report": "rollout.cli.exports",
}


class ReportFormat(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"


class ListFormat(StrEnum):
    text = "text"
    json = "json"


class LanguageChoice(StrEnum):
    en = "en"
    fa = "fa"


# --lang on every command whose output people read; codes and JSON field names never change.
LangOption = Annotated[LanguageChoice | None, typer.Option(
    "--lang", help="language of the output: en or fa (default: ROLLOUT_LANGUAGE, else the "
                   "system locale, else en)")]


def chosen_language(choice: LanguageChoice | None) -> Language:
    """The --lang given, else the default (ROLLOUT_LANGUAGE, the system locale, English)."""
    if choice is not None:
        return Language(choice.value)
    try:
        return default_language()
    except LanguageError as exc:
        raise fail(f"error: {escape_terminal(str(exc))}") from None


def fail(message: str) -> typer.Exit:
    typer.echo(message, err=True)
    return typer.Exit(1)


def error_line(exc: BaseException, lang: Language) -> str:
    """``error: …`` for the terminal, in ``lang`` where the error has a translation."""
    return translator(lang).gettext("error: {message}",
                                    message=escape_terminal(translate_error(exc, lang)))


def load_content_or_exit(lang: Language = Language.EN) -> object:
    from rollout.content.loader import load_default_content

    try:
        return load_default_content()
    except RolloutError as exc:
        raise fail(translator(lang).gettext(
            "error: the knowledge base is invalid: {problem}\n"
            "run `rollout validate` to list every problem", problem=exc)) from None


@app.command()
def validate(
    paths: Annotated[list[Path] | None, typer.Argument(
        help="assessment files to check as well as the knowledge base")] = None,
    lang: LangOption = None,
) -> None:
    """Check checklists/ and playbooks/ (and any assessment files given); print every error.

    Every knowledge-base text must be in English and Persian: a missing translation is an
    error here, although the product still loads such content (and shows English)."""
    from rollout.assessment_file import load_assessment
    from rollout.content.loader import collect_content
    from rollout.content.translations import missing_translations

    language = chosen_language(lang)
    t = translator(language)
    content, errors = collect_content()
    for error in errors:
        typer.echo(error_line(error, language), err=True)
    failed = bool(errors)
    if content is not None:
        missing = missing_translations(content)
        for error in missing:
            typer.echo(error_line(error, language), err=True)
        failed = failed or bool(missing)
        summary = t.gettext(
            "knowledge base: {dimensions} dimensions, {questions} questions, {factors} risk "
            "factors, {gates} gates, {cases} cases, {presets} peak-season presets",
            dimensions=len(content.checklists), questions=len(content.questions),
            factors=len(content.factors), gates=len(content.gates), cases=len(content.cases),
            presets=len(content.presets))
        if missing:
            typer.echo(summary + t.ngettext(
                ": {count} text without a translation", ": {count} texts without a translation",
                len(missing)))
        else:
            typer.echo(summary + t.gettext(": ok"))
        for path in paths or []:
            try:
                load_assessment(path, content)
                typer.echo(t.gettext("{path}: ok", path=escape_terminal(str(path))))
            except RolloutError as exc:
                failed = True
                typer.echo(error_line(exc, language), err=True)
    elif paths:
        typer.echo(t.gettext("assessment files not checked: fix the knowledge base first"),
                   err=True)
    if failed:
        raise typer.Exit(1)


@app.command()
def assess(
    files: Annotated[list[Path], typer.Argument(help="assessment files (YAML or JSON)")],
    format: Annotated[ReportFormat, typer.Option("--format", "-f")] = ReportFormat.text,
    at: Annotated[str | None, typer.Option(
        help="report date YYYY-MM-DD (default: today; in Persian also Jalali 1403/01/15)")
    ] = None,
    lang: LangOption = None,
    pretty: Annotated[bool, typer.Option(
        "--pretty", help="indent the JSON (default: compact, which is faster to write)")] = False,
) -> None:
    """Score assessments: readiness, verdict, risks with evidence, matched cases."""
    from rollout.assessment_file import load_assessment
    from rollout.content.loader import Content
    from rollout.risk.engine import assess as score

    language = chosen_language(lang)
    as_of = _parse_date(at, language) if at else dt.date.today()
    content = load_content_or_exit(language)
    assert isinstance(content, Content)
    reports = []
    failed = False
    for path in files:
        try:
            reports.append(score(load_assessment(path, content), content, at=as_of,
                                 language=language))
        except RolloutError as exc:
            failed = True
            typer.echo(error_line(exc, language), err=True)
    if format is ReportFormat.json:
        if reports or len(files) > 1:
            from rollout.cli.report_json import reports_json, write_stdout

            write_stdout(reports_json(reports, as_list=len(files) > 1, pretty=pretty))
    else:
        from rollout.reporting import render_markdown, render_text

        render = render_text if format is ReportFormat.text else render_markdown
        typer.echo(escape_terminal("\n".join(render(r, content, lang=language) for r in reports)),
                   nl=False)
    if failed:
        raise typer.Exit(1)


@app.command()
def cases(
    format: Annotated[ListFormat, typer.Option("--format", "-f")] = ListFormat.text,
    lang: LangOption = None,
) -> None:
    """List the documented cases (failures, successes and recoveries) in the knowledge base."""
    from rollout.content.loader import Content
    from rollout.content.schema import text_in
    from rollout.reporting import outcome_label

    language = chosen_language(lang)
    t = translator(language)
    content = load_content_or_exit(language)
    assert isinstance(content, Content)
    if format is ListFormat.json:
        payload = []
        for case in content.cases.values():
            example = case.example_in(language.value)
            payload.append({
                "id": case.id, "organisation": case.organisation, "year": case.year,
                "industry": case.industry, "outcome": case.outcome.value,
                "causes": list(case.causes), "summary": text_in(case.summary, language),
                "counter_of": case.counter_of, "system_type": case.system_type.value,
                "success_factors": [text_in(f, language) for f in case.success_factors],
                "sources": list(case.sources), "source_urls": list(case.source_urls),
                "example": example,
            })
        typer.echo(json.dumps(payload, indent=2, ensure_ascii=False, default=str))
        return
    separator = "، " if language is Language.FA else ", "
    for case in content.cases.values():
        year = case.year or t.gettext("n.d.")
        causes = separator.join(case.causes) or t.gettext(
            "{count} success factors", count=len(case.success_factors))
        typer.echo(escape_terminal(
            f"{case.id:<22} {case.organisation} ({year}{separator}"
            f"{outcome_label(case.outcome.value, language)}{separator}"
            f"{case.system_type.value}): {causes}"))
        typer.echo(escape_terminal(f"{'':<22} {text_in(case.summary, language)}"))


def _parse_date(value: str, lang: Language = Language.EN) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        pass
    if lang is Language.FA:
        from rollout.i18n.dates import parse_date
        from rollout.i18n.errors import LocalisedInputError

        try:
            return parse_date(value, lang)
        except LocalisedInputError as exc:
            raise fail(translator(lang).gettext("error: --at: {problem}", problem=exc)) from None
    raise fail(f"error: --at {excerpt(value)} is not a date; write it as YYYY-MM-DD") from None


def _register_optional(names: set[str]) -> None:
    import importlib

    for module_name in sorted(names):
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:
                continue  # that command group is not part of this build
            raise
        module.register(app)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    first = next((a for a in args if not a.startswith("-")), None)
    if first in _LAZY_GROUPS:
        _register_optional({_LAZY_GROUPS[first]})
    elif first is None or first not in {"validate", "assess", "cases"}:
        _register_optional(set(_LAZY_GROUPS.values()))  # help lists every command
    try:
        result = app(args=args, prog_name="rollout", standalone_mode=False)
    except typer.Exit as exc:
        return exc.exit_code
    except RolloutError as exc:
        typer.echo(f"error: {escape_terminal(str(exc))}", err=True)
        return 1
    except Exception as exc:  # usage errors and aborts
        click_exception, abort = _click_exception_classes()
        if isinstance(exc, click_exception):
            exc.show()  # type: ignore[attr-defined]  # a usage line and the problem
            return int(exc.exit_code)  # type: ignore[attr-defined]  # 2 for usage errors
        if isinstance(exc, abort):
            typer.echo("aborted", err=True)
            return 1
        raise
    return result if isinstance(result, int) else 0


def _click_exception_classes() -> tuple[tuple[type[Exception], ...], tuple[type[BaseException], ...]]:
    """Click's usage-error and abort classes: the pinned typer vendors its own copy of click
    (``typer._click``) and raises those, which are not ``click.ClickException``; other typer
    versions raise click's own. Both are caught."""
    import click

    exceptions: list[type[Exception]] = [click.ClickException]
    aborts: list[type[BaseException]] = [click.exceptions.Abort]
    try:
        from typer._click import exceptions as vendored  # type: ignore[import-not-found,unused-ignore]
    except ImportError:  # a typer without a vendored click
        pass
    else:
        exceptions.append(vendored.ClickException)
        aborts.append(typer.Abort)  # the vendored click raises typer's own Abort (Ctrl-C)
    return tuple(exceptions), tuple(aborts)


if __name__ == "__main__":
    raise SystemExit(main())
