"""Which pages a user sees: built from the permission matrix, never from ad-hoc role checks.

Each page names the object type and action it needs in the current organisation. A page appears
only when its capability exists for this user: no placeholders.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import streamlit as st
from streamlit.navigation.page import StreamlitPage

from rollout.i18n import N_
from rollout.permissions import Action, ObjectType, Role, allows
from rollout.ui.translation import _

PAGES_DIR = Path(__file__).resolve().parent / "app_pages"
# Streamlit resolves page paths against the entrypoint (app.py at the repository root), and
# st.page_link / st.switch_page only accept the same relative path a page was registered with.
PAGES_RELATIVE = "src/rollout/ui/app_pages"


@dataclass(frozen=True)
class PageSpec:
    file: str
    title: str
    icon: str
    section: str
    needs: tuple[ObjectType, Action] | None  # in the current organisation; None: any signed-in user
    organisation: bool = True  # needs a current organisation
    # A right outside any organisation (accounts, creating organisations): the matrix gives
    # these to administrators.
    global_needs: tuple[ObjectType, Action] | None = None
    # For people who look across clients: administrators, consultants anywhere, and members of
    # more than one organisation.
    across_organisations: bool = False

    def visible(self, *, role: Role | None, is_admin: bool, organisations_count: int,
                is_consultant_anywhere: bool) -> bool:
        if self.global_needs is not None and not allows(Role.ADMIN if is_admin else None,
                                                        *self.global_needs):
            return False
        if self.across_organisations and not (is_admin or is_consultant_anywhere
                                              or organisations_count > 1):
            return False
        return self.needs is None or allows(role, *self.needs)


PAGES: tuple[PageSpec, ...] = (
    PageSpec("dashboard.py", N_("Risk dashboard"), "📊", N_("Organisation"),
             (ObjectType.ASSESSMENT, Action.VIEW)),
    PageSpec("programme_setup.py", N_("Programme setup"), "🏗️", N_("Organisation"),
             (ObjectType.PROGRAMME, Action.EDIT)),
    PageSpec("assessment.py", N_("Assessment"), "📝", N_("Organisation"),
             (ObjectType.ASSESSMENT, Action.EDIT)),
    PageSpec("actions.py", N_("Mitigation actions"), "✅", N_("Organisation"),
             (ObjectType.MITIGATION_ACTION, Action.VIEW)),
    PageSpec("plan.py", N_("Rollout plan"), "🗓️", N_("Organisation"),
             (ObjectType.PROGRAMME, Action.VIEW)),
    PageSpec("exports.py", N_("Exports"), "📤", N_("Organisation"),
             (ObjectType.PROGRAMME, Action.EXPORT)),
    PageSpec("audit_log.py", N_("Audit log"), "🧾", N_("Organisation"),
             (ObjectType.AUDIT_EVENT, Action.VIEW)),
    PageSpec("training_dashboard.py", N_("Training"), "🎓", N_("Training"),
             (ObjectType.TRAINING, Action.VIEW)),
    PageSpec("training_people.py", N_("Roster and courses"), "👥", N_("Training"),
             (ObjectType.TRAINING, Action.VIEW)),
    PageSpec("training_sessions.py", N_("Training sessions"), "📅", N_("Training"),
             (ObjectType.TRAINING, Action.VIEW)),
    PageSpec("training_import.py", N_("Training import"), "📥", N_("Training"),
             (ObjectType.TRAINING, Action.EDIT)),
    PageSpec("portfolio.py", N_("Portfolio"), "🗂️", N_("Across organisations"), None, organisation=False,
             across_organisations=True),
    PageSpec("new_organisation.py", N_("New organisation"), "➕", N_("Across organisations"), None,
             organisation=False, global_needs=(ObjectType.ORGANISATION, Action.EDIT)),
    PageSpec("case_library.py", N_("Case library"), "📚", N_("Knowledge"), None, organisation=False),
    PageSpec("quick_assessment.py", N_("Quick assessment"), "⚡", N_("Knowledge"), None,
             organisation=False),
    PageSpec("administration.py", N_("Administration"), "🔐", N_("Administration"), None,
             organisation=False, global_needs=(ObjectType.USER, Action.VIEW)),
)


def visible_specs(*, role: Role | None, is_admin: bool, organisations_count: int,
                  is_consultant_anywhere: bool) -> list[PageSpec]:
    """The pages this user may open, given their role in the current organisation."""
    return [spec for spec in PAGES
            if spec.visible(role=role, is_admin=is_admin, organisations_count=organisations_count,
                            is_consultant_anywhere=is_consultant_anywhere)]


def page_path(file: str) -> str:
    """The path a page was registered under, for st.page_link and st.switch_page."""
    return f"{PAGES_RELATIVE}/{file}"


def url_path(spec: PageSpec) -> str:
    return spec.file.removesuffix(".py")


def sign_in_pages() -> list[StreamlitPage]:
    """The sign-in form at the root and at every page's address.

    Streamlit identifies a page by its URL path, so after signing in at ``/case_library`` the
    rerun opens the real Case library page (query parameters such as ``?case=`` stay in the
    URL); a page the user's role does not show falls back to their first page.
    """
    sign_in = page_path("sign_in.py")
    title = _("Sign in")
    return [st.Page(sign_in, title=title, icon="🔑", default=True)] + [
        st.Page(sign_in, title=title, icon="🔑", url_path=url_path(spec)) for spec in PAGES
    ] + [st.Page(sign_in, title=title, icon="🔑", url_path="welcome")]


def start_pages() -> dict[str, list[StreamlitPage]]:
    """Where a user without any organisation starts."""
    return {_("Start"): [st.Page(page_path("welcome.py"), title=_("Welcome"), icon="👋",
                                 default=True)]}


def build_pages(specs: list[PageSpec]) -> dict[str, list[StreamlitPage]]:
    sections: dict[str, list[StreamlitPage]] = {}
    for spec in specs:
        # Titles and sections are translated here, where the language is known.
        page = st.Page(page_path(spec.file), title=_(spec.title), icon=spec.icon,
                       url_path=url_path(spec))
        sections.setdefault(_(spec.section), []).append(page)
    return sections
