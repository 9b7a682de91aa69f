"""Loading the knowledge base: every file becomes a typed object, then cross-file checks run.

Layout (relative to the content root, by default the repository root or ``ROLLOUT_CONTENT_DIR``)::

    checklists/<dimension id>.yaml       Checklist
    playbooks/risk-factors.yaml          RiskFactorCatalogue
    playbooks/gates.yaml                 GateCatalogue
    playbooks/actions.yaml               ActionCatalogue
    playbooks/calendars/peak-seasons.yaml  PeakPresetCatalogue
    playbooks/cases/<case id>.yaml       Case

``collect_content`` gathers every error it can find (for ``rollout validate``);
``load_content`` raises the first one.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from rollout.content.checks import check_answers, condition_problems
from rollout.content.schema import (
    ActionCatalogue,
    Case,
    Checklist,
    Condition,
    Gate,
    GateCatalogue,
    PeakPreset,
    PeakPresetCatalogue,
    PlanAction,
    Question,
    RiskFactor,
    RiskFactorCatalogue,
)
from rollout.content.yamlfile import read_yaml
from rollout.domain.assessment import Assessment
from rollout.errors import (
    BrokenReferenceError,
    ContentError,
    ContentSchemaError,
    DuplicateIdError,
    InputError,
)

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True, eq=False)
class Content:
    """The whole knowledge base, validated and cross-checked."""

    root: Path
    checklists: tuple[Checklist, ...]
    questions: Mapping[str, Question]
    question_dimension: Mapping[str, str]
    factors: Mapping[str, RiskFactor]
    gates: Mapping[str, Gate]
    actions: Mapping[str, PlanAction]
    cases: Mapping[str, Case]
    presets: Mapping[str, PeakPreset]
    sources: Mapping[str, Path] = field(default_factory=dict)  # object id -> file

    def dimension(self, dimension_id: str) -> Checklist:
        return next(c for c in self.checklists if c.id == dimension_id)


def default_root() -> Path:
    env = os.environ.get("ROLLOUT_CONTENT_DIR")
    if env:
        return Path(env)
    # src/rollout/content/loader.py -> the repository root holds checklists/ and playbooks/
    return Path(__file__).resolve().parents[3]


def load_content(root: Path | None = None) -> Content:
    """Load and check the knowledge base; raise the first ContentError found.

    The checked knowledge base is cached between processes (see ``rollout.content.cache``):
    when no content file and no module changed since, it is read back instead of parsed.
    """
    from rollout.content import cache

    root = Path(root) if root is not None else default_root()
    directory = cache.cache_dir()
    if directory is not None:
        try:
            key = cache.content_key(root)
        except OSError:
            directory = None  # e.g. a file vanished while listing: load without the cache
        else:
            path = cache.cache_file(directory, root)
            cached = cache.read(path, key)
            if isinstance(cached, Content):
                return cached
    content, errors = collect_content(root)
    if errors:
        raise errors[0]
    assert content is not None
    if directory is not None:
        cache.write(path, key, content)
    return content


@cache
def load_default_content() -> Content:
    """The shipped knowledge base, loaded once per process (it is immutable)."""
    return load_content()


class _Collector:
    def __init__(self) -> None:
        self.errors: list[ContentError] = []

    def parse(self, path: Path, model: type[M]) -> M | None:
        try:
            data = read_yaml(path)
        except ContentError as exc:
            self.errors.append(exc)
            return None
        if not isinstance(data, dict):
            self.errors.append(ContentSchemaError(path, "", "the file must hold a mapping"))
            return None
        try:
            return model.model_validate(data)
        except ValidationError as exc:
            for err in exc.errors():
                loc = _format_loc(err["loc"])
                self.errors.append(ContentSchemaError(path, loc, _format_msg(err)))
            return None

    def add(self, error: ContentError) -> None:
        self.errors.append(error)


def _format_loc(loc: Iterable[Any]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part in ("comparison", "all", "any", "not") and out and not out.endswith("]"):
            # pydantic's union tags; keep "all"/"any"/"not" which are also real keys
            out += "" if part == "comparison" else f".{part}"
        else:
            out += ("." if out else "") + str(part)
    return out


def _format_msg(err: Any) -> str:
    if err["type"] == "extra_forbidden":
        return "unknown key; check the spelling against docs/content.md"
    if err["type"] == "missing":
        return "required key is missing"
    msg = str(err["msg"])
    return msg.removeprefix("Value error, ")


def collect_content(root: Path | None = None) -> tuple[Content | None, list[ContentError]]:
    """Load everything, collecting every error. Content is None when any error was found."""
    root = Path(root) if root is not None else default_root()
    col = _Collector()
    sources: dict[str, Path] = {}

    checklist_dir = root / "checklists"
    playbook_dir = root / "playbooks"
    for required in (checklist_dir, playbook_dir):
        if not required.is_dir():
            col.add(ContentSchemaError(required, "", "folder not found; is the content root right?"))
    if col.errors:
        return None, col.errors

    checklists: list[Checklist] = []
    for path in sorted(checklist_dir.glob("*.yaml")):
        checklist = col.parse(path, Checklist)
        if checklist is None:
            continue
        if checklist.id != path.stem:
            col.add(ContentSchemaError(path, "id", f"id {checklist.id!r} must equal the file "
                                                   f"name {path.stem!r}"))
        checklists.append(checklist)
        sources[f"checklist:{checklist.id}"] = path
    checklists.sort(key=lambda c: (c.order, c.id))

    def single(name: str, model: type[M]) -> M | None:
        path = playbook_dir / name
        if not path.is_file():
            col.add(ContentSchemaError(path, "", "file not found"))
            return None
        return col.parse(path, model)

    factor_cat = single("risk-factors.yaml", RiskFactorCatalogue)
    gate_cat = single("gates.yaml", GateCatalogue)
    action_cat = single("actions.yaml", ActionCatalogue)
    preset_cat = single("calendars/peak-seasons.yaml", PeakPresetCatalogue)

    cases: list[tuple[Path, Case]] = []
    for path in sorted((playbook_dir / "cases").glob("*.yaml")):
        case = col.parse(path, Case)
        if case is None:
            continue
        if case.id != path.stem:
            col.add(ContentSchemaError(path, "id", f"id {case.id!r} must equal the file name "
                                                   f"{path.stem!r}"))
        cases.append((path, case))

    # --- uniqueness ---
    questions: dict[str, Question] = {}
    question_dimension: dict[str, str] = {}
    question_file: dict[str, Path] = {}
    seen_dims: dict[str, Path] = {}
    for checklist in checklists:
        path = sources[f"checklist:{checklist.id}"]
        if checklist.id in seen_dims:
            col.add(DuplicateIdError(path, "id", f"dimension {checklist.id!r} is also defined "
                                                 f"in {seen_dims[checklist.id]}"))
        seen_dims[checklist.id] = path
        for i, q in enumerate(checklist.questions):
            if q.id in questions:
                col.add(DuplicateIdError(path, f"questions[{i}].id", f"question id {q.id!r} is "
                                         f"already used in {question_file[q.id]}"))
                continue
            questions[q.id] = q
            question_dimension[q.id] = checklist.id
            question_file[q.id] = path

    factors = _unique_map(
        col, playbook_dir / "risk-factors.yaml", "factors",
        factor_cat.factors if factor_cat else [], lambda f: f.code, "risk factor code")
    gates = _unique_map(col, playbook_dir / "gates.yaml", "gates",
                        gate_cat.gates if gate_cat else [], lambda g: g.code, "gate code")
    actions = _unique_map(col, playbook_dir / "actions.yaml", "actions",
                          action_cat.actions if action_cat else [], lambda a: a.code,
                          "action code")
    presets = _unique_map(col, playbook_dir / "calendars/peak-seasons.yaml", "presets",
                          preset_cat.presets if preset_cat else [], lambda p: p.id, "preset id")
    case_map: dict[str, Case] = {}
    case_file: dict[str, Path] = {}
    for path, case in cases:
        if case.id in case_map:
            col.add(DuplicateIdError(path, "id", f"case id {case.id!r} is also used in "
                                                 f"{case_file[case.id]}"))
            continue
        case_map[case.id] = case
        case_file[case.id] = path

    # --- references ---
    def check_condition(path: Path, loc: str, cond: Condition, *, facts_only: bool) -> None:
        for problem in condition_problems(cond, questions, facts_only=facts_only):
            where = f"{loc}.{problem.location}" if problem.location else loc
            kind = BrokenReferenceError if problem.broken_reference else ContentSchemaError
            col.add(kind(path, where, problem.message))

    def check_action(path: Path, loc: str, action: str | None) -> None:
        if action is not None and actions and action not in actions:
            col.add(BrokenReferenceError(path, loc, f"unknown plan action {action!r}; known: "
                                                    f"{', '.join(sorted(actions))}"))

    for checklist in checklists:
        path = sources[f"checklist:{checklist.id}"]
        for i, q in enumerate(checklist.questions):
            for j, code in enumerate(q.factors):
                if factors and code not in factors:
                    col.add(BrokenReferenceError(path, f"questions[{i}].factors[{j}]",
                                                 f"unknown risk factor {code!r}"))
            for j, cid in enumerate(q.cases):
                if case_map and cid not in case_map:
                    col.add(BrokenReferenceError(path, f"questions[{i}].cases[{j}]",
                                                 f"unknown case {cid!r}"))

    factor_path = playbook_dir / "risk-factors.yaml"
    for i, factor in enumerate(factor_cat.factors if factor_cat else []):
        loc = f"factors[{i}]"
        if seen_dims and factor.dimension not in seen_dims:
            col.add(BrokenReferenceError(factor_path, f"{loc}.dimension",
                                         f"unknown dimension {factor.dimension!r}"))
        for j, drv in enumerate(factor.likelihood_drivers):
            check_condition(factor_path, f"{loc}.likelihood_drivers[{j}].when", drv.when,
                            facts_only=True)
        for j, idrv in enumerate(factor.impact.drivers):
            check_condition(factor_path, f"{loc}.impact.drivers[{j}].when", idrv.when,
                            facts_only=True)
        _check_unique_ids(col, factor_path, f"{loc}.mitigations",
                          [m.id for m in factor.mitigations], "mitigation id")
        for j, m in enumerate(factor.mitigations):
            check_action(factor_path, f"{loc}.mitigations[{j}].action", m.action)
        if questions and not any(factor.code in q.factors for q in questions.values()):
            col.add(BrokenReferenceError(factor_path, f"{loc}.code", f"no question feeds risk "
                                         f"factor {factor.code!r}; add it to a question's factors"))

    gate_path = playbook_dir / "gates.yaml"
    for i, gate in enumerate(gate_cat.gates if gate_cat else []):
        check_condition(gate_path, f"gates[{i}].when", gate.when, facts_only=False)

    for cid, case in case_map.items():
        path = case_file[cid]
        for j, code in enumerate(case.causes):
            if factors and code not in factors:
                col.add(BrokenReferenceError(path, f"causes[{j}]", f"unknown risk factor {code!r}"))
        if case.counter_of is not None and case.counter_of not in case_map:
            col.add(BrokenReferenceError(path, "counter_of", f"unknown case {case.counter_of!r}"))
        _check_unique_ids(col, path, "signature", [s.id for s in case.signature],
                          "signature condition id")
        for j, sig in enumerate(case.signature):
            check_condition(path, f"signature[{j}].when", sig.when, facts_only=False)
        for j, m in enumerate(case.mitigations):
            check_action(path, f"mitigations[{j}].action", m.action)
        try:
            example = Assessment.model_validate(case.example)
        except ValidationError as exc:
            for err in exc.errors():
                col.add(ContentSchemaError(path, "example." + _format_loc(err["loc"]),
                                           _format_msg(err)))
            continue
        for loc, msg in check_answers(example.answers, questions):
            col.add(ContentSchemaError(path, f"example.{loc}", msg))
        for j, season in enumerate(example.programme.peak_seasons):
            if season.preset is not None and presets and season.preset not in presets:
                col.add(BrokenReferenceError(path, f"example.programme.peak_seasons[{j}]",
                                             f"unknown peak-season preset {season.preset!r}"))

    if col.errors:
        return None, col.errors
    content = Content(
        root=root,
        checklists=tuple(checklists),
        questions=questions,
        question_dimension=question_dimension,
        factors=factors,
        gates=gates,
        actions=actions,
        cases=case_map,
        presets=presets,
        sources={**sources, **{f"case:{k}": v for k, v in case_file.items()}},
    )
    return content, []


def _unique_map(
    col: _Collector, path: Path, key: str, items: Iterable[M], id_of: Callable[[M], str],
    what: str,
) -> dict[str, M]:
    out: dict[str, M] = {}
    for i, item in enumerate(items):
        ident = id_of(item)
        if ident in out:
            col.add(DuplicateIdError(path, f"{key}[{i}]", f"{what} {ident!r} appears twice"))
            continue
        out[ident] = item
    return out


def _check_unique_ids(col: _Collector, path: Path, loc: str, ids: list[str], what: str) -> None:
    seen: set[str] = set()
    for i, ident in enumerate(ids):
        if ident in seen:
            col.add(DuplicateIdError(path, f"{loc}[{i}]", f"{what} {ident!r} appears twice"))
        seen.add(ident)


def example_assessment(content: Content, case_id: str) -> Assessment:
    """A case's example as a validated Assessment (named after the case)."""
    case = content.cases.get(case_id)
    if case is None:
        raise InputError(case_id, [("", f"no case {case_id!r}; `rollout cases` lists them")])
    data = dict(case.example)
    data.setdefault("name", case_id)
    return Assessment.model_validate(data)
