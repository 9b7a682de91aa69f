"""AppTest fixtures: a fresh SQLite database per test, seeded through the services.

Two organisations with distinct names ("Alpha Sweets Demo-Test" and "Beta Telecom Test") and one
user per role, so page tests can check both permissions and tenant isolation.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from streamlit.testing.v1 import AppTest

from rollout.content.loader import Content, example_assessment
from rollout.permissions import Role
from rollout.persistence.database import Database
from rollout.persistence.schema import open_database
from rollout.services import accounts
from rollout.services.access import Actor
from rollout.services.accounts import authenticate, create_first_admin, create_user
from rollout.services.assessments import create_assessment
from rollout.services.organisations import add_member, create_organisation
from rollout.services.programmes import create_programme
from rollout.ui import state
from rollout.ui.navigation import page_path

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
PASSWORD = "correct horse battery staple"
ORG_A = "Alpha Sweets Test"
ORG_B = "Beta Telecom Test"


@dataclass
class Seeded:
    db: Database
    admin: Actor
    users: dict[str, Actor]  # role name -> actor, all members of ORG_A
    outsider: Actor  # project owner of ORG_B only
    org_a: str
    org_b: str
    programme_a: str
    assessment_a: str


# Full-strength argon2 costs ~0.1 s a hash; page tests are about pages, not hashing.
FAST_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


@pytest.fixture(autouse=True)
def fast_password_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(accounts, "PASSWORD_HASHER", FAST_HASHER)


@pytest.fixture()
def database_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = f"sqlite:///{tmp_path / 'rollout.db'}"
    monkeypatch.setenv("ROLLOUT_DATABASE_URL", url)
    return url


@pytest.fixture()
def seeded(database_url: str, content: Content) -> Iterator[Seeded]:
    db = open_database(database_url)
    admin = create_first_admin(db, email="admin@example.test", password=PASSWORD)
    hershey = example_assessment(content, "hershey-1999")
    vodafone = example_assessment(content, "vodafone-2016")
    org_a = create_organisation(db, actor=admin, profile=hershey.organisation.model_copy(
        update={"name": ORG_A})).id
    org_b = create_organisation(db, actor=admin, profile=vodafone.organisation.model_copy(
        update={"name": ORG_B})).id
    programme_a = create_programme(db, actor=admin, organisation_id=org_a, name="CRM rollout",
                                   programme=hershey.programme).id
    programme_b = create_programme(db, actor=admin, organisation_id=org_b, name="Beta billing CRM",
                                   programme=vodafone.programme).id
    assessment_a = create_assessment(db, actor=admin, organisation_id=org_a,
                                     programme_id=programme_a, name="Alpha readiness",
                                     content=content, answers=dict(hershey.answers)).id
    create_assessment(db, actor=admin, organisation_id=org_b, programme_id=programme_b,
                      name="Beta readiness", content=content, answers=dict(vodafone.answers))
    users: dict[str, Actor] = {}
    for role in (Role.PROJECT_OWNER, Role.EXECUTIVE, Role.TRAINER, Role.CONSULTANT):
        email = f"{role.value}@example.test"
        create_user(db, actor=admin, email=email, password=PASSWORD)
        add_member(db, actor=admin, organisation_id=org_a, email=email, role=role)
        users[role.value] = authenticate(db, email=email, password=PASSWORD)
    create_user(db, actor=admin, email="outsider@example.test", password=PASSWORD)
    add_member(db, actor=admin, organisation_id=org_b, email="outsider@example.test",
               role=Role.PROJECT_OWNER)
    outsider = authenticate(db, email="outsider@example.test", password=PASSWORD)
    yield Seeded(db, admin, users, outsider, org_a, org_b, programme_a, assessment_a)
    db.dispose()


def app_as(actor: Actor | None, *, organisation_id: str | None = None,
           page: str | None = None) -> AppTest:
    """The app, signed in as ``actor`` (None: signed out), optionally on one page, after a run."""
    at = AppTest.from_file(APP, default_timeout=60)
    if actor is not None:
        at.session_state[state.ACTOR] = actor
    if organisation_id is not None:
        at.session_state[state.ORGANISATION_ID] = organisation_id
    at.run()
    if page is not None:
        at.switch_page(page_path(page))
        at.run()
    return at


def all_text(at: AppTest) -> str:
    """Every text element the page shows (for "never shows X" checks)."""
    parts: list[str] = []
    for kind in ("markdown", "caption", "title", "header", "subheader", "text", "info",
                 "warning", "error", "success", "metric", "selectbox", "radio", "dataframe",
                 "table", "expander", "json"):
        for element in getattr(at, kind, []):
            parts.append(str(getattr(element, "value", "")))
            parts.append(str(getattr(element, "label", "")))
            parts.append(str(getattr(element, "options", "")))
            proto = getattr(element, "proto", None)
            if proto is not None:
                parts.append(str(proto))
    return shown("\n".join(parts))


def shown(markdown: str) -> str:
    """What the reader sees of an escaped markdown body (user text is shown escaped)."""
    return re.sub(r"\\(.)", r"\1", markdown)
