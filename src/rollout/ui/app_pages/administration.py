"""Administration: user accounts (create, disable, reset a password) and who has which role where."""

from __future__ import annotations

import streamlit as st

from rollout.errors import RolloutError
from rollout.escaping import escape_markdown_block
from rollout.i18n.normalise import normalise_identifier, normalise_text
from rollout.permissions import MEMBERSHIP_ROLES, Action, ObjectType, Role, allows, effective_role
from rollout.services import (
    MIN_PASSWORD_LENGTH,
    UserRecord,
    add_member,
    change_member_role,
    create_user,
    list_members,
    list_organisations,
    list_users,
    remove_member,
    set_password,
    set_user_active,
)
from rollout.ui import state
from rollout.ui.bootstrap import database
from rollout.ui.translation import _, code_label, is_rtl, isolate, localise
from rollout.ui.workspace import run_or_stop

db = database()
actor = state.current_actor()
st.title(_("Administration"))
state.show_flash()
if not allows(effective_role(is_admin=actor.is_admin, membership_role=None),
              ObjectType.USER, Action.VIEW):
    st.error(_("Only administrators manage accounts and memberships."))
    st.stop()


def role_label(role: Role) -> str:
    return code_label(role)


def user_label(user: UserRecord) -> str:
    name = (f"{user.display_name} <{isolate(user.email)}>" if user.display_name
            else isolate(user.email))
    return name if user.is_active else _("{user} (disabled)", user=name)


def done(message: str) -> None:
    state.flash(message)
    st.rerun()


users = run_or_stop(lambda: list_users(db, actor=actor))
by_id = {u.id: u for u in users}
others = [u.id for u in users if u.id != actor.user_id]  # your own account: not from here
users_tab, members_tab = st.tabs([_("Users"), _("Memberships")])

# --- users -----------------------------------------------------------------------------------------
with users_tab:
    yes, no = _("yes"), _("no")
    st.dataframe(
        [{"e-mail": u.email, "name": u.display_name,
          # Streamlit's checkboxes have no words; Persian readers get yes and no.
          "administrator": (yes if u.is_admin else no) if is_rtl() else u.is_admin,
          "active": (yes if u.is_active else no) if is_rtl() else u.is_active,
          "sign-in": _("password") if u.has_password else _("single sign-on only"),
          "created": localise(u.created_at.date()) if is_rtl() else u.created_at}
         for u in users],
        hide_index=True, width="stretch",
        column_config={
            "e-mail": st.column_config.TextColumn(_("E-mail")),
            "name": st.column_config.TextColumn(_("Name")),
            "sign-in": st.column_config.TextColumn(_("Sign-in")),
            "administrator": (st.column_config.TextColumn(_("Administrator")) if is_rtl()
                              else st.column_config.CheckboxColumn(_("Administrator"))),
            "active": (st.column_config.TextColumn(_("Active")) if is_rtl()
                       else st.column_config.CheckboxColumn(_("Active"))),
            "created": (st.column_config.TextColumn(_("Created (UTC)")) if is_rtl()
                        else st.column_config.DatetimeColumn(_("Created (UTC)"),
                                                             format="YYYY-MM-DD")),
        })

    st.subheader(_("Create a user"))
    with st.form("create_user", clear_on_submit=False):
        cols = st.columns(2)
        email = cols[0].text_input(_("E-mail"), key="new_user_email")
        display_name = cols[1].text_input(_("Display name"), key="new_user_name")
        cols = st.columns(2)
        password = cols[0].text_input(
            _("Password (at least {count} characters; empty: single sign-on only)",
              count=MIN_PASSWORD_LENGTH),
            type="password", key="new_user_password")
        repeat = cols[1].text_input(_("Repeat the password"), type="password",
                                    key="new_user_repeat")
        make_admin = st.checkbox(_("Administrator (manages accounts and sees every "
                                   "organisation)"), key="new_user_admin")
        create = st.form_submit_button(_("Create user"), type="primary", key="new_user_create")
    if create:
        if password != repeat:
            st.error(_("The two passwords differ; type the same password twice."))
        else:
            try:
                created = create_user(db, actor=actor, email=normalise_identifier(email),
                                      password=password or None,
                                      display_name=normalise_text(display_name),
                                      is_admin=make_admin)
            except RolloutError as exc:
                st.error(escape_markdown_block(str(exc)))
            else:
                done(_("User {email} created. Add them to an organisation under Memberships.",
                       email=created.email))

    st.subheader(_("Disable or enable a user"))
    st.caption(_("A disabled user cannot sign in, and any session they have open ends at once. "
                 "Your own account is not listed here."))
    if others:
        pick, go = st.columns([3, 1], vertical_alignment="bottom")
        who = pick.selectbox(_("User"), others, format_func=lambda i: user_label(by_id[i]),
                             key="active_user")
        target = by_id[who]
        if go.button(_("Disable") if target.is_active else _("Enable"), key="toggle_active"):
            try:
                set_user_active(db, actor=actor, user_id=who, active=not target.is_active)
            except RolloutError as exc:
                st.error(escape_markdown_block(str(exc)))
            else:
                done(_("{email} disabled.", email=target.email) if target.is_active
                     else _("{email} enabled.", email=target.email))
    else:
        st.caption(_("There are no other users yet."))

    st.subheader(_("Reset a password"))
    if others:
        with st.form("reset_password"):
            who = st.selectbox(_("User"), others, format_func=lambda i: user_label(by_id[i]),
                               key="reset_user")
            cols = st.columns(2)
            new_password = cols[0].text_input(_("New password"), type="password",
                                              key="reset_password")
            new_repeat = cols[1].text_input(_("Repeat the new password"), type="password",
                                            key="reset_repeat")
            reset = st.form_submit_button(_("Set password"), key="reset_submit")
        if reset:
            if new_password != new_repeat:
                st.error(_("The two passwords differ; type the same password twice."))
            else:
                try:
                    set_password(db, actor=actor, user_id=who, new_password=new_password)
                except RolloutError as exc:
                    st.error(escape_markdown_block(str(exc)))
                else:
                    done(_("Password of {email} set; their open sessions have ended.",
                           email=by_id[who].email))

