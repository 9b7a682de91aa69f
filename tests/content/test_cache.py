"""The content cache: a checked knowledge base read back instead of parsed, never a stale one."""

from __future__ import annotations

import os
import pickle
import shutil
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from rollout.cli import main
from rollout.content import cache, loader
from rollout.content.loader import Content, load_content
from rollout.errors import ContentError
from rollout.risk.engine import RiskEngine

FIXTURES = Path(__file__).parent / "fixtures"


def assert_same(new: Any, old: Any, path: str = "report") -> None:
    """Equal values of the same types all the way down, with the same fields set."""
    assert type(new) is type(old), f"{path}: {type(new).__name__} != {type(old).__name__}"
    if isinstance(old, BaseModel):
        assert new.model_fields_set == old.model_fields_set, path
        assert new.__pydantic_extra__ == old.__pydantic_extra__, path
        assert new.__pydantic_private__ == old.__pydantic_private__, path
        assert list(new.__dict__) == list(old.__dict__), path
        for key, value in old.__dict__.items():
            assert_same(new.__dict__[key], value, f"{path}.{key}")
    elif isinstance(old, Mapping):
        assert list(new) == list(old), path
        for key, value in old.items():
            assert_same(new[key], value, f"{path}[{key!r}]")
    elif isinstance(old, list | tuple):
        assert len(new) == len(old), path
        for i, (a, b) in enumerate(zip(new, old, strict=True)):
            assert_same(a, b, f"{path}[{i}]")
    elif isinstance(old, float) and old != old:  # NaN
        assert new != new, path
    else:
        assert new == old, f"{path}: {new!r} != {old!r}"
        assert repr(new) == repr(old), path  # 0.0 and -0.0


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    directory = tmp_path / "cache"
    monkeypatch.setenv("ROLLOUT_CACHE_DIR", str(directory))
    return directory


