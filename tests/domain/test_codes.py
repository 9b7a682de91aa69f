"""The plan's codes are closed sets, documented in docs/planner.md exactly as the code defines them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rollout.domain.codes import CriterionCode, NoteCode, ViolationCode
from rollout.domain.plan import GateCriterion, Note, Violation

PLANNER_DOC = Path(__file__).resolve().parents[2] / "docs" / "planner.md"


def _table_codes(heading: str) -> set[str]:
    """The back-quoted codes in the first column of the table whose header row is ``heading``."""
    lines = PLANNER_DOC.read_text(encoding="utf-8").splitlines()
    start = lines.index(heading)
    codes: set[str] = set()
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        codes |= set(re.findall(r"`([a-z_]+)`", line.split("|")[1]))
    return codes


def test_the_note_table_lists_every_note_code_and_no_other() -> None:
    assert _table_codes("| code | when |") == {c.value for c in NoteCode}


def test_the_violation_table_lists_every_violation_code_and_no_other() -> None:
    assert _table_codes("| code | the rule |") == {c.value for c in ViolationCode}


def test_the_gate_paragraph_names_every_criterion_code() -> None:
    text = PLANNER_DOC.read_text(encoding="utf-8")
    gates = text[text.index("**Gates.**"):text.index("**Mitigations.**")]
    assert set(re.findall(r"`([a-z_]+)`", gates)) >= {c.value for c in CriterionCode}


@pytest.mark.parametrize("family", [NoteCode, ViolationCode, CriterionCode])
def test_every_code_has_a_one_line_meaning(family: type[NoteCode]) -> None:
    for code in family:
        assert code.meaning and "\n" not in code.meaning, code


def test_a_misspelt_code_is_refused() -> None:
    with pytest.raises(ValueError):
        Note.model_validate({"code": "blackout_shfit", "message": "moved"})
    with pytest.raises(ValueError):
        Violation.model_validate({"code": "dependancy", "message": "early"})
    with pytest.raises(ValueError):
        GateCriterion.model_validate({"code": "sign_off", "text": "signed"})


def test_a_code_serialises_as_its_plain_string() -> None:
    note = Note(code=NoteCode.BLACKOUT_SHIFT, message="moved")
    assert note.model_dump(mode="json")["code"] == "blackout_shift"
    assert Note.model_validate({"code": "blackout_shift", "message": "moved"}).code is \
        NoteCode.BLACKOUT_SHIFT