# --- memberships -----------------------------------------------------------------------------------
with members_tab:
    organisations = run_or_stop(lambda: list_organisations(db, actor=actor))
    if not organisations:
        st.info(_("There is no organisation yet: create one first (New organisation)."))
        st.stop()
    names = {o.id: o.name for o in organisations}
    ids = list(names)
    current = state.current_organisation_id()
    organisation_id = st.selectbox(_("Organisation"), ids, format_func=names.__getitem__,
                                   index=ids.index(current) if current in ids else 0,
                                   key="members_organisation")
    members = run_or_stop(lambda: list_members(db, actor=actor, organisation_id=organisation_id))
    if members:
        st.dataframe(
            [{"e-mail": m.email, "name": m.display_name, "role": role_label(m.role),
              "active": ((_("yes") if m.is_active else _("no")) if is_rtl() else m.is_active)}
             for m in members],
            hide_index=True, width="stretch",
            column_config={"e-mail": st.column_config.TextColumn(_("E-mail")),
                           "name": st.column_config.TextColumn(_("Name")),
                           "role": st.column_config.TextColumn(_("Role")),
                           "active": (st.column_config.TextColumn(_("Active")) if is_rtl()
                                      else st.column_config.CheckboxColumn(_("Active")))})
    else:
        st.caption(_("This organisation has no members yet. Administrators see it anyway."))
    st.caption(_("Changing a member's role or removing them ends their open sessions, so their "
                 "new rights apply at once."))

    st.subheader(_("Add a member"))
    member_ids = {m.user_id for m in members}
    candidates = [u.id for u in users if u.id not in member_ids and not u.is_admin]
    if candidates:
        with st.form("add_member"):
            cols = st.columns(2)
            who = cols[0].selectbox(_("User"), candidates,
                                    format_func=lambda i: user_label(by_id[i]),
                                    key="add_member_user")
            role = cols[1].selectbox(_("Role"), MEMBERSHIP_ROLES, format_func=role_label,
                                     key="add_member_role")
            add = st.form_submit_button(_("Add member"), type="primary", key="add_member_submit")
        if add:
            try:
                add_member(db, actor=actor, organisation_id=organisation_id,
                           email=by_id[who].email, role=role)
            except RolloutError as exc:
                st.error(escape_markdown_block(str(exc)))
            else:
                done(_("{email} added to {organisation} as {role}.", email=by_id[who].email,
                       organisation=names[organisation_id], role=role_label(role)))
    else:
        st.caption(_("Every user who is not an administrator is already a member here; create "
                     "a user first. (Administrators see every organisation without a "
                     "membership.)"))

    if members:
        by_member = {m.user_id: m for m in members}
        st.subheader(_("Change a role or remove a member"))
        pick, choose_role = st.columns([2, 1])
        member_id = pick.selectbox(
            _("Member"), list(by_member), key="edit_member",
            format_func=lambda i: f"{isolate(by_member[i].email)} "
                                  f"({role_label(by_member[i].role)})")
        member = by_member[member_id]
        new_role = choose_role.selectbox(_("New role"), MEMBERSHIP_ROLES, format_func=role_label,
                                     index=MEMBERSHIP_ROLES.index(member.role),
                                     key="edit_member_role")
        change, remove = st.columns(2)
        if change.button(_("Change role"), key="change_role", disabled=new_role == member.role):
            try:
                change_member_role(db, actor=actor, organisation_id=organisation_id,
                                   user_id=member_id, role=new_role)
            except RolloutError as exc:
                st.error(escape_markdown_block(str(exc)))
            else:
                done(_("{email} is now {role} in {organisation}.", email=member.email,
                       role=role_label(new_role), organisation=names[organisation_id]))
        confirm = remove.checkbox(_("Yes, remove {email} from {organisation}",
                                    email=isolate(member.email),
                                    organisation=names[organisation_id]),
                                  key="confirm_remove")
        if remove.button(_("Remove member"), key="remove_member", disabled=not confirm):
            try:
                remove_member(db, actor=actor, organisation_id=organisation_id, user_id=member_id)
            except RolloutError as exc:
                st.error(escape_markdown_block(str(exc)))
            else:
                done(_("{email} removed from {organisation}.", email=member.email,
                       organisation=names[organisation_id]))
