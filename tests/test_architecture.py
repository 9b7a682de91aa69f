"""The pure core imports no UI, database or template library."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "rollout"
PURE = ["domain", "content", "risk", "schedule", "training", "seasons.py", "errors.py",
        "assessment_file.py", "reporting.py", "permissions.py", "i18n"]
FORBIDDEN = {"streamlit", "sqlmodel", "sqlalchemy", "jinja2", "plotly", "alembic"}


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
    offenders = {}
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


def test_no_utils_module() -> None:
    assert not list(PACKAGE.rglob("utils.py"))


# What the UI may import from Rollout: the services facade (never a services submodule, the
# database layer, the engine or the planner directly), the domain and content models, and the
# small shared modules. Pages stay descriptions of the screen; persistence stays private to
# services.
UI_ALLOWED = ("rollout.services", "rollout.domain", "rollout.content", "rollout.errors",
              "rollout.permissions", "rollout.escaping", "rollout.settings", "rollout.reporting",
              "rollout.ui")


def _rollout_imports(path: Path) -> list[tuple[str, list[str]]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
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
