"""Strict schemas for the knowledge base: checklists, risk factors, gates, cases, peak presets.

Every model forbids unknown keys and is frozen. Conditions are a closed set of operators: an
unknown operator fails at load time, never at scoring time.
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    field_validator,
    model_validator,
)

Code = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=60)]
QuestionId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$", max_length=80)]
CaseId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9-]*$", max_length=60)]


class _Frozen(BaseModel):
    # defer_build: validators are built on first validation, not at import. A command that reads
    # the knowledge base from the cache (see rollout.content.cache) never validates content, so
    # it never pays for building them.
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


def _check_text(value: Any) -> Any:
    if isinstance(value, dict):
        if "en" not in value or not str(value.get("en", "")).strip():
            raise ValueError("a text needs at least an English version under `en`")
        for lang in value:
            if not (isinstance(lang, str) and len(lang) == 2 and lang.isalpha() and lang.islower()):
                raise ValueError(f"{lang!r} is not a two-letter language code")
    return value


# A user-visible text: a mapping of language code to text, `en` required.
Text = Annotated[dict[str, str], Field(min_length=1), AfterValidator(_check_text)]


def text_in(text: dict[str, str], lang: str = "en") -> str:
    """The text in ``lang``, falling back to English."""
    return text.get(lang) or text["en"]


# --- conditions ---------------------------------------------------------------------------------


class Op(StrEnum):
    EQ = "eq"
    NE = "ne"
    LT = "lt"
    LE = "le"
    GT = "gt"
    GE = "ge"
    IN = "in"
    NOT_IN = "not_in"
    CONTAINS = "contains"
    BETWEEN = "between"
    ANSWERED = "answered"
    UNANSWERED = "unanswered"


VALUELESS_OPS = frozenset({Op.ANSWERED, Op.UNANSWERED})


class Comparison(_Frozen):
    """Compare one answer (question id) or one programme fact with a value."""

    answer: QuestionId | None = None
    fact: Code | None = None
    op: Op
    value: Any = None

    @model_validator(mode="after")
    def _shape(self) -> Comparison:
        if (self.answer is None) == (self.fact is None):
            raise ValueError("a condition names exactly one of `answer` or `fact`")
        if self.op in VALUELESS_OPS:
            if self.value is not None:
                raise ValueError(f"operator {self.op.value!r} takes no `value`")
            if self.fact is not None:
                raise ValueError(f"operator {self.op.value!r} applies to answers only")
        elif self.value is None:
            raise ValueError(f"operator {self.op.value!r} needs a `value`")
        if self.op in (Op.IN, Op.NOT_IN) and not isinstance(self.value, list):
            raise ValueError(f"operator {self.op.value!r} needs a list `value`")
        if self.op is Op.BETWEEN and not (isinstance(self.value, list) and len(self.value) == 2):
            raise ValueError("operator 'between' needs a `value` of two items [low, high]")
        return self


class AllOf(_Frozen):
    all: Annotated[list[Condition], Field(min_length=1)]


class AnyOf(_Frozen):
    any: Annotated[list[Condition], Field(min_length=1)]


class Not(_Frozen):
    not_: Condition = Field(alias="not")

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True, defer_build=True)


def _condition_kind(value: Any) -> str | None:
    if isinstance(value, dict):
        for key in ("all", "any", "not"):
            if key in value:
                return key
        return "comparison"
    if isinstance(value, AllOf):
        return "all"
    if isinstance(value, AnyOf):
        return "any"
    if isinstance(value, Not):
        return "not"
    if isinstance(value, BaseModel):
        return "comparison"
    return None


Condition = Annotated[
    Annotated[Comparison, Tag("comparison")]
    | Annotated[AllOf, Tag("all")]
    | Annotated[AnyOf, Tag("any")]
    | Annotated[Not, Tag("not")],
    Discriminator(
        _condition_kind,
        custom_error_type="condition",
        custom_error_message="a condition is a mapping: a comparison, or one of all/any/not",
    ),
]

# AllOf, AnyOf and Not refer to Condition, defined after them: pydantic resolves it when their
# validators are built (deferred, see _Frozen).


# --- checklists ---------------------------------------------------------------------------------


class AnswerType(StrEnum):
    YES_NO = "yes_no"  # yes / partial / no / unknown
    SCALE = "scale"  # 1..5
    NUMBER = "number"
    DATE = "date"
    CHOICE = "choice"
    MULTI_CHOICE = "multi_choice"


YES_NO_VALUES = ("yes", "partial", "no", "unknown")
# The answer for a question that does not apply to this organisation (no dealer network, no B2B
# segment, no field staff). Allowed only where the question says ``may_not_apply``; such an
# answer is left out of readiness and likelihood and is never a gap.
NOT_APPLICABLE = "not_applicable"


class Option(_Frozen):
    value: Code
    label: Text
    adequacy: Annotated[float, Field(ge=0, le=1)]


class Threshold(_Frozen):
    """For number questions: a value of at least ``min`` earns ``adequacy``."""

    min: float
    adequacy: Annotated[float, Field(ge=0, le=1)]


class Question(_Frozen):
    id: QuestionId
    text: Text
    help: Text
    type: AnswerType
    weight: Annotated[float, Field(ge=0, le=10)] = 1.0
    factors: list[Code] = Field(default_factory=list)
    cases: list[CaseId] = Field(default_factory=list)
    good: Literal["yes", "no"] = "yes"
    options: list[Option] = Field(default_factory=list)
    thresholds: list[Threshold] = Field(default_factory=list)
    unit: Text | None = None
    scale_labels: Text | None = None
    may_not_apply: bool = False  # the answer `not_applicable` is allowed (see NOT_APPLICABLE)

    @model_validator(mode="after")
    def _type_specific(self) -> Question:
        needs_options = self.type in (AnswerType.CHOICE, AnswerType.MULTI_CHOICE)
        if needs_options and len(self.options) < 2:
            raise ValueError(f"a {self.type.value} question needs at least two `options`")
        if not needs_options and self.options:
            raise ValueError(f"`options` belong to choice questions, not {self.type.value}")
        if self.type is AnswerType.NUMBER and not self.thresholds:
            raise ValueError("a number question needs `thresholds` saying which values are adequate")
        if self.type is not AnswerType.NUMBER and self.thresholds:
            raise ValueError(f"`thresholds` belong to number questions, not {self.type.value}")
        if self.type is not AnswerType.YES_NO and self.good != "yes":
            raise ValueError("`good` applies to yes_no questions only")
        if self.type is AnswerType.DATE and self.weight != 0:
            raise ValueError("date questions are informational: give them weight 0")
        if self.may_not_apply and self.type is AnswerType.DATE:
            raise ValueError("`may_not_apply` is for scored questions, not date questions")
        if any(o.value == NOT_APPLICABLE for o in self.options):
            raise ValueError(f"{NOT_APPLICABLE!r} is reserved; mark the question "
                             "`may_not_apply: true` instead of adding it as an option")
        values = [o.value for o in self.options]
        if len(values) != len(set(values)):
            raise ValueError("option values must be unique")
        mins = [t.min for t in self.thresholds]
        if mins != sorted(set(mins)):
            raise ValueError("thresholds must be listed by strictly increasing `min`")
        if self.weight > 0 and not self.factors and self.type is not AnswerType.DATE:
            raise ValueError("a weighted question must feed at least one risk factor (`factors`)")
        return self


class RetiredQuestion(_Frozen):
    """A question id that was removed or split. Ids are never reused: a retired id stays out of
    the bank, and ``replaced_by`` says which questions ask instead."""

    id: QuestionId
    replaced_by: list[QuestionId] = Field(default_factory=list)
    reason: Text


class Checklist(_Frozen):
    """One dimension of readiness, one file in ``checklists/``."""

    schema_version: Literal[1]
    id: Code
    title: Text
    description: Text
    weight: Annotated[float, Field(gt=0, le=10)] = 1.0
    order: int = 0
    questions: Annotated[list[Question], Field(min_length=1)]
    retired: list[RetiredQuestion] = Field(default_factory=list)

    @model_validator(mode="after")
    def _retired_ids_stay_retired(self) -> Checklist:
        live = {q.id for q in self.questions}
        for r in self.retired:
            if r.id in live:
                raise ValueError(f"question id {r.id!r} is retired and may not be reused")
        return self


# --- risk factors, gates, actions ---------------------------------------------------------------


class PlanAction(_Frozen):
    code: Code
    name: Text
    description: Text


class Mitigation(_Frozen):
    id: Code
    text: Text
    action: Code | None = None


class LikelihoodDriver(_Frozen):
    """A programme fact that makes the factor more likely, whatever the answers say."""

    when: Condition
    add: Annotated[float, Field(ge=0, le=1)] = 0.0
    min_likelihood: Annotated[int, Field(ge=1, le=5)] | None = None
    because: Text


class LikelihoodFloor(_Frozen):
    """A key question answered adversely: the factor's likelihood is at least ``min_likelihood``.

    The condition reads answers (and facts). An unanswered yes/no question reads as ``unknown``,
    so a floor meant for documented answers names them (``eq: "no"``), never ``unknown``.
    """

    when: Condition
    min_likelihood: Annotated[int, Field(ge=1, le=5)]
    because: Text


class ImpactDriver(_Frozen):
    """An exposure fact that makes the factor's consequences larger."""

    when: Condition
    add: Annotated[int, Field(ge=0, le=4)] = 1
    min_impact: Annotated[int, Field(ge=1, le=5)] | None = None
    because: Text


