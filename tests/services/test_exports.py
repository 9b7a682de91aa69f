"""Exports through the services: every format from plan_programme's plan, audited, by role,
tenant-scoped, with brands owned by their account; the JSON bundle round-trips."""

from __future__ import annotations

import io
import json
import xml.etree.ElementTree as ET
import zipfile
from typing import Any

import pytest

from rollout.errors import ConflictError, InputError, NotFoundError, PermissionDenied
from rollout.exports import ExportFormat
from rollout.exports.mspdi import NAMESPACE
from rollout.i18n import Language
from rollout.permissions import Role
from rollout.persistence.database import Database, create_database_engine
from rollout.services import (
    create_first_admin,
    export_all_clients,
    export_file,
    import_organisation,
    list_audit_events,
    list_brands,
    may_export,
    plan_programme,
    save_brand,
)
from tests.services.conftest import PASSWORD, World

PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00"
       b"\x00\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N"
       b"\x00\x00\x00\x00IEND\xaeB`\x82")


def _export(world: World, role: Role, export_format: ExportFormat, **extra: Any) -> Any:
    return export_file(world.db, actor=world.actor(role), organisation_id=world.own.id,
                       programme_id=world.own.programme.id, export_format=export_format,
                       language=extra.pop("language", Language.EN), content=world.content,
                       **extra)


@pytest.mark.parametrize("export_format", [f for f in ExportFormat if f is not ExportFormat.JSON])
def test_a_consultant_exports_every_format_and_it_is_audited(
        world: World, export_format: ExportFormat) -> None:
    exported = _export(world, Role.CONSULTANT, export_format)
    assert exported.data
    assert exported.file_name.startswith(world.own.organisation.name)
    event = list_audit_events(world.db, actor=world.admin, organisation_id=world.own.id,
                              limit=1)[0]
    assert event.action == "export.programme"
    assert event.actor == world.actor(Role.CONSULTANT).email
    assert event.after is not None and event.after["format"] == export_format.value


def test_the_export_carries_the_plan_that_plan_programme_makes(world: World) -> None:
    planned = plan_programme(world.db, actor=world.admin, organisation_id=world.own.id,
                             programme_id=world.own.programme.id, content=world.content,
                             compare=False)
    data = _export(world, Role.CONSULTANT, ExportFormat.MSPDI).data
    leaves = [t for t in ET.fromstring(data).iter(f"{{{NAMESPACE}}}Task")
              if t.findtext(f"{{{NAMESPACE}}}Summary") == "0"]
    assert [t.findtext(f"{{{NAMESPACE}}}Notes") for t in leaves] == \
        [t.id for t in planned.plan.tasks]


def test_the_report_lists_the_organisations_actions_in_persian(world: World) -> None:
    html = _export(world, Role.PROJECT_OWNER, ExportFormat.HTML, language=Language.FA).data
    text = html.decode("utf-8")
    assert 'dir="rtl"' in text
    assert world.own.action.title in text


def test_roles_without_the_export_right_and_strangers_are_refused(world: World) -> None:
    with pytest.raises(PermissionDenied):
        _export(world, Role.TRAINER, ExportFormat.PDF)
    with pytest.raises(NotFoundError):  # another organisation's id is a missing one
        export_file(world.db, actor=world.actor(Role.CONSULTANT), organisation_id=world.other.id,
                    programme_id=world.other.programme.id, export_format=ExportFormat.PDF,
                    language=Language.EN, content=world.content)
    with pytest.raises(NotFoundError):  # and so is another organisation's programme
        export_file(world.db, actor=world.actor(Role.CONSULTANT), organisation_id=world.own.id,
                    programme_id=world.other.programme.id, export_format=ExportFormat.ICS,
                    language=Language.EN, content=world.content)
    with pytest.raises(PermissionDenied):  # the JSON bundle carries the audit log
        _export(world, Role.CONSULTANT, ExportFormat.JSON)
    assert not may_export(Role.CONSULTANT, ExportFormat.JSON)
    assert may_export(Role.CONSULTANT, ExportFormat.PDF)
    assert not may_export(Role.TRAINER, ExportFormat.CSV)


