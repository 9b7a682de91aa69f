"""Hypothesis fuzz of the organisation-import parser (issue 8, Deliver 7): 10,000 generated
inputs, each a document or an InputError, in a subprocess under a memory cap."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rollout.services.transfer import export_organisation
from tests.services.conftest import World
from tests.test_fuzz_inputs import INPUTS, run_fuzzer


def test_the_import_parser_survives_10000_hostile_inputs_under_a_memory_cap(
    world: World, backend: str, tmp_path: Path
) -> None:
    if backend != "sqlite":
        pytest.skip("the parser runs before any database; one backend is enough")
    document = export_organisation(world.db, actor=world.admin, organisation_id=world.own.id)
    # A small seed keeps each input cheap; it still has one of everything.
    document["audit_events"] = document["audit_events"][:5]
    for assessment in document["assessments"]:
        assessment["snapshots"] = assessment["snapshots"][:1]
    seed = tmp_path / "seed.json"
    seed.write_text(json.dumps(document), encoding="utf-8")
    summary = run_fuzzer("import", str(INPUTS), str(seed), str(world.content.root))
    assert summary["unexpected"] == 0, "\n".join(summary["failures"])  # type: ignore[arg-type]
    assert summary["inputs"] == INPUTS
    assert summary["accepted"] and summary["refused"]
