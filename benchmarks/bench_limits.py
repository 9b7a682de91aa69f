"""Input-bound benchmarks (issue 8): hostile files are refused in about the time it takes to
read a normal one, whatever they would grow into.

1. The 520-byte alias bomb refused, as a ratio to reading the Hershey case's example
   assessment (goal <= 2x; before the bounds it grew to gigabytes).
2. A 10,000-business-unit file (300 KB of JSON) refused: throughput in MB/s (goal >= 2 MB/s,
   so even a 5 MB file is refused in under 3 s; before the bounds, planning it took 62 s and
   2.6 GB).
3. The YAML shape check (aliases, depth, sizes) on a 5 MB file, the largest accepted, as a
   ratio to building it with libyaml (goal <= 1x: the check never dominates an upload).
"""

from __future__ import annotations

import contextlib
import json
import statistics
import time
from collections.abc import Callable
from typing import Any

import yaml

from rollout import limits
from rollout.assessment_file import parse_assessment_bytes
from rollout.content.loader import load_default_content
from rollout.errors import InputError

BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{n}: &{n} [{', '.join(['*' + p] * 9)}]\n" for p, n in zip("abcdefgh", "bcdefghi",
                                                                  strict=True)
) + "answers: {sponsor: *i}\n"


def _median_seconds(action: Callable[[], Any], runs: int = 20) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        with contextlib.suppress(InputError):
            action()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def run() -> list[tuple[str, ...]]:
    content = load_default_content()
    example = dict(content.cases["hershey-1999"].example)
    normal = json.dumps(example, default=str).encode()
    units = json.loads(normal)
    units["programme"]["business_units"] = [{"name": f"Unit {i}", "users": 1}
                                            for i in range(10_000)]
    many_units = json.dumps(units).encode()
    five_mb = ("- name: " + "x" * 60 + "\n").encode() * (limits.MAX_ASSESSMENT_BYTES // 70)

    read_normal = _median_seconds(
        lambda: parse_assessment_bytes(normal, content, source="normal.json"))
    refuse_bomb = _median_seconds(
        lambda: parse_assessment_bytes(BOMB.encode(), content, source="bomb.yaml"))
    refuse_units = _median_seconds(
        lambda: parse_assessment_bytes(many_units, content, source="units.json"), runs=5)
    text = five_mb.decode()
    check = _median_seconds(
        lambda: limits.check_yaml_shape(text, source="big.yaml", max_nodes=None), runs=3)
    build = _median_seconds(lambda: yaml.load(text, Loader=limits.UserYamlLoader), runs=3)
    return [
        ("limits", "alias bomb refused / normal file read",
         f"{refuse_bomb / read_normal:.2f}x ({refuse_bomb * 1000:.1f} ms)", "<= 2x"),
        ("limits", "10,000-unit file refused",
         f"{len(many_units) / 1e6 / refuse_units:.1f} MB/s ({refuse_units * 1000:.0f} ms)",
         ">= 2 MB/s"),
        ("limits", "YAML shape check / libyaml load (5 MB)",
         f"{check / build:.2f}x ({len(five_mb) / 1e6 / check:.1f} MB/s)", "<= 1x"),
    ]


if __name__ == "__main__":
    for row in run():
        print("  ".join(row))
