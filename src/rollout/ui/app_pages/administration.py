"""Administration: user accounts (create, disable, reset a password) and who has which role where."""

from __future__ import annotations

import streamlit as st

from rollout.errors import RolloutError
from rollout.escaping import escape_markdown_block
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
from rollout.ui.workspace import run_or_stop

db = database()
actor = state.current_actor()
st.title("Administration")
state.show_flash()
if not allows(effective_role(is_admin=actor.is_admin, membership_role=None),
              ObjectType.USER, Action.VIEW):
    st.error("Only administrators manage accounts and memberships.")
    st.stop()


def role_label(role: Role) -> str:
    return role.value.replace("_", " ")


def user_label(user: UserRecord) -> str:
    name = f"{user.display_name} <{user.email}>" if user.display_name else user.email
    return name + ("" if user.is_active else " (disabled)")


def done(message: str) -> None:
    state.flash(message)
    st.rerun()


users = run_or_stop(lambda: list_users(db, actor=actor))
by_id = {u.id: u for u in users}
others = [u.id for u in users if u.id != actor.user_id]  # your own account: not from here
users_tab, members_tab = st.tabs(["Users", "Memberships"])

# --- users -----------------------------------------------------------------------------------------
with users_tab:
    st.dataframe(
        [{"e-mail": u.email, "name": u.display_name, "administrator": u.is_admin,
          "active": u.is_active, "sign-in": "password" if u.has_password else "single sign-on only",
          "created": u.created_at} for u in users],
        hide_index=True, width="stretch",
        column_config={
            "administrator": st.column_config.CheckboxColumn("Administrator"),
            "active": st.column_config.CheckboxColumn("Active"),
            "created": st.column_config.DatetimeColumn("Created (UTC)", format="YYYY-MM-DD"),
        })

    st.subheader("Create a user")
    with st.form("create_user", clear_on_submit=False):
        cols = st.columns(2)
        email = cols[0].text_input("E-mail", key="new_user_email")
        display_name = cols[1].text_input("Display name", key="new_user_name")
        cols = st.columns(2)
        password = cols[0].text_input(
            f"Password (at least {MIN_PASSWORD_LENGTH} characters; empty: single sign-on only)",
            type="password", key="new_user_password")
        repeat = cols[1].text_input("Repeat the password", type="password",
                                    key="new_user_repeat")
        make_admin = st.checkbox("Administrator (manages accounts and sees every organisation)",
                                 key="new_user_admin")
        create = st.form_submit_button("Create user", type="primary", key="new_user_create")
    if create:
        if password != repeat:
            st.error("The two passwords differ; type the same password twice.")
        else:
            try:
                created = create_user(db, actor=actor, email=email, password=password or None,
                                      display_name=display_name, is_admin=make_admin)
            except RolloutError as exc:
                st.error(escape_markdown_block(str(exc)))
            else:
                done(f"User {created.email} created. Add them to an organisation under "
                     "Memberships.")

    st.subheader("Disable or enable a user")
    st.caption("A disabled user cannot sign in, and any session they have open ends at once. "
               "Your own account is not listed here.")
    if others:
        pick, go = st.columns([3, 1], vertical_alignment="bottom")
        who = pick.selectbox("User", others, format_func=lambda i: user_label(by_id[i]),
                             key="active_user")
        target = by_id[who]
        if go.button("Disable" if target.is_active else "Enable", key="toggle_active"):
            try:
                set_user_active(db, actor=actor, user_id=who, active=not target.is_active)
            except RolloutError as exc:
                st.error(escape_markdown_block(str(exc)))
            else:
                done(f"{target.email} {'disabled' if target.is_active else 'enabled'}.")
    else:
        st.caption("There are no other users yet.")

    st.subheader("Reset a password")
    if others:
        with st.form("reset_password"):
            who = st.selectbox("User", others, format_func=lambda i: user_label(by_id[i]),
                               key="reset_user")
            cols = st.columns(2)
            new_password = cols[0].text_input("New password", type="password",
                                              key="reset_password")
            new_repeat = cols[1].text_input("Repeat the new password", type="password",
                                            key="reset_repeat")
            reset = st.form_submit_button("Set password", key="reset_submit")
        if reset:
            if new_password != new_repeat:
                st.error("The two passwords differ; type the same password twice.")
            else:
                try:
                    set_password(db, actor=actor, user_id=who, new_password=new_password)
                except RolloutError as exc:
                    st.error(escape_markdown_block(str(exc)))
                else:
                    done(f"Password of {by_id[who].email} set; their open sessions have ended.")

