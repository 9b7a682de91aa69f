"""The PDF report: its text, extracted with pypdf, says what the report says, in both languages."""

from __future__ import annotations

import io
import unicodedata

from pypdf import PdfReader

from rollout.exports import ExportDocument, ExportFormat, render
from rollout.exports.pdf import render_pdf
from rollout.i18n import Language
from rollout.i18n.vocabulary import decision_label
from tests.exports.conftest import PERSIAN_ORGANISATION


def _text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return unicodedata.normalize("NFC", "\n".join(page.extract_text() for page in reader.pages))


def test_the_pdf_names_the_organisation_the_verdict_and_every_wave(
        document: ExportDocument) -> None:
    data = render(document, ExportFormat.PDF)
    assert data.startswith(b"%PDF-")
    text = _text(data)
    assert document.organisation in text
    assert decision_label(document.report.verdict.decision.value, document.language) in text
    for wave in document.plan.waves:
        assert wave.name in text


def test_the_persian_pdf_carries_persian_words_joined_from_the_shipped_font(
        persian: ExportDocument) -> None:
    data = render_pdf(persian)
    text = _text(data)
    assert PERSIAN_ORGANISATION in text
    assert "تصمیم" in text or decision_label("no-go", Language.FA) in text
    assert b"Vazirmatn" in data  # the font is embedded, not looked up on the reader's machine


def test_the_pdf_draws_user_text_as_text(hostile: ExportDocument) -> None:
    text = _text(render_pdf(hostile))
    assert "<script>alert(1)</script>" in text  # shown literally: nothing in a PDF runs it
    assert "BEGIN:VEVENT" in text
    assert "\r" not in text


def test_the_pdf_fetches_nothing_and_links_nowhere(hostile: ExportDocument) -> None:
    data = render_pdf(hostile)
    assert b"/URI" not in data and b"/Launch" not in data and b"/JavaScript" not in data