class Impact(_Frozen):
    base: Annotated[int, Field(ge=1, le=5)] = 2
    drivers: list[ImpactDriver] = Field(default_factory=list)


class RiskFactor(_Frozen):
    code: Code
    name: Text
    description: Text
    dimension: Code
    impact: Impact = Impact()
    likelihood_drivers: list[LikelihoodDriver] = Field(default_factory=list)
    likelihood_floors: list[LikelihoodFloor] = Field(default_factory=list)
    mitigations: Annotated[list[Mitigation], Field(min_length=1)]


class RiskFactorCatalogue(_Frozen):
    schema_version: Literal[1]
    factors: Annotated[list[RiskFactor], Field(min_length=1)]


class Gate(_Frozen):
    """A hard gate: when its condition holds, the verdict is no-go."""

    code: Code
    title: Text
    when: Condition
    message: Text
    how_to_fix: Text


class GateCatalogue(_Frozen):
    schema_version: Literal[1]
    gates: Annotated[list[Gate], Field(min_length=1)]


class ActionCatalogue(_Frozen):
    schema_version: Literal[1]
    actions: Annotated[list[PlanAction], Field(min_length=1)]


class CauseMap(_Frozen):
    """``playbooks/cause-factors.yaml``: documented causes (post-mortem vocabulary) to factors."""

    schema_version: Literal[1]
    causes: dict[Code, Annotated[list[Code], Field(min_length=1)]]


