"""Issue 8 failures 6 and 7 (D4): every page renders for an organisation whose every name is
hostile (markdown image and link, HTML, formulas, newlines, 5,000 characters, Persian, an RTL
override) without a remote image or a live link in any rendered markdown. Names are single-line
since issue 8 (newlines and direction overrides are refused at input), so those go into the free
text fields (notes, reasons)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from rollout.domain.assessment import LegacyPlatform, PeakSeason
from rollout.permissions import Role
from rollout.persistence.records import MitigationActionInput, ProgrammeBlackout
from rollout.services.assessments import create_assessment, submit_assessment
from rollout.services.mitigation import add_mitigation_action
from rollout.services.organisations import get_organisation, update_organisation
from rollout.services.programmes import get_programme, save_programme
from rollout.ui.navigation import visible_specs
from tests.ui.conftest import Seeded, app_as

IMAGE = "![x](http://evil.example/beacon.png)"
LINK = "[Reset your password](https://evil.example/reset)"
HTML = "<img src=x onerror=alert(1)><script>alert(2)</script><a href='http://evil.example'>a</a>"
FORMULA = '=HYPERLINK("http://evil.example","y")'
PERSIAN = "شرکت نمونه"
RTL = "\u202eexe.txt"
MULTILINE = "first line\n# Verdict: GO\n" + LINK

# What would be live in Streamlit markdown: a link or image whose brackets are not escaped, raw
# HTML tags, or a bare URL (auto-linked); escaped text keeps a backslash before each of them.
LIVE = [
    # [text](http…) or ![alt](…): the app's own links are relative ("Read the case").
    re.compile(r"(?<!\\)\[[^\]]*(?<!\\)\]\((?:https?:)?//", re.IGNORECASE),
    re.compile(r"(?<!\\)!(?<!\\)\[[^\]]*(?<!\\)\]\("),
    re.compile(r"(?<!\\)<\s*(img|script|a|iframe)\b", re.IGNORECASE),
    re.compile(r"(?<![\\/])https?(?<!\\):(?<!\\)//evil"),  # http://evil… left un-escaped
]
MARKDOWN_KINDS = ("markdown", "caption", "title", "header", "subheader", "info", "warning",
                  "error", "success", "exception")


def _hostile_organisation(seeded: Seeded) -> None:
    db, admin = seeded.db, seeded.admin
    organisation = get_organisation(db, actor=admin, organisation_id=seeded.org_a)
    update_organisation(db, actor=admin, organisation_id=seeded.org_a,
                        expected_version=organisation.version,
                        profile=organisation.profile.model_copy(
                            update={"name": f"{IMAGE} {LINK}"}))
    record = get_programme(db, actor=admin, organisation_id=seeded.org_a,
                           programme_id=seeded.programme_a)
    units = list(record.programme.business_units)
    programme = record.programme.model_copy(update={
        "business_units": [units[0].model_copy(update={"name": LINK}),
                           *[u.model_copy(update={"name": f"{PERSIAN} {i}"})
                             for i, u in enumerate(units[1:])]],
        "legacy_platforms": [*record.programme.legacy_platforms,
                             LegacyPlatform(name=IMAGE, records=1000, data_quality=2)],
        "peak_seasons": [*record.programme.peak_seasons,
                         PeakSeason(name=HTML[:200], start=dt.date(2030, 3, 1),
                                    end=dt.date(2030, 3, 20))],
    })
    save_programme(db, actor=admin, organisation_id=seeded.org_a, programme_id=record.id,
                   name=HTML[:200], programme=programme, expected_version=record.version,
                   blackouts=[ProgrammeBlackout(name=LINK, start=dt.date(2029, 1, 1),
                                       end=dt.date(2029, 1, 10), reason=MULTILINE + RTL)])
    # The draft's name is formula-like; the seeded draft of the organisation is replaced.
    assessment = create_assessment(db, actor=admin, organisation_id=seeded.org_a,
                                   programme_id=record.id, name=FORMULA, content=_content())
    submit_assessment(db, actor=admin, organisation_id=seeded.org_a,
                      assessment_id=assessment.id, content=_content())
    for title in (f"{LINK} **urgent**", IMAGE):
        add_mitigation_action(db, actor=admin, organisation_id=seeded.org_a,
                              assessment_id=assessment.id, action=MitigationActionInput(
                                  title=title, owner=FORMULA, due_date=dt.date(2020, 1, 1),
                                  notes="A" * 5000 + MULTILINE + HTML + RTL))


def _content() -> Any:
    from rollout.ui.content_cache import cached_content

    return cached_content()


def _markdown_bodies(at: AppTest) -> list[tuple[str, str]]:
    bodies = []
    for kind in MARKDOWN_KINDS:
        for element in getattr(at, kind, []):
            bodies.append((kind, str(element.value)))
    # AppTest's get() is typed as Element | Block; expanders and tabs are blocks with a label.
    for block in at.get("expander"):
        bodies.append(("expander label", str(getattr(block, "label", ""))))
    for block in at.get("tab"):
        bodies.append(("tab label", str(getattr(block, "label", ""))))
    for element in at.metric:
        bodies.append(("metric label", str(element.label)))
    for markdown in at.sidebar.get("markdown"):
        bodies.append(("sidebar", str(getattr(markdown, "value", ""))))
    return bodies


def _live(bodies: list[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(kind, body[:200]) for kind, body in bodies
            if any(pattern.search(body) for pattern in LIVE)]


@pytest.mark.parametrize("role", ["admin", "project_owner", "executive", "trainer", "consultant"])
def test_every_page_renders_hostile_names_without_a_live_link_or_image(
    seeded: Seeded, role: str,
) -> None:
    _hostile_organisation(seeded)
    actor = seeded.admin if role == "admin" else seeded.users[role]
    specs = visible_specs(role=Role(role), is_admin=role == "admin",
                          organisations_count=2 if role == "admin" else 1,
                          is_consultant_anywhere=role == "consultant")
    seen_hostile = False
    for spec in specs:
        at = app_as(actor, organisation_id=seeded.org_a, page=spec.file)
        assert not at.exception, (spec.file, at.exception)
        bodies = _markdown_bodies(at)
        assert _live(bodies) == [], spec.file
        seen_hostile |= any("evil" in body for _, body in bodies)
    assert seen_hostile, "the hostile names should be shown somewhere (escaped)"
