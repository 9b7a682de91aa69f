"""``rollout export ORG`` (a stored organisation's programme) and ``rollout report FILE`` (an
assessment file, no database): the report as HTML or PDF, the workbook, the calendar, MS Project
XML, CSV tables (a zip) and, for ``export``, the organisation's JSON bundle.

``export`` goes through the services (``plan_programme``, the permission matrix, the audit log)
as the operator at the command line; ``report`` plans the file as ``rollout plan`` does. Neither
replaces an existing file without ``--force``, nor ever writes over the database.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from rollout.errors import RolloutError
from rollout.escaping import escape_terminal, single_line

if TYPE_CHECKING:  # imported in the commands, so `rollout --help` stays fast
    from rollout.content.loader import Content
    from rollout.i18n import Language


class ExportChoice(StrEnum):
    html = "html"
    pdf = "pdf"
    xlsx = "xlsx"
    ics = "ics"
    mspdi = "mspdi"
    csv = "csv"
    json = "json"


class ReportChoice(StrEnum):
    html = "html"
    pdf = "pdf"
    xlsx = "xlsx"
    ics = "ics"
    mspdi = "mspdi"


class LanguageChoice(StrEnum):
    en = "en"
    fa = "fa"


def _language(choice: LanguageChoice | None) -> object:
    from rollout.i18n import Language, LanguageError, default_language

    if choice is not None:
        return Language(choice.value)
    try:
        return default_language()
    except LanguageError as exc:
        raise _fail(str(exc)) from None


def _fail(message: str) -> typer.Exit:
    typer.echo(f"error: {escape_terminal(message)}", err=True)
    return typer.Exit(1)


def _shown(text: str) -> str:
    return repr(escape_terminal(single_line(text)))


def _prepare(out: Path, *, force: bool, lang: LanguageChoice | None
             ) -> tuple[list[Path], Language, Content]:
    """What both commands check before any work: the output path, the language, the content."""
    from rollout.cli import load_content_or_exit
    from rollout.cli.plan import database_files
    from rollout.content.loader import Content
    from rollout.i18n import Language
    from rollout.output_files import check_output_path

    protected = database_files()
    try:
        check_output_path(out, force=force, protected=protected)
    except RolloutError as exc:
        raise _fail(str(exc)) from None
    language = _language(lang)
    assert isinstance(language, Language)
    content = load_content_or_exit()
    assert isinstance(content, Content)
    return protected, language, content


def export(
    org: Annotated[str, typer.Argument(help="organisation id or exact name")],
    format: Annotated[ExportChoice, typer.Option("--format", "-f")],
    out: Annotated[Path, typer.Option("--out", "-o", help="the file to write")],
    lang: Annotated[LanguageChoice | None, typer.Option(
        "--lang", help="default: ROLLOUT_LANGUAGE or the system locale")] = None,
    brand: Annotated[str | None, typer.Option(
        "--brand", help="a brand saved on the Exports page, by name")] = None,
    programme: Annotated[str | None, typer.Option(
        "--programme", help="the programme's exact name (default: the first)")] = None,
    force: Annotated[bool, typer.Option("--force", help="replace the file if it exists")] = False,
) -> None:
    """Export an organisation's programme: report, workbook, calendar, MS Project, CSV or JSON."""
    from rollout.cli.storage import _actor, _open
    from rollout.exports import ExportFormat
    from rollout.output_files import write_bytes
    from rollout.services.exports import export_file
    from rollout.services.organisations import find_organisation
    from rollout.services.programmes import list_programmes

    protected, language, content = _prepare(out, force=force, lang=lang)
    database = _open()
    try:
        actor = _actor()
        organisation = find_organisation(database, actor=actor, reference=org)
        programme_id = None
        if programme is not None:
            found = [p for p in list_programmes(database, actor=actor,
                                                organisation_id=organisation.id)
                     if p.name == programme]
            if not found:
                raise _fail(f"{_shown(organisation.name)} has no programme named "
                            f"{_shown(programme)}")
            programme_id = found[0].id
        exported = export_file(database, actor=actor, organisation_id=organisation.id,
                               programme_id=programme_id, export_format=ExportFormat(format.value),
                               language=language, content=content, brand_name=brand)
        write_bytes(out, exported.data, force=force, protected=protected)
    except RolloutError as exc:
        raise _fail(str(exc)) from None
    finally:
        database.dispose()
    typer.echo(f"exported {_shown(organisation.name)} ({format.value}) to {_shown(str(out))}")


def report(
    file: Annotated[Path, typer.Argument(help="assessment file (YAML or JSON)")],
    format: Annotated[ReportChoice, typer.Option("--format", "-f")],
    out: Annotated[Path, typer.Option("--out", "-o", help="the file to write")],
    lang: Annotated[LanguageChoice | None, typer.Option(
        "--lang", help="default: ROLLOUT_LANGUAGE or the system locale")] = None,
    options_file: Annotated[Path | None, typer.Option(
        "--options", help="plan options and overrides (YAML or JSON); see docs/planner.md")
    ] = None,
    force: Annotated[bool, typer.Option("--force", help="replace the file if it exists")] = False,
) -> None:
    """Render the report, workbook, calendar or MS Project plan of an assessment file."""
    import hashlib

    from rollout.assessment_file import load_assessment
    from rollout.cli.plan import read_options
    from rollout.exports import ExportDocument, ExportFormat, render
    from rollout.output_files import write_bytes
    from rollout.risk.engine import assess
    from rollout.schedule.scenarios import plan_scenarios

    protected, language, content = _prepare(out, force=force, lang=lang)
    try:
        assessment = load_assessment(file, content)
        options = read_options(options_file)
        risk_report = assess(assessment, content)
        plan = plan_scenarios(assessment, content, options, risk_report, compare=False).plan
        # Without a database there are no ids: the calendar's UIDs come from the names, so
        # rendering the same file again still updates the same events.
        def stable_id(*parts: str) -> str:
            return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:32]

        organisation = assessment.organisation.name
        document = ExportDocument(
            organisation_id=stable_id("file", organisation), organisation=organisation,
            programme_id=stable_id("file", organisation, assessment.name),
            programme=assessment.name, generated_on=dt.date.today(), language=language,
            report=risk_report, plan=plan, content=content, answers=assessment.answers)
        data = render(document, ExportFormat(format.value))
        write_bytes(out, data, force=force, protected=protected)
    except RolloutError as exc:
        raise _fail(str(exc)) from None
    typer.echo(f"{format.value} written to {_shown(str(out))}")


_registered: set[int] = set()


def register(app: typer.Typer) -> None:
    if id(app) in _registered:
        return
    _registered.add(id(app))
    app.command("export")(export)
    app.command("report")(report)
