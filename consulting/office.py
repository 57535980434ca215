"""The team report as files a consultant edits: an Excel workbook (XlsxWriter) and a PowerPoint deck (python-pptx).

Both are built from consulting.report.TeamReport, which already leaves out
role and department groups smaller than the client's minimum. Workbook text
goes through write_string (never read as a formula or a link) after
maturity.cells.safe_cell has defused it, so a cell like "=HYPERLINK(...)"
stays inert even once the sheet is saved back as CSV.
"""

from __future__ import annotations

import io

import xlsxwriter
from pptx import Presentation
from pptx.chart.data import CategoryChartData
from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
from pptx.util import Inches, Pt

from maturity import cells
from maturity.figures import displayed

from .exports import CSV_HEADER, answer_rows
from .report import TeamReport, group_answers_text

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.presentation"


def _score(value) -> float | None:
    """A score as the page shows it (cut to two decimals, not rounded)."""
    return None if value is None else displayed(value)


def _cover_facts(report: TeamReport, consultant: str) -> list[tuple[str, object]]:
    facts: list[tuple[str, object]] = [
        ("Client", report.round.client.name),
        ("Round", report.round.title),
        ("Prepared by", consultant),
        ("Completed responses", report.team.completed),
        ("Started", report.team.started),
    ]
    if report.team.has_placement:  # the pooled result is placed: it has a stage
        result = report.result
        facts += [
            ("Team placement", f"Stage {result.stage.number} — {result.stage.name}"),
            ("Overall score (1–5)", _score(result.score.overall)),
            ("Score band", f"Stage {result.score.band_stage}"),
            ("Held back by", result.score.capped_by_name or "—"),
            ("Why this stage", result.score.why),
        ]
    facts.append(
        (
            "Minimum group size",
            f"{report.min_group}: smaller role or department groups are not shown separately; "
            "their answers count in the team figures.",
        )
    )
    return facts


# --- Excel ----------------------------------------------------------------------


class _Sheet:
    """A worksheet written row by row, every text cell as a defused string."""

    def __init__(self, book, name: str, bold):
        self.sheet = book.add_worksheet(name)
        self.bold = bold
        self.row = 0

    def write(self, values, *, header: bool = False) -> None:
        for col, value in enumerate(values):
            fmt = self.bold if header else None
            if value is None or value == "":
                continue
            if isinstance(value, bool):
                self.sheet.write_string(self.row, col, "yes" if value else "no", fmt)
            elif isinstance(value, (int, float)):
                self.sheet.write_number(self.row, col, value, fmt)
            else:
                self.sheet.write_string(self.row, col, str(cells.safe_cell(str(value))), fmt)
        self.row += 1

    def skip(self) -> None:
        self.row += 1


