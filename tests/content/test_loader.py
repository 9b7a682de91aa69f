"""The loader turns files into typed objects and names the file and location of every error."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from rollout import errors
from rollout.content.loader import collect_content, load_content, load_default_content

FIXTURES = Path(__file__).parent / "fixtures"
INVALID = sorted((FIXTURES / "invalid").glob("*.yaml"))


def _header(path: Path) -> dict[str, str]:
    header = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("# "):
            break
        key, _, value = line[2:].partition(": ")
        header[key] = value.strip()
    return header


def test_minimal_fixture_loads() -> None:
    content = load_content(FIXTURES / "minimal")
    assert list(content.questions) == ["own.owner", "own.training_hours", "own.theme"]
    assert content.factors["no_owner"].mitigations[0].action == "appoint_owner"
    assert content.cases["sample-case"].causes == ["no_owner"]


def test_every_shipped_file_loads() -> None:
    content, problems = collect_content()
    assert problems == []
    assert content is not None
    assert len(content.checklists) >= 9
    assert len(content.questions) >= 60
    assert len(content.factors) >= 20
    assert len(content.cases) >= 12


def test_shipped_content_has_every_dimension_of_the_question_bank() -> None:
    content = load_default_content()
    expected = {
        "strategy_fit", "ownership_leadership", "data_migration_integration", "training_change",
        "phasing_scope", "timing_peak_season", "customer_experience_channels",
        "post_go_live_operations", "measurement_data_quality",
    }
    assert expected <= {c.id for c in content.checklists}
    for checklist in content.checklists:
        assert (content.root / "checklists" / f"{checklist.id}.yaml").is_file()


@pytest.mark.parametrize("fixture", INVALID, ids=[p.stem for p in INVALID])
def test_invalid_fixture_raises_the_error_it_is_named_after(fixture: Path, tmp_path: Path) -> None:
    header = _header(fixture)
    root = tmp_path / "content"
    shutil.copytree(FIXTURES / "minimal", root)
    target = root / header["target"]
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(fixture, target)

    content, problems = collect_content(root)

    assert content is None
    expected = getattr(errors, header["error"])
    matching = [p for p in problems if type(p) is expected and p.path == str(target)]
    assert matching, f"expected {expected.__name__} in {target}, got {problems}"
    assert any(header["location"] in p.location for p in matching), [
        p.location for p in matching]
    with pytest.raises(errors.ContentError):
        load_content(root)


def test_a_missing_folder_is_reported_not_crashed(tmp_path: Path) -> None:
    content, problems = collect_content(tmp_path)
    assert content is None
    assert {Path(p.path).name for p in problems} == {"checklists", "playbooks"}
