"""The Persian typography checker: each rule on a bad and a good example."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rollout.i18n.typography import TypographyCode, check_persian

ZWNJ = "\u200c"


@pytest.mark.parametrize(("bad", "code", "good"), [
    ("این كار", TypographyCode.ARABIC_LETTER, "این کار"),
    ("علي", TypographyCode.ARABIC_LETTER, "علی"),
    ("این کار انجام می شود", TypographyCode.VERB_PREFIX_SPACE, f"این کار انجام می{ZWNJ}شود"),
    ("نمی توان گفت", TypographyCode.VERB_PREFIX_SPACE, f"نمی{ZWNJ}توان گفت"),
    ("پروژه شکست میخورد", TypographyCode.VERB_PREFIX_JOINED, f"پروژه شکست می{ZWNJ}خورد"),
    ("این کار میشود", TypographyCode.VERB_PREFIX_JOINED, f"این کار می{ZWNJ}شود"),
    ("نمیتوان", TypographyCode.VERB_PREFIX_JOINED, f"نمی{ZWNJ}توان"),
    ("برنامه ها", TypographyCode.PLURAL_SPACE, f"برنامه{ZWNJ}ها"),
    ("ریسک های اصلی", TypographyCode.PLURAL_SPACE, f"ریسک{ZWNJ}های اصلی"),
    ("برنامهها", TypographyCode.PLURAL_JOINED_AFTER_HEH, f"برنامه{ZWNJ}ها"),
    ("مهم تر", TypographyCode.COMPARATIVE_SPACE, f"مهم{ZWNJ}تر"),
    ("بزرگ ترین ریسک", TypographyCode.COMPARATIVE_SPACE, f"بزرگ{ZWNJ}ترین ریسک"),
    ("برنامه ای تازه", TypographyCode.INDEFINITE_SPACE, f"برنامه{ZWNJ}ای تازه"),
    ("چرخه ی عمر", TypographyCode.INDEFINITE_SPACE, "چرخهٔ عمر"),
    ("آماده, نیست", TypographyCode.LATIN_PUNCTUATION, "آماده، نیست"),
    ("آماده است?", TypographyCode.LATIN_PUNCTUATION, "آماده است؟"),
    ("اول; دوم", TypographyCode.LATIN_PUNCTUATION, "اول؛ دوم"),
    ('گفت "آری"', TypographyCode.LATIN_QUOTES, "گفت «آری»"),
    ("گفت “آری”", TypographyCode.LATIN_QUOTES, "گفت «آری»"),
    ("گفت 'آری'", TypographyCode.LATIN_QUOTES, "گفت «آری»"),
    ("اول ، دوم", TypographyCode.SPACE_BEFORE_PUNCTUATION, "اول، دوم"),
    ("اول،دوم", TypographyCode.NO_SPACE_AFTER_PUNCTUATION, "اول، دوم"),
])
def test_each_rule_flags_the_bad_form_and_passes_the_good(bad: str, code: TypographyCode, good: str) -> None:
    assert code in {problem.code for problem in check_persian(bad)}
    assert check_persian(good) == []


@pytest.mark.parametrize("text", [
    "میدان", "میز کار", "میوه", "تنها", "رها کردن", "CRM, ERP", "O'Brien", "", "{count}, {total}",
    f"({'{count}'})، که", "سامانهٔ CRM، ERP و BI", "شماره ۱,۰۰۰", "Rollout 1.0?",
    f"مدیریت تغییر، بخش{ZWNJ}بندی مشتریان و سفر مشتری؛ «مشتری{ZWNJ}مداری» چیست؟",
])
def test_correct_persian_and_non_persian_text_is_not_flagged(text: str) -> None:
    assert check_persian(text) == []


def test_a_problem_says_where_what_and_how_to_fix() -> None:
    [problem] = check_persian("این کار می شود")
    assert problem.offset == 8 and problem.found == "می "
    assert "می\u200cشود" in problem.advice
    assert str(problem).startswith("verb-prefix-space at 8")


def test_placeholders_are_not_checked() -> None:
    assert check_persian("{value} عدد نیست") == []
    assert check_persian('{a"b} عدد نیست') == []


def test_problems_come_in_order_of_position() -> None:
    offsets = [p.offset for p in check_persian("كتاب ها, و میشود")]
    assert offsets == sorted(offsets) and len(offsets) == 4


@given(st.text(alphabet=st.sampled_from([*"ابپتکگمنوهیيكى ،؛؟,;?\"'«»{}x", ZWNJ]), max_size=40))
def test_every_problem_points_at_what_it_found(text: str) -> None:
    for problem in check_persian(text):
        assert text[problem.offset:problem.offset + len(problem.found)] == problem.found
