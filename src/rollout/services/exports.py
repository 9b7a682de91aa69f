"""Exports for consultants: the report (HTML, PDF), workbook, calendar, MS Project XML, CSV
tables and the organisation's JSON bundle, for one programme or for every client at once.

The plan and the risk report come from :func:`rollout.services.plans.plan_programme`, the one
planning service (the same plan the plan page shows); the actions and the brand come from the
repositories with the organisation (or, for brands, the owning account) as the scope. Every
export is checked against the permission matrix and audited (``export.programme`` with the format,
language and brand) after the file was produced, in its own transaction. The files themselves are
rendered by :mod:`rollout.exports`, which never sees the database.

Brands belong to the account that saved them: a consultant's firm name, logo and colour, the same
for every client, readable by nobody else. The command line's operator may name any brand.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

from rollout.content.loader import Content
from rollout.errors import InputError, NotFoundError, PermissionDenied
from rollout.escaping import excerpt
from rollout.exports import (
    ActionItem,
    Branding,
    ExportDocument,
    ExportFormat,
    TrainingItem,
    TrainingWave,
    render,
)
from rollout.exports.document import ACCENT_RE, MAX_LOGO_BYTES, logo_media_type
from rollout.exports.filenames import export_file_name
from rollout.exports.render import MEDIA_TYPES
from rollout.i18n import Language
from rollout.limits import check_single_line
from rollout.permissions import Action, ObjectType, Role, allows
from rollout.persistence import repositories as repo
from rollout.persistence.database import Database
from rollout.persistence.records import BrandRecord
from rollout.persistence.tables import ExportBrandRow
from rollout.services.access import Actor, use_case
from rollout.services.organisations import list_organisations_with_roles
from rollout.services.plans import plan_programme
from rollout.services.training import TrainingOverview, overview_from, stored_training
from rollout.services.transfer import export_organisation
from rollout.training.deadlines import wave_deadlines

BRAND_NAME_CHARACTERS = 80
FIRM_NAME_CHARACTERS = 200
SOURCE = "brand"


@dataclass(frozen=True)
class ExportFile:
    file_name: str  # safe: letters of any script, never a path (rollout.exports.filenames)
    media_type: str
    data: bytes


# --- brands ------------------------------------------------------------------------------------


def _brand_record(row: ExportBrandRow) -> BrandRecord:
    return BrandRecord(id=row.id, name=row.name, firm_name=row.firm_name,
                       accent_colour=row.accent_colour, logo=row.logo,
                       logo_media_type=row.logo_media_type, version=row.version,
                       updated_at=row.updated_at)


def _checked_brand(name: str, firm_name: str, accent_colour: str,
                   logo: bytes | None) -> tuple[str, str, str, str | None]:
    problems: list[tuple[str, str]] = []
    name, firm_name, accent_colour = name.strip(), firm_name.strip(), accent_colour.strip()
    if not name or len(name) > BRAND_NAME_CHARACTERS:
        problems.append(("name", f"give the brand a name of 1 to {BRAND_NAME_CHARACTERS} "
                                 f"characters"))
    if len(firm_name) > FIRM_NAME_CHARACTERS:
        problems.append(("firm_name", f"at most {FIRM_NAME_CHARACTERS} characters"))
    for field, value in (("name", name), ("firm_name", firm_name)):
        try:
            check_single_line(value)
        except ValueError:
            problems.append((field, f"one line only, without control characters: "
                                    f"{excerpt(value)}"))
    if not ACCENT_RE.match(accent_colour):
        problems.append(("accent_colour", f"a colour as #rrggbb (such as #1f4e79), not "
                                          f"{excerpt(accent_colour)}"))
    media_type = None
    if logo is not None:
        media_type = logo_media_type(logo)
        if len(logo) > MAX_LOGO_BYTES:
            problems.append(("logo", f"at most {MAX_LOGO_BYTES // 1024} KB; this file has "
                                     f"{len(logo) // 1024} KB"))
        elif media_type is None:
            problems.append(("logo", "a PNG or JPEG image"))
    if problems:
        raise InputError(SOURCE, problems)
    return name, firm_name, accent_colour.lower(), media_type


def save_brand(db: Database, *, actor: Actor, name: str, firm_name: str, accent_colour: str,
               logo: bytes | None = None, keep_logo: bool = True, brand_id: str | None = None,
               expected_version: int | None = None) -> BrandRecord:
    """Create a brand (``brand_id`` None) or change one of the actor's own (at
    ``expected_version``; someone else's save in between is a ConflictError). ``logo`` None
    keeps the stored logo when ``keep_logo``, else removes it. Audited."""
    name, firm_name, accent_colour, media_type = _checked_brand(name, firm_name, accent_colour,
                                                                logo)
    with use_case(db, actor) as uc:
        uc.check_actor()
        if actor.user_id is None:
            raise PermissionDenied("brands belong to accounts: save one in the app")
        same_name = repo.find_brand(uc.session, owner_user_id=actor.user_id, name=name)
        if same_name and same_name[0].id != brand_id:
            raise InputError(SOURCE, [("name", f"you already have a brand named "
                                               f"{excerpt(name)}; choose another name")])
        values: dict[str, object] = {"name": name, "firm_name": firm_name,
                                     "accent_colour": accent_colour}
        if logo is not None:
            values |= {"logo": logo, "logo_media_type": media_type}
        elif not keep_logo:
            values |= {"logo": None, "logo_media_type": None}
        if brand_id is None:
            row = repo.add_brand(uc.session, row=ExportBrandRow(owner_user_id=actor.user_id,
                                                                **values))  # type: ignore[arg-type]
        else:
            if not repo.find_brand(uc.session, owner_user_id=actor.user_id, brand_id=brand_id):
                raise NotFoundError(f"no brand with id {brand_id!r}")
            row = repo.update_brand(uc.session, owner_user_id=actor.user_id, brand_id=brand_id,
                                    expected_version=expected_version or 0, values=values)
        uc.audit("export_brand.save", organisation_id=None, object_type="export_brand",
                 object_id=row.id, after={"name": name, "firm_name": firm_name,
                                          "accent_colour": accent_colour,
                                          "logo": row.logo_media_type})
        return _brand_record(row)


def list_brands(db: Database, *, actor: Actor) -> list[BrandRecord]:
    """The actor's own brands, by name."""
    with use_case(db, actor, write=False) as uc:
        uc.check_actor()
        if actor.user_id is None:
            return []
        return [_brand_record(r) for r in repo.list_brands(uc.session,
                                                            owner_user_id=actor.user_id)]


