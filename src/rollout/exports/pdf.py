"""The readiness and rollout report as PDF, with fpdf2 (pure Python, installs from wheels) and
uharfbuzz text shaping, so Persian letters join and read right to left.

The font is Vazirmatn (shipped in ``rollout.i18n.fonts`` with its licence, OFL 1.1; it covers
Latin too, so both languages use it) and is embedded in the file. Every user value is drawn as
text, never interpreted (no markdown, no HTML), after control and bidirectional-override
characters are removed. Nothing outside the package is read, and no URL is fetched.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import re
from collections.abc import Sequence
from typing import Any

from fpdf import FPDF
from fpdf.enums import Align

from rollout.escaping import single_line
from rollout.exports.document import ExportDocument
from rollout.exports.view import ReportView, build_view
from rollout.i18n.fonts import font_file

FONT = "Vazirmatn"
MARGIN_MM = 15
MAX_CELL_LINES = 40
_BAND_COLOURS = {"critical": (192, 57, 43), "high": (230, 126, 34), "medium": (244, 208, 63),
                 "low": (169, 223, 191)}


# Hebrew, Arabic (with Persian), Syriac, Thaana, N'Ko and the Arabic presentation forms.
_RTL_RE = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def _clean(text: str) -> str:
    return single_line(text)


class _Report(FPDF):
    def __init__(self, view: ReportView) -> None:
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.view = view
        self.accent = _rgb(view.accent)
        self.set_margins(MARGIN_MM, MARGIN_MM, MARGIN_MM)
        self.set_auto_page_break(True, margin=MARGIN_MM)
        self.add_font(FONT, "", str(font_file("regular", "ttf")))
        self.add_font(FONT, "B", str(font_file("bold", "ttf")))
        self.set_font(FONT, size=10)
        self._shaping = False
        self.set_title(_clean(f"{view.title} — {view.organisation}"))
        self.set_author(_clean(view.firm or "Rollout"))
        self.set_creator("Rollout")
        self.set_lang(view.lang)
        self.align = Align.R if view.rtl else Align.L
        self._widths: dict[tuple[str, float, str], float] = {}

    def footer(self) -> None:
        self.set_y(-10)
        self.set_font(FONT, size=8)
        self.set_text_color(110, 110, 115)
        self.cell(0, 5, _clean(f"{self.view.organisation} · {self.view.programme} · "
                               f"{self.page_no()}"), align=Align.C)
        self.set_text_color(0, 0, 0)

    # --- building blocks ----------------------------------------------------------------------
    # fpdf2's own line breaking shapes a line again for every character it adds, which costs
    # seconds per page of Persian. Lines are broken here instead, on words, with widths from the
    # font's advance widths (an upper bound for joined Persian letters, so a line never
    # overflows), and each line is shaped once when it is drawn.

    def _word_width(self, word: str) -> float:
        key = (self.font_family + self.font_style, self.font_size_pt, word)
        width = self._widths.get(key)
        if width is None:
            font: Any = self.current_font  # always the shipped TTF: its widths are by code point
            cw = font.cw
            width = float(sum(cw[ord(c)] for c in word)) * self.font_size_pt * 0.001 / self.k
            self._widths[key] = width
        return width

    def wrap(self, text: str, width: float, max_lines: int = MAX_CELL_LINES) -> list[str]:
        """``text`` (one paragraph) broken into lines no wider than ``width`` millimetres."""
        space = self._word_width(" ")
        lines: list[str] = []
        line: list[str] = []
        used = 0.0
        for word in _clean(text).split(" "):
            if not word:
                continue
            size = self._word_width(word)
            while size > width and len(word) > 1:  # a word wider than the column: cut it
                cut = max(1, int(len(word) * width / size))
                if line:
                    lines.append(" ".join(line))
                    line, used = [], 0.0
                lines.append(word[:cut])
                word = word[cut:]
                size = self._word_width(word)
            if line and used + space + size > width:
                lines.append(" ".join(line))
                line, used = [word], size
            else:
                used += (space if line else 0.0) + size
                line.append(word)
        if line:
            lines.append(" ".join(line))
        if len(lines) > max_lines:
            lines = [*lines[: max_lines - 1], lines[max_lines - 1] + " …"]
        return lines or [""]

    def text_lines(self, lines: Sequence[str], x: float, y: float, width: float,
                   line_height: float) -> None:
        for n, line in enumerate(lines):
            if line:
                self.set_xy(x, y + n * line_height)
                self.cell(width, line_height, line, align=self.align)

    def cell(self, w: float | None = None, h: float | None = None, text: str = "",
             *args: Any, **kwargs: Any) -> bool:
        self._shape_for(text)
        return bool(super().cell(w, h, text, *args, **kwargs))

    def _shape_for(self, line: str) -> None:
        """Shape (and order by the bidirectional algorithm) only lines that hold right-to-left
        letters or sit in a right-to-left report: shaping costs several times plain drawing,
        and Latin text looks the same without it."""
        wanted = self.view.rtl or bool(_RTL_RE.search(line))
        if wanted != self._shaping:
            if wanted:
                self.set_text_shaping(use_shaping_engine=True,
                                      direction="rtl" if self.view.rtl else None)
            else:
                self.set_text_shaping(False)
            self._shaping = wanted

    def heading(self, text: str, size: int = 14) -> None:
        if self.get_y() > self.h - 50:
            self.add_page()
        self.ln(3)
        self.set_font(FONT, "B", size)
        self.set_text_color(*self.accent)
        lines = self.wrap(text, self.epw)
        height = size * 0.5
        top = self.get_y()
        self.text_lines(lines, self.l_margin, top, self.epw, height)
        self.set_xy(self.l_margin, top + height * len(lines) + 1)
        self.set_text_color(0, 0, 0)
        self.set_font(FONT, size=10)

    def paragraph(self, text: str, size: int = 10) -> None:
        self.set_font(FONT, size=size)
        line_height = size * 0.5
        for line in self.wrap(text, self.epw, max_lines=200):
            if self.get_y() + line_height > self.page_break_trigger:
                self.add_page()
            self.text_lines([line], self.l_margin, self.get_y(), self.epw, line_height)
            self.set_xy(self.l_margin, self.get_y() + line_height)
        self.set_font(FONT, size=10)

    def grid(self, headings: Sequence[str], rows: Sequence[Sequence[str]],
             widths: Sequence[float], *, header: bool = True, size: float = 8.5) -> None:
        """A table across the page; in Persian its columns run right to left."""
        order = list(range(len(widths)))
        if self.view.rtl:
            order.reverse()
        scale = self.epw / sum(widths)
        columns = [widths[i] * scale for i in order]
        line_height = size * 0.45
        padding = 1.2

        def draw(values: Sequence[str], *, bold: bool, fill: tuple[int, int, int] | None,
                 colour: tuple[int, int, int]) -> None:
            self.set_font(FONT, "B" if bold else "", size)
            cells = [self.wrap(values[i], width - 2 * padding)
                     for i, width in zip(order, columns, strict=True)]
            height = max(len(c) for c in cells) * line_height + 2 * padding
            if self.get_y() + height > self.page_break_trigger:
                self.add_page()
                if header and not bold:
                    draw(headings, bold=True, fill=self.accent, colour=(255, 255, 255))
                    self.set_font(FONT, "", size)
            y = self.get_y()
            x = self.l_margin
            self.set_draw_color(208, 211, 212)
            for lines, width in zip(cells, columns, strict=True):
                if fill:
                    self.set_fill_color(*fill)
                self.rect(x, y, width, height, style="DF" if fill else "D")
                self.set_text_color(*colour)
                self.text_lines(lines, x + padding, y + padding, width - 2 * padding,
                                line_height)
                x += width
            self.set_text_color(0, 0, 0)
            self.set_xy(self.l_margin, y + height)

        if header:
            draw(headings, bold=True, fill=self.accent, colour=(255, 255, 255))
        for n, values in enumerate(rows):
            draw(values, bold=False, fill=(246, 247, 249) if n % 2 else None, colour=(0, 0, 0))
        self.set_font(FONT, size=10)
        self.ln(2)

    def pairs(self, rows: Sequence[tuple[str, str]]) -> None:
        """Label and value, two columns without a heading row."""
        self.grid(["", ""], rows, [45, 135], header=False, size=10)

    # --- charts -------------------------------------------------------------------------------

    def dimension_bars(self, dimensions: Sequence[tuple[str, int]]) -> None:
        label_width, bar_width = 70.0, 100.0
        for title, value in dimensions:
            if self.get_y() > self.h - 25:
                self.add_page()
            y = self.get_y()
            label_x = self.l_margin + (bar_width + 10 if self.view.rtl else 0)
            bar_x = self.l_margin + (0 if self.view.rtl else label_width)
            self.set_xy(label_x, y)
            self.cell(label_width, 6, _clean(title), align=self.align)
            self.set_fill_color(229, 231, 233)
            self.rect(bar_x, y + 1, bar_width, 4, style="F")
            self.set_fill_color(*self.accent)
            width = bar_width * value / 100
            self.rect(bar_x + (bar_width - width if self.view.rtl else 0), y + 1, width, 4,
                      style="F")
            self.set_xy(bar_x + bar_width + 1 if not self.view.rtl else bar_x - 9, y)
            self.cell(8, 6, str(value))
            self.set_xy(self.l_margin, y + 7)
        self.ln(2)

    def matrix(self, counts: Sequence[Sequence[int]], likelihood: str, impact: str) -> None:
        size = 11.0
        if self.get_y() > self.h - 80:
            self.add_page()
        left, top = self.l_margin + 20, self.get_y() + 2
        for r, row in enumerate(counts):
            impact_value = 5 - r
            self.set_xy(left - 8, top + r * size)
            self.cell(6, size, str(impact_value), align=Align.R)
            for c, count in enumerate(row):
                level = impact_value * (c + 1)
                band = ("critical" if level >= 20 else "high" if level >= 12
                        else "medium" if level >= 6 else "low")
                self.set_fill_color(*_BAND_COLOURS[band])
                self.rect(left + c * size, top + r * size, size - 0.5, size - 0.5, style="F")
                if count:
                    self.set_xy(left + c * size, top + r * size)
                    self.cell(size - 0.5, size - 0.5, str(count), align=Align.C)
        for c in range(5):
            self.set_xy(left + c * size, top + 5 * size)
            self.cell(size, 5, str(c + 1), align=Align.C)
        self.set_xy(left, top + 5 * size + 5)
        self.cell(5 * size, 5, _clean(f"{likelihood} 1 … 5  ·  {impact} 5 … 1"), align=Align.C)
        self.set_xy(self.l_margin, top + 5 * size + 12)

    def gantt(self, view: ReportView) -> None:
        start, end = view.gantt_start, view.gantt_end
        days = max((end - start).days + 1, 1)
        label_width = 50.0
        span = self.w - 2 * MARGIN_MM - label_width
        row_height = 5.0
        left = self.l_margin + label_width

        def x(day: dt.date) -> float:
            return left + span * min(max((day - start).days, 0), days) / days

        self.set_font(FONT, size=7)
        for bar in view.gantt:
            if self.get_y() > self.h - 20:
                self.add_page()
            y = self.get_y()
            self.set_xy(self.l_margin + bar.level * 3, y)
            self.cell(label_width - bar.level * 3, row_height, _clean(bar.label)[:40],
                      align=Align.L)
            for _name, first, last in view.blackout_spans:
                self.set_fill_color(245, 183, 177)
                self.rect(x(first), y, max(x(last + dt.timedelta(days=1)) - x(first), 0.3),
                          row_height, style="F")
            self.set_fill_color(*((192, 57, 43) if bar.critical else self.accent))
            height = 3.4 if bar.level == 0 else 2.4
            self.rect(x(bar.start), y + (row_height - height) / 2,
                      max(x(bar.end + dt.timedelta(days=1)) - x(bar.start), 0.6), height,
                      style="F")
            if bar.go_live:
                self.set_fill_color(29, 29, 31)
                gx = x(bar.go_live)
                self.polygon([(gx, y + 0.5), (gx + 2, y + 2.5), (gx, y + 4.5), (gx - 2, y + 2.5)],
                             style="F")
            self.set_xy(self.l_margin, y + row_height)
        self.set_font(FONT, size=10)
        self.ln(2)


def render_pdf(doc: ExportDocument) -> bytes:
    view = build_view(doc)
    words = view.words
    pdf = _Report(view)
    pdf.add_page()
    # Cover.
    pdf.set_fill_color(*pdf.accent)
    pdf.rect(0, 0, pdf.w, 8, style="F")
    pdf.ln(10)
    if view.logo:
        data, _media_type = view.logo
        # A logo fpdf2 cannot read (checked as PNG or JPEG by its signature only) leaves the
        # cover without it rather than failing the export.
        with contextlib.suppress(Exception):
            pdf.image(io.BytesIO(data), x=pdf.w - MARGIN_MM - 40 if not view.rtl else MARGIN_MM,
                      y=14, w=40)
    pdf.heading(view.title, size=20)
    pdf.pairs([(words["organisation"], view.organisation), (words["programme"], view.programme),
               (words["date"], view.date), (words["language"], view.language_name),
               *([(words["prepared_by"], view.firm)] if view.firm else [])])
    # Executive summary.
    pdf.heading(words["summary"])
    pdf.set_font(FONT, "B", 16)
    pdf.text_lines([_clean(f"{words['verdict']}: {view.verdict}")], pdf.l_margin, pdf.get_y(),
                   pdf.epw, 9)
    pdf.set_xy(pdf.l_margin, pdf.get_y() + 10)
    pdf.set_font(FONT, size=10)
    pdf.pairs(view.figures)
    if view.blockers:
        pdf.heading(words["blockers"], size=12)
        for message, fix in view.blockers:
            pdf.paragraph(f"• {_clean(message)}" + (f" — {words['fix']}: {_clean(fix)}"
                                                   if fix else ""))
    pdf.heading(words["top_risks"], size=12)
    pdf.grid([words["risk"], words["score"], words["band"], words["evidence"],
              words["resembles"], words["mitigation"]],
             [(r.name, f"{r.score} ({r.likelihood} × {r.impact})", r.band,
               " · ".join(r.evidence), ", ".join(r.resembles), " ".join(r.mitigations))
              for r in view.risks], [28, 16, 16, 52, 24, 44])
    pdf.heading(words["readiness_by_dimension"])
    pdf.dimension_bars(view.dimensions)
    pdf.heading(words["matrix"])
    pdf.matrix(view.matrix, words["likelihood"], words["impact"])
    pdf.heading(words["actions"])
    if view.actions:
        pdf.grid([words["action"], words["owner"], words["due"], words["status"]],
                 view.actions, [80, 45, 27, 28])
    else:
        pdf.paragraph(words["no_actions"])
    pdf.add_page()
    pdf.heading(words["plan"])
    pdf.heading(words["waves"], size=12)
    pdf.grid([words["wave"], words["units"], words["users"], words["go_live"]], view.waves,
             [40, 90, 20, 30])
    pdf.heading(words["gates"], size=12)
    pdf.grid([words["gate"], words["date"], words["criteria"]], view.gates, [55, 25, 100])
    pdf.heading(words["gantt"], size=12)
    pdf.gantt(view)
    pdf.heading(words["blackouts"], size=12)
    if view.blackouts:
        pdf.grid([words["window"], words["kind"], words["blocked_from"], words["start"],
                  words["end"]], view.blackouts, [60, 35, 29, 28, 28])
    else:
        pdf.paragraph(words["no_blackouts"])
    pdf.heading(words["notes"], size=12)
    for note in view.notes or [words["no_notes"]]:
        pdf.paragraph(f"• {_clean(note)}", size=9)
    if view.training or view.training_waves:
        pdf.heading(words["training"])
    if view.training_waves:
        pdf.grid([words["wave"], words["trained"], words["completion"], words["threshold"],
                  words["deadline"], words["forecast"], words["gate_status"], words["overdue"]],
                 view.training_waves, [24, 20, 19, 19, 22, 22, 40, 14])
        pdf.paragraph(view.training_overdue, size=9)
    if view.training:
        pdf.heading(words["sessions"], size=12)
        pdf.grid([words["session"], words["wave"], words["start"], words["end"],
                  words["completion"]], view.training, [60, 40, 27, 27, 26])
    pdf.add_page()
    pdf.heading(words["appendix"])
    pdf.paragraph(words["unknown_marked"], size=9)
    for title, rows in view.answers:
        pdf.heading(title, size=11)
        pdf.grid([words["question"], words["answer"]],
                 [(a.question, ("(?) " if a.unknown else "") + a.answer) for a in rows], [130, 50])
    return bytes(pdf.output())
