"""Case library: the documented rollouts, what happened, their figures, causes and lessons."""

from __future__ import annotations

import streamlit as st

from rollout.content.schema import Outcome, SystemType
from rollout.escaping import escape_markdown
from rollout.i18n import N_
from rollout.services import Origin, causes_in, find_cases, system_types_in
from rollout.ui.content_cache import cached_content
from rollout.ui.translation import _, case_name, code_label, isolate, kb_text

SYSTEM_TYPE_NAMES = {
    SystemType.CRM: N_("CRM"),
    SystemType.BILLING_CIS: N_("Billing and customer information"),
    SystemType.CORE_BANKING: N_("Core banking"),
    SystemType.CASE_MANAGEMENT: N_("Case management"),
    SystemType.ELIGIBILITY_CONTACT_CENTRE: N_("Eligibility and contact centre"),
    SystemType.CUSTOMER_PORTAL: N_("Customer portal"),
    SystemType.ERP: N_("ERP"),
    SystemType.TAX_ADMINISTRATION: N_("Tax administration"),
    SystemType.EHR_PATIENT_PORTAL: N_("Health record and patient portal"),
}
ORIGINS: dict[str, Origin | None] = {"any": None, "seeds": "seeds",
                                     "public_record": "public_record"}
ORIGIN_NAMES = {"any": N_("(any)"), "seeds": N_("The seed articles"),
                "public_record": N_("Public record")}


def system_type_name(system_type: SystemType) -> str:
    return _(SYSTEM_TYPE_NAMES[system_type])


content = cached_content()
st.title(_("Case library"))
st.caption(_("The documented rollouts Rollout compares every assessment with: the seed articles' "
             "failures and recoveries, and documented public outcomes (failures, successes and "
             "recoveries of CRM, billing, core-banking, ERP and other customer-facing systems)."))
st.caption(_("How often CRM projects fail, as the seed articles report it: about one third (CIO, "
             "2017, averaging studies that ranged from 18 % to 69 %); Harvard Business Review "
             "(2018) put it at 90 %."))

left, middle, right = st.columns(3)
outcomes = left.multiselect(_("Outcome"), list(Outcome), default=list(Outcome),
                            format_func=code_label, key="cases_outcome")
system_types = middle.multiselect(_("System type"), system_types_in(content.cases),
                                  format_func=system_type_name,
                                  placeholder=_("Any system type"), key="cases_system_type")
factor_names = {code: kb_text(f.name) for code, f in content.factors.items()}
cause = right.selectbox(_("Cause (risk factor)"), [None, *causes_in(content.cases)],
                        format_func=lambda c: _("(any)") if c is None else factor_names.get(c, c),
                        key="cases_cause")
origin = st.radio(_("Source"), list(ORIGINS), format_func=lambda o: _(ORIGIN_NAMES[o]),
                  horizontal=True, key="cases_origin")

cases = find_cases(content.cases, outcomes=outcomes, system_types=system_types, cause=cause,
                   origin=ORIGINS[origin])
st.caption(_("{shown} of {total} cases", shown=len(cases), total=len(content.cases)))
focus = st.query_params.get("case")
if not cases:
    st.info(_("No case matches these filters."))
for case in cases:
    title = (f"{case_name(case.organisation, case.year)} · "
             f"{system_type_name(case.system_type)} · {isolate(case.industry)} · "
             f"{code_label(case.outcome)}")
    with st.expander(title, expanded=case.id == focus):
        st.markdown(f"**{escape_markdown(kb_text(case.summary))}**")
        st.markdown(escape_markdown(kb_text(case.what_happened)))
        if case.system:
            st.markdown(_("**System:** {system}", system=isolate(escape_markdown(case.system))))
        if case.figures:
            st.dataframe([{_("figure"): kb_text(f.label), _("value"): kb_text(f.value)}
                          for f in case.figures], hide_index=True, width="stretch")
        if case.causes:
            heading = (_("**Causes (risk factors):**") if case.outcome is Outcome.FAILURE
                       else _("**Causes it overcame (risk factors):**"))
            st.markdown(heading + " " + _(", ").join(
                f"{escape_markdown(factor_names.get(c, c))} (`{c}`)" for c in case.causes))
        if case.success_factors:
            st.markdown(_("**What made it work**"))
            st.markdown("\n".join(f"- {escape_markdown(kb_text(s))}"
                                  for s in case.success_factors))
        if case.counter_of and case.counter_of in content.cases:
            st.markdown(_("Recovery after: {case}", case=(
                f"**{isolate(escape_markdown(content.cases[case.counter_of].organisation))}** "
                f"(`{case.counter_of}`)")))
        st.markdown(_("**Lessons**"))
        st.markdown("\n".join(f"- {escape_markdown(kb_text(lesson))}" for lesson in case.lessons))
        if case.mitigations:
            st.markdown(_("**What would have helped**"))
            st.markdown("\n".join(f"- {escape_markdown(kb_text(m.text))}"
                                  for m in case.mitigations))
        if case.notes:
            st.markdown(_("**Notes on the sources**"))
            st.markdown("\n".join(f"- {escape_markdown(kb_text(n))}" for n in case.notes))
        if case.source_urls:
            st.markdown(_("**Sources**"))
            st.markdown("\n".join(f"- <{url}>" for url in case.source_urls))
        caption = _("Case id {id}", id=f"`{case.id}`")
        if case.sources:
            caption += " · " + _("seed articles: {seeds}", seeds=_(", ").join(case.sources))
        st.caption(caption)
