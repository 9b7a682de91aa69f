"""PostgreSQL restarting under a running app: the next request succeeds, and while the server
is down every request fails with a clear message (never a trace), on a page as in the services."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from streamlit.testing.v1 import AppTest

from rollout.content.loader import Content
from rollout.errors import StorageError
from rollout.escaping import escape_markdown_block
from rollout.persistence.database import UNREACHABLE, Database
from rollout.persistence.schema import open_database
from rollout.services.access import Actor
from rollout.services.accounts import create_first_admin
from rollout.services.assessments import list_assessments, save_draft_answers
from rollout.services.demo import load_demo
from rollout.services.organisations import list_organisations
from tests.faults.conftest import PrivateCluster
from tests.ui.conftest import APP, FAST_HASHER

pytestmark = pytest.mark.postgres

PASSWORD = "correct horse battery staple"


@pytest.fixture()
def seeded(private_postgres: PrivateCluster, content: Content,
           monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[Database, Actor, str]]:
    from rollout.services import accounts

    monkeypatch.setattr(accounts, "PASSWORD_HASHER", FAST_HASHER)
    db = open_database(private_postgres.url)
    admin = create_first_admin(db, email="admin@example.test", password=PASSWORD)
    organisation, _ = load_demo(db, actor=admin, content=content)
    yield db, admin, organisation.id
    db.dispose()


def test_the_next_request_after_a_restart_succeeds_on_the_same_pool(
        private_postgres: PrivateCluster, seeded: tuple[Database, Actor, str],
        content: Content) -> None:
    db, admin, organisation_id = seeded
    [draft] = list_assessments(db, actor=admin, organisation_id=organisation_id)  # pool is warm

    private_postgres.control("restart")  # every pooled connection is now dead

    assert [o.id for o in list_organisations(db, actor=admin)] == [organisation_id]
    saved = save_draft_answers(db, actor=admin, organisation_id=organisation_id,
                               assessment_id=draft.id, answers=draft.answers,
                               expected_version=draft.version, content=content)
    assert saved.version == draft.version + 1


def test_while_the_server_is_down_requests_fail_with_a_clear_message_then_recover(
        private_postgres: PrivateCluster, seeded: tuple[Database, Actor, str],
        content: Content) -> None:
    db, admin, organisation_id = seeded
    [draft] = list_assessments(db, actor=admin, organisation_id=organisation_id)
    private_postgres.control("down")
    try:
        with pytest.raises(StorageError) as reading:
            list_organisations(db, actor=admin)
        with pytest.raises(StorageError) as saving:
            save_draft_answers(db, actor=admin, organisation_id=organisation_id,
                               assessment_id=draft.id, answers=draft.answers,
                               expected_version=draft.version, content=content)
    finally:
        private_postgres.control("up")
    for error in (reading.value, saving.value):
        assert str(error) == UNREACHABLE
    # Nothing was saved while it was down, and the same pool works again at once.
    [after] = list_assessments(db, actor=admin, organisation_id=organisation_id)
    assert after.version == draft.version


def test_a_page_shows_the_message_not_a_trace_while_the_server_is_down(
        private_postgres: PrivateCluster, seeded: tuple[Database, Actor, str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    from rollout.services.accounts import authenticate
    from rollout.ui import state

    db, _, _ = seeded
    monkeypatch.setenv("ROLLOUT_DATABASE_URL", private_postgres.url)
    app = AppTest.from_file(APP, default_timeout=60)
    app.session_state[state.ACTOR] = authenticate(db, email="admin@example.test",
                                                  password=PASSWORD)
    app.run()
    assert not app.exception
    healthy = [e.value for e in app.error]  # the demo's dashboard shows its blockers as errors
    private_postgres.control("down")
    try:
        app.run()
        assert not app.exception
        assert [e.value for e in app.error] == [escape_markdown_block(UNREACHABLE)]
    finally:
        private_postgres.control("up")
    app.run()
    assert not app.exception
    assert [e.value for e in app.error] == healthy
