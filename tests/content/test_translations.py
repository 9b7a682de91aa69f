"""Every knowledge-base text in English and Persian, Persian that follows the typographic rules,
and `rollout validate` failing on a missing translation (issue 13, items 1 and 5)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from rollout.cli import main
from rollout.content.loader import Content, load_content
from rollout.content.translations import content_texts, missing_translations
from rollout.errors import MissingTranslationError
from rollout.i18n.typography import check_persian


def test_every_knowledge_base_text_has_english_and_persian(content: Content) -> None:
    missing = [str(error) for error in missing_translations(content)]
    assert missing == []


def test_every_persian_text_of_the_knowledge_base_follows_the_typographic_rules(
    content: Content,
) -> None:
    problems = [f"{path.name}: {location}: {problem}"
                for path, location, text in content_texts(content) if text.get("fa")
                for problem in check_persian(text["fa"])]
    assert problems == []


def test_the_walk_finds_texts_in_every_kind_of_file(content: Content) -> None:
    files = {path.parent.name if path.parent.name in ("checklists", "cases") else path.name
             for path, _, _ in content_texts(content)}
    assert {"checklists", "cases", "risk-factors.yaml", "gates.yaml", "actions.yaml",
            "peak-seasons.yaml"} <= files


def test_validate_fails_on_a_text_without_persian_naming_file_and_location_but_content_loads(
    content: Content, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    root = tmp_path / "content"
    shutil.copytree(content.root / "checklists", root / "checklists")
    shutil.copytree(content.root / "playbooks", root / "playbooks")
    gates = root / "playbooks" / "gates.yaml"
    text = gates.read_text(encoding="utf-8")
    start = text.index("fa:", text.index("title:"))
    end = text.index("}", start)
    gates.write_text(text[:start].rstrip().rstrip(",") + text[end:], encoding="utf-8")
    loaded = load_content(root)  # the app still loads it, showing English
    missing = missing_translations(loaded)
    assert [(Path(e.path).name, e.location, e.missing) for e in missing] == [
        ("gates.yaml", "gates[0].title", ["fa"])]
    assert isinstance(missing[0], MissingTranslationError)
    monkeypatch.setenv("ROLLOUT_CONTENT_DIR", str(root))
    monkeypatch.setenv("ROLLOUT_CACHE_DIR", str(tmp_path / "cache"))
    assert main(["validate", "--lang", "en"]) == 1
    err = capsys.readouterr().err
    assert "gates.yaml: gates[0].title: the text" in err and "has no `fa` version" in err


def test_a_case_examples_plain_string_name_loads_but_validate_asks_for_persian(
    content: Content, tmp_path: Path,
) -> None:
    root = tmp_path / "content"
    shutil.copytree(content.root / "checklists", root / "checklists")
    shutil.copytree(content.root / "playbooks", root / "playbooks")
    case = root / "playbooks" / "cases" / "hershey-1999.yaml"
    text = case.read_text(encoding="utf-8")
    start = text.index("  name:\n    en:", text.index("\nexample:"))
    end = text.index("\n  organisation:", start)
    case.write_text(text[:start] + '  name: "Hershey, named in English only"' + text[end:],
                    encoding="utf-8")
    loaded = load_content(root)
    assert loaded.cases["hershey-1999"].example["name"] == "Hershey, named in English only"
    missing = missing_translations(loaded)
    assert [(Path(e.path).name, e.location, e.missing) for e in missing] == [
        ("hershey-1999.yaml", "example_name", ["fa"])]


def test_every_case_example_is_named_in_both_languages_and_assesses_under_either(
    content: Content,
) -> None:
    for case in content.cases.values():
        assert case.example_name is not None and case.example_name.get("fa"), case.id
        assert case.example["name"] == case.example_name["en"]  # the assessment stays English
        assert case.example_in("fa")["name"] == case.example_name["fa"]
        assert case.example_in("fa")["answers"] == case.example["answers"]
