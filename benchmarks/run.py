"""Run every benchmark module (bench_*.py) and print one table.

Each row: area, figure, value, baseline (measured in the same run, when the figure has one),
ratio (value / baseline), goal. A module's ``run()`` returns rows of six cells, or of four
(area, figure, value, goal) for figures without a baseline. ``python benchmarks/run.py app
engine`` runs only those modules. The machine's load average is printed before and after, since
other processes sharing the cores slow every wall-clock figure (ratios much less).
"""

from __future__ import annotations

import importlib.util
import os
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
HEADER = ("area", "figure", "value", "baseline", "ratio", "goal")


def table_row(row: tuple[str, ...]) -> tuple[str, ...]:
    """A module's row as the table's six cells."""
    if len(row) == 6:
        return row
    if len(row) == 4:
        area, figure, value, goal = row
        return (area, figure, value, "", "", goal)
    raise ValueError(f"a benchmark row has 4 or 6 cells, not {len(row)}: {row!r}")


def _load() -> str:
    try:
        one, five, fifteen = os.getloadavg()
    except OSError:  # not available on this platform
        return "unknown"
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f} on {os.cpu_count()} cores"


def main() -> int:
    rows: list[tuple[str, ...]] = []
    only = set(sys.argv[1:])
    print(f"load average (1 / 5 / 15 min) before: {_load()}", file=sys.stderr, flush=True)
    started = time.perf_counter()
    for path in sorted(HERE.glob("bench_*.py")):
        if only and path.stem.removeprefix("bench_") not in only:
            continue
        spec = importlib.util.spec_from_file_location(path.stem, path)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        print(f"running {path.name} ...", file=sys.stderr, flush=True)
        rows.extend(table_row(tuple(row)) for row in module.run())
    widths = [max(len(str(r[i])) for r in [HEADER, *rows]) for i in range(len(HEADER))]
    for row in [HEADER, tuple("-" * w for w in widths), *rows]:
        print("  ".join(str(c).ljust(w) for c, w in zip(row, widths, strict=True)).rstrip())
    print(f"\nload average after {time.perf_counter() - started:.0f} s: {_load()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
