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
from rollout.ui.date_input import jalali_date_input
from rollout.ui.report_view import show_report
from rollout.ui.translation import (
    _,
    case_name,
    code_label,
    current_digits,
    isolate,
    language,
    ngettext,
)

content = cached_content()
st.title(_("Quick assessment"))
st.caption(_("Score an assessment file, or the reconstructed example of a documented case. "
             "Nothing is saved."))

SOURCES = {"upload": _("Upload a file"), "case": _("A documented case's example")}
source = st.radio(_("Assessment"), list(SOURCES), format_func=SOURCES.__getitem__,
                  horizontal=True, key="quick_source")
as_of = jalali_date_input(_("Report date"), language=language(), value=dt.date.today(),
                          key="quick_at", digits=current_digits()) or dt.date.today()

assessment = None
if source == "upload":
    upload = st.file_uploader(_("Assessment file (YAML or JSON)"), type=["yaml", "yml", "json"],
                              key="quick_upload")
    st.caption(_("The format is described in {document}; {command} prints complete examples.",
                 document="`docs/assessment-format.md`",
                 command="`rollout cases --format json`"))
    if upload is not None:
        try:
            # Bytes in, every bound (size, encoding, aliases, depth) checked before parsing.
            assessment = parse_assessment_bytes(upload.getvalue(), content, source=upload.name,
                                                default_name=upload.name.rsplit(".", 1)[0])
        except InputError as exc:
            st.error(ngettext("{file} has {count} problem; fix it and upload again:",
                              "{file} has {count} problems; fix them and upload again:",
                              len(exc.problems), file=isolate(escape_markdown(upload.name))))
            whole_file = _("(file)")
            st.markdown("\n".join(f"- {escape_markdown(loc or whole_file)}: {escape_markdown(msg)}"
                                  for loc, msg in exc.problems))
else:
    labels = {cid: f"{case_name(c.organisation, c.year)} ({code_label(c.outcome)})"
              for cid, c in content.cases.items()}
    chosen = st.selectbox(_("Case"), list(labels), format_func=labels.__getitem__,
                          key="quick_case")
    if chosen:
        case = content.cases[chosen]
        assessment = assessment_from_data(case.example_in(language().value), content,
                                          source=f"case {chosen}",
                                          default_name=chosen)

if assessment is not None:
    try:
        report = assess(assessment, content, at=as_of)
    except RolloutError as exc:
        st.error(escape_markdown_block(str(exc)))
    else:
        st.header(f"{escape_markdown(report.assessment)}: {escape_markdown(report.organisation)}")
        show_report(report, content, key="quick")
