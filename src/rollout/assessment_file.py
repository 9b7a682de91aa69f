"""Reading an assessment file (YAML or JSON) into a checked :class:`Assessment`.

Every problem is reported at once, each naming the field and saying how to fix it.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

from rollout import limits
from rollout.content.checks import check_answers, normalise_answer, retired_questions
from rollout.content.loader import Content
from rollout.domain.assessment import Assessment
from rollout.errors import InputError, map_validation
from rollout.i18n import Language
from rollout.i18n.dates import parse_date
from rollout.i18n.errors import LocalisedInputError
from rollout.i18n.normalise import normalise_document

_TYPE_HINTS = {"extra_forbidden": "unknown field; see docs/assessment-format.md for the fields"}

# Fields holding codes: compared, never read, so no zero-width character may hide in them.
CODE_FIELDS = frozenset({"preset", "country", "industry", "approach", "size", "strategy_theme",
                         "competitive_strategy", "customer_segments", "modules", "integrations",
                         "kind", "region"})
# Fields holding dates, which a Persian user may type in the Jalali calendar (1403/01/15).
DATE_FIELDS = frozenset({"start_date", "target_go_live", "start", "end"})


def _read_jalali_dates(value: Any) -> Any:
    """Dates typed in the Jalali calendar (or with Persian digits) as ISO dates; a date that
    does not read is left for validation to report."""
    if isinstance(value, list):
        return [_read_jalali_dates(v) for v in value]
    if not isinstance(value, dict):
        return value
    out = {}
    for key, item in value.items():
        if key in DATE_FIELDS and isinstance(item, str):
            with contextlib.suppress(LocalisedInputError):
                item = parse_date(item, Language.FA).isoformat()
        out[key] = _read_jalali_dates(item)
    return out


def normalised_input(data: dict[str, Any]) -> dict[str, Any]:
    """An assessment as a user typed it, made uniform (issue 13, item 6): Persian letters for
    the Arabic ي/ك, zero-width characters out of codes (kept inside words in names), numbers
    and dates written with Persian or Arabic digits read as numbers and dates, Jalali dates
    read as the Gregorian dates they are. Answers keep their question ids and codes."""
    normalised = normalise_document(data, identifier_keys=CODE_FIELDS)
    assert isinstance(normalised, dict)
    return {key: _read_jalali_dates(item) if key == "programme" else item
            for key, item in normalised.items()}

def load_assessment(path: Path, content: Content) -> Assessment:
    """Read and check an assessment file; raise InputError listing every problem."""
    source = str(path)
    data = limits.read_limited(Path(path), max_bytes=limits.MAX_ASSESSMENT_BYTES, source=source)
    return parse_assessment_bytes(data, content, source=source, default_name=Path(path).stem)


def parse_assessment_bytes(
    data: bytes, content: Content, *, source: str, default_name: str = "assessment"
) -> Assessment:
    """An uploaded or read file's bytes: size, encoding, shape, then the assessment itself."""
    limits.check_size(len(data), max_bytes=limits.MAX_ASSESSMENT_BYTES, source=source)
    text = limits.decode_text(data, source=source)
    return parse_assessment(text, content, source=source, default_name=default_name)


def parse_assessment(
    text: str, content: Content, *, source: str, default_name: str = "assessment"
) -> Assessment:
    if len(text) > limits.MAX_ASSESSMENT_BYTES:
        limits.check_size(len(text.encode("utf-8")), max_bytes=limits.MAX_ASSESSMENT_BYTES,
                          source=source)
    data = limits.parse_document(text, source=source, as_json=source.lower().endswith(".json"))
    return assessment_from_data(data, content, source=source, default_name=default_name)


def assessment_from_data(
    data: Any, content: Content, *, source: str, default_name: str = "assessment"
) -> Assessment:
    if not isinstance(data, dict):
        raise InputError(source, [("", "the file must hold a mapping with organisation, "
                                        "programme and answers")])
    data = normalised_input(dict(data))
    data.setdefault("name", default_name)
    with map_validation(source, hints=_TYPE_HINTS):
        assessment = Assessment.model_validate(data)
    problems = check_answers(assessment.answers, content.questions,
                             retired_questions(content.checklists))
    for i, season in enumerate(assessment.programme.peak_seasons):
        if season.preset is not None and season.preset not in content.presets:
            known = ", ".join(sorted(content.presets))
            problems.append((f"programme.peak_seasons[{i}]",
                             f"unknown peak-season preset {season.preset!r}; known: {known}"))
    if problems:
        raise InputError(source, problems)
    answers = {
        qid: normalise_answer(content.questions[qid], value)
        for qid, value in assessment.answers.items()
    }
    return assessment.with_answers(answers)
