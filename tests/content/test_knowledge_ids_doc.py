"""docs/knowledge-ids.md says what the knowledge base holds."""

from __future__ import annotations

from pathlib import Path

from rollout.content.knowledge_ids import render_knowledge_ids
from rollout.content.loader import Content

DOC = Path(__file__).resolve().parents[2] / "docs" / "knowledge-ids.md"


def test_knowledge_ids_doc_matches_the_content(content: Content) -> None:
    expected = render_knowledge_ids(content)
    assert DOC.read_text(encoding="utf-8") == expected, (
        "docs/knowledge-ids.md is out of date: run "
        "`python -m rollout.content.knowledge_ids > docs/knowledge-ids.md`")


def test_every_question_gate_case_and_preset_is_listed(content: Content) -> None:
    doc = render_knowledge_ids(content)
    for ident in [*content.questions, *content.gates, *content.cases, *content.presets,
                  *content.factors]:
        assert ident in doc, ident

