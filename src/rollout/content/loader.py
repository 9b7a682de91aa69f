"""Loading the knowledge base: every file becomes a typed object, then cross-file checks run.

Layout (relative to the content root, by default the repository root or ``ROLLOUT_CONTENT_DIR``)::

    checklists/<dimension id>.yaml       Checklist
    playbooks/risk-factors.yaml          RiskFactorCatalogue
    playbooks/gates.yaml                 GateCatalogue
    playbooks/actions.yaml               ActionCatalogue
    playbooks/calendars/peak-seasons.yaml  PeakPresetCatalogue
    playbooks/cause-factors.yaml         CauseMap (optional; for `rollout calibrate`)
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
    CauseMap,
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
    # documented cause (post-mortem vocabulary) -> the factors it names (cause-factors.yaml)
    cause_factors: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

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
    for required in (root / "checklists", root / "playbooks"):
        if not required.is_dir():
            col.add(ContentSchemaError(required, "", "folder not found; is the content root right?"))
    if col.errors:
        return None, col.errors
    parsed = _parse_files(col, root)
    index = _check_unique(col, parsed)
    _check_question_references(col, index)
    _check_factor_references(col, parsed, index)
    for i, gate in enumerate(parsed.gates.gates if parsed.gates else []):
        _check_condition(col, index, parsed.playbook_file("gates"), f"gates[{i}].when", gate.when,
                         facts_only=False)
    _check_cause_map(col, parsed, index)
    for cid, case in index.cases.items():
        _check_case_references(col, index, index.case_file[cid], case)
        _check_example(col, index, index.case_file[cid], case)
    if col.errors:
        return None, col.errors
    return Content(
        root=root,
        checklists=tuple(parsed.checklists),
        questions=index.questions,
        question_dimension=index.question_dimension,
        factors=index.factors,
        gates=index.gates,
        actions=index.actions,
        cases=index.cases,
        presets=index.presets,
        cause_factors={cause: tuple(codes) for cause, codes in
                       (parsed.causes.causes.items() if parsed.causes else ())},
        sources={**{f"checklist:{c.id}": parsed.checklist_file[c.id] for c in parsed.checklists},
                 **{f"case:{k}": v for k, v in index.case_file.items()}},
    ), []


_PLAYBOOK_FILES = {"factors": "risk-factors.yaml", "gates": "gates.yaml",
                   "actions": "actions.yaml", "presets": "calendars/peak-seasons.yaml",
                   "causes": "cause-factors.yaml"}


@dataclass
class _Parsed:
    """Every file read and validated on its own, before any check across files."""

    playbook_dir: Path
    checklists: list[Checklist]  # by (order, id)
    checklist_file: dict[str, Path]  # dimension id -> its file (the last one, if duplicated)
    factors: RiskFactorCatalogue | None
    gates: GateCatalogue | None
    actions: ActionCatalogue | None
    presets: PeakPresetCatalogue | None
    cases: list[tuple[Path, Case]]
    causes: CauseMap | None

    def playbook_file(self, kind: str) -> Path:
        return self.playbook_dir / _PLAYBOOK_FILES[kind]


def _parse_files(col: _Collector, root: Path) -> _Parsed:
    playbook_dir = root / "playbooks"
    checklists: list[tuple[Path, Checklist]] = []
    for path in sorted((root / "checklists").glob("*.yaml")):
        checklist = col.parse(path, Checklist)
        if checklist is not None:
            _check_file_name(col, path, checklist.id)
            checklists.append((path, checklist))
    checklists.sort(key=lambda pc: (pc[1].order, pc[1].id))
    cases: list[tuple[Path, Case]] = []
    for path in sorted((playbook_dir / "cases").glob("*.yaml")):
        case = col.parse(path, Case)
        if case is not None:
            _check_file_name(col, path, case.id)
            cases.append((path, case))

    def single(kind: str, model: type[M]) -> M | None:
        path = playbook_dir / _PLAYBOOK_FILES[kind]
        if not path.is_file():
            col.add(ContentSchemaError(path, "", "file not found"))
            return None
        return col.parse(path, model)

    return _Parsed(
        playbook_dir=playbook_dir,
        checklists=[c for _, c in checklists],
        checklist_file={c.id: path for path, c in checklists},
        factors=single("factors", RiskFactorCatalogue),
        gates=single("gates", GateCatalogue),
        actions=single("actions", ActionCatalogue),
        presets=single("presets", PeakPresetCatalogue),
        cases=cases,
        # optional: only `rollout calibrate` reads it
        causes=single("causes", CauseMap) if (playbook_dir / _PLAYBOOK_FILES["causes"]).is_file()
        else None,
    )


def _check_file_name(col: _Collector, path: Path, ident: str) -> None:
    if ident != path.stem:
        col.add(ContentSchemaError(path, "id", f"id {ident!r} must equal the file name "
                                               f"{path.stem!r}"))


@dataclass
class _Index:
    """Every object by its id, each id once; what references are checked against."""

    questions: dict[str, Question]
    question_dimension: dict[str, str]
    question_place: dict[str, tuple[Path, int]]  # question id -> (file, index in it)
    dimensions: dict[str, Path]
    factors: dict[str, RiskFactor]
    gates: dict[str, Gate]
    actions: dict[str, PlanAction]
    presets: dict[str, PeakPreset]
    cases: dict[str, Case]
    case_file: dict[str, Path]


def _check_unique(col: _Collector, parsed: _Parsed) -> _Index:
    index = _Index({}, {}, {}, {}, {}, {}, {}, {}, {}, {})
    for checklist in parsed.checklists:
        path = parsed.checklist_file[checklist.id]
        if checklist.id in index.dimensions:
            col.add(DuplicateIdError(path, "id", f"dimension {checklist.id!r} is also defined "
                                                 f"in {index.dimensions[checklist.id]}"))
        index.dimensions[checklist.id] = path
        for i, q in enumerate(checklist.questions):
            if q.id in index.questions:
                col.add(DuplicateIdError(path, f"questions[{i}].id", f"question id {q.id!r} is "
                                         f"already used in {index.question_place[q.id][0]}"))
                continue
            index.questions[q.id] = q
            index.question_dimension[q.id] = checklist.id
            index.question_place[q.id] = (path, i)
    catalogues = parsed.factors, parsed.gates, parsed.actions, parsed.presets
    index.factors = _unique_map(col, parsed.playbook_file("factors"), "factors",
                                catalogues[0].factors if catalogues[0] else [],
                                lambda f: f.code, "risk factor code")
    index.gates = _unique_map(col, parsed.playbook_file("gates"), "gates",
                              catalogues[1].gates if catalogues[1] else [],
                              lambda g: g.code, "gate code")
    index.actions = _unique_map(col, parsed.playbook_file("actions"), "actions",
                                catalogues[2].actions if catalogues[2] else [],
                                lambda a: a.code, "action code")
    index.presets = _unique_map(col, parsed.playbook_file("presets"), "presets",
                                catalogues[3].presets if catalogues[3] else [],
                                lambda p: p.id, "preset id")
    for path, case in parsed.cases:
        if case.id in index.cases:
            col.add(DuplicateIdError(path, "id", f"case id {case.id!r} is also used in "
                                                 f"{index.case_file[case.id]}"))
            continue
        index.cases[case.id] = case
        index.case_file[case.id] = path
    return index


def _check_condition(col: _Collector, index: _Index, path: Path, loc: str, cond: Condition,
                     *, facts_only: bool) -> None:
    for problem in condition_problems(cond, index.questions, facts_only=facts_only):
        where = f"{loc}.{problem.location}" if problem.location else loc
        kind = BrokenReferenceError if problem.broken_reference else ContentSchemaError
        col.add(kind(path, where, problem.message))


def _check_action(col: _Collector, index: _Index, path: Path, loc: str,
                  action: str | None) -> None:
    if action is not None and index.actions and action not in index.actions:
        col.add(BrokenReferenceError(path, loc, f"unknown plan action {action!r}; known: "
                                                f"{', '.join(sorted(index.actions))}"))


def _check_question_references(col: _Collector, index: _Index) -> None:
    for qid, question in index.questions.items():
        path, i = index.question_place[qid]
        for j, code in enumerate(question.factors):
            if index.factors and code not in index.factors:
                col.add(BrokenReferenceError(path, f"questions[{i}].factors[{j}]",
                                             f"unknown risk factor {code!r}"))
        for j, cid in enumerate(question.cases):
            if index.cases and cid not in index.cases:
                col.add(BrokenReferenceError(path, f"questions[{i}].cases[{j}]",
                                             f"unknown case {cid!r}"))


def _check_factor_references(col: _Collector, parsed: _Parsed, index: _Index) -> None:
    path = parsed.playbook_file("factors")
    fed = {code for q in index.questions.values() for code in q.factors}
    for i, factor in enumerate(parsed.factors.factors if parsed.factors else []):
        loc = f"factors[{i}]"
        if index.dimensions and factor.dimension not in index.dimensions:
            col.add(BrokenReferenceError(path, f"{loc}.dimension",
                                         f"unknown dimension {factor.dimension!r}"))
        for j, drv in enumerate(factor.likelihood_drivers):
            _check_condition(col, index, path, f"{loc}.likelihood_drivers[{j}].when", drv.when,
                             facts_only=True)
        for j, lfloor in enumerate(factor.likelihood_floors):
            _check_condition(col, index, path, f"{loc}.likelihood_floors[{j}].when", lfloor.when,
                             facts_only=False)
        for j, idrv in enumerate(factor.impact.drivers):
            _check_condition(col, index, path, f"{loc}.impact.drivers[{j}].when", idrv.when,
                             facts_only=True)
        _check_unique_ids(col, path, f"{loc}.mitigations", [m.id for m in factor.mitigations],
                          "mitigation id")
        for j, m in enumerate(factor.mitigations):
            _check_action(col, index, path, f"{loc}.mitigations[{j}].action", m.action)
        if index.questions and factor.code not in fed:
            col.add(BrokenReferenceError(path, f"{loc}.code", f"no question feeds risk factor "
                                         f"{factor.code!r}; add it to a question's factors"))


def _check_cause_map(col: _Collector, parsed: _Parsed, index: _Index) -> None:
    for cause, codes in (parsed.causes.causes.items() if parsed.causes else ()):
        for j, code in enumerate(codes):
            if index.factors and code not in index.factors:
                col.add(BrokenReferenceError(parsed.playbook_file("causes"),
                                             f"causes.{cause}[{j}]",
                                             f"unknown risk factor {code!r}"))


def _check_case_references(col: _Collector, index: _Index, path: Path, case: Case) -> None:
    for j, code in enumerate(case.causes):
        if index.factors and code not in index.factors:
            col.add(BrokenReferenceError(path, f"causes[{j}]", f"unknown risk factor {code!r}"))
    if case.counter_of is not None and case.counter_of not in index.cases:
        col.add(BrokenReferenceError(path, "counter_of", f"unknown case {case.counter_of!r}"))
    _check_unique_ids(col, path, "signature", [s.id for s in case.signature],
                      "signature condition id")
    for j, sig in enumerate(case.signature):
        _check_condition(col, index, path, f"signature[{j}].when", sig.when, facts_only=False)
    for j, m in enumerate(case.mitigations):
        _check_action(col, index, path, f"mitigations[{j}].action", m.action)


def _check_example(col: _Collector, index: _Index, path: Path, case: Case) -> None:
    """A case's example is a valid assessment whose answers fit the question bank."""
    try:
        example = Assessment.model_validate(case.example)
    except ValidationError as exc:
        for err in exc.errors():
            col.add(ContentSchemaError(path, "example." + _format_loc(err["loc"]),
                                       _format_msg(err)))
        return
    for loc, msg in check_answers(example.answers, index.questions):
        col.add(ContentSchemaError(path, f"example.{loc}", msg))
    for j, season in enumerate(example.programme.peak_seasons):
        if season.preset is not None and index.presets and season.preset not in index.presets:
            col.add(BrokenReferenceError(path, f"example.programme.peak_seasons[{j}]",
                                         f"unknown peak-season preset {season.preset!r}"))


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


def example_assessment(content: Content, case_id: str, lang: str = "en") -> Assessment:
    """A case's example as a validated Assessment, named in ``lang`` (after the case where the
    example has no name)."""
    case = content.cases.get(case_id)
    if case is None:
        raise InputError(case_id, [("", f"no case {case_id!r}; `rollout cases` lists them")])
    return Assessment.model_validate(case.example_in(lang))
