"""Reading an assessment file (YAML or JSON) into a checked :class:`Assessment`.

Every problem is reported at once, each naming the field and saying how to fix it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rollout import limits
from rollout.content.loader import Content
from rollout.domain.assessment import Assessment
from rollout.errors import InputError, map_validation
from rollout.risk.answers import check_answers, normalise_answer

_TYPE_HINTS = {"extra_forbidden": "unknown field; see docs/assessment-format.md for the fields"}

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
    data = dict(data)
    data.setdefault("name", default_name)
    with map_validation(source, hints=_TYPE_HINTS):
        assessment = Assessment.model_validate(data)
    problems = check_answers(assessment.answers, content.questions)
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
