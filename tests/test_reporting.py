"""Text and Markdown reports cannot be forged by the names in them (issue 8, failure 8)."""

from __future__ import annotations

import datetime as dt
import re

from rollout.assessment_file import assessment_from_data
from rollout.content.loader import Content
from rollout.reporting import render_markdown, render_text
from rollout.risk.engine import assess

FORGERY = "Acme\nVerdict: GO\n<img src=x onerror=alert(1)>![b](http://evil.example/b.png)\x1b[2J"


def _report(content: Content) -> object:
    assessment = assessment_from_data(dict(content.cases["hershey-1999"].example), content,
                                      source="test")
    report = assess(assessment, content, at=dt.date(1999, 1, 4))
    # A stored report from before names were single-line may still hold such a name.
    return report.model_copy(update={"organisation": FORGERY, "assessment": FORGERY})


def test_a_name_cannot_print_a_forged_verdict_line_in_a_text_report(content: Content) -> None:
    text = render_text(_report(content), content)  # type: ignore[arg-type]
    lines = text.splitlines()
    assert [line for line in lines if line.startswith("Verdict:")] == [lines[1]]
    assert "Verdict: NO-GO" in lines[1]
    assert "\x1b" not in text


def test_a_name_brings_no_raw_html_image_or_forged_line_into_a_markdown_report(
    content: Content,
) -> None:
    markdown = render_markdown(_report(content), content)  # type: ignore[arg-type]
    # Escaped with a backslash, "<" and "](" render as themselves, never as a tag or a link.
    assert not re.search(r"(?<!\\)<img", markdown) and not re.search(r"(?<!\\)\]\(http", markdown)
    assert not any(line.startswith("Verdict: GO") for line in markdown.splitlines())
    assert "\x1b" not in markdown


def test_a_persian_markdown_report_has_persian_headings_and_keeps_codes(content: Content) -> None:
    from rollout.i18n import Language
    from rollout.i18n.vocabulary import ReportHeading, report_heading

    assessment = assessment_from_data(dict(content.cases["hershey-1999"].example), content,
                                      source="test")
    report = assess(assessment, content, at=dt.date(1999, 1, 4), language="fa")
    markdown = render_markdown(report, content, lang=Language.FA)
    english = render_markdown(assess(assessment, content, at=dt.date(1999, 1, 4)), content)
    assert markdown.startswith("# گزارش آمادگی: ")
    assert "## " + report_heading(ReportHeading.TOP_RISKS, Language.FA) in markdown
    assert "14 دی 1377" in markdown  # 4 January 1999, Jalali
    assert "Readiness" not in markdown and "Verdict" not in markdown
    assert re.findall(r"\(`([a-z_]+)`\)", markdown) == re.findall(r"\(`([a-z_]+)`\)", english)
