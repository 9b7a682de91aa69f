"""Reading an assessment file (YAML or JSON) into a checked :class:`Assessment`.

Every problem is reported at once, each naming the field and saying how to fix it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from rollout.content.checks import check_answers, normalise_answer, retired_questions
from rollout.content.loader import Content
from rollout.content.yamlfile import parse_yaml
from rollout.domain.assessment import Assessment
from rollout.errors import ContentSyntaxError, InputError

_TYPE_HINTS = {
    "date_from_datetime_parsing": "write dates as YYYY-MM-DD",
    "date_parsing": "write dates as YYYY-MM-DD",
    "date_from_datetime_inexact": "write dates as YYYY-MM-DD",
    "extra_forbidden": "unknown field; see docs/assessment-format.md for the fields",
    "missing": "required field is missing",
}


def load_assessment(path: Path, content: Content) -> Assessment:
    """Read and check an assessment file; raise InputError listing every problem."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError(str(path), [("", "file not found")]) from None
    except (UnicodeDecodeError, IsADirectoryError) as exc:
        raise InputError(str(path), [("", f"cannot read the file: {exc}")]) from None
    return parse_assessment(text, content, source=str(path), default_name=Path(path).stem)


def parse_assessment(
    text: str, content: Content, *, source: str, default_name: str = "assessment"
) -> Assessment:
    data = _decode(text, source)
    return assessment_from_data(data, content, source=source, default_name=default_name)


def assessment_from_data(
    data: Any, content: Content, *, source: str, default_name: str = "assessment"
) -> Assessment:
    if not isinstance(data, dict):
        raise InputError(source, [("", "the file must hold a mapping with organisation, "
                                        "programme and answers")])
    data = dict(data)
    data.setdefault("name", default_name)
    try:
        assessment = Assessment.model_validate(data)
    except ValidationError as exc:
        raise InputError(source, [_problem(err) for err in exc.errors()]) from None
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


def _decode(text: str, source: str) -> Any:
    if source.lower().endswith(".json"):
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(source, [(f"line {exc.lineno}, column {exc.colno}",
                                       f"not valid JSON: {exc.msg}")]) from None
    try:
        return parse_yaml(text, source)
    except ContentSyntaxError as exc:
        raise InputError(source, [(exc.location, exc.message)]) from None


def _problem(err: Any) -> tuple[str, str]:
    loc = ""
    for part in err["loc"]:
        loc += f"[{part}]" if isinstance(part, int) else (("." if loc else "") + str(part))
    msg = _TYPE_HINTS.get(err["type"]) or str(err["msg"]).removeprefix("Value error, ")
    if err["type"].startswith("date") and "input" in err:
        msg = f"{err['input']!r} is not a valid date; {_TYPE_HINTS['date_parsing']}"
    return loc, msg
