"""Reading YAML the way people write it: ``yes`` and ``no`` stay strings.

PyYAML follows YAML 1.1, where ``yes``, ``no``, ``on`` and ``off`` are booleans. Our answers use
``yes``/``no``/``partial``/``unknown`` as words, so only ``true``/``false`` are booleans here
(as in YAML 1.2).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from rollout.errors import ContentSyntaxError

# libyaml's parser is an order of magnitude faster than the pure-Python one; the resolver below
# still runs in Python, so the yes/no rule holds with either.
_BaseLoader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_BaseLoader):  # type: ignore[valid-type,misc]
    pass


_Loader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)


def parse_yaml(text: str, source: str) -> Any:
    """Parse YAML text; syntax errors name the source, line and column."""
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise ContentSyntaxError(source, where, f"not valid YAML: {exc.problem}") from None
    except yaml.YAMLError as exc:
        raise ContentSyntaxError(source, "", f"not valid YAML: {exc}") from None


def read_yaml(path: Path) -> Any:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ContentSyntaxError(path, "", "not UTF-8 text; save the file as UTF-8") from None
    return parse_yaml(text, str(path))
