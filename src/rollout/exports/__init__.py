"""Export files rendered from data already computed: the readiness and rollout report (HTML and
PDF), the workbook (XLSX), the calendar (ICS), MS Project XML (MSPDI) and CSV tables.

Every renderer takes one :class:`~rollout.exports.document.ExportDocument` (the plan, the risk
report, the knowledge base, the organisation's actions, the branding and the language) and returns
bytes. Nothing here plans, scores or reads the database: ``rollout.services.exports`` gathers the
document through ``plan_programme`` and the repositories, and the CLI's ``rollout report`` through
the same planner orchestration as ``rollout plan``. Nothing here fetches a URL either.

Allowed libraries: jinja2, fpdf2 (with uharfbuzz), xlsxwriter, icalendar and the standard
library; never streamlit or the database layer (tests/test_architecture.py).
"""

from rollout.exports.document import (
    ActionItem,
    Branding,
    ExportDocument,
    ExportFormat,
    TrainingItem,
    TrainingWave,
)
from rollout.exports.render import MEDIA_TYPES, render

__all__ = ["MEDIA_TYPES", "ActionItem", "Branding", "ExportDocument", "ExportFormat",
           "TrainingItem", "TrainingWave", "render"]
