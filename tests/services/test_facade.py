"""The services facade imports each name when first used, so a page that needs only sign-in
does not import the planner, the exports or the training imports (issue 16, item 3)."""

from __future__ import annotations

import subprocess
import sys

import rollout.services as services


def test_every_exported_name_resolves_to_where_the_facade_says() -> None:
    assert set(services.__all__) == set(services._WHERE)
    for name in services.__all__:
        assert getattr(services, name) is not None, name
    assert "plan_programme" in dir(services)


def test_an_unknown_name_is_an_attribute_error() -> None:
    try:
        services.no_such_use_case  # noqa: B018
    except AttributeError as exc:
        assert "no_such_use_case" in str(exc)
    else:
        raise AssertionError("an unknown name resolved")


def test_the_sign_in_path_imports_neither_planner_nor_exports_nor_training_imports() -> None:
    probe = (
        "import sys\n"
        "from rollout.ui import navigation, state\n"
        "from rollout.ui.session_bar import language_switch\n"
        "from rollout.services import authenticate, needs_first_admin\n"
        "heavy = ('networkx', 'rollout.schedule', 'rollout.exports', 'rollout.training.imports',"
        " 'rollout.services.plans', 'rollout.services.demo', 'openpyxl', 'jinja2')\n"
        "print([m for m in heavy if m in sys.modules])\n")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "[]"
