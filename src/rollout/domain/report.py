"""The risk report: what the engine says about one assessment, with the evidence for every figure.

``RiskReport.to_contract()`` is the JSON contract other tools rely on (see the README): fields may
be added, never removed or renamed.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field


class Band(StrEnum):
    LOW = "low"
    MEDIUM = "medium"
    HIGH = "high"
    CRITICAL = "critical"


BAND_ORDER = {Band.LOW: 0, Band.MEDIUM: 1, Band.HIGH: 2, Band.CRITICAL: 3}


def band_for(score: int) -> Band:
    """Band of a likelihood x impact score (1..25)."""
    if score >= 20:
        return Band.CRITICAL
    if score >= 12:
        return Band.HIGH
    if score >= 6:
        return Band.MEDIUM
    return Band.LOW


class Decision(StrEnum):
    GO = "go"
    CONDITIONAL = "conditional"
    NO_GO = "no-go"


class _Model(BaseModel):
    # defer_build: the engine builds report objects without validation (see ``trusted``), so
    # validators are built only when first needed (e.g. by model_dump or model_validate).
    model_config = ConfigDict(frozen=True, defer_build=True)


M = TypeVar("M", bound=_Model)

# The slots every pydantic model instance has, set directly (faster than object.__setattr__).
_new = object.__new__
_set_dict = BaseModel.__dict__["__dict__"].__set__
_set_fields_set = BaseModel.__dict__["__pydantic_fields_set__"].__set__
_set_extra = BaseModel.__dict__["__pydantic_extra__"].__set__
_set_private = BaseModel.__dict__["__pydantic_private__"].__set__


def trusted(model: type[M], values: dict[str, Any], fields_set: set[str]) -> M:
    """A report object built from values its producer guarantees valid, skipping validation.

    For the engine's hot path only. ``values`` must hold every field, in declaration order, with
    exactly the value (and type) validation would produce; ``fields_set`` names the fields the
    producer would have passed explicitly. The result is then indistinguishable from
    ``model(**explicit fields)``: equal, same repr, same dump
    (tests/risk/test_trusted_reports.py checks every object of real reports).
    """
    obj = _new(model)
    _set_dict(obj, values)
    _set_fields_set(obj, fields_set)
    _set_extra(obj, None)
    _set_private(obj, None)
    return obj


class Evidence(_Model):
    """One reason behind a likelihood or impact figure.

    kind "answer": a question's answer (``question``, ``answer``) and its share of the likelihood;
    kind "unanswered": a question nobody answered, counted as half a deficit;
    kind "fact": a programme fact (``fact``, ``value``) that a driver matched.
    """

    kind: Literal["answer", "unanswered", "fact"]
    affects: Literal["likelihood", "impact"] = "likelihood"
    question: str | None = None
    answer: Any = None
    fact: str | None = None
    value: Any = None
    contribution: float = 0.0
    note: str = ""


class MitigationAdvice(_Model):
    id: str
    text: str
    action: str | None = None


class Risk(_Model):
    factor: str
    name: str
    dimension: str
    likelihood: int = Field(ge=1, le=5)
    impact: int = Field(ge=1, le=5)
    score: int = Field(ge=1, le=25)
    band: Band
    evidence: list[Evidence]
    mitigations: list[MitigationAdvice]
    resembles: list[str] = Field(default_factory=list)  # case ids, best-matching first
    # The continuous likelihood (0..1) before it is mapped to 1..5, and the share of the factor's
    # question weight that was answered (None in reports stored before these existed).
    likelihood_raw: float | None = Field(default=None, ge=0, le=1)
    confidence: float | None = Field(default=None, ge=0, le=1)


class CaseMatch(_Model):
    case: str
    organisation: str
    year: int | None
    outcome: str
    similarity: float = Field(ge=0, le=1)
    matched: list[str]
    unmatched: list[str]


class Blocker(_Model):
    gate: str
    message: str
    how_to_fix: str


class Verdict(_Model):
    decision: Decision
    blockers: list[Blocker]
    reasons: list[str] = Field(default_factory=list)


class PeakSummary(_Model):
    buffer_weeks: int
    go_live: dt.date
    in_window: bool
    clashing_season: str | None = None
    clashing_start: dt.date | None = None
    clashing_end: dt.date | None = None
    next_season: str | None = None
    next_start: dt.date | None = None
    weeks_to_next_peak: float | None = None


class RiskReport(_Model):
    assessment: str
    organisation: str
    engine_version: str
    at: dt.date
    readiness: int = Field(ge=0, le=100)
    dimensions: dict[str, int]
    verdict: Verdict
    band: Band  # the band of the highest risk
    risks: list[Risk]
    matched_cases: list[CaseMatch]
    unanswered: list[str]
    peak: PeakSummary
    facts: dict[str, Any] = Field(default_factory=dict)
    # How likely the programme is to fail (from the factor likelihoods and the gates) and how
    # much is at stake (users, customers, records, revenue at peak), both 0..100, side by side;
    # the share of the question weight answered (0..1); the questions answered adversely
    # (documented gaps, apart from the unknowns in ``unanswered``). None in reports stored
    # before these existed.
    failure_index: int | None = Field(default=None, ge=0, le=100)
    exposure_index: int | None = Field(default=None, ge=0, le=100)
    confidence: float | None = Field(default=None, ge=0, le=1)
    known_gaps: list[str] = Field(default_factory=list)

    @property
    def total_score(self) -> int:
        return sum(r.score for r in self.risks)

    def risk(self, factor: str) -> Risk | None:
        return next((r for r in self.risks if r.factor == factor), None)

    def to_contract(self) -> dict[str, Any]:
        """The JSON contract: stable keys, JSON-ready values."""
        data = self.model_dump(mode="json")
        data["verdict"]["blocker_gates"] = [b["gate"] for b in data["verdict"]["blockers"]]
        data["verdict"]["blockers"] = [b["message"] for b in data["verdict"]["blockers"]]
        data["total_score"] = self.total_score
        return data
