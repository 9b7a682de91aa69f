"""docs/knowledge-ids.md, rendered from the knowledge base so that it cannot drift.

``python -m rollout.content.knowledge_ids > docs/knowledge-ids.md`` rewrites it; a test fails when
the committed file differs from what the content says.
"""

from __future__ import annotations

import sys
import textwrap
from collections.abc import Iterable
from typing import Any

from rollout.content.loader import Content, load_default_content
from rollout.content.schema import (
    AllOf,
    AnswerType,
    AnyOf,
    Comparison,
    Not,
    Op,
    PeakPreset,
    Question,
    text_in,
)

_OP_WORDS = {Op.EQ: "eq", Op.NE: "ne", Op.LT: "lt", Op.LE: "le", Op.GT: "gt", Op.GE: "ge",
             Op.IN: "in", Op.NOT_IN: "not in", Op.CONTAINS: "contains", Op.BETWEEN: "between",
             Op.ANSWERED: "answered", Op.UNANSWERED: "unanswered"}


def _value(value: Any) -> str:
    if isinstance(value, list):
        return "[" + ", ".join(_value(v) for v in value) + "]"
    if isinstance(value, bool):
        return str(value).lower()
    return str(value)


def describe_condition(cond: Any) -> str:
    """A condition in one line, as the knowledge-ids document shows it."""
    if isinstance(cond, Comparison):
        subject = cond.answer if cond.answer is not None else f"fact {cond.fact}"
        if cond.op in (Op.ANSWERED, Op.UNANSWERED):
            return f"{subject} {_OP_WORDS[cond.op]}"
        return f"{subject} {_OP_WORDS[cond.op]} {_value(cond.value)}"
    if isinstance(cond, AllOf):
        return " AND ".join(_grouped(c) for c in cond.all)
    if isinstance(cond, AnyOf):
        return " OR ".join(_grouped(c) for c in cond.any)
    if isinstance(cond, Not):
        return f"NOT {_grouped(cond.not_)}"
    raise TypeError(type(cond).__name__)


def _grouped(cond: Any) -> str:
    text = describe_condition(cond)
    return f"({text})" if isinstance(cond, AllOf | AnyOf) else text


def _question_kind(q: Question) -> str:
    if q.type is AnswerType.YES_NO:
        kind = "yes_no" + (", good: no" if q.good == "no" else "")
    elif q.type is AnswerType.SCALE:
        kind = "scale 1-5"
    elif q.type is AnswerType.NUMBER:
        steps = ", ".join(f"{t.min:g}->{t.adequacy:g}" for t in q.thresholds)
        kind = f"number ({text_in(q.unit) if q.unit else 'value'}; {steps})"
    elif q.type is AnswerType.DATE:
        kind = "date (weight 0, informational)"
    else:
        options = ", ".join(f"{o.value}({o.adequacy:g})" for o in q.options)
        kind = f"{q.type.value}: {options}"
    if q.may_not_apply:
        kind += ", may be not_applicable"
    return kind


def _wrapped(items: Iterable[str]) -> list[str]:
    return textwrap.wrap(", ".join(items), 100, break_on_hyphens=False)


def _preset_line(preset: PeakPreset) -> str:
    where = f"country {', '.join(preset.countries)}; " if preset.countries else ""
    windows = ", ".join(text_in(w.name) for w in preset.windows)
    return (f"{preset.id} ({where}{', '.join(preset.industries)}; peak of: "
            f"{preset.peak_of.value}): {windows}")


def render_knowledge_ids(content: Content) -> str:
    """The whole document."""
    from rollout.content.facts import FACTS

    out: list[str] = [
        "# Knowledge-base ids (binding for every helper; do not rename)",
        "",
        "<!-- Generated from checklists/ and playbooks/ by `python -m rollout.content.knowledge_ids",
        "     > docs/knowledge-ids.md`; tests/content/test_knowledge_ids_doc.py fails when it differs. -->",
        "",
        "## Dimensions (one file each: checklists/<id>.yaml; question id prefix in brackets)",
    ]
    for checklist in content.checklists:
        prefix = checklist.questions[0].id.split(".")[0]
        out.append(f"{checklist.id} [{prefix}.] weight {checklist.weight:g}")
    out += ["", "## Risk factor codes (playbooks/risk-factors.yaml) -> home dimension"]
    out += [f"{f.code} -> {f.dimension}" for f in content.factors.values()]
    out += ["", "## Questions (id | type | feeds factors). yes_no answers: yes/partial/no/unknown."]
    for checklist in content.checklists:
        for q in checklist.questions:
            out.append(f"{q.id} | {_question_kind(q)} | {', '.join(q.factors) or '(none)'}")
    out += ["", "## Retired question ids (never reused; answers to them are not accepted)"]
    for checklist in content.checklists:
        for r in checklist.retired:
            instead = ", ".join(r.replaced_by) or "computed from the programme's dates"
            out.append(f"{r.id} -> {instead}")
    out += ["", "## Gate codes (playbooks/gates.yaml): hard gates -> verdict no-go"]
    out += [f"{g.code} ({describe_condition(g.when)})" for g in content.gates.values()]
    out += ["", "## Plan action codes (playbooks/actions.yaml) that mitigations may name"]
    out += _wrapped(content.actions)
    seeds = [c for c in content.cases.values() if c.from_seeds]
    public = [c for c in content.cases.values() if not c.from_seeds]
    out += ["", "## Case ids (playbooks/cases/<id>.yaml)", "From the seed articles:"]
    out += _wrapped(f"{c.id} ({c.outcome.value}"
                    + (f", counter_of: {c.counter_of})" if c.counter_of else ")") for c in seeds)
    out += ["From public record:"]
    out += _wrapped(f"{c.id} ({c.outcome.value}, {c.system_type.value})" for c in public)
    out += ["", "## Facts usable in conditions (`fact:`), see src/rollout/content/facts.py"]
    out += _wrapped(FACTS)
    out += ["", "## Peak-season preset ids (playbooks/calendars/peak-seasons.yaml); an assessment's",
            "## programme.peak_seasons may name them (`- confectionery` or `{name: ..., preset: "
            "confectionery}`)"]
    out += [_preset_line(p) for p in content.presets.values()]
    return "\n".join(out) + "\n"


if __name__ == "__main__":  # pragma: no cover - a maintenance command
    sys.stdout.write(render_knowledge_ids(load_default_content()))
