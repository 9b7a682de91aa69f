"""Fuzzer for the training importer (issue 14, Deliver 7): generated rosters and completion
exports (hostile cells, broken quoting, other delimiters and encodings, byte edits, damaged
workbooks) through :func:`rollout.training.imports.read_import`. The only acceptable outcomes are
a preview or an :class:`~rollout.errors.InputError`. Run in a subprocess under a memory cap by
tests/training/test_fuzz_import.py (``python -m tests.training.fuzzing INPUTS`` prints JSON)."""

from __future__ import annotations

import json
import resource
import sys
import traceback
from collections.abc import Callable
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rollout.errors import InputError
from rollout.training.imports import ImportKind, read_import
from tests.training.conftest import xlsx_bytes

MEMORY_CAP_BYTES = 2 * 1024**3
HEADERS = ["employee_id", "name", "email", "unit", "job_role", "language", "super_user",
           "course", "completed_on", "passed", "score", "week", "active_users", "کد پرسنلی",
           "تاریخ تکمیل", "", " ", "Employee ID", "E-mail", "x" * 300]
CELLS = ["", " ", "1001", "۱۴۰۳/۰۱/۱۵", "1403/13/40", "45385", "-1", "1e309", "nan", "03/04/2024",
         "2024-02-30", "=HYPERLINK(\"http://x\")", "\"", "\"\"\"", "a\nb", "\x00", "\u202e",
         "علي", "yes", "بله", "maybe", "ali@example.ir", "@", "100", "۹۹٫۵", "x" * 2_000,
         "9" * 400, "\ufeff", "\r"]
ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1256", "latin-1"]
DELIMITERS = [",", ";", "\t", "|", ":"]


@st.composite
def documents(draw: Callable[..., Any]) -> tuple[bytes, dict[str, Any]]:
    header = draw(st.lists(st.sampled_from(HEADERS), min_size=0, max_size=8))
    rows = draw(st.lists(st.lists(st.one_of(st.sampled_from(CELLS), st.text(max_size=12)),
                                  max_size=9), max_size=8))
    delimiter = draw(st.sampled_from(DELIMITERS))
    lines = [delimiter.join(header)] + [delimiter.join(r) for r in rows]
    text = draw(st.sampled_from(["\n", "\r\n", "\r"])).join(lines)
    encoding = draw(st.sampled_from(ENCODINGS))
    data = text.encode(encoding, "replace")
    for position, extra in draw(st.lists(st.tuples(st.integers(0, 10**5), st.binary(max_size=3)),
                                         max_size=2)):
        at = position % (len(data) + 1)
        data = data[:at] + extra + data[at:]
    options: dict[str, Any] = {"kind": draw(st.sampled_from(list(ImportKind)))}
    if draw(st.booleans()):
        options["encoding"] = draw(st.sampled_from([*ENCODINGS, "nope", ""]))
    if draw(st.booleans()):
        options["delimiter"] = draw(st.sampled_from([*DELIMITERS, "tab", "ab"]))
    if draw(st.booleans()):
        options["mapping"] = draw(st.dictionaries(st.sampled_from(HEADERS),
                                                  st.sampled_from([*HEADERS, "ignore"]),
                                                  max_size=3))
    return data, options


WORKBOOK = xlsx_bytes([["employee_id", "name", "unit", "job_role"], ["1", "A", "S", "R"],
                       [2, None, 45385.5, True]])


def run(inputs: int) -> dict[str, Any]:
    counts = {"inputs": 0, "accepted": 0, "refused": 0, "unexpected": 0}
    failures: list[str] = []

    def feed(data: bytes, options: dict[str, Any]) -> None:
        counts["inputs"] += 1
        try:
            read_import(data, **options)
        except InputError:
            counts["refused"] += 1
        except Exception:  # the point of the fuzzer: any other exception is a defect
            counts["unexpected"] += 1
            if len(failures) < 5:
                failures.append(traceback.format_exc(limit=8)[-2000:])
        else:
            counts["accepted"] += 1

    # Every fifth example also feeds a damaged workbook (openpyxl is the slow reader).
    @settings(max_examples=-(-inputs * 5 // 6), database=None, deadline=None, derandomize=True,
              suppress_health_check=list(HealthCheck))
    @given(documents(), st.integers(0, len(WORKBOOK)), st.binary(max_size=4))
    def fuzz(document: tuple[bytes, dict[str, Any]], cut: int, noise: bytes) -> None:
        data, options = document
        feed(data, options)
        if cut % 5:
            return
        # A workbook cut short or with bytes overwritten: what a broken upload looks like.
        feed(WORKBOOK[:cut] + noise + WORKBOOK[cut + len(noise):], {"kind": options["kind"]})

    fuzz()
    return {**counts, "failures": failures}


if __name__ == "__main__":
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP_BYTES, MEMORY_CAP_BYTES))
    print(json.dumps(run(int(sys.argv[1]))))
