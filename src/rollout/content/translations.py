"""Which knowledge-base texts lack a language Rollout requires.

Every ``Text`` users read must carry English and Persian. Loading does not insist on it (content
being translated still loads, and a missing Persian text falls back to English), so
``rollout validate`` does: each text without one of the languages is an error naming the file and
the location, like the other content errors.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from rollout.content.loader import _PLAYBOOK_FILES, Content
from rollout.errors import MissingTranslationError
from rollout.escaping import excerpt

REQUIRED_LANGUAGES = ("en", "fa")
_LANGUAGE_NAMES = {"en": "English", "fa": "Persian"}


def is_text(value: object) -> bool:
    """A ``Text``: a mapping of two-letter language codes to strings, English among them."""
    return (isinstance(value, dict) and "en" in value
            and all(isinstance(k, str) and len(k) == 2 and k.isalpha() and k.islower()
                    and isinstance(v, str) for k, v in value.items()))


def _join(location: str, key: str) -> str:
    return f"{location}.{key}" if location else key


def texts_in(value: Any, location: str = "") -> Iterator[tuple[str, dict[str, str]]]:
    """Every text inside ``value`` (a model, mapping or list), with its location in the file
    (``questions[2].help``, as the other content errors name places)."""
    if isinstance(value, BaseModel):
        for name, info in type(value).model_fields.items():
            yield from texts_in(getattr(value, name), _join(location, info.alias or name))
    elif is_text(value):
        yield location, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from texts_in(item, _join(location, str(key)))
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            yield from texts_in(item, f"{location}[{index}]")


def content_texts(content: Content) -> Iterator[tuple[Path, str, dict[str, str]]]:
    """Every text of the knowledge base: (file, location, text)."""
    playbooks = content.root / "playbooks"
    for checklist in content.checklists:
        path = content.sources.get(f"checklist:{checklist.id}",
                                   content.root / "checklists" / f"{checklist.id}.yaml")
        for location, text in texts_in(checklist):
            yield path, location, text
    catalogues: list[tuple[str, str, list[Any]]] = [
        ("factors", "factors", list(content.factors.values())),
        ("gates", "gates", list(content.gates.values())),
        ("actions", "actions", list(content.actions.values())),
        ("presets", "presets", list(content.presets.values())),
    ]
    for kind, key, items in catalogues:
        path = playbooks / _PLAYBOOK_FILES[kind]
        for location, text in texts_in(items, key):
            yield path, location, text
    for case_id, case in content.cases.items():
        path = content.sources.get(f"case:{case_id}", playbooks / "cases" / f"{case_id}.yaml")
        for location, text in texts_in(case):
            yield path, location, text


def missing_translations(content: Content) -> list[MissingTranslationError]:
    """An error for every text that lacks English or Persian (or has only blanks)."""
    errors = []
    for path, location, text in content_texts(content):
        missing = [lang for lang in REQUIRED_LANGUAGES if not text.get(lang, "").strip()]
        if missing:
            errors.append(MissingTranslationError(path, location, missing, excerpt(text["en"])))
    return errors
