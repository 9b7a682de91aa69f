"""Fuzzers for the assessment loader and the organisation-import parser (issue 8, Deliver 7).

Each fuzzer mutates a valid document (hostile leaf values, deleted and unknown keys, YAML
aliases, tags, impossible dates, deep nesting, broken bytes and encodings) and feeds it through
the same reading path as the command line and the app. The only acceptable outcomes are a
result or an :class:`~rollout.errors.InputError`; anything else is counted as unexpected and a
few are kept for the report. Run in a subprocess under a memory cap by tests/test_fuzz_inputs.py
(``python -m tests.fuzzing KIND INPUTS [SEED_FILE] CONTENT_ROOT`` prints a JSON summary).
"""

from __future__ import annotations

import contextlib
import copy
import json
import resource
import sys
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rollout.errors import InputError

MEMORY_CAP_BYTES = 2 * 1024**3
_DUMPER: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # libyaml: 20 times faster

HOSTILE_VALUES: list[Any] = [
    None, True, False, 0, -1, 2**31, 2**63, 2**64, 10**30, -(10**30), 1e308, float("inf"),
    float("-inf"), float("nan"), "", " ", "x" * 5_000, "A\nVerdict: GO", "\x1b[2J", "\u202e",
    "=HYPERLINK(\"http://x\",\"y\")", "![x](http://evil.example/b.png)", "<script>", "XX",
    "2026-02-30", "9999-12-31", "0001-01-01", "1405/01/15", "../../etc/passwd", "admin",
    "yes", "no", "partial", "unknown", "not-an-email", "ADMIN@EXAMPLE.ORG", [], {}, [[[]]],
    {"a": {"b": {"c": None}}}, ["x"] * 200, list(range(50)),
]

YAML_SNIPPETS = [
    "a: &a [1, 2]\nb: *a\n", "!!python/object/apply:os.system ['true']\n", "x: !!binary AAAA\n",
    "start_date: 2026-02-30\n", "users_total: 1e400\n", "[" * 200 + "]" * 200 + "\n",
    "k: 1\nk: 2\n", "? [a, b]\n: c\n", "<<: {a: 1}\n", "%YAML 1.1\n---\n", "\t\ttab: 1\n",
    "users_total: 0x7fffffffffffffffffffffff\n", "x: 123456789012345678901234567890\n",
]


def _leaf_paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    paths = [prefix]
    if isinstance(node, dict):
        for key, value in node.items():
            paths += _leaf_paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node[:5]):
            paths += _leaf_paths(value, (*prefix, i))
    return paths


def _apply(document: Any, path: tuple[Any, ...], kind: str, value: Any) -> Any:
    if not path:
        return value if kind == "replace" else document
    parent = document
    for part in path[:-1]:
        parent = parent[part]
    last = path[-1]
    if kind == "replace":
        parent[last] = copy.deepcopy(value)
    elif kind == "delete":
        del parent[last]
    elif kind == "unknown_key" and isinstance(parent, dict):
        parent[f"unknown_{last}"] = value
    elif kind == "duplicate" and isinstance(parent, list):
        parent.append(copy.deepcopy(parent[last]))
    return document


def mutations(seed: Any) -> st.SearchStrategy[tuple[Any, list[tuple[int, str, bytes]]]]:
    """(mutated document, byte edits) for a seed document."""
    paths = _leaf_paths(seed)
    seed_text = json.dumps(seed)  # json.loads of it copies the seed ten times faster than deepcopy
    values = st.one_of(st.sampled_from(HOSTILE_VALUES), st.integers(), st.floats(),
                       st.text(max_size=20), st.booleans())
    change = st.tuples(st.integers(0, len(paths) - 1),
                       st.sampled_from(["replace", "replace", "delete", "unknown_key",
                                        "duplicate"]), values)
    edit = st.tuples(st.integers(0, 10**6),
                     st.sampled_from(["insert", "delete", "snippet", "encode"]),
                     st.binary(max_size=4))

    @st.composite
    def build(draw: Callable[..., Any]) -> tuple[Any, list[tuple[int, str, bytes]]]:
        document = json.loads(seed_text)
        for index, kind, value in draw(st.lists(change, min_size=0, max_size=3)):
            with contextlib.suppress(KeyError, IndexError, TypeError):  # path already removed
                document = _apply(document, paths[index], kind, value)
        return document, draw(st.lists(edit, min_size=1, max_size=2))

    return build()