def test_the_json_bundle_round_trips(world: World, second_database_url: str) -> None:
    exported = _export(world, Role.ADMIN, ExportFormat.JSON)
    assert exported.file_name.endswith(".json")
    document = json.loads(exported.data)
    target = Database(create_database_engine(second_database_url))
    try:
        admin = create_first_admin(target, email="other-admin@example.org", password=PASSWORD)
        import_organisation(target, actor=admin, data=document, content=world.content)
        again = json.loads(export_file(target, actor=admin, organisation_id=world.own.id,
                                       programme_id=None, export_format=ExportFormat.JSON,
                                       language=Language.EN, content=world.content).data)
    finally:
        target.engine.dispose()
    # The same document, but for the time of export and the history, which now says imported.
    skip = {"exported_at", "audit_events"}
    assert {k: v for k, v in again.items() if k not in skip} == \
        {k: v for k, v in document.items() if k not in skip}
    assert len(again["audit_events"]) == len(document["audit_events"]) > 0


def test_brands_belong_to_their_account_and_brand_the_report(world: World) -> None:
    consultant = world.actor(Role.CONSULTANT)
    brand = save_brand(world.db, actor=consultant, name="House style", firm_name="Acme & Co",
                       accent_colour="#AA3300", logo=PNG)
    assert [b.name for b in list_brands(world.db, actor=consultant)] == ["House style"]
    assert list_brands(world.db, actor=world.actor(Role.PROJECT_OWNER)) == []
    html = _export(world, Role.CONSULTANT, ExportFormat.HTML, brand_id=brand.id).data.decode()
    assert "Acme &amp; Co" in html and "#aa3300" in html and "data:image/png;base64," in html
    pdf = _export(world, Role.CONSULTANT, ExportFormat.PDF, brand_id=brand.id).data
    assert pdf.startswith(b"%PDF-")
    with pytest.raises(NotFoundError):  # another account's brand does not exist for them
        _export(world, Role.PROJECT_OWNER, ExportFormat.HTML, brand_id=brand.id)
    changed = save_brand(world.db, actor=consultant, name="House style", firm_name="Acme",
                         accent_colour="#000000", brand_id=brand.id,
                         expected_version=brand.version)
    assert changed.logo == PNG and changed.version == brand.version + 1
    with pytest.raises(ConflictError):
        save_brand(world.db, actor=consultant, name="House style", firm_name="Late",
                   accent_colour="#000000", brand_id=brand.id, expected_version=brand.version)


@pytest.mark.parametrize(("field", "values"), [
    ("accent_colour", {"accent_colour": "red; background:url(http://x)"}),
    ("logo", {"logo": b"<svg onload=alert(1)>"}),
    ("logo", {"logo": PNG + b"\x00" * 300_000}),
    ("name", {"name": "two\nlines"}),
    ("name", {"name": ""}),
])
def test_a_bad_brand_is_refused_with_the_field(world: World, field: str,
                                               values: dict[str, Any]) -> None:
    arguments: dict[str, Any] = {"name": "Brand", "firm_name": "Firm", "accent_colour": "#112233",
                                 **values}
    with pytest.raises(InputError) as caught:
        save_brand(world.db, actor=world.actor(Role.CONSULTANT), **arguments)
    assert field in str(caught.value)


def test_export_all_clients_zips_every_programme_of_the_consultants_clients(
        world: World) -> None:
    done: list[tuple[int, int]] = []
    exported = export_all_clients(world.db, actor=world.actor(Role.CONSULTANT),
                                  export_format=ExportFormat.XLSX, language=Language.EN,
                                  content=world.content,
                                  progress=lambda n, total: done.append((n, total)))
    with zipfile.ZipFile(io.BytesIO(exported.data)) as archive:
        names = archive.namelist()
    assert names == [f"{world.own.organisation.name} - {world.own.programme.name}.xlsx"]
    assert done == [(1, 1)]
    with pytest.raises(NotFoundError):  # an owner is nobody's consultant
        export_all_clients(world.db, actor=world.actor(Role.PROJECT_OWNER),
                           export_format=ExportFormat.XLSX, language=Language.EN,
                           content=world.content)


