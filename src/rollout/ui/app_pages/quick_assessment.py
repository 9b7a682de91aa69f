"""Quick assessment: score an assessment file, or a documented case's example, without saving."""

from __future__ import annotations

import datetime as dt

import streamlit as st

from rollout.errors import InputError, RolloutError
from rollout.escaping import escape_markdown, escape_markdown_block
from rollout.services import (
    assess,
    assessment_from_data,
    parse_assessment_bytes,
)
from rollout.ui.content_cache import cached_content
from rollout.ui.report_view import show_report

content = cached_content()
st.title("Quick assessment")
st.caption("Score an assessment file, or the reconstructed example of a documented case. "
           "Nothing is saved.")

source = st.radio("Assessment", ["Upload a file", "A documented case's example"],
                  horizontal=True, key="quick_source")
as_of = st.date_input("Report date", value=dt.date.today(), key="quick_at")

assessment = None
if source == "Upload a file":
    upload = st.file_uploader("Assessment file (YAML or JSON)", type=["yaml", "yml", "json"],
                              key="quick_upload")
    st.caption("The format is described in docs/assessment-format.md; `rollout cases --format json` "
               "prints complete examples.")
    if upload is not None:
        try:
            # Bytes in, every bound (size, encoding, aliases, depth) checked before parsing.
            assessment = parse_assessment_bytes(upload.getvalue(), content, source=upload.name,
                                                default_name=upload.name.rsplit(".", 1)[0])
        except InputError as exc:
            st.error(f"{escape_markdown(upload.name)} has {len(exc.problems)} problem(s); fix them "
                     f"and upload again:")
            st.markdown("\n".join(f"- {escape_markdown(loc or '(file)')}: {escape_markdown(msg)}"
                                  for loc, msg in exc.problems))
else:
    labels = {cid: f"{c.organisation} {c.year or ''} ({c.outcome.value})"
              for cid, c in content.cases.items()}
    chosen = st.selectbox("Case", list(labels), format_func=labels.__getitem__, key="quick_case")
    if chosen:
        case = content.cases[chosen]
        assessment = assessment_from_data(case.example, content, source=f"case {chosen}",
                                          default_name=chosen)

if assessment is not None:
    try:
        report = assess(assessment, content, at=as_of)
    except RolloutError as exc:
        st.error(escape_markdown_block(str(exc)))
    else:
        st.header(f"{escape_markdown(report.assessment)}: {escape_markdown(report.organisation)}")
        show_report(report, content, key="quick")