def _find_brand(db: Database, actor: Actor, *, brand_id: str | None,
                brand_name: str | None) -> Branding | None:
    if brand_id is None and brand_name is None:
        return None
    with use_case(db, actor, write=False) as uc:
        uc.check_actor()
        owner = None if actor.is_system else actor.user_id
        rows = repo.find_brand(uc.session, owner_user_id=owner, brand_id=brand_id,
                               name=brand_name)
    shown = brand_name if brand_name is not None else brand_id
    if not rows:
        raise NotFoundError(f"no brand {excerpt(shown)} of yours; save one on the Exports page")
    if len(rows) > 1:
        raise InputError("--brand", [("", f"{len(rows)} accounts have a brand named "
                                          f"{excerpt(shown)}; rename one in the app")])
    row = rows[0]
    return Branding(firm_name=row.firm_name, accent_colour=row.accent_colour, logo=row.logo,
                    logo_media_type=row.logo_media_type)


# --- exports -----------------------------------------------------------------------------------


def export_file(
    db: Database, *, actor: Actor, organisation_id: str, programme_id: str | None,
    export_format: ExportFormat, language: Language, content: Content,
    brand_id: str | None = None, brand_name: str | None = None, today: dt.date | None = None,
) -> ExportFile:
    """One export of one programme (``programme_id`` None: the organisation's first), or the
    organisation's JSON bundle for ``ExportFormat.JSON``; audited once the file exists."""
    if export_format is ExportFormat.JSON:
        return _bundle(db, actor, organisation_id)
    branding = _find_brand(db, actor, brand_id=brand_id, brand_name=brand_name)
    with use_case(db, actor, write=False) as uc:
        uc.authorise(organisation_id, ObjectType.PROGRAMME, Action.EXPORT, object_id=programme_id)
        uc.authorise(organisation_id, ObjectType.ASSESSMENT, Action.EXPORT)
        organisation = repo.get_organisation(uc.session, organisation_id=organisation_id)
        if programme_id is None:
            programmes = repo.list_programmes(uc.session, organisation_id=organisation_id)
            if not programmes:
                raise NotFoundError(f"the organisation {excerpt(organisation.name)} has no "
                                    f"programme yet; set one up first")
            programme_id = programmes[0].id
        drafts = repo.list_assessments(uc.session, organisation_id=organisation_id,
                                       programme_id=programme_id)
        newest = max(drafts, key=lambda d: d.created_at) if drafts else None
        actions = tuple(
            ActionItem(id=a.id, title=a.title, owner=a.owner, due_date=a.due_date,
                       status=a.status, factor=a.factor)
            for a in (repo.list_actions(uc.session, organisation_id=organisation_id,
                                        assessment_id=newest.id) if newest else []))
    planned = plan_programme(db, actor=actor, organisation_id=organisation_id,
                             programme_id=programme_id, content=content, compare=False)
    today = today or dt.date.today()
    with use_case(db, actor, write=False) as uc:
        uc.authorise(organisation_id, ObjectType.TRAINING, Action.VIEW)
        stored = stored_training(uc.session, organisation_id)
    overview = None if stored is None else overview_from(
        stored, wave_deadlines(planned.plan), programme_id=programme_id, today=today,
        threshold_pct=planned.options.training_completion_pct)
    training, waves, overdue = _training_parts(overview)
    document = ExportDocument(
        organisation_id=organisation_id, organisation=organisation.name,
        programme_id=programme_id, programme=planned.programme.name,
        generated_on=today, language=language, report=planned.report,
        plan=planned.plan, content=content, answers=planned.assessment.answers,
        actions=actions, branding=branding, training=training, training_waves=waves,
        training_overdue=overdue)
    data = render(document, export_format)
    media_type, extension = MEDIA_TYPES[export_format]
    with use_case(db, actor) as uc:
        uc.authorise(organisation_id, ObjectType.PROGRAMME, Action.EXPORT, object_id=programme_id)
        uc.audit("export.programme", organisation_id=organisation_id,
                 object_type=ObjectType.PROGRAMME, object_id=programme_id,
                 after={"format": export_format.value, "language": language.value,
                        "brand": brand_id or brand_name, "bytes": len(data)})
    return ExportFile(export_file_name(organisation.name, planned.programme.name,
                                       extension=extension), media_type, data)


