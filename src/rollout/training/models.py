"""What a trainer works with: courses, trainees, sessions, enrolments, completions, exemptions
and weekly active users. Plain validated values; storage maps them to rows."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=200)]
Code = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=64)]

DEFAULT_MARGIN_WORKDAYS = 5  # training must finish this many working days before a go-live
DEFAULT_ADOPTION_TARGET_PCT = 80.0


class DeliveryMode(StrEnum):
    CLASSROOM = "classroom"
    ONLINE = "online"  # live, with a link
    BLENDED = "blended"
    SELF_PACED = "self_paced"  # e-learning in the LMS


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Course(_Model):
    """A course of the curriculum. Empty ``required_roles`` or ``required_waves`` mean "every
    role" and "every wave"; a super-user track is required only of super-users."""

    code: Code
    title: Name
    duration_hours: Annotated[float, Field(gt=0, le=500)]
    delivery_mode: DeliveryMode = DeliveryMode.CLASSROOM
    modules: list[Name] = Field(default_factory=list)  # the CRM modules it covers
    required_roles: list[Name] = Field(default_factory=list)
    required_waves: list[Code] = Field(default_factory=list)
    super_user_track: bool = False

    def required_of(self, trainee: Trainee, wave: str | None) -> bool:
        if self.super_user_track and not trainee.super_user:
            return False
        if self.required_roles and trainee.job_role.casefold() not in {
                r.casefold() for r in self.required_roles}:
            return False
        return not self.required_waves or wave in self.required_waves


class Trainee(_Model):
    employee_id: Code
    name: Name
    email: str | None = None
    unit: Name
    job_role: Name
    language: str | None = None  # en or fa
    super_user: bool = False


class TrainingSession(_Model):
    id: str
    course_code: Code
    starts_at: dt.datetime
    trainer: Name
    capacity: Annotated[int, Field(ge=1, le=10_000)]
    location: str = ""  # a room, or an online link
    enrolled: list[str] = Field(default_factory=list)  # employee ids
    attended: list[str] = Field(default_factory=list)  # employee ids marked present

    @property
    def day(self) -> dt.date:
        return self.starts_at.date()


class Completion(_Model):
    employee_id: Code
    course_code: Code
    completed_on: dt.date
    passed: bool = True
    score: Annotated[float, Field(ge=0, le=100)] | None = None


class Exemption(_Model):
    employee_id: Code
    course_code: Code
    reason: Name


class WeeklyActive(_Model):
    """How many people of a unit used the CRM in the week starting ``week_start``."""

    unit: Name
    week_start: dt.date
    active_users: Annotated[int, Field(ge=0)]
