"""`rollout assess` gives the same output whether the knowledge base comes from the cache or not."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import yaml

from rollout.content.loader import Content

_PROBE = """
import sys
from rollout.cli import main
rc = main(sys.argv[1:])
from rollout.content import schema
heavy = [m for m in ('streamlit', 'plotly', 'sqlmodel', 'sqlalchemy', 'jinja2') if m in sys.modules]
built = [name for name in ('Question', 'RiskFactor', 'Case', 'PeakPreset', 'Comparison')
         if getattr(schema, name).__pydantic_complete__]
print(rc, heavy, built, file=sys.stderr)
"""


def _run(args: list[str], cache: str) -> tuple[str, str]:
    env = {**os.environ, "ROLLOUT_CACHE_DIR": cache}
    done = subprocess.run([sys.executable, "-c", _PROBE, *args], capture_output=True, text=True,
                          env=env, check=True)
    return done.stdout, done.stderr.strip().splitlines()[-1]


def test_cold_warm_and_uncached_runs_print_the_same_report(
    content: Content, tmp_path: Path
) -> None:
    files = []
    for case_id in ("hershey-1999", "vodafone-2016"):
        path = tmp_path / f"{case_id}.yaml"
        path.write_text(yaml.safe_dump(dict(content.cases[case_id].example), sort_keys=False),
                        encoding="utf-8")
        files.append(str(path))
    cache = tmp_path / "cache"
    for args in (["assess", *files, "--format", "json", "--at", "2020-01-01"],
                 ["assess", files[0], "--format", "markdown", "--at", "2020-01-01"],
                 ["cases", "--format", "json"]):
        cold, cold_probe = _run(args, str(cache))
        warm, warm_probe = _run(args, str(cache))
        uncached, _ = _run(args, "off")
        assert cold == warm == uncached
        assert cold_probe.startswith("0 [] ")
        # read back from the cache, no content schema had to be built
        assert warm_probe == "0 [] []"
    assert len(list(cache.glob("content-*.pickle"))) == 1
    assert json.loads(cold)  # the last run: cases


def test_validate_checks_the_files_even_with_a_cache(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    _run(["cases"], str(cache))
    out, probe = _run(["validate"], str(cache))
    assert "ok" in out
    assert probe.startswith("0 [] ") and probe != "0 [] []"  # schemas were built: it validated
