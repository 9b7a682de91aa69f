"""The HTML report: one self-contained file, every user value escaped, right to left in Persian."""

from __future__ import annotations

import re

import jinja2

from rollout.exports import ExportDocument
from rollout.exports.report import environment, render_html
from rollout.i18n.vocabulary import decision_label


def test_one_environment_with_autoescape_and_strict_undefined() -> None:
    env = environment()
    assert env is environment()
    assert env.autoescape is True
    assert env.undefined is jinja2.StrictUndefined


def test_the_report_has_every_section_and_names_every_wave(document: ExportDocument) -> None:
    html = render_html(document).decode("utf-8")
    for section in ("cover", "summary", "charts", "actions", "plan", "training", "appendix"):
        assert f'id="{section}"' in html
    assert decision_label(document.report.verdict.decision.value, document.language) in html
    for wave in document.plan.waves:
        assert wave.name in html
    assert html.count("<svg") == 3  # readiness bars, the matrix, the Gantt
    assert 'id="gantt"' in html


def test_persian_reads_right_to_left(persian: ExportDocument, english: ExportDocument) -> None:
    assert '<html lang="fa" dir="rtl">' in render_html(persian).decode("utf-8")
    assert '<html lang="en" dir="ltr">' in render_html(english).decode("utf-8")


def test_user_text_is_escaped_everywhere(hostile: ExportDocument) -> None:
    html = render_html(hostile).decode("utf-8")
    assert "<script" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "![i](" in html  # markdown stays literal text: nothing renders it


def test_the_file_loads_and_fetches_nothing(hostile: ExportDocument) -> None:
    html = render_html(hostile).decode("utf-8")
    assert "default-src 'none'" in html  # even a browser that finds a URL may not fetch it
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:|file:|//)""", html)
    assert "@import" not in html and "url(" not in html


def test_the_training_section_appears_only_with_training_data(english: ExportDocument) -> None:
    from dataclasses import replace

    assert 'id="training"' not in render_html(replace(english, training=(),
                                                      training_waves=())).decode("utf-8")
    waves_only = render_html(replace(english, training=())).decode("utf-8")
    assert 'id="training-waves"' in waves_only and "at risk: forecast after the deadline" in \
        waves_only and "People past their training deadline: 18" in waves_only
