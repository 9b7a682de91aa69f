"""The dependencies pyproject.toml declares are the ones src/rollout imports: none missing, none idle."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCE = ROOT / "src" / "rollout"


def _canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _declared() -> dict[str, str]:
    """Canonical distribution name -> the requirement as written, for the runtime dependencies."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = [*project["dependencies"], *project["optional-dependencies"]["postgres"]]
    return {_canonical(re.split(r"[\s\[<>=~!;]", r, maxsplit=1)[0]): r for r in requirements}


def _imported() -> dict[str, str]:
    """Top-level third-party module -> one file that imports it."""
    found: dict[str, str] = {}
    for path in sorted(SOURCE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top != "rollout" and top not in sys.stdlib_module_names:
                    found.setdefault(top, str(path.relative_to(ROOT)))
    return found


def test_every_third_party_import_is_a_declared_dependency() -> None:
    declared = set(_declared())
    distributions = packages_distributions()
    undeclared = {
        module: where for module, where in _imported().items()
        if not {_canonical(d) for d in distributions.get(module, [module])} & declared
    }
    assert undeclared == {}, "imported but not declared in pyproject.toml"


# Loaded by name rather than imported: SQLAlchemy picks the driver from the database URL;
# fpdf2 imports uharfbuzz itself when text shaping is switched on (rollout.exports.pdf).
USED_WITHOUT_IMPORT = {"psycopg", "uharfbuzz"}


def test_every_declared_dependency_is_imported() -> None:
    distributions = packages_distributions()
    used = {_canonical(d) for module in _imported() for d in distributions.get(module, [module])}
    idle = set(_declared()) - used - USED_WITHOUT_IMPORT
    assert idle == set(), "declared in pyproject.toml but never imported"
