"""Words for stable codes and report headings, in both languages."""

from __future__ import annotations

import pytest

from rollout.i18n import Language
from rollout.i18n.typography import check_persian
from rollout.i18n.vocabulary import (
    ReportHeading,
    band_label,
    decision_label,
    likelihood_times_impact,
    next_peak,
    peak_clash,
    report_byline,
    report_heading,
    report_title,
    top_risks_heading,
    unanswered_heading,
)

DECISIONS = ["go", "conditional", "no-go"]
BANDS = ["low", "medium", "high", "critical"]


def test_english_words_are_the_codes_and_persian_words_differ() -> None:
    assert [decision_label(d, Language.EN) for d in DECISIONS] == DECISIONS
    assert [band_label(b, Language.EN) for b in BANDS] == BANDS
    assert [decision_label(d, Language.FA) for d in DECISIONS] == ["اجرا", "اجرای مشروط", "توقف"]
    assert [band_label(b, Language.FA) for b in BANDS] == ["کم", "متوسط", "زیاد", "بحرانی"]


def test_an_unknown_code_is_shown_as_it_is() -> None:
    assert decision_label("maybe", Language.FA) == "maybe"
    assert band_label("severe", Language.FA) == "severe"


@pytest.mark.parametrize("heading", list(ReportHeading))
def test_every_heading_is_translated_into_correct_persian(heading: ReportHeading) -> None:
    persian = report_heading(heading, Language.FA)
    assert persian != report_heading(heading, Language.EN)
    assert check_persian(persian) == []


def test_report_sentences_fill_numbers_in_the_digits_asked_for() -> None:
    assert top_risks_heading(8, 23, Language.EN) == "Top risks (8 of 23)"
    assert top_risks_heading(1, 23, Language.EN) == "Top risk (1 of 23)"
    assert top_risks_heading(8, 23, Language.FA, digits="persian") == "مهم\u200cترین ریسک\u200cها (۸ از ۲۳)"
    assert unanswered_heading(1, Language.EN) == "1 unanswered question, counted as risk"
    assert unanswered_heading(12, Language.FA, digits="persian").startswith("۱۲ پرسش بی\u200cپاسخ")
    assert likelihood_times_impact(3, 4, Language.FA, digits="persian") == "احتمال ۳ × اثر ۴"


def test_report_title_byline_and_peak_sentences() -> None:
    assert report_title("Q3", Language.FA) == "گزارش آمادگی: Q3"
    assert report_byline("Acme", "3 April 2024", "2.1", Language.EN) == "Acme, as of 3 April 2024, engine 2.1"
    assert report_byline("آکمه", "۱۵ فروردین ۱۴۰۳", "2.1", Language.FA) == \
        "آکمه، به تاریخ ۱۵ فروردین ۱۴۰۳، نسخهٔ موتور 2.1"
    assert peak_clash("1 Mar", "Nowruz", "7 Mar", "3 Apr", 2, Language.EN) == (
        "Go-live 1 Mar falls in the peak period of Nowruz (7 Mar to 3 Apr, with a 2-week buffer before it)")
    persian = next_peak("۱ اسفند", "نوروز", "۱۰ اسفند", 3, Language.FA, digits="persian")
    assert "(۳ هفته بعد)" in persian and check_persian(persian) == []
    assert next_peak("1 Feb", "Nowruz", "1 Mar", 1, Language.EN).endswith("(1 week later)")


# One Persian word per concept across the knowledge base and the catalogue (issue 13): the
# rejected variant is named with the word to use instead.
_REJECTED_VARIANTS = {
    # "site": «سایت» reads as a website to Persian readers («وب‌سایت» stays allowed).
    r"(?<!وب\u200c)سایت": "محل فعالیت / محل‌های فعالیت",
    # "executive sponsor": the loanword in brackets was only in some cases.
    r"اسپانسر": "حامی اجرایی",
}


def _persian_texts() -> list[tuple[str, str]]:
    from pathlib import Path

    from babel.messages.pofile import read_po

    root = Path(__file__).resolve().parents[2]
    texts = [(str(path.relative_to(root)), path.read_text(encoding="utf-8"))
             for folder in ("checklists", "playbooks")
             for path in sorted((root / folder).rglob("*.yaml"))]
    po = root / "src/rollout/i18n/locale/fa/LC_MESSAGES/messages.po"
    with po.open("rb") as handle:
        for message in read_po(handle):
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            texts += [(f"messages.po: {message.id!r}", str(s)) for s in strings if s]
    return texts


@pytest.mark.parametrize("rejected", sorted(_REJECTED_VARIANTS))
def test_the_knowledge_base_and_catalogue_use_one_word_per_concept(rejected: str) -> None:
    import re

    pattern = re.compile(rejected)
    offenders = [where for where, text in _persian_texts() if pattern.search(text)]
    assert offenders == [], f"use «{_REJECTED_VARIANTS[rejected]}» instead in {offenders}"


def test_the_vocabulary_check_catches_the_rejected_variants() -> None:
    import re

    samples = {r"(?<!وب\u200c)سایت": ("سایت‌ها و مشتریان", "وب\u200cسایت بانک"),
               r"اسپانسر": ("حامی اجرایی (اسپانسر)", "حامی اجرایی")}
    for rejected, (bad, good) in samples.items():
        assert re.search(rejected, bad) and not re.search(rejected, good)
