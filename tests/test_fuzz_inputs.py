"""Hypothesis fuzz of the assessment loader (issue 8, Deliver 7): 10,000 generated inputs, each
a result or an InputError, in a subprocess under a memory cap (tests/fuzzing.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from rollout.content.loader import Content

ROOT = Path(__file__).resolve().parent.parent
INPUTS = 10_000


def run_fuzzer(*args: str) -> dict[str, object]:
    result = subprocess.run([sys.executable, "-m", "tests.fuzzing", *args], cwd=ROOT,
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    summary: dict[str, object] = json.loads(result.stdout.strip().splitlines()[-1])
    return summary


def test_the_assessment_loader_survives_10000_hostile_inputs_under_a_memory_cap(
    content: Content,
) -> None:
    summary = run_fuzzer("assessment", str(INPUTS), str(content.root))
    assert summary["unexpected"] == 0, "\n".join(summary["failures"])  # type: ignore[arg-type]
    assert summary["inputs"] == INPUTS
    # The fuzzer reaches both outcomes: it is not refusing everything at the first byte.
    assert summary["accepted"] and summary["refused"]