# --- cases --------------------------------------------------------------------------------------


class Outcome(StrEnum):
    FAILURE = "failure"
    SUCCESS = "success"
    RECOVERED = "recovered"


class Figure(_Frozen):
    label: Text
    value: Text


class SignatureCondition(_Frozen):
    id: Code
    label: Text
    when: Condition
    weight: Annotated[float, Field(gt=0, le=10)] = 1.0


class SystemType(StrEnum):
    """What kind of system the documented programme introduced (the case library filters on it)."""

    CRM = "crm"
    BILLING_CIS = "billing_cis"  # billing and customer information systems (utilities, telecom)
    CORE_BANKING = "core_banking"
    CASE_MANAGEMENT = "case_management"
    ELIGIBILITY_CONTACT_CENTRE = "eligibility_contact_centre"
    CUSTOMER_PORTAL = "customer_portal"
    ERP = "erp"
    TAX_ADMINISTRATION = "tax_administration"
    EHR_PATIENT_PORTAL = "ehr_patient_portal"


SeedFile = Annotated[str, Field(pattern=r"^\d{3}_[0-9a-f]{16}\.txt$")]
SourceUrl = Annotated[str, Field(pattern=r"^https?://[^\s]+$", max_length=500)]


class Case(_Frozen):
    """A documented rollout (failure, success or recovery), one file in ``playbooks/cases/``.

    A case comes from the seed articles (``sources``: seed file names) or from public record
    (``source_urls``), or both. ``notes`` record where the seeds and public record differ.
    """

    schema_version: Literal[1]
    id: CaseId
    organisation: Annotated[str, Field(min_length=1)]
    industry: Annotated[str, Field(min_length=1)]
    year: Annotated[int, Field(ge=1950, le=2100)] | None = None
    outcome: Outcome
    system_type: SystemType = SystemType.CRM
    system: Annotated[str, Field(min_length=1, max_length=300)] | None = None
    counter_of: CaseId | None = None
    summary: Text
    what_happened: Text
    figures: list[Figure] = Field(default_factory=list)
    causes: Annotated[list[Code], Field(max_length=8)] = Field(default_factory=list)
    success_factors: list[Text] = Field(default_factory=list)
    signature: Annotated[list[SignatureCondition], Field(min_length=3)]
    lessons: Annotated[list[Text], Field(min_length=1)]
    mitigations: list[Mitigation] = Field(default_factory=list)
    notes: list[Text] = Field(default_factory=list)
    sources: list[SeedFile] = Field(default_factory=list)
    source_urls: list[SourceUrl] = Field(default_factory=list)
    example: dict[str, Any]
    # The example's name in each language. The file writes it as the example's ``name`` (a
    # Text); the example itself stays an assessment, named in English, and readers of another
    # language are shown this (``example_in``).
    example_name: Text | None = None

    @model_validator(mode="before")
    @classmethod
    def _example_name_apart(cls, data: Any) -> Any:
        if not isinstance(data, dict) or not isinstance(data.get("example"), dict):
            return data
        name = data["example"].get("name")
        if isinstance(name, dict):
            english = name.get("en")
            example = {**data["example"], "name": english} if isinstance(english, str) \
                else {k: v for k, v in data["example"].items() if k != "name"}
            return {**data, "example": example, "example_name": name}
        if isinstance(name, str) and "example_name" not in data:
            # A plain name loads (English only); `rollout validate` reports the missing Persian.
            return {**data, "example_name": {"en": name}}
        return data

    def example_in(self, lang: str = "en") -> dict[str, Any]:
        """The example as an assessment's data, named in ``lang`` (English where it has no
        translation; the case id where it has no name)."""
        name = text_in(self.example_name, lang) if self.example_name else self.id
        return {**self.example, "name": name}

    @model_validator(mode="after")
    def _sourced(self) -> Case:
        if not self.sources and not self.source_urls:
            raise ValueError("a case needs `sources` (seed files) or `source_urls` (public record)")
        if self.outcome is Outcome.FAILURE and not self.causes:
            raise ValueError("a failure needs at least one cause (`causes`)")
        if self.outcome is not Outcome.FAILURE and not (self.success_factors or self.causes):
            raise ValueError("a success or recovery needs `success_factors` (or the `causes` "
                             "it overcame)")
        return self

    @property
    def from_seeds(self) -> bool:
        """True when the case is one of the seed articles' cases."""
        return bool(self.sources)



