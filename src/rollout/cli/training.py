"""``rollout training import``: a roster, an LMS completion export or weekly active users from
CSV or XLSX, checked row by row; written only when every row is fine (exit 0), else the row
errors are listed and nothing is written (exit 1). ``--dry-run`` checks without writing."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from rollout.escaping import escape_terminal, excerpt, single_line

training_app = typer.Typer(help="Training records: import rosters, completions and adoption.",
                           no_args_is_help=True)


class Kind(StrEnum):
    roster = "roster"
    completions = "completions"
    adoption = "adoption"


class OutputFormat(StrEnum):
    text = "text"
    json = "json"


def _mapping(pairs: list[str]) -> dict[str, str]:
    from rollout.errors import InputError

    mapping: dict[str, str] = {}
    for pair in pairs:
        column, sep, field = pair.rpartition("=")
        if not sep or not column.strip():
            raise InputError("--map", [(excerpt(pair), "write COLUMN=FIELD, for example "
                                                       "--map 'Personnel no=employee_id'")])
        mapping[column.strip()] = field.strip()
    return mapping


@training_app.command("import")
def training_import(
    file: Annotated[Path, typer.Argument(help="a CSV or XLSX file")],
    org: Annotated[str, typer.Option("--org", help="the organisation: id or exact name")],
    kind: Annotated[Kind, typer.Option("--kind", help="what the file holds")],
    dry_run: Annotated[bool, typer.Option("--dry-run", help="check every row, write nothing")
                       ] = False,
    encoding: Annotated[str | None, typer.Option(
        "--encoding", help="utf-8, utf-16, windows-1256 … (default: detected)")] = None,
    delimiter: Annotated[str | None, typer.Option(
        "--delimiter", help=", ; tab or | (default: detected)")] = None,
    map_: Annotated[list[str] | None, typer.Option(
        "--map", help="COLUMN=FIELD, repeatable: which column holds which field")] = None,
    format: Annotated[OutputFormat, typer.Option("--format", "-f")] = OutputFormat.text,
) -> None:
    """Import a roster or completions: rows, valid, rejected, each error, rows written."""
    from rollout import limits
    from rollout.i18n import default_language
    from rollout.persistence.schema import open_database
    from rollout.services.access import Actor
    from rollout.services.organisations import find_organisation
    from rollout.services.training import import_training_file
    from rollout.training.imports import MAX_IMPORT_BYTES, ImportKind

    mapping = _mapping(map_ or [])
    data = limits.read_limited(file, max_bytes=MAX_IMPORT_BYTES, source=str(file))
    actor = Actor.command_line()
    database = open_database()
    try:
        organisation = find_organisation(database, actor=actor, reference=org)
        result = import_training_file(
            database, actor=actor, organisation_id=organisation.id, data=data,
            kind=ImportKind(kind.value), dry_run=dry_run, valid_rows_only=False,
            encoding=encoding, delimiter=delimiter, mapping=mapping, source=file.name,
            lang=default_language())
    finally:
        database.dispose()
    preview = result.preview
    if format is OutputFormat.json:
        typer.echo(json.dumps(result.as_json(), indent=2, ensure_ascii=False))
    else:
        for error in preview.errors:
            where = f"row {error.row}" + (f", column {error.column!r}" if error.column else "")
            value = f" (value {error.value})" if error.value else ""
            typer.echo(escape_terminal(single_line(f"{file.name}: {where}: {error.message}"
                                                   f"{value}")), err=True)
        if preview.error_count > len(preview.errors):
            typer.echo(f"… and {preview.error_count - len(preview.errors)} more errors", err=True)
        encoding_used = f", {preview.encoding}" if preview.encoding else ""
        typer.echo(f"{escape_terminal(single_line(file.name))} ({preview.file_format}"
                   f"{encoding_used}): {preview.total} rows, {preview.valid} valid, "
                   f"{preview.rejected} rejected; {result.written} written"
                   + (" (dry run)" if dry_run else "")
                   + ("; nothing was written: fix the rows listed and run again"
                      if preview.rejected and not dry_run else ""))
    if preview.rejected:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    if any(group.name == "training" for group in app.registered_groups):
        return
    app.add_typer(training_app, name="training")
