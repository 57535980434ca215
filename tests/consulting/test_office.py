"""The team report as an Excel workbook and a PowerPoint deck, read back with openpyxl and python-pptx."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse
from pptx import Presentation
from pptx.enum.chart import XL_CHART_TYPE

from consulting.models import Client, Round
from maturity.cells import BOM

HOSTILE_NAME = '=HYPERLINK("http://evil","x")'


@pytest.fixture
def report_round(acme_round, respond):
    """Minimum group size 3: three executives (Board), three frontline (Service), one COO in Ops (a group of one)."""
    Client.objects.filter(pk=acme_round.client_id).update(min_group_size=3)
    acme_round.client.refresh_from_db()
    for _ in range(3):
        respond(acme_round, {"leadership": 1}, default=4, role="Executive", department="Board")
    for _ in range(3):
        respond(acme_round, 3, role="Frontline", department="Service")
    respond(acme_round, 2, role="COO", department="Ops", name=HOSTILE_NAME)
    return acme_round


def workbook(alice, round):
    response = alice.get(reverse("consulting:round_xlsx", args=[round.pk]))
    assert response.status_code == 200
    return response, openpyxl.load_workbook(io.BytesIO(response.content))


def deck(alice, round):
    response = alice.get(reverse("consulting:round_pptx", args=[round.pk]))
    assert response.status_code == 200
    return response, Presentation(io.BytesIO(response.content))


def slide_texts(presentation):
    """Every piece of text on every slide: text frames and table cells."""
    texts = []
    for slide in presentation.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                texts.append(shape.text_frame.text)
            if shape.has_table:
                texts += [cell.text for row in shape.table.rows for cell in row.cells]
    return texts


def test_xlsx_download_is_a_workbook_named_after_client_and_round(alice, report_round):
    response, book = workbook(alice, report_round)

    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == 'attachment; filename="cx-team-report-acme-ltd-baseline.xlsx"'
    assert book.sheetnames == ["Summary", "Respondents", "Answers", "Plan"]


def test_xlsx_respondents_one_row_each_small_groups_left_blank(alice, report_round):
    _, book = workbook(alice, report_round)

    rows = list(book["Respondents"].iter_rows(values_only=True))
    assert rows[0][:4] == ("Respondent number", "Respondent", "Role", "Department")
    assert rows[0][-2:] == ("Overall", "Stage")
    assert [row[:4] for row in rows[1:]] == [
        (1, "Respondent 1", "Executive", "Board"),
        (2, "Respondent 2", "Executive", "Board"),
        (3, "Respondent 3", "Executive", "Board"),
        (4, "Respondent 4", "Frontline", "Service"),
        (5, "Respondent 5", "Frontline", "Service"),
        (6, "Respondent 6", "Frontline", "Service"),
        (7, "'" + HOSTILE_NAME, None, None),
    ]
    leadership = rows[0].index("Leadership & Strategy")
    assert [row[leadership] for row in rows[1:]] == [1, 1, 1, 3, 3, 3, 2]
    assert [row[-1] for row in rows[1:]] == [2, 2, 2, 3, 3, 3, 2]


def test_xlsx_never_names_a_group_below_the_minimum(alice, report_round):
    _, book = workbook(alice, report_round)

    values = [str(v) for sheet in book for row in sheet.iter_rows(values_only=True) for v in row if v is not None]
    assert [v for v in values if "COO" in v or "Ops" in v] == []


def test_xlsx_answers_sheet_holds_the_csv_rows(alice, report_round):
    _, book = workbook(alice, report_round)
    text = alice.get(reverse("consulting:round_export", args=[report_round.pk])).content.decode().removeprefix(BOM)
    from_csv = list(csv.reader(io.StringIO(text)))

    from_sheet = [["" if v is None else str(v) for v in row] for row in book["Answers"].iter_rows(values_only=True)]
    assert from_sheet == [row + [""] * (len(from_sheet[0]) - len(row)) for row in from_csv]


def test_xlsx_user_text_is_a_defused_string_never_a_formula(alice, report_round):
    _, book = workbook(alice, report_round)

    cell = book["Respondents"]["B8"]
    assert (cell.data_type, cell.value) == ("s", "'" + HOSTILE_NAME)
    formulas = [c.coordinate for sheet in book for row in sheet.iter_rows() for c in row if c.data_type == "f"]
    assert formulas == []


def test_xlsx_summary_has_placement_dimension_table_and_gaps(alice, report_round):
    _, book = workbook(alice, report_round)

    rows = [tuple(v for v in row if v is not None) for row in book["Summary"].iter_rows(values_only=True)]
    facts = {row[0]: row[1] for row in rows if len(row) == 2}
    assert (facts["Client"], facts["Round"], facts["Completed responses"]) == ("Acme Ltd", "Baseline", 7)
    assert facts["Team placement"].startswith("Stage ")
    leadership = next(row for row in rows if row and row[0] == "Leadership & Strategy")
    # Mean (3 x 1 + 3 x 3 + 2) / 7 = 2, lowest 1, highest 3, spread 2.
    assert leadership[:5] == ("Leadership & Strategy", 2, 1, 3, 2)
    assert ("department", "Leadership & Strategy", "Service", 3, "Board", 1) in rows


def test_xlsx_plan_sheet_lists_the_roadmap_by_horizon(alice, report_round):
    _, book = workbook(alice, report_round)

    rows = list(book["Plan"].iter_rows(values_only=True))
    assert rows[0] == ("Horizon", "Action", "Dimension", "After", "Owner", "Due", "Status")
    assert {row[0] for row in rows[1:]} <= {"First 90 days", "3–9 months", "9–18 months"}
    assert len(rows) > 1


def test_pptx_download_has_the_report_slides_in_order(alice, report_round):
    response, presentation = deck(alice, report_round)

    titles = [slide.shapes.title.text for slide in presentation.slides]
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.presentationml.presentation"
    assert titles[:6] == [
        "Acme Ltd: team CX maturity",
        "Where the team is, and why",
        "Team profile by dimension",
        "Scores by dimension",
        "Perception gaps between groups",
        "Where the team disagrees most",
    ]
    assert [t for t in titles[6:] if not t.startswith("Plan: ")] == []


def test_pptx_radar_is_a_native_chart_with_team_and_target(alice, report_round):
    _, presentation = deck(alice, report_round)

    chart = next(shape.chart for shape in presentation.slides[2].shapes if shape.has_chart)
    plot = chart.plots[0]
    assert chart.chart_type == XL_CHART_TYPE.RADAR_MARKERS
    assert list(plot.categories)[0] == "Leadership & Strategy"
    assert [s.name for s in plot.series] == ["Team score (mean)", "Target"]
    assert list(plot.series[0].values)[0] == 2.0


def test_pptx_gaps_and_disagreements_name_only_groups_at_the_minimum(alice, report_round):
    _, presentation = deck(alice, report_round)

    texts = slide_texts(presentation)
    assert [t for t in texts if "COO" in t or "Ops" in t] == []
    assert "Service 3.00" in texts and "Board 1.00" in texts
    by_role = [t for t in texts if t.startswith("Executive (3): mean 1.00")]
    assert len(by_role) >= 1


def test_pptx_and_xlsx_of_an_empty_round_still_open(alice, acme_round):
    _, presentation = deck(alice, acme_round)
    _, book = workbook(alice, acme_round)

    assert [s.shapes.title.text for s in presentation.slides][:2] == [
        "Acme Ltd: team CX maturity",
        "Scores by dimension",
    ]
    assert list(book["Respondents"].iter_rows(values_only=True))[1:] == []


def test_round_without_lists_and_role_free_text_of_old_rounds_still_masked(alice, acme, respond):
    old = Round.objects.create(client=acme, title="Old", opened_on="2025-01-01")
    respond(old, 3, role="Agent")

    _, book = workbook(alice, old)

    assert list(book["Respondents"].iter_rows(values_only=True))[1][:4] == (1, "Respondent 1", None, None)
