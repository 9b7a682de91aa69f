"""Errors raised by Rollout.

    RolloutError                     every error Rollout raises on purpose
    ├── ContentError                 a checklist, playbook or calendar file is wrong (path, location)
    │   ├── ContentSyntaxError       not readable YAML/JSON
    │   ├── ContentSchemaError       fields, types, unknown keys, unknown operators
    │   ├── DuplicateIdError         an id used twice
    │   ├── BrokenReferenceError     a reference to an id that does not exist
    │   └── MissingTranslationError  a text lacks English or Persian (``rollout validate`` only)
    ├── InputError                   an assessment or programme file given by a user is wrong
    ├── PlanningError                the planner cannot produce a plan (e.g. a dependency cycle)
    │   └── DependencyCycleError     tasks depend on each other in a loop (``loop`` names it)
    ├── StorageError                 the database refused or failed
    │   ├── NotFoundError            no such object in this organisation
    │   └── ConflictError            someone else saved first (optimistic locking)
    ├── PermissionDenied             the user's role does not allow the action
    └── AuthenticationError          login failed (same message for unknown user and bad password)

Each error's ``str()`` is a complete message for a user: what is wrong, where, and how to fix it,
in English. An error whose message (or, for InputError, whose problems) is a :class:`Message`
can also be shown in the user's language: ``rollout.i18n.errors.translate_error(exc, lang)``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pydantic import ValidationError


def N_(message: str) -> str:
    """Mark a message for the catalogue (the same marker as ``rollout.i18n.N_``, which this
    module cannot import: the errors sit below the i18n package)."""
    return message


class Message(str):
    """An English message that remembers its template and values, so that it can be shown in
    another language (``rollout.i18n.errors.translate_message``).

    It *is* the English string (``str.format`` of the template, exactly what an f-string gave
    before), so everything that reads an error's text in English is unchanged. The template is
    a catalogue message marked with ``N_``; values are shown per language where they are shown
    (dates Jalali in Persian), so pass dates and numbers as themselves, not as text.
    """

    template: str
    params: dict[str, Any]

    def __new__(cls, template: str, /, **params: Any) -> Message:
        message = super().__new__(cls, template.format(**params))
        message.template = template
        message.params = params
        return message

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild_message, (self.template, self.params))


def _rebuild_message(template: str, params: dict[str, Any]) -> Message:
    return Message(template, **params)


# How many problems one message lists: a file wrong everywhere would otherwise print thousands.
MAX_PROBLEMS = 20

_WRITE_DATES = N_("write dates as YYYY-MM-DD")
_HINTS = {
    "date_from_datetime_parsing": _WRITE_DATES,
    "date_parsing": _WRITE_DATES,
    "date_from_datetime_inexact": _WRITE_DATES,
    "date_type": _WRITE_DATES,
    "extra_forbidden": N_("unknown field; check its spelling against the documented fields"),
    "missing": N_("required field is missing"),
    "finite_number": N_("give a finite number"),
    "int_type": N_("give a whole number"),
    "bool_type": N_("give true or false"),
}


def check_message(err: Mapping[str, Any]) -> str:
    """The message of one of pydantic's errors: the :class:`Message` a validator raised (so it
    can be translated), else pydantic's own English wording."""
    cause = (err.get("ctx") or {}).get("error")
    if isinstance(cause, Exception) and cause.args and isinstance(cause.args[0], Message):
        return cause.args[0]
    return str(err["msg"]).removeprefix("Value error, ")


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


class MissingTranslationError(ContentError):
    """A knowledge-base text lacks a language every text needs (``missing`` names them).

    Found by ``rollout validate``, never at load: content still being translated loads and
    shows English where the reader's language is missing."""

    def __init__(self, path: Path | str, location: str, missing: list[str], english: str) -> None:
        self.missing = missing
        names = " and ".join(f"`{lang}`" for lang in missing)
        super().__init__(path, location, Message(
            N_("the text {english} has no {languages} version; every text needs both `en` and "
               "`fa`"), english=english, languages=names))


class InputError(RolloutError):
    """An assessment or programme given by a user is wrong.

    ``problems`` lists every problem found as (location, message) pairs.
    Problems whose message is a :class:`Message` can be shown in another language.
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
        errors = exc.errors(include_url=False)
        for err in errors[:MAX_PROBLEMS]:
            loc = prefix
            for part in err["loc"]:
                loc += f"[{part}]" if isinstance(part, int) else (("." if loc else "") + str(part))
            kind = err["type"]
            hint = all_hints.get(kind)
            # A hint is a catalogue message (it can be translated); pydantic's own wording and
            # our validators' ValueErrors stay English.
            message: str = Message(hint) if hint else check_message(err)
            if kind.startswith("date") and "input" in err:
                message = Message(N_("{value} is not a valid date; {hint}"),
                                  value=excerpt(err["input"]), hint=Message(_WRITE_DATES))
            elif kind not in ("missing", "extra_forbidden", "value_error") and "input" in err \
                    and not isinstance(err["input"], dict | list):
                message = Message(N_("{message} (got {value})"), message=message,
                                  value=excerpt(err["input"]))
            problems.append((loc, message))
        if len(errors) > MAX_PROBLEMS:
            problems.append(("", Message(N_("… and {count} more problems"),
                                         count=len(errors) - MAX_PROBLEMS)))
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
        super().__init__(Message(N_("dependency cycle: {loop}; remove one of these "
                                    "dependencies"), loop=" -> ".join(loop)))


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
