"""Risk-engine benchmarks.

1. Assessments scored per second on one core (goal >= 5,000/s): the 12 case examples, each with
   its answers perturbed, scored in a loop in this process.
2. Whole-process time of `rollout assess FILE --format json` as a ratio to
   `python -c "import yaml, pydantic"` measured in the same run (goal <= 2x).
"""

from __future__ import annotations

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


def run() -> list[tuple[str, str, str, str]]:
    rate = assessments_per_second()
    cli, baseline, ratio = cli_ratio()
    return [
        ("engine", "assessments per second (one core)", f"{rate:,.0f}", ">= 5,000"),
        ("engine", "rollout assess FILE, whole process", f"{cli * 1000:.0f} ms", ""),
        ("engine", "python -c 'import yaml, pydantic'", f"{baseline * 1000:.0f} ms", ""),
        ("engine", "CLI / import baseline", f"{ratio:.2f}x", "<= 2x"),
    ]


if __name__ == "__main__":
    for row in run():
        print(" | ".join(row))
