"""What every export renders: one programme's plan and risk report with the knowledge base that
explains them, its mitigation actions, the consultancy's branding and the reader's language."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from rollout.content.loader import Content
from rollout.domain.plan import Plan
from rollout.domain.report import RiskReport
from rollout.i18n import Language

ACCENT_RE = re.compile(r"^#[0-9a-fA-F]{6}$")
DEFAULT_ACCENT = "#1f4e79"
LOGO_MEDIA_TYPES = ("image/png", "image/jpeg")
MAX_LOGO_BYTES = 256 * 1024


class ExportFormat(StrEnum):
    HTML = "html"
    PDF = "pdf"
    XLSX = "xlsx"
    ICS = "ics"
    MSPDI = "mspdi"
    CSV = "csv"  # a zip archive holding one CSV file per table
    JSON = "json"  # the organisation bundle: rendered by the transfer service, not here


@dataclass(frozen=True)
class Branding:
    """A consultancy's look on the cover: firm name, logo (PNG or JPEG bytes) and accent colour.

    The colour and the logo were checked when the brand was saved; they are checked again here
    because the renderers put the colour into CSS and the logo into a ``data:`` URL."""

    firm_name: str = ""
    accent_colour: str = DEFAULT_ACCENT
    logo: bytes | None = None
    logo_media_type: str | None = None

    @property
    def accent(self) -> str:
        return self.accent_colour if ACCENT_RE.match(self.accent_colour) else DEFAULT_ACCENT

    @property
    def usable_logo(self) -> tuple[bytes, str] | None:
        """The logo and its media type when it is a small PNG or JPEG whose bytes say so."""
        if not self.logo or self.logo_media_type not in LOGO_MEDIA_TYPES:
            return None
        if len(self.logo) > MAX_LOGO_BYTES or logo_media_type(self.logo) != self.logo_media_type:
            return None
        return self.logo, self.logo_media_type


def logo_media_type(data: bytes) -> str | None:
    """``image/png`` or ``image/jpeg`` from the file's signature; None for anything else."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    return None


@dataclass(frozen=True)
class ActionItem:
    """A mitigation action as the report lists it."""

    id: str
    title: str
    owner: str
    due_date: dt.date
    status: str  # open | in_progress | done | dropped (ActionStatus values)
    factor: str | None = None


@dataclass(frozen=True)
class TrainingItem:
    """One training session or course for a wave (the training feature, issue 14, fills these;
    every training section renders only when the document has some)."""

    id: str
    name: str
    wave: str | None
    start: dt.date
    end: dt.date
    trainees: int | None = None
    completion_pct: float | None = None


@dataclass(frozen=True)
class TrainingWave:
    """One wave's training against its gate, from the stored training figures (issue 14)."""

    wave: str  # the plan's wave id
    trainees: int
    trained: int
    threshold_pct: float
    deadline: dt.date | None  # the wave's go-live less the training margin
    forecast: dt.date | None  # when the threshold is reached (booked sessions, else the pace)
    status: str  # met | on_track | at_risk | no_forecast | no_trainees | no_deadline
    overdue: int = 0  # people of the wave not trained by its deadline, which has passed

    @property
    def completion_pct(self) -> float:
        return 100.0 * self.trained / self.trainees if self.trainees else 0.0


@dataclass(frozen=True)
class ExportDocument:
    organisation_id: str  # stable ids: the calendar's UIDs are built from them
    organisation: str
    programme_id: str
    programme: str
    generated_on: dt.date
    language: Language
    report: RiskReport
    plan: Plan
    content: Content
    answers: Mapping[str, Any] = field(default_factory=dict)
    actions: tuple[ActionItem, ...] = ()
    training: tuple[TrainingItem, ...] = ()  # booked sessions
    # Per-wave completion against the gate, and how many people are past their deadline;
    # present when the organisation has a roster.
    training_waves: tuple[TrainingWave, ...] = ()
    training_overdue: int = 0
    branding: Branding | None = None

    def __post_init__(self) -> None:
        # Every export shows the planner's task, wave and criterion names in the reader's
        # language (ids and codes unchanged; English: the plan as it is).
        from rollout.domain.plan_names import localised_plan

        object.__setattr__(self, "plan", localised_plan(self.plan, self.language))