def _roster(world: World) -> None:
    from rollout.services import add_course, course_from, import_training_file
    from rollout.training.imports import ImportKind

    trainer = world.actor(Role.TRAINER)
    add_course(world.db, actor=trainer, organisation_id=world.own.id,
               course=course_from({"code": "CRM-101", "title": "CRM basics",
                                   "duration_hours": 4}))
    roster = "employee_id,name,unit,job_role\n" + "".join(
        f"E{n},Person {n},{'Sales' if n % 2 else 'Service'},Rep\n" for n in range(10))
    import_training_file(world.db, actor=trainer, organisation_id=world.own.id,
                         data=roster.encode(), kind=ImportKind.ROSTER, dry_run=False)
    import_training_file(world.db, actor=trainer, organisation_id=world.own.id,
                         data=b"employee_id,course,completed_on\nE1,CRM-101,2026-01-20\n"
                              b"E3,CRM-101,2026-01-21\nE2,CRM-101,2026-01-22\n",
                         kind=ImportKind.COMPLETIONS, dry_run=False)


def test_an_organisation_without_a_roster_exports_no_training_section(world: World) -> None:
    import openpyxl

    book = openpyxl.load_workbook(io.BytesIO(_export(world, Role.CONSULTANT,
                                                     ExportFormat.XLSX).data))
    assert "Training" not in book.sheetnames
    html = _export(world, Role.CONSULTANT, ExportFormat.HTML).data.decode("utf-8")
    assert 'id="training"' not in html


def test_exports_carry_each_waves_training_against_its_gate(world: World) -> None:
    import datetime as dt

    import openpyxl
    from pypdf import PdfReader

    _roster(world)
    today = dt.date(2026, 2, 1)
    planned = plan_programme(world.db, actor=world.admin, organisation_id=world.own.id,
                             programme_id=world.own.programme.id, content=world.content,
                             compare=False)
    wave_of = {u: w.name for w in planned.plan.waves for u in w.units}
    book = openpyxl.load_workbook(io.BytesIO(_export(world, Role.CONSULTANT, ExportFormat.XLSX,
                                                     today=today).data))
    sheet = book["Training"]
    rows = [dict(zip([c.value for c in sheet[1]], [c.value for c in row], strict=True))
            for row in sheet.iter_rows(min_row=2)]
    by_wave = {r["Wave"]: r for r in rows}
    sales, service = by_wave[wave_of["Sales"]], by_wave[wave_of["Service"]]
    # Sales has E1, E3, E5, E7, E9 (two trained); Service E0, E2, … (one trained).
    assert (sales["Trainees"], sales["Trained"], sales["Completion %"]) == (5, 2, 40.0)
    assert (service["Trainees"], service["Trained"]) == (5, 1)
    assert sales["Gate threshold %"] == planned.options.training_completion_pct
    assert isinstance(sales["Training deadline"], dt.datetime)
    assert sales["Gate status"] in {"on track for the deadline",
                                    "at risk: forecast after the deadline", "no forecast yet"}

    csv_zip = zipfile.ZipFile(io.BytesIO(_export(world, Role.CONSULTANT, ExportFormat.CSV,
                                                 today=today).data))
    training_csv = next(n for n in csv_zip.namelist() if "training" in n)
    assert "Completion %" in csv_zip.read(training_csv).decode("utf-8-sig")

    pdf = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(_export(
        world, Role.EXECUTIVE, ExportFormat.PDF, today=today).data)).pages)
    assert "Training status by wave" in pdf and "2 of 5" in pdf
    persian = _export(world, Role.EXECUTIVE, ExportFormat.HTML, today=today,
                      language=Language.FA).data.decode("utf-8")
    assert 'id="training-waves"' in persian and "Training status by wave" not in persian