def _serialise(document: Any, as_yaml: bool, edits: list[tuple[int, str, bytes]]) -> bytes:
    if as_yaml:
        text = yaml.dump(document, Dumper=_DUMPER, sort_keys=False, allow_unicode=True)
    else:
        text = json.dumps(document, default=str, ensure_ascii=False)
    data = text.encode("utf-8")
    for position, kind, extra in edits:
        at = position % (len(data) + 1)
        if kind == "insert":
            data = data[:at] + extra + data[at:]
        elif kind == "delete":
            data = data[:at] + data[at + len(extra) + 1:]
        elif kind == "snippet":
            snippet = YAML_SNIPPETS[position % len(YAML_SNIPPETS)].encode("utf-8")
            data = data[:at] + snippet + data[at:]
        elif kind == "encode":
            data = data.decode("utf-8", "replace").encode(
                ["utf-16", "utf-8-sig", "cp1256", "latin-1"][position % 4], "replace")
    return data


# Each generated document is read as JSON and as YAML (imports: JSON only), intact and with
# byte edits: several inputs per generated example keeps hypothesis's overhead per input low.
def run(target: Callable[[bytes, bool], Any], seed: Any, inputs: int, *,
        formats: tuple[bool, ...] = (False, True)) -> dict[str, Any]:
    """Feed at least ``inputs`` generated inputs to ``target``; count the outcomes."""
    counts = {"inputs": 0, "accepted": 0, "refused": 0, "unexpected": 0}
    failures: list[str] = []
    per_example = 2 * len(formats)

    @settings(max_examples=-(-inputs // per_example), database=None, deadline=None,
              derandomize=True, suppress_health_check=list(HealthCheck))
    @given(mutations(seed))
    def fuzz(case: tuple[Any, list[tuple[int, str, bytes]]]) -> None:
        document, edits = case
        for as_yaml in formats:
            for edit in ([], edits):
                counts["inputs"] += 1
                try:
                    data = _serialise(document, as_yaml, edit)
                except (ValueError, yaml.YAMLError, OverflowError):
                    data = b"\xff\xfe broken"
                try:
                    target(data, as_yaml)
                except InputError:
                    counts["refused"] += 1
                except Exception:  # the point of the fuzzer: any other exception is a defect
                    counts["unexpected"] += 1
                    if len(failures) < 5:
                        failures.append(traceback.format_exc(limit=6)[-1500:])
                else:
                    counts["accepted"] += 1

    fuzz()
    return {**counts, "failures": failures}


def assessment_target(content_root: Path) -> tuple[Callable[[bytes, bool], Any], Any]:
    from rollout.assessment_file import parse_assessment_bytes
    from rollout.content.loader import load_content

    content = load_content(content_root)
    case = next(iter(content.cases.values()))
    seed = json.loads(json.dumps(dict(case.example), default=str))
    # A small but complete seed keeps each example cheap: every section, a few of each.
    programme = seed["programme"]
    for key in ("business_units", "legacy_platforms", "peak_seasons", "concurrent_projects",
                "modules"):
        programme[key] = programme.get(key, [])[:2]
    known = {p["name"] for p in programme["legacy_platforms"]}
    for unit in programme["business_units"]:
        unit["legacy_platforms"] = [n for n in unit.get("legacy_platforms", []) if n in known]
    seed["answers"] = dict(list(seed.get("answers", {}).items())[:8])

    def target(data: bytes, as_yaml: bool) -> Any:
        return parse_assessment_bytes(data, content, source="fuzz.yaml" if as_yaml else "f.json")

    return target, seed


def import_target(seed_file: Path, content_root: Path) -> tuple[Callable[[bytes, bool], Any], Any]:
    from rollout import limits
    from rollout.content.loader import load_content
    from rollout.services import transfer

    content = load_content(content_root)
    seed = json.loads(seed_file.read_text(encoding="utf-8"))

    def target(data: bytes, _as_yaml: bool) -> Any:
        # Exactly what `rollout org import` does before it opens the database.
        text = limits.decode_text(data, source="fuzz.json")
        parsed = limits.parse_document(text, source="fuzz.json", as_json=True)
        document = transfer._parse(parsed, "fuzz.json")
        transfer._check_references(document, "fuzz.json")
        transfer._check_answers(document, content, "fuzz.json")
        return document

    return target, seed


def main(argv: list[str]) -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP_BYTES, MEMORY_CAP_BYTES))
    kind, inputs = argv[0], int(argv[1])
    if kind == "assessment":
        target, seed = assessment_target(Path(argv[2]))
        print(json.dumps(run(target, seed, inputs)))
    else:
        target, seed = import_target(Path(argv[2]), Path(argv[3]))
        print(json.dumps(run(target, seed, inputs, formats=(False,))))


if __name__ == "__main__":
    main(sys.argv[1:])