# --- peak-season presets ------------------------------------------------------------------------


class Weekday(StrEnum):
    MON = "mon"
    TUE = "tue"
    WED = "wed"
    THU = "thu"
    FRI = "fri"
    SAT = "sat"
    SUN = "sun"


class FixedAnchor(_Frozen):
    rule: Literal["fixed"]
    month: Annotated[int, Field(ge=1, le=12)]
    day: Annotated[int, Field(ge=1, le=31)]
    offset_days: int = 0


class NthWeekdayAnchor(_Frozen):
    rule: Literal["nth_weekday"]
    month: Annotated[int, Field(ge=1, le=12)]
    weekday: Weekday
    n: Annotated[int, Field(ge=-1, le=5)]
    offset_days: int = 0

    @field_validator("n")
    @classmethod
    def _nonzero(cls, value: int) -> int:
        if value == 0:
            raise ValueError("n counts from 1 (first) or is -1 (last)")
        return value


class EasterAnchor(_Frozen):
    rule: Literal["easter"]
    offset_days: int = 0


class HijriAnchor(_Frozen):
    rule: Literal["hijri"]
    month: Annotated[int, Field(ge=1, le=12)]
    day: Annotated[int, Field(ge=1, le=30)]
    offset_days: int = 0


class JalaliAnchor(_Frozen):
    rule: Literal["jalali"]
    month: Annotated[int, Field(ge=1, le=12)]
    day: Annotated[int, Field(ge=1, le=31)]
    offset_days: int = 0


Anchor = Annotated[
    FixedAnchor | NthWeekdayAnchor | EasterAnchor | HijriAnchor | JalaliAnchor,
    Field(discriminator="rule"),
]


class PeakWindow(_Frozen):
    name: Text
    start: Anchor
    end: Anchor


class PeakOf(StrEnum):
    """Whose peak a preset describes: the same season peaks at different dates along the chain."""

    SHELF = "shelf"  # consumers buy in shops and online (the retailer's peak)
    ORDERING = "ordering"  # the trade orders from the maker, weeks before the shelf date
    SHIPPING = "shipping"  # the maker ships and delivers to the trade
    SERVICE = "service"  # customers call, enrol, renew or are billed (service volume)
    CLOSE = "close"  # finance closes the books (internal workload, not customer demand)


class PeakPreset(_Frozen):
    id: Code
    name: Text
    industries: Annotated[list[Code], Field(min_length=1)]
    peak_of: PeakOf = PeakOf.SHELF
    countries: list[Annotated[str, Field(pattern=r"^[A-Z]{2}$")]] = Field(default_factory=list)
    windows: Annotated[list[PeakWindow], Field(min_length=1)]


def peak_season_name(presets: Iterable[PeakPreset], name: str, lang: str) -> str:
    """A peak season's name in ``lang`` (a language code). A preset's window is expanded under
    its English name (``rollout.seasons``), so it is found by that name; a season the user
    named is shown as they wrote it."""
    if lang == "en":
        return name
    for preset in presets:
        for window in preset.windows:
            if window.name["en"] == name:
                return text_in(window.name, lang)
    return name


class PeakPresetCatalogue(_Frozen):
    schema_version: Literal[1]
    presets: Annotated[list[PeakPreset], Field(min_length=1)]
