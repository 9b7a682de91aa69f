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

from pathlib import Path


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
