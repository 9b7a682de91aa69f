"""Risk-engine benchmarks.

1. Assessments scored per second on one core (goal >= 5,000/s): the 12 case examples, each with
   its answers perturbed, scored in a loop in this process.
2. Whole-process time of `rollout assess FILE --format json` as a ratio to
   `python -c "import yaml, pydantic"` measured in the same run (goal <= 2x).
3. Files scored per second by one `rollout assess` process given many files (goal >= 2,000/s):
   600 perturbed case examples written as JSON files and as YAML files, the command run in this
   process (``rollout.cli.main``) with its output sent to /dev/null; wall and CPU time, the
   median of 3 after a warming run. The engine's own rate (1.) is the ceiling it is compared with.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import yaml

from rollout.content.loader import example_assessment, load_default_content
from rollout.content.schema import YES_NO_VALUES, AnswerType
from rollout.risk.engine import engine_for

ROOT = Path(__file__).resolve().parents[1]


def _variants(count: int) -> list[Any]:
    content = load_default_content()
    rng = random.Random(7)
    bases = [example_assessment(content, cid) for cid in sorted(content.cases)]
    yes_no = [q.id for q in content.questions.values() if q.type is AnswerType.YES_NO]
    out = []
    for i in range(count):
        base = bases[i % len(bases)]
        answers = dict(base.answers)
        for qid in rng.sample(yes_no, 5):
            answers[qid] = rng.choice(YES_NO_VALUES)
        out.append(base.with_answers(answers))
    return out


def assessments_per_second(count: int = 3000) -> float:
    content = load_default_content()
    engine = engine_for(content)
    items = _variants(count)
    for item in items[:50]:
        engine.assess(item)  # warm caches (peak-season expansion, compiled conditions)
    start = time.perf_counter()
    for item in items:
        engine.assess(item)
    return count / (time.perf_counter() - start)


def _median_seconds(cmd: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True, cwd=ROOT)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def cli_ratio(runs: int = 7) -> tuple[float, float, float]:
    content = load_default_content()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "hershey.yaml"
        data = dict(content.cases["hershey-1999"].example)
        path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
        rollout = str(Path(sys.executable).parent / "rollout")
        baseline = _median_seconds([sys.executable, "-c", "import yaml, pydantic"], runs)
        cli = _median_seconds([rollout, "assess", str(path), "--format", "json"], runs)
    return cli, baseline, cli / baseline


def files_per_second(suffix: str, count: int = 600, runs: int = 3) -> tuple[float, float]:
    """Wall and CPU rate of one `rollout assess FILE...` over ``count`` files."""
    from rollout.cli import main

    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i, item in enumerate(_variants(count)):
            data = item.model_dump(mode="json", exclude_defaults=True)
            path = Path(tmp) / f"assessment-{i:04d}{suffix}"
            path.write_text(json.dumps(data) if suffix == ".json" else
                            yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
            paths.append(str(path))
        args = ["assess", *paths, "--format", "json", "--at", "2026-01-05"]
        walls, cpus = [], []
        with open(os.devnull, "w", encoding="utf-8") as sink, contextlib.redirect_stdout(sink):
            assert main(args[:2] + args[-4:]) == 0  # warm: content, compiled conditions
            for _ in range(runs):
                start, start_cpu = time.perf_counter(), time.process_time()
                assert main(args) == 0
                walls.append(time.perf_counter() - start)
                cpus.append(time.process_time() - start_cpu)
    return count / statistics.median(walls), count / statistics.median(cpus)


def run() -> list[tuple[str, ...]]:
    rate = assessments_per_second()
    cli, baseline, ratio = cli_ratio()
    rows: list[tuple[str, ...]] = [
        ("engine", "assessments scored per second, in process (one core)", f"{rate:,.0f}/s", "",
         "", ">= 5,000/s"),
        ("engine", "rollout assess FILE --format json, whole process (median of 7)",
         f"{cli * 1000:.0f} ms", f"{baseline * 1000:.0f} ms (python -c 'import yaml, pydantic')",
         f"{ratio:.2f}x", "<= 2x"),
    ]
    for suffix in (".json", ".yaml"):
        wall, cpu = files_per_second(suffix)
        rows.append(("engine", f"rollout assess of 600 {suffix[1:].upper()} files, one process",
                     f"{wall:,.0f} files/s (CPU {cpu:,.0f}/s)", f"{rate:,.0f}/s (engine alone)",
                     f"{wall / rate:.2f}x", ">= 2,000 files/s"))
    return rows


if __name__ == "__main__":
    for row in run():
        print(" | ".join(row))