# --- memberships -----------------------------------------------------------------------------------
with members_tab:
    organisations = run_or_stop(lambda: list_organisations(db, actor=actor))
    if not organisations:
        st.info("There is no organisation yet: create one first (New organisation).")
        st.stop()
    names = {o.id: o.name for o in organisations}
    ids = list(names)
    current = state.current_organisation_id()
    organisation_id = st.selectbox("Organisation", ids, format_func=names.__getitem__,
                                   index=ids.index(current) if current in ids else 0,
                                   key="members_organisation")
    members = run_or_stop(lambda: list_members(db, actor=actor, organisation_id=organisation_id))
    if members:
        st.dataframe(
            [{"e-mail": m.email, "name": m.display_name, "role": role_label(m.role),
              "active": m.is_active} for m in members],
            hide_index=True, width="stretch",
            column_config={"active": st.column_config.CheckboxColumn("Active")})
    else:
        st.caption("This organisation has no members yet. Administrators see it anyway.")
    st.caption("Changing a member's role or removing them ends their open sessions, so their new "
               "rights apply at once.")

    st.subheader("Add a member")
    member_ids = {m.user_id for m in members}
    candidates = [u.id for u in users if u.id not in member_ids and not u.is_admin]
    if candidates:
        with st.form("add_member"):
            cols = st.columns(2)
            who = cols[0].selectbox("User", candidates, format_func=lambda i: user_label(by_id[i]),
                                    key="add_member_user")
            role = cols[1].selectbox("Role", MEMBERSHIP_ROLES, format_func=role_label,
                                     key="add_member_role")
            add = st.form_submit_button("Add member", type="primary", key="add_member_submit")
        if add:
            try:
                add_member(db, actor=actor, organisation_id=organisation_id,
                           email=by_id[who].email, role=role)
            except RolloutError as exc:
                st.error(escape_markdown_block(str(exc)))
            else:
                done(f"{by_id[who].email} added to {names[organisation_id]} as "
                     f"{role_label(role)}.")
    else:
        st.caption("Every user who is not an administrator is already a member here; create a "
                   "user first. (Administrators see every organisation without a membership.)")

    if members:
        by_member = {m.user_id: m for m in members}
        st.subheader("Change a role or remove a member")
        pick, choose_role = st.columns([2, 1])
        member_id = pick.selectbox(
            "Member", list(by_member), key="edit_member",
            format_func=lambda i: f"{by_member[i].email} ({role_label(by_member[i].role)})")
        member = by_member[member_id]
        new_role = choose_role.selectbox("New role", MEMBERSHIP_ROLES, format_func=role_label,
                                     index=MEMBERSHIP_ROLES.index(member.role),
                                     key="edit_member_role")
        change, remove = st.columns(2)
        if change.button("Change role", key="change_role", disabled=new_role == member.role):
            try:
                change_member_role(db, actor=actor, organisation_id=organisation_id,
                                   user_id=member_id, role=new_role)
            except RolloutError as exc:
                st.error(escape_markdown_block(str(exc)))
            else:
                done(f"{member.email} is now {role_label(new_role)} in {names[organisation_id]}.")
        confirm = remove.checkbox(f"Yes, remove {member.email} from {names[organisation_id]}",
                                   key="confirm_remove")
        if remove.button("Remove member", key="remove_member", disabled=not confirm):
            try:
                remove_member(db, actor=actor, organisation_id=organisation_id, user_id=member_id)
            except RolloutError as exc:
                st.error(escape_markdown_block(str(exc)))
            else:
                done(f"{member.email} removed from {names[organisation_id]}.")
