"""Hypothesis fuzz of the training importer: 10,000 generated inputs, each a preview or an
InputError, in a subprocess under a memory cap (tests/training/fuzzing.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
INPUTS = 10_000


def test_the_training_importer_survives_10000_hostile_inputs_under_a_memory_cap() -> None:
    result = subprocess.run([sys.executable, "-m", "tests.training.fuzzing", str(INPUTS)],
                            cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, result.stderr[-3000:]
    summary = json.loads(result.stdout.strip().splitlines()[-1])
    assert summary["unexpected"] == 0, "\n".join(summary["failures"])
    assert summary["inputs"] >= INPUTS
    assert summary["accepted"] and summary["refused"]
