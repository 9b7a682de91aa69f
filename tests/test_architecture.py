"""The layers: the pure core imports no UI, database or template library, and every import
between our own packages points the allowed way."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "rollout"
PURE = ["domain", "content", "risk", "schedule", "seasons.py", "errors.py",
        "assessment_file.py", "reporting.py", "permissions.py", "i18n", "training"]
FORBIDDEN = {"streamlit", "sqlmodel", "sqlalchemy", "jinja2", "plotly", "alembic"}


# Which of our own packages and top-level modules each one may import (function-local imports
# included). Arrows point inward, toward the domain: domain <- content <- seasons <- risk <-
# schedule <- services <- ui/cli, and domain <- persistence <- services. Everyone may use the
# shared leaves (errors, escaping, settings, permissions) and the package root (versions).
_LEAVES = {"errors", "escaping", "limits", "i18n"}
ALLOWED: dict[str, set[str]] = {
    "limits": {"errors", "escaping"},
    "output_files": {"errors", "escaping"},
    "i18n": {"errors", "escaping"},  # texts, dates and fonts for other languages
    "domain": {*_LEAVES},
    "content": {"domain", *_LEAVES},
    "seasons": {"content", "domain", *_LEAVES},
    "risk": {"content", "domain", "seasons", *_LEAVES},
    "schedule": {"risk", "content", "domain", "seasons", *_LEAVES},
    # Training rules: deadlines counted on the plan's calendars, metrics, the importer.
    "training": {"schedule", "domain", *_LEAVES},
    "assessment_file": {"content", "domain", *_LEAVES},
    "reporting": {"content", "domain", *_LEAVES},
    "errors": {"escaping"},
    "escaping": set(),
    "settings": {*_LEAVES},
    "permissions": {*_LEAVES},
    "persistence": {"domain", "permissions", "settings", "output_files", *_LEAVES},
    # Export files rendered from computed data: may use jinja2, fpdf2, xlsxwriter, icalendar,
    # never streamlit or the database layer (test below).
    "exports": {"content", "domain", "schedule", *_LEAVES},
    "services": {"persistence", "assessment_file", "content", "domain", "risk", "schedule",
                 "seasons", "reporting", "permissions", "settings", "training", "exports", *_LEAVES},
    # Pages reach storage, scoring and planning only through the services facade.
    "ui": {"services", "content", "domain", "reporting", "permissions", "settings", "training",
           *_LEAVES},
    "cli": {"services", "persistence", "assessment_file", "content", "domain", "risk",
            "schedule", "seasons", "reporting", "permissions", "settings", "output_files",
            "training", "exports", *_LEAVES},
}


def _unit(path: Path) -> str:
    """The package or top-level module of ``rollout`` that a source file belongs to."""
    return path.relative_to(PACKAGE).parts[0].removesuffix(".py")


def _internal_imports(path: Path) -> set[str]:
    """The packages and top-level modules of ``rollout`` that a file imports (anywhere in it)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {a.name.split(".")[1] for a in node.names if a.name.startswith("rollout.")}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            parts = node.module.split(".")
            if parts[0] == "rollout" and len(parts) > 1:
                found.add(parts[1])
            elif node.module == "rollout":  # names of the package root, or its submodules
                found |= {a.name for a in node.names if (PACKAGE / a.name).exists()
                          or (PACKAGE / f"{a.name}.py").exists()}
    return found


