"""Case library: the documented rollouts, what happened, their figures, causes and lessons."""

from __future__ import annotations

import streamlit as st

from rollout.content.schema import Outcome, SystemType, text_in
from rollout.escaping import escape_markdown
from rollout.services import Origin, causes_in, find_cases, system_types_in
from rollout.ui.content_cache import cached_content

SYSTEM_TYPE_NAMES = {
    SystemType.CRM: "CRM",
    SystemType.BILLING_CIS: "Billing and customer information",
    SystemType.CORE_BANKING: "Core banking",
    SystemType.CASE_MANAGEMENT: "Case management",
    SystemType.ELIGIBILITY_CONTACT_CENTRE: "Eligibility and contact centre",
    SystemType.CUSTOMER_PORTAL: "Customer portal",
    SystemType.ERP: "ERP",
    SystemType.TAX_ADMINISTRATION: "Tax administration",
    SystemType.EHR_PATIENT_PORTAL: "Health record and patient portal",
}
ORIGINS: dict[str, Origin | None] = {"(any)": None, "The seed articles": "seeds",
                                     "Public record": "public_record"}

content = cached_content()
st.title("Case library")
st.caption("The documented rollouts Rollout compares every assessment with: the seed articles' "
           "failures and recoveries, and documented public outcomes (failures, successes and "
           "recoveries of CRM, billing, core-banking, ERP and other customer-facing systems).")
st.caption("How often CRM projects fail, as the seed articles report it: about one third (CIO, "
           "2017, averaging studies that ranged from 18 % to 69 %); Harvard Business Review "
           "(2018) put it at 90 %.")

left, middle, right = st.columns(3)
outcomes = left.multiselect("Outcome", list(Outcome), default=list(Outcome),
                            format_func=lambda o: o.value, key="cases_outcome")
system_types = middle.multiselect("System type", system_types_in(content.cases),
                                  format_func=lambda t: SYSTEM_TYPE_NAMES[t],
                                  placeholder="Any system type", key="cases_system_type")
factor_names = {code: text_in(f.name) for code, f in content.factors.items()}
cause = right.selectbox("Cause (risk factor)", [None, *causes_in(content.cases)],
                        format_func=lambda c: "(any)" if c is None else factor_names.get(c, c),
                        key="cases_cause")
origin_label = st.radio("Source", list(ORIGINS), horizontal=True, key="cases_origin")

cases = find_cases(content.cases, outcomes=outcomes, system_types=system_types, cause=cause,
                   origin=ORIGINS[origin_label])
st.caption(f"{len(cases)} of {len(content.cases)} cases")
focus = st.query_params.get("case")
if not cases:
    st.info("No case matches these filters.")
for case in cases:
    title = (f"{case.organisation} {case.year or ''} · {SYSTEM_TYPE_NAMES[case.system_type]} · "
             f"{case.industry} · {case.outcome.value}")
    with st.expander(title, expanded=case.id == focus):
        st.markdown(f"**{escape_markdown(text_in(case.summary))}**")
        st.markdown(escape_markdown(text_in(case.what_happened)))
        if case.system:
            st.markdown(f"**System:** {escape_markdown(case.system)}")
        if case.figures:
            st.dataframe([{"figure": text_in(f.label), "value": text_in(f.value)} for f in case.figures],
                         hide_index=True, width="stretch")
        if case.causes:
            heading = "Causes" if case.outcome is Outcome.FAILURE else "Causes it overcame"
            st.markdown(f"**{heading} (risk factors):** " + ", ".join(
                f"{escape_markdown(factor_names.get(c, c))} (`{c}`)" for c in case.causes))
        if case.success_factors:
            st.markdown("**What made it work**")
            st.markdown("\n".join(f"- {escape_markdown(text_in(s))}"
                                  for s in case.success_factors))
        if case.counter_of and case.counter_of in content.cases:
            st.markdown(f"Recovery after: **{escape_markdown(content.cases[case.counter_of].organisation)}** "
                        f"(`{case.counter_of}`)")
        st.markdown("**Lessons**")
        st.markdown("\n".join(f"- {escape_markdown(text_in(lesson))}" for lesson in case.lessons))
        if case.mitigations:
            st.markdown("**What would have helped**")
            st.markdown("\n".join(f"- {escape_markdown(text_in(m.text))}" for m in case.mitigations))
        if case.notes:
            st.markdown("**Notes on the sources**")
            st.markdown("\n".join(f"- {escape_markdown(text_in(n))}" for n in case.notes))
        if case.source_urls:
            st.markdown("**Sources**")
            st.markdown("\n".join(f"- <{url}>" for url in case.source_urls))
        caption = "Case id `" + case.id + "`"
        if case.sources:
            caption += " · seed articles: " + ", ".join(case.sources)
        st.caption(caption)
