"""The demo organisation: realistic, clearly a demo, scorable, and loaded only once."""

from __future__ import annotations

from sqlalchemy import text
from sqlmodel import SQLModel

from rollout.content.loader import Content
from rollout.persistence.database import Database
from rollout.services.access import Actor
from rollout.services.assessments import list_assessments, list_snapshots
from rollout.services.demo import DEMO_NAME, load_demo
from rollout.services.mitigation import list_mitigation_actions
from rollout.services.programmes import list_programmes


def _row_counts(db: Database) -> dict[str, int]:
    with db.reading() as session:
        return {t.name: session.execute(text(f"SELECT count(*) FROM {t.name}")).scalar_one()
                for t in SQLModel.metadata.sorted_tables}


def test_the_demo_is_a_confectionery_manufacturer_with_peaks_units_and_platforms(
    db: Database, admin: Actor, content: Content
) -> None:
    organisation, created = load_demo(db, actor=admin, content=content)
    assert created and "DEMO" in organisation.name
    assert organisation.profile.industry == "confectionery"
    [record] = list_programmes(db, actor=admin, organisation_id=organisation.id)
    programme = record.programme
    assert len(programme.business_units) == 12
    assert len(programme.legacy_platforms) == 5
    assert programme.users_total == sum(u.users for u in programme.business_units) == 1_800
    assert [s.preset for s in programme.peak_seasons] == ["confectionery"]
    [draft] = list_assessments(db, actor=admin, organisation_id=organisation.id)
    assert len(draft.answers) >= 20
    assert list_mitigation_actions(db, actor=admin, organisation_id=organisation.id)


def test_loading_the_demo_twice_changes_nothing(
    db: Database, admin: Actor, content: Content
) -> None:
    first, created = load_demo(db, actor=admin, content=content)
    counts = _row_counts(db)
    again, created_again = load_demo(db, actor=admin, content=content)
    assert created and not created_again
    assert again == first
    assert _row_counts(db) == counts


def test_the_demo_name_says_it_is_a_demo() -> None:
    assert "DEMO" in DEMO_NAME



def test_the_demo_comes_with_one_submitted_snapshot_of_its_draft(
    db: Database, admin: Actor, content: Content
) -> None:
    organisation, _ = load_demo(db, actor=admin, content=content)
    [draft] = list_assessments(db, actor=admin, organisation_id=organisation.id)
    [snapshot] = list_snapshots(db, actor=admin, organisation_id=organisation.id,
                                assessment_id=draft.id)
    assert snapshot.sequence == 1 and snapshot.report.risks
    windows = {w.name["en"] for w in content.presets["confectionery"].windows}
    assert {"Easter", "Halloween"} <= windows
    # A go-live in the Halloween ramp-up: on purpose.
    assert snapshot.report.peak is not None and snapshot.report.peak.in_window
    assert snapshot.report.peak.clashing_season is not None


def test_the_demo_gives_a_trainer_live_training_figures(db: Database, admin: Actor,
                                                         content: Content) -> None:
    import datetime as dt

    from rollout.services import training_overview

    organisation, _ = load_demo(db, actor=admin, content=content)
    programme = list_programmes(db, actor=admin, organisation_id=organisation.id)[0]
    overview = training_overview(db, actor=admin, organisation_id=organisation.id,
                                 programme_id=programme.id, content=content,
                                 today=dt.date.today())
    assert len(overview.figures.statuses) == 120 and overview.figures.trained > 0
    assert [f for f in overview.figures.forecasts if f.with_booked or f.at_pace]
    assert {c.course.code for c in overview.courses} == {"CRM-101", "CRM-201", "CRM-301",
                                                         "SU-100"}