def round_xlsx(*, report: TeamReport, consultant: str) -> bytes:
    """Summary, Respondents, Answers and Plan sheets of the round's team report."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer,
        {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False},
    )
    bold = book.add_format({"bold": True})
    summary = _Sheet(book, "Summary", bold)
    _summary_sheet(summary, report, consultant)
    _respondents_sheet(_Sheet(book, "Respondents", bold), report)
    answers = _Sheet(book, "Answers", bold)
    answers.write(CSV_HEADER, header=True)
    for row in answer_rows(round=report.round, respondents=report.team.respondents, results=report.frozen_results):
        answers.write(row)
    _plan_sheet(_Sheet(book, "Plan", bold), report)
    book.close()
    return buffer.getvalue()


def _summary_sheet(summary: _Sheet, report: TeamReport, consultant: str) -> None:
    summary.sheet.set_column(0, 0, 28)
    summary.sheet.set_column(1, 7, 14)
    summary.write(["Team CX maturity report"], header=True)
    for label, value in _cover_facts(report, consultant):
        summary.write([label, value])
    if report.summary_paragraphs:
        summary.skip()
        summary.write(["Executive summary"], header=True)
        for paragraph in report.summary_paragraphs:
            summary.write([paragraph])
    summary.skip()
    summary.write(
        ["Dimension", "Team score (mean)", "Lowest", "Highest", "Spread", "Target", "Not sure", "Confidence"],
        header=True,
    )
    for row in report.dimensions:
        summary.write(
            [
                row.name,
                _score(row.mean),
                _score(row.lowest),
                _score(row.highest),
                None if row.spread is None else round(row.spread, 2),
                row.target,
                None if row.not_sure_rate is None else round(row.not_sure_rate, 4),
                round(row.confidence, 4),
            ]
        )
    _gaps_rows(summary, report)
    _disagreement_rows(summary, report)


def _gaps_rows(summary: _Sheet, report: TeamReport) -> None:
    gaps = report.perception_gaps
    summary.skip()
    summary.write(["Perception gaps (groups 1.5 or more apart)"], header=True)
    if not gaps:
        summary.write(["None among the groups large enough to show."])
        return
    summary.write(["By", "Dimension", "Higher group", "Score", "Lower group", "Score"], header=True)
    for by, gap in gaps:
        summary.write([by, gap.name, gap.high_group, _score(gap.high), gap.low_group, _score(gap.low)])


def _disagreement_rows(summary: _Sheet, report: TeamReport) -> None:
    summary.skip()
    summary.write(["Top disagreements (most disagreed-on first)"], header=True)
    summary.write(["Question", "Dimension", "Spread (SD)", "Levels apart", "By role", "By department"], header=True)
    names = {d.key: d.name for d in report.dimensions}
    for d in report.disagreements:
        summary.write(
            [
                d.text or d.question,
                names.get(d.dimension, d.dimension),
                round(d.sd, 2),
                d.span,
                group_answers_text(d, "role"),
                group_answers_text(d, "department"),
            ]
        )


def _respondents_sheet(people: _Sheet, report: TeamReport) -> None:
    dims = report.dimensions
    people.sheet.set_column(0, 3, 18)
    people.write(
        ["Respondent number", "Respondent", "Role", "Department", *(d.name for d in dims), "Overall", "Stage"],
        header=True,
    )
    for r in report.respondents:
        people.write(
            [
                r.number,
                r.label,
                r.role,
                r.department,
                *(_score(r.scores.get(d.key)) for d in dims),
                _score(r.overall),
                r.stage,
            ]
        )


def _plan_sheet(plan: _Sheet, report: TeamReport) -> None:
    plan.sheet.set_column(0, 1, 40)
    plan.write(["Horizon", "Action", "Dimension", "After", "Owner", "Due", "Status"], header=True)
    for horizon in report.plan:
        for action in horizon.actions:
            due = action.due.isoformat() if action.due else ""
            plan.write([horizon.label, action.title, action.dimension, action.after, action.owner, due, action.status])


# --- PowerPoint -------------------------------------------------------------------

SLIDE_TITLE_ONLY = 5
SLIDE_TITLE = 0
SLIDE_TITLE_AND_CONTENT = 1


def _text_slide(deck, title: str, paragraphs: list[str], *, size: int = 16) -> None:
    slide = deck.slides.add_slide(deck.slide_layouts[SLIDE_TITLE_AND_CONTENT])
    slide.shapes.title.text = title
    frame = slide.placeholders[1].text_frame
    frame.word_wrap = True
    for i, text in enumerate(paragraphs or [""]):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        paragraph.text = text
        paragraph.font.size = Pt(size)


def _table_slide(deck, title: str, header: list[str], rows: list[list], *, widths=None, size: int = 11) -> None:
    slide = deck.slides.add_slide(deck.slide_layouts[SLIDE_TITLE_ONLY])
    slide.shapes.title.text = title
    left, top = Inches(0.4), Inches(1.4)
    width, height = deck.slide_width - Inches(0.8), Inches(0.3) * (len(rows) + 1)
    table = slide.shapes.add_table(len(rows) + 1, len(header), left, top, width, height).table
    if widths:
        total = sum(widths)
        for i, share in enumerate(widths):
            table.columns[i].width = int(width * share / total)
    for r, values in enumerate([header, *rows]):
        for c, value in enumerate(values):
            cell = table.cell(r, c)
            cell.text = "" if value is None else (f"{value:.2f}" if isinstance(value, float) else str(value))
            for paragraph in cell.text_frame.paragraphs:
                paragraph.font.size = Pt(size)


def round_pptx(*, report: TeamReport, consultant: str, date) -> bytes:
    """Title, summary, placement, radar (a native chart), dimensions, gaps, disagreements and plan by horizon."""
    deck = Presentation()
    deck.slide_width, deck.slide_height = Inches(13.333), Inches(7.5)
    completed = report.team.completed
    title = deck.slides.add_slide(deck.slide_layouts[SLIDE_TITLE])
    title.shapes.title.text = f"{report.round.client.name}: team CX maturity"
    title.placeholders[1].text = (
        f"{report.round.title} · {completed} respondent{'s' if completed != 1 else ''}"
        f" · {date:%d %B %Y}\nPrepared by {consultant}"
    )
    if report.summary_paragraphs:
        _text_slide(deck, "Executive summary", report.summary_paragraphs)
    if report.team.has_placement:
        _placement_slide(deck, report)
        _radar_slide(deck, report)
    _dimensions_slide(deck, report)
    _gaps_slide(deck, report)
    if report.disagreements:
        _disagreements_slide(deck, report)
    _plan_slides(deck, report)
    buffer = io.BytesIO()
    deck.save(buffer)
    return buffer.getvalue()


def _placement_slide(deck, report: TeamReport) -> None:
    result = report.result  # called for a placed team only
    score = result.score
    facts = [
        f"Stage {result.stage.number} — {result.stage.name}",
        f"Overall score {_score(score.overall):.2f} of 5 · score band Stage {score.band_stage}"
        + (f" · held back by {score.capped_by_name}" if score.capped_by_name else ""),
        score.why,
    ]
    _text_slide(deck, "Where the team is, and why", facts, size=18)


def _radar_slide(deck, report: TeamReport) -> None:
    slide = deck.slides.add_slide(deck.slide_layouts[SLIDE_TITLE_ONLY])
    slide.shapes.title.text = "Team profile by dimension"
    data = CategoryChartData()
    data.categories = [row.name for row in report.dimensions]
    data.add_series("Team score (mean)", [_score(row.mean) for row in report.dimensions])
    data.add_series("Target", [row.target for row in report.dimensions])
    chart = slide.shapes.add_chart(
        XL_CHART_TYPE.RADAR_MARKERS, Inches(2.2), Inches(1.3), Inches(9), Inches(6), data
    ).chart
    chart.has_legend = True
    chart.legend.position = XL_LEGEND_POSITION.BOTTOM
    chart.legend.include_in_layout = False
    axis = chart.value_axis
    axis.minimum_scale, axis.maximum_scale, axis.major_unit = 0, 5, 1


def _dimensions_slide(deck, report: TeamReport) -> None:
    _table_slide(
        deck,
        "Scores by dimension",
        ["Dimension", "Team score (mean)", "Lowest", "Highest", "Spread", "Target", "Confidence"],
        [
            [
                row.name,
                _score(row.mean),
                _score(row.lowest),
                _score(row.highest),
                row.spread,
                row.target,
                f"{row.confidence:.0%}",
            ]
            for row in report.dimensions
        ],
        widths=[3, 1.3, 1, 1, 1, 1, 1.2],
        size=14,
    )


def _gaps_slide(deck, report: TeamReport) -> None:
    gaps = report.perception_gaps
    if not gaps:
        _text_slide(
            deck,
            "Perception gaps between groups",
            [
                "No two role or department groups are 1.5 or more apart on any dimension.",
                f"Only groups of at least {report.min_group} respondents are compared.",
            ],
        )
        return
    _table_slide(
        deck,
        "Perception gaps between groups",
        ["By", "Dimension", "Higher group", "Lower group", "Difference"],
        [
            [
                by.capitalize(),
                g.name,
                f"{g.high_group} {_score(g.high):.2f}",
                f"{g.low_group} {_score(g.low):.2f}",
                _score(g.high) - _score(g.low),
            ]
            for by, g in gaps
        ],
        widths=[1, 2, 2.5, 2.5, 1],
        size=14,
    )


def _disagreements_slide(deck, report: TeamReport) -> None:
    names = {d.key: d.name for d in report.dimensions}
    _table_slide(
        deck,
        "Where the team disagrees most",
        ["Question", "Dimension", "Spread (SD)", "By role", "By department"],
        [
            [
                d.text or d.question,
                names.get(d.dimension, d.dimension),
                round(d.sd, 2),
                group_answers_text(d, "role") or "—",
                group_answers_text(d, "department") or "—",
            ]
            for d in report.disagreements
        ],
        widths=[4, 1.6, 1, 3, 3],
        size=9,
    )


def _plan_slides(deck, report: TeamReport) -> None:
    for horizon in report.plan:
        rows = [
            [a.title, a.dimension, a.owner or "", a.due.isoformat() if a.due else "", a.status] for a in horizon.actions
        ]
        if not rows:
            _text_slide(deck, f"Plan: {horizon.label}", ["Nothing scheduled in this window."])
            continue
        _table_slide(
            deck,
            f"Plan: {horizon.label}",
            ["Action", "Dimension", "Owner", "Due", "Status"],
            rows,
            widths=[5, 2, 2, 1.2, 1.2],
            size=12,
        )
