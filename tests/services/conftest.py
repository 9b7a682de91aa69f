"""Fixtures for the use cases: fresh databases (both backends), cheap hashing, a small world."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from rollout.content.loader import Content
from rollout.domain.assessment import AnswerValue, Organisation, Programme
from rollout.domain.report import Decision
from rollout.permissions import MEMBERSHIP_ROLES, Role
from rollout.persistence.database import Database, create_database_engine
from rollout.persistence.records import (
    AssessmentRecord,
    GateDecisionInput,
    GateDecisionRecord,
    MitigationActionInput,
    MitigationActionRecord,
    OrganisationRecord,
    ProgrammeRecord,
    SnapshotRecord,
)
from rollout.services import accounts
from rollout.services.access import Actor
from rollout.services.accounts import authenticate, create_first_admin, create_user
from rollout.services.assessments import create_assessment, submit_assessment
from rollout.services.gates import record_gate_decision
from rollout.services.mitigation import add_mitigation_action
from rollout.services.organisations import add_member, create_organisation
from rollout.services.programmes import create_programme
from tests.persistence import databases

PASSWORD = "correct horse battery staple"
# The cheapest argon2id parameters: the tests exercise the logic, not the hashing cost.
FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)




@pytest.fixture(autouse=True)
def fast_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(accounts, "PASSWORD_HASHER", FAST_HASHER)


def profile(name: str) -> Organisation:
    return Organisation(name=name, industry="confectionery", country="GB")


def programme() -> Programme:
    return Programme.model_validate({
        "start_date": dt.date(2026, 1, 5), "target_go_live": dt.date(2026, 6, 1),
        "users_total": 300,
        "business_units": [{"name": "Sales", "users": 200, "legacy_platforms": ["Old CRM"]},
                           {"name": "Service", "users": 100}],
        "legacy_platforms": [{"name": "Old CRM", "kind": "crm", "records": 10_000}],
        "peak_seasons": ["halloween", {"name": "Sale", "start": dt.date(2026, 3, 1),
                                       "end": dt.date(2026, 3, 15)}],
        "concurrent_projects": [{"name": "ERP", "start": dt.date(2026, 2, 1),
                                 "end": dt.date(2026, 4, 30)}],
    })


ANSWERS: dict[str, AnswerValue] = {"own.owner": "partial", "own.training_hours": 4}


@dataclass
class Tenant:
    """One organisation with one of everything."""

    organisation: OrganisationRecord
    programme: ProgrammeRecord
    assessment: AssessmentRecord
    snapshot: SnapshotRecord
    action: MitigationActionRecord
    decision: GateDecisionRecord

    @property
    def id(self) -> str:
        return self.organisation.id


@dataclass
class World:
    db: Database
    content: Content
    admin: Actor
    own: Tenant
    other: Tenant
    members: dict[Role, Actor]  # one user per membership role, member of `own` only
    other_members: dict[Role, Actor]  # the same roles in `other`

    def actor(self, role: Role) -> Actor:
        return self.admin if role is Role.ADMIN else self.members[role]


def make_user(database: Database, admin: Actor, email: str, *, is_admin: bool = False) -> Actor:
    create_user(database, actor=admin, email=email, password=PASSWORD, is_admin=is_admin)
    return authenticate(database, email=email, password=PASSWORD)


def make_tenant(database: Database, admin: Actor, content: Content, name: str, executive: Actor) -> Tenant:
    org = create_organisation(database, actor=admin, profile=profile(name))
    prog = create_programme(database, actor=admin, organisation_id=org.id, name="CRM",
                            programme=programme())
    assessment = create_assessment(database, actor=admin, organisation_id=org.id,
                                   programme_id=prog.id, name="Spring review", content=content,
                                   answers=dict(ANSWERS))
    snapshot = submit_assessment(database, actor=admin, organisation_id=org.id,
                                 assessment_id=assessment.id, content=content,
                                 at=dt.date(2026, 1, 5))
    action = add_mitigation_action(
        database, actor=admin, organisation_id=org.id, assessment_id=assessment.id,
        action=MitigationActionInput(title="Name an owner", owner="COO",
                                     due_date=dt.date(2026, 2, 1), factor="no_owner"))
    add_member(database, actor=admin, organisation_id=org.id, email=executive.email,
               role=Role.EXECUTIVE)
    executive = authenticate(database, email=executive.email, password=PASSWORD)
    decision = record_gate_decision(
        database, actor=executive, organisation_id=org.id, snapshot_id=snapshot.id,
        decision=GateDecisionInput(gate="pilot", decision=Decision.CONDITIONAL,
                                   conditions=["owner named by February"]))
    return Tenant(org, prog, assessment, snapshot, action, decision)


@pytest.fixture
def admin(db: Database) -> Actor:
    return create_first_admin(db, email="admin@example.org", password=PASSWORD)


def build_world(database: Database, content: Content) -> World:
    admin = create_first_admin(database, email="admin@example.org", password=PASSWORD)
    executives = [make_user(database, admin, f"exec-{n}@example.org") for n in ("own", "other")]
    own = make_tenant(database, admin, content, "Own Sweets Ltd", executives[0])
    other = make_tenant(database, admin, content, "Other Candy plc", executives[1])
    members: dict[Role, Actor] = {}
    other_members: dict[Role, Actor] = {}
    for role in MEMBERSHIP_ROLES:
        for tenant, found, prefix in ((own, members, "own"), (other, other_members, "other")):
            email = f"{prefix}-{role.value}@example.org"
            if role is Role.EXECUTIVE:
                found[role] = authenticate(database, email=f"exec-{prefix}@example.org",
                                           password=PASSWORD)
                continue
            make_user(database, admin, email)
            add_member(database, actor=admin, organisation_id=tenant.id, email=email, role=role)
            found[role] = authenticate(database, email=email, password=PASSWORD)
    return World(db=database, content=content, admin=admin, own=own, other=other,
                 members=members, other_members=other_members)


class WorldTemplates:
    """The world built once per backend; each test gets a copy of that database.

    Building it takes some 50 use cases (~0.3 s on SQLite, ~1 s on PostgreSQL); copying the
    database takes ~1 ms (a file) or ~0.2 s (CREATE DATABASE ... TEMPLATE).
    """

    def __init__(self, directory: Path, content: Content) -> None:
        self.directory = directory
        self.content = content
        self.built: dict[str, tuple[str, World]] = {}
        self.server: databases.PostgresServer | None = None

    def template(self, backend: str, request: pytest.FixtureRequest) -> tuple[str, World]:
        if backend not in self.built:
            if backend == "sqlite":
                path = self.directory / "world.db"
                shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
                url, where = f"sqlite:///{path}", str(path)
            else:
                self.server = request.getfixturevalue("postgres_server")
                assert self.server is not None
                where = self.server.create(template=request.getfixturevalue("postgres_template"))
                url = self.server.url_for(where)
            database = Database(create_database_engine(url))
            try:
                world = build_world(database, self.content)
            finally:
                database.dispose()
            self.built[backend] = (where, world)
        return self.built[backend]

    def drop(self) -> None:
        if self.server is not None and "postgres" in self.built:
            self.server.drop(self.built["postgres"][0])


@pytest.fixture(scope="session")
def world_templates(
    tmp_path_factory: pytest.TempPathFactory, minimal_content: Content,
) -> Iterator[WorldTemplates]:
    templates = WorldTemplates(tmp_path_factory.mktemp("world"), minimal_content)
    yield templates
    templates.drop()


@pytest.fixture
def world(
    backend: str, world_templates: WorldTemplates, request: pytest.FixtureRequest,
    tmp_path: Path,
) -> Iterator[World]:
    """Two organisations with one of everything, and a user per role in each.

    Its own database (a copy of one built once per session); do not combine with ``db``.
    """
    where, template = world_templates.template(backend, request)
    server: databases.PostgresServer | None = None
    if backend == "sqlite":
        path = tmp_path / "world.db"
        shutil.copyfile(where, path)
        url = f"sqlite:///{path}"
    else:
        server = request.getfixturevalue("postgres_server")
        assert server is not None
        name = server.create(template=where)
        url = server.url_for(name)
    database = Database(create_database_engine(url))
    try:
        yield dataclasses.replace(template, db=database)
    finally:
        database.dispose()
        if server is not None:
            server.drop(name)