def test_every_package_imports_only_in_the_allowed_direction() -> None:
    wrong: dict[str, list[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.parent == PACKAGE and path.name == "__init__.py":
            continue
        unit = _unit(path)
        if unit not in ALLOWED:
            wrong[str(path.relative_to(PACKAGE))] = ["(not in ALLOWED: add its row)"]
            continue
        bad = sorted(_internal_imports(path) - ALLOWED[unit] - {unit})
        if bad:
            wrong[str(path.relative_to(PACKAGE))] = bad
    assert wrong == {}


def test_the_allowed_imports_table_has_no_cycle() -> None:
    import networkx as nx

    graph = nx.DiGraph([(src, dst) for src, dsts in ALLOWED.items() for dst in dsts])
    assert list(nx.simple_cycles(graph)) == []


def test_the_direction_check_sees_an_upward_import_inside_a_function(tmp_path: Path) -> None:
    source = tmp_path / "probe.py"
    source.write_text("def f():\n    from rollout.risk.engine import assess\n", encoding="utf-8")
    assert _internal_imports(source) == {"risk"}
    assert "risk" not in ALLOWED["content"]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_pure_core_modules_import_no_ui_database_or_template_library() -> None:
    offenders = {}
    for entry in PURE:
        target = PACKAGE / entry
        files = [target] if target.is_file() else sorted(target.rglob("*.py"))
        for path in files:
            bad = _imports(path) & FORBIDDEN
            if bad:
                offenders[str(path.relative_to(PACKAGE))] = sorted(bad)
    assert offenders == {}


# rollout.i18n sits below everything that shows text, so it may use only these.
I18N_ALLOWED = {"babel", "jdatetime", "holidays"}
I18N_ALLOWED_ROLLOUT = {"rollout.escaping"}


def test_i18n_imports_only_the_standard_library_babel_jdatetime_holidays_and_escaping() -> None:
    offenders: dict[str, list[str]] = {}
    for path in sorted((PACKAGE / "i18n").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            modules = ([alias.name for alias in node.names] if isinstance(node, ast.Import)
                       else [node.module] if isinstance(node, ast.ImportFrom) and node.module
                       and node.level == 0 else [])
            for module in modules:
                top = module.split(".")[0]
                allowed = (top in sys.stdlib_module_names or top in I18N_ALLOWED
                           or module in I18N_ALLOWED_ROLLOUT or module.startswith("rollout.i18n"))
                if not allowed:
                    offenders.setdefault(str(path.relative_to(PACKAGE)), []).append(module)
    assert offenders == {}


EXPORTS_FORBIDDEN = {"streamlit", "sqlmodel", "sqlalchemy", "alembic", "plotly"}


def test_exports_render_files_without_the_ui_or_the_database() -> None:
    offenders = {}
    for path in sorted((PACKAGE / "exports").rglob("*.py")):
        bad = _imports(path) & EXPORTS_FORBIDDEN
        if bad:
            offenders[str(path.relative_to(PACKAGE))] = sorted(bad)
    assert offenders == {}


def test_no_utils_module() -> None:
    assert not list(PACKAGE.rglob("utils.py"))


# What the UI may import from Rollout: the services facade (never a services submodule, the
# database layer, the engine or the planner directly), the domain and content models, and the
# small shared modules. Pages stay descriptions of the screen; persistence stays private to
# services.
UI_ALLOWED = ("rollout.services", "rollout.domain", "rollout.content", "rollout.errors",
              "rollout.permissions", "rollout.escaping", "rollout.settings", "rollout.reporting",
              "rollout.ui", "rollout.i18n", "rollout.training")


def _rollout_imports(path: Path) -> list[tuple[str, list[str]]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[str, list[str]]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [alias.name for alias in node.names]
            if node.module == "rollout":
                found += [(f"rollout.{name}", []) for name in names]
            elif node.module.startswith("rollout."):
                found.append((node.module, names))
        elif isinstance(node, ast.Import):
            found += [(alias.name, []) for alias in node.names
                      if alias.name.startswith("rollout.")]
    return found


def test_the_ui_imports_rollout_only_through_the_services_facade_and_the_models() -> None:
    import rollout.services

    facade = set(rollout.services.__all__)
    offenders = []
    for path in sorted((PACKAGE / "ui").rglob("*.py")):
        for module, names in _rollout_imports(path):
            where = str(path.relative_to(PACKAGE))
            if not any(module == ok or module.startswith(f"{ok}.") for ok in UI_ALLOWED) or (
                    module.startswith("rollout.services.")):
                offenders.append(f"{where}: {module}")
            elif module == "rollout.services":
                offenders += [f"{where}: rollout.services.{n} (not in __all__)"
                              for n in names if n not in facade]
    assert offenders == []
