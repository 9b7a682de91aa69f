"""Case library: the documented CRM rollouts, what happened, their figures, causes and lessons."""

from __future__ import annotations

import streamlit as st

from rollout.content.schema import text_in
from rollout.ui.content_cache import cached_content

content = cached_content()
st.title("Case library")
st.caption("The documented CRM rollouts Rollout compares every assessment with: failures, and the "
           "two recorded recoveries that show what changed.")

outcomes = sorted({c.outcome.value for c in content.cases.values()})
shown = st.multiselect("Outcome", outcomes, default=outcomes, key="cases_outcome")
factor_names = {code: text_in(f.name) for code, f in content.factors.items()}
by_factor = st.selectbox("Caused by risk factor", ["(any)", *sorted(factor_names)],
                         format_func=lambda c: factor_names.get(c, c), key="cases_factor")

cases = [c for c in content.cases.values()
         if c.outcome.value in shown and (by_factor == "(any)" or by_factor in c.causes)]
cases.sort(key=lambda c: (c.outcome.value != "failure", c.year or 9999, c.id))
focus = st.query_params.get("case")
if not cases:
    st.info("No case matches these filters.")
for case in cases:
    title = f"{case.organisation} {case.year or ''} · {case.industry} · {case.outcome.value}"
    with st.expander(title, expanded=case.id == focus):
        st.markdown(f"**{text_in(case.summary)}**")
        st.write(text_in(case.what_happened))
        if case.figures:
            st.dataframe([{"figure": text_in(f.label), "value": f.value} for f in case.figures],
                         hide_index=True, width="stretch")
        st.markdown("**Causes (risk factors):** " + ", ".join(
            f"{factor_names.get(c, c)} (`{c}`)" for c in case.causes))
        if case.counter_of and case.counter_of in content.cases:
            st.markdown(f"Recovery after: **{content.cases[case.counter_of].organisation}** "
                        f"(`{case.counter_of}`)")
        st.markdown("**Lessons**")
        st.markdown("\n".join(f"- {text_in(lesson)}" for lesson in case.lessons))
        if case.mitigations:
            st.markdown("**What would have helped**")
            st.markdown("\n".join(f"- {text_in(m.text)}" for m in case.mitigations))
        st.caption("Case id `" + case.id + "` · sources: " + ", ".join(case.sources))
