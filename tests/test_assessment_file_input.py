"""Assessment files typed in Persian: letters, digits, zero-width characters and Jalali dates
are read as meant (issue 13, item 6)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from rollout.assessment_file import assessment_from_data
from rollout.content.loader import Content

ZWNJ, ZWSP = "\u200c", "\u200b"


def _example(content: Content) -> dict[str, Any]:
    data = dict(content.cases["hershey-1999"].example)
    data["organisation"] = dict(data["organisation"])
    data["programme"] = dict(data["programme"])
    return data


def test_arabic_letters_become_persian_and_zero_width_characters_leave_codes(
    content: Content,
) -> None:
    data = _example(content)
    data["name"] = "برنامه\u200cهاي فروش كشور"  # Arabic yeh and kaf, a ZWNJ inside a word
    data["organisation"]["country"] = "I" + ZWSP + "R"
    data["organisation"]["industry"] = "retail" + ZWNJ
    assessment = assessment_from_data(data, content, source="test")
    assert assessment.name == "برنامه\u200cهای فروش کشور"
    assert assessment.organisation.country == "IR"
    assert assessment.organisation.industry == "retail"


def test_numbers_and_dates_typed_with_persian_digits_or_in_jalali_are_read(
    content: Content,
) -> None:
    data = _example(content)
    data["programme"]["users_total"] = "۲٬۵۰۰"
    data["programme"]["hypercare_weeks"] = "٤"  # Arabic-Indic four
    data["programme"]["start_date"] = "۱۳۷۵/۰۹/۱۲"  # 2 December 1996
    data["programme"]["target_go_live"] = "1378/04/21"  # 12 July 1999
    assessment = assessment_from_data(data, content, source="test")
    assert assessment.programme.users_total == 2500
    assert assessment.programme.hypercare_weeks == 4
    assert assessment.programme.start_date == dt.date(1996, 12, 2)
    assert assessment.programme.target_go_live == dt.date(1999, 7, 12)


def test_a_name_written_with_persian_digits_keeps_them(content: Content) -> None:
    data = _example(content)
    data["name"] = "۱۴۰۳"
    assert assessment_from_data(data, content, source="test").name == "۱۴۰۳"
