"""Errors raised by Rollout.

    RolloutError                     every error Rollout raises on purpose
    ├── ContentError                 a checklist, playbook or calendar file is wrong (path, location)
    │   ├── ContentSyntaxError       not readable YAML/JSON
    │   ├── ContentSchemaError       fields, types, unknown keys, unknown operators
    │   ├── DuplicateIdError         an id used twice
    │   └── BrokenReferenceError     a reference to an id that does not exist
    ├── InputError                   an assessment or programme file given by a user is wrong
    ├── PlanningError                the planner cannot produce a plan (e.g. a dependency cycle)
    │   └── DependencyCycleError     tasks depend on each other in a loop (``loop`` names it)
    ├── StorageError                 the database refused or failed
    │   ├── NotFoundError            no such object in this organisation
    │   └── ConflictError            someone else saved first (optimistic locking)
    ├── PermissionDenied             the user's role does not allow the action
    └── AuthenticationError          login failed (same message for unknown user and bad password)

Each error's ``str()`` is a complete message for a user: what is wrong, where, and how to fix it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pydantic import ValidationError

# How many problems one message lists: a file wrong everywhere would otherwise print thousands.
MAX_PROBLEMS = 20

_HINTS = {
    "date_from_datetime_parsing": "write dates as YYYY-MM-DD",
    "date_parsing": "write dates as YYYY-MM-DD",
    "date_from_datetime_inexact": "write dates as YYYY-MM-DD",
    "date_type": "write dates as YYYY-MM-DD",
    "extra_forbidden": "unknown field; check its spelling against the documented fields",
    "missing": "required field is missing",
    "finite_number": "give a finite number",
    "int_type": "give a whole number",
    "bool_type": "give true or false",
}


class RolloutError(Exception):
    """Base class of every error Rollout raises on purpose."""


class ContentError(RolloutError):
    """A knowledge-base file (checklist, playbook, calendar) is wrong."""

    def __init__(self, path: Path | str, location: str, message: str) -> None:
        self.path = str(path)
        self.location = location
        self.message = message
        where = f"{self.path}: {location}" if location else self.path
        super().__init__(f"{where}: {message}")


class ContentSyntaxError(ContentError):
    """The file is not readable YAML or JSON."""


class ContentSchemaError(ContentError):
    """A field is missing, unknown, of the wrong type, or uses an unknown operator."""


class DuplicateIdError(ContentError):
    """The same id is used twice."""


class BrokenReferenceError(ContentError):
    """A reference names an id that does not exist."""


class InputError(RolloutError):
    """An assessment or programme given by a user is wrong.

    ``problems`` lists every problem found as (location, message) pairs.
    """

    def __init__(self, source: str, problems: list[tuple[str, str]]) -> None:
        self.source = source
        self.problems = problems
        lines = [f"{source}: {loc}: {msg}" if loc else f"{source}: {msg}" for loc, msg in problems]
        super().__init__("\n".join(lines))

    @classmethod
    def from_validation(
        cls, source: str, exc: ValidationError, *, hints: Mapping[str, str] | None = None,
        prefix: str = "",
    ) -> InputError:
        """Each of pydantic's errors as (location, message), with at most a short excerpt of
        the offending value (never the whole input, which may be huge)."""
        from rollout.escaping import excerpt

        all_hints = {**_HINTS, **(hints or {})}
        problems: list[tuple[str, str]] = []
        errors = exc.errors(include_url=False, include_context=False)
        for err in errors[:MAX_PROBLEMS]:
            loc = prefix
            for part in err["loc"]:
                loc += f"[{part}]" if isinstance(part, int) else (("." if loc else "") + str(part))
            kind = err["type"]
            message = all_hints.get(kind) or str(err["msg"]).removeprefix("Value error, ")
            if kind.startswith("date") and "input" in err:
                message = f"{excerpt(err['input'])} is not a valid date; {_HINTS['date_parsing']}"
            elif kind not in ("missing", "extra_forbidden", "value_error") and "input" in err \
                    and not isinstance(err["input"], dict | list):
                message = f"{message} (got {excerpt(err['input'])})"
            problems.append((loc, message))
        if len(errors) > MAX_PROBLEMS:
            problems.append(("", f"… and {len(errors) - MAX_PROBLEMS} more problems"))
        return cls(source, problems)


@contextmanager
def map_validation(source: str, **kwargs: Any) -> Iterator[None]:
    """Turn a pydantic ValidationError raised inside the block into an InputError for ``source``."""
    try:
        yield
    except ValidationError as exc:
        raise InputError.from_validation(source, exc, **kwargs) from None


class PlanningError(RolloutError):
    """The planner cannot produce a plan."""


class DependencyCycleError(PlanningError):
    """Tasks depend on each other in a loop; ``loop`` lists the task ids, first one repeated."""

    def __init__(self, loop: list[str]) -> None:
        self.loop = loop
        super().__init__(f"dependency cycle: {' -> '.join(loop)}; remove one of these "
                         f"dependencies")


class StorageError(RolloutError):
    """The database refused or failed."""


class NotFoundError(StorageError):
    """No such object in this organisation (another organisation's id looks the same)."""


class ConflictError(StorageError):
    """Someone else saved the object first; reload and apply your change again."""


class PermissionDenied(RolloutError):
    """The user's role does not allow this action."""


class AuthenticationError(RolloutError):
    """Login failed."""