@pytest.fixture
def root(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(FIXTURES / "minimal", target)
    return target


def _count_parses(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Record every full load (parse and check) of the knowledge base."""
    calls: list[Path] = []
    real = loader.collect_content

    def counting(root: Path | None = None) -> tuple[Content | None, list[ContentError]]:
        calls.append(Path(str(root)))
        return real(root)

    monkeypatch.setattr(loader, "collect_content", counting)
    return calls


def _touch(path: Path, text: str = "\n# edited\n") -> None:
    with path.open("a", encoding="utf-8") as file:
        file.write(text)


def test_a_second_load_reads_the_cache_and_gives_the_same_content(
    cache_dir: Path, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parses = _count_parses(monkeypatch)
    first = load_content(root)
    assert len(parses) == 1
    assert len(list(cache_dir.glob("content-*.pickle"))) == 1
    second = load_content(root)
    assert len(parses) == 1  # read back, not parsed
    assert second is not first
    for name in ("checklists", "questions", "question_dimension", "factors", "gates", "actions",
                 "cases", "presets", "sources"):
        assert_same(getattr(second, name), getattr(first, name), name)
    assert second.root == first.root == root


def test_the_shipped_content_scores_the_same_from_the_cache(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parses = _count_parses(monkeypatch)
    fresh = load_content()
    cached = load_content()
    assert len(parses) == 1
    from rollout.content.loader import example_assessment

    for case_id in sorted(fresh.cases):
        assessment = example_assessment(fresh, case_id)
        assert_same(RiskEngine(cached).assess(assessment), RiskEngine(fresh).assess(assessment))


@pytest.mark.parametrize("change", ["edit", "add", "remove"])
def test_a_changed_content_file_makes_the_cache_stale(
    cache_dir: Path, root: Path, monkeypatch: pytest.MonkeyPatch, change: str
) -> None:
    parses = _count_parses(monkeypatch)
    load_content(root)
    checklist = next((root / "checklists").glob("*.yaml"))
    case = next((root / "playbooks" / "cases").glob("*.yaml"))
    if change == "edit":
        _touch(checklist)
    elif change == "add":
        (root / "playbooks" / "notes.yaml").write_text("note: not read by the loader\n")
    else:
        case.unlink()
    content = load_content(root)
    assert len(parses) == 2
    assert bool(content.cases) is (change != "remove")
    load_content(root)
    assert len(parses) == 2  # the rewritten cache is used again


def test_an_edit_that_keeps_the_size_is_seen(cache_dir: Path, root: Path) -> None:
    assert [q.weight for q in load_content(root).questions.values()] == [3, 2, 1]
    checklist = root / "checklists" / "ownership.yaml"
    stat = checklist.stat()
    text = checklist.read_text(encoding="utf-8")
    checklist.write_text(text.replace("weight: 3", "weight: 4", 1), encoding="utf-8")
    os.utime(checklist, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1))  # coarse clocks
    assert checklist.stat().st_size == stat.st_size
    assert [q.weight for q in load_content(root).questions.values()] == [4, 2, 1]


def test_a_changed_module_makes_the_cache_stale(
    cache_dir: Path, root: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    package = tmp_path / "package"
    package.mkdir()
    module = package / "schema.py"
    module.write_text("X = 1\n")
    monkeypatch.setattr(cache, "_PACKAGE_DIR", package)
    before = cache.content_key(root)
    _touch(module)
    assert cache.content_key(root) != before


def test_the_key_names_the_versions_and_the_root(root: Path) -> None:
    import sys

    import pydantic

    import rollout

    key = cache.content_key(root)
    assert rollout.__version__ in key and sys.version in key and pydantic.VERSION in key
    assert str(root) in key


def test_a_corrupt_cache_is_ignored_and_rewritten(
    cache_dir: Path, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parses = _count_parses(monkeypatch)
    load_content(root)
    (path,) = cache_dir.glob("content-*.pickle")
    good = path.read_bytes()
    for damage in (b"", b"not a pickle", good[: len(good) // 2],
                   pickle.dumps(cache.content_key(root)) + b"garbage"):
        path.write_bytes(damage)
        assert isinstance(load_content(root), Content)
    assert len(parses) == 5
    assert path.read_bytes() != b"" and isinstance(load_content(root), Content)
    assert len(parses) == 5


def test_a_cache_holding_something_else_is_not_used(
    cache_dir: Path, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parses = _count_parses(monkeypatch)
    load_content(root)
    (path,) = cache_dir.glob("content-*.pickle")
    assert cache.write(path, cache.content_key(root), {"not": "content"})
    assert isinstance(load_content(root), Content)
    assert len(parses) == 2


def test_an_unwritable_cache_directory_only_means_no_cache(
    tmp_path: Path, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("ROLLOUT_CACHE_DIR", str(blocker / "cache"))
    parses = _count_parses(monkeypatch)
    assert isinstance(load_content(root), Content)
    assert isinstance(load_content(root), Content)
    assert len(parses) == 2
    assert list(tmp_path.glob("**/*.tmp")) == []


def test_writing_is_atomic_and_leaves_no_temporary_file(
    cache_dir: Path, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = cache.cache_file(cache_dir, root)
    assert cache.write(path, ("key",), [1, 2, 3])
    assert cache.read(path, ("key",)) == [1, 2, 3]
    assert cache.read(path, ("other key",)) is None

    def failing_dump(*args: object, **kwargs: object) -> None:
        raise pickle.PicklingError("cannot")

    monkeypatch.setattr(pickle, "dump", failing_dump)
    assert not cache.write(path, ("key",), [4])
    assert cache.read(path, ("key",)) == [1, 2, 3]  # the old file is intact
    assert [p.name for p in cache_dir.iterdir()] == [path.name]


def test_the_cache_can_be_turned_off(
    tmp_path: Path, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ROLLOUT_CACHE_DIR", "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    parses = _count_parses(monkeypatch)
    load_content(root)
    load_content(root)
    assert len(parses) == 2
    assert not (tmp_path / "xdg").exists()


def test_the_default_directory_follows_xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ROLLOUT_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.cache_dir() == tmp_path / "rollout"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert cache.cache_dir() == Path.home() / ".cache" / "rollout"


def test_roots_spelt_differently_have_their_own_cache(
    cache_dir: Path, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(root.parent)
    relative = load_content(Path(root.name))
    absolute = load_content(root)
    assert relative.root == Path(root.name) and absolute.root == root
    assert load_content(Path(root.name)).root == Path(root.name)
    assert len(list(cache_dir.glob("content-*.pickle"))) == 2


def test_invalid_content_is_never_cached(
    cache_dir: Path, root: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    checklist = next((root / "checklists").glob("*.yaml"))
    checklist.write_text("schema_version: 1\nid: [broken\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(ContentError):
            load_content(root)
    assert list(cache_dir.glob("*")) == []


def test_validate_always_checks_the_files(
    cache_dir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    load_content()  # a valid cache exists
    read_calls: list[Path] = []
    monkeypatch.setattr(cache, "read", lambda path, key: read_calls.append(path))
    parses = _count_parses(monkeypatch)
    assert main(["validate"]) == 0
    assert read_calls == [] and len(parses) == 1
    assert "ok" in capsys.readouterr().out