def _training_parts(overview: TrainingOverview | None
                    ) -> tuple[tuple[TrainingItem, ...], tuple[TrainingWave, ...], int]:
    """The export's training sections from the stored figures: each wave against its gate,
    the people past their deadline, and the sessions booked from today (nothing without a
    roster, and then no training section is rendered)."""
    if overview is None:
        return (), (), 0
    figures = overview.figures
    overdue: dict[str | None, int] = {}
    for status in figures.overdue:
        overdue[status.wave] = overdue.get(status.wave, 0) + 1
    titles = {c.course.code: c.course.title for c in overview.courses}
    sessions = tuple(
        TrainingItem(id=s.id, name=f"{titles.get(s.session.course_code, '')} "
                                   f"({s.session.course_code})".strip(),
                     wave=None, start=s.session.day, end=s.session.day,
                     trainees=len(s.session.enrolled))
        for s in overview.sessions if s.session.day >= figures.today)
    waves = tuple(
        TrainingWave(wave=f.wave, trainees=f.trainees, trained=f.trained,
                     threshold_pct=f.threshold_pct, deadline=f.deadline, forecast=f.forecast,
                     status=f.status.value, overdue=overdue.get(f.wave, 0))
        for f in figures.forecasts)
    return sessions, waves, len(figures.overdue)


def _bundle(db: Database, actor: Actor, organisation_id: str) -> ExportFile:
    document = export_organisation(db, actor=actor, organisation_id=organisation_id)
    data = (json.dumps(document, indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    name = str(document.get("organisation", {}).get("profile", {}).get("name", "organisation"))
    return ExportFile(export_file_name(name, extension="json"), "application/json", data)


def may_export(role: Role | None, export_format: ExportFormat) -> bool:
    """Whether a role may take this format out (the JSON bundle carries the audit log, so it
    needs the organisation export right; the rest the programme export right)."""
    if export_format is ExportFormat.JSON:
        return allows(role, ObjectType.ORGANISATION, Action.EXPORT)
    return allows(role, ObjectType.PROGRAMME, Action.EXPORT)


def export_all_clients(
    db: Database, *, actor: Actor, export_format: ExportFormat, language: Language,
    content: Content, brand_id: str | None = None, today: dt.date | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ExportFile:
    """Every programme of every organisation where the actor is a consultant, in one zip (one
    file per programme, named after organisation and programme); ``progress(done, total)``
    after each one. Each file is audited like a single export."""
    if export_format is ExportFormat.JSON:
        raise InputError("format", [("", "the JSON bundle is exported one organisation at a "
                                         "time; choose another format for all clients")])
    clients = [org for org, role in list_organisations_with_roles(db, actor=actor)
               if role is Role.CONSULTANT]
    work: list[tuple[str, str | None]] = []
    for org in clients:
        with use_case(db, actor, write=False) as uc:
            uc.authorise(org.id, ObjectType.PROGRAMME, Action.VIEW)
            ids = [p.id for p in repo.list_programmes(uc.session, organisation_id=org.id)]
        work += [(org.id, pid) for pid in ids]
    if not work:
        raise NotFoundError("none of your client organisations has a programme to export yet")
    buffer = io.BytesIO()
    used: set[str] = set()
    stamp = (today or dt.date.today()).timetuple()[:6]
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for done, (organisation_id, programme_id) in enumerate(work, start=1):
            exported = export_file(db, actor=actor, organisation_id=organisation_id,
                                   programme_id=programme_id, export_format=export_format,
                                   language=language, content=content, brand_id=brand_id,
                                   today=today)
            name, n = exported.file_name, 2
            while name in used:
                stem, _, extension = exported.file_name.rpartition(".")
                name, n = f"{stem} ({n}).{extension}", n + 1
            used.add(name)
            archive.writestr(zipfile.ZipInfo(name, stamp), exported.data,
                             compress_type=zipfile.ZIP_DEFLATED)
            if progress is not None:
                progress(done, len(work))
    return ExportFile(export_file_name("clients", export_format.value, extension="zip"),
                      "application/zip", buffer.getvalue())
