"""CSV export: opens cleanly in Excel, defuses formulas, one row per answer."""

import csv
import io

import pytest
from django.urls import reverse

from assessments import services as assessment_services
from assessments.models import Answer
from consulting.exports import CSV_HEADER
from consulting.models import Client, Round
from maturity.cells import BOM, csv_bytes, safe_cell
from stages.models import AnswerOption, Dimension, Question

HOSTILE = [
    ('=HYPERLINK("http://evil","x")', '\'=HYPERLINK("http://evil","x")'),
    ("+1+1", "'+1+1"),
    ("-2+3", "'-2+3"),
    ("@SUM(A1:A2)", "'@SUM(A1:A2)"),
    ("\t=1+1", "'\t=1+1"),
    ("\r=1+1", "'\r=1+1"),
]


@pytest.mark.parametrize(("value", "expected"), HOSTILE)
def test_safe_cell_hostile_value_gets_quote_prefix(value, expected):
    assert safe_cell(value) == expected


@pytest.mark.parametrize("value", ["Head of CX", "Ünïcødé — ✓", "a=b", "", "1+1", "Sales - North"])
def test_safe_cell_harmless_text_unchanged(value):
    assert safe_cell(value) == value


def test_safe_cell_numbers_and_none():
    assert [safe_cell(3), safe_cell(2.5), safe_cell(None), safe_cell(-1)] == [3, 2.5, "", -1]


def test_csv_bytes_start_with_utf8_bom_and_use_crlf():
    body = csv_bytes(["a", "b"], [["é", 1]])

    assert body == "\ufeffa,b\r\né,1\r\n".encode()


def test_csv_bytes_quote_commas_quotes_and_newlines():
    body = csv_bytes(["x"], [['He said "hi", then\nleft']])

    rows = list(csv.reader(io.StringIO(body.decode("utf-8").removeprefix(BOM))))
    assert rows == [["x"], ['He said "hi", then\nleft']]


def parse(response):
    text = response.content.decode("utf-8")
    assert text.startswith(BOM)
    return list(csv.reader(io.StringIO(text.removeprefix(BOM))))


def test_export_one_row_per_answer_with_header(alice, acme_round, respond):
    first = respond(acme_round, 2, name="Dana", role="Executive", department="Board")
    respond(acme_round, 4, role="Frontline", department="Service")

    response = alice.get(reverse("consulting:round_export", args=[acme_round.pk]))

    rows = parse(response)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="cx-answers-acme-ltd-baseline.csv"'
    assert rows[0] == CSV_HEADER
    assert len(rows) - 1 == Answer.objects.filter(assessment__round=acme_round).count()
    answer = (
        first.answers.select_related("question__dimension", "option")
        .order_by("question__dimension__order", "question__order")
        .first()
    )
    # Groups of one are below the client's minimum (5): their names are left out.
    assert rows[1] == [
        "1",
        "Dana",
        "",
        "",
        answer.question.dimension.name,
        answer.question.code,
        answer.question.text,
        "2",
        answer.option.label,
        "",
        first.completed_at.strftime("%Y-%m-%d %H:%M"),
        "Invite link",
        "Acme Ltd",
        "Baseline",
    ]
    assert {(r[0], r[1]) for r in rows[1:]} == {("1", "Dana"), ("2", "Respondent 2")}


def test_export_hostile_values_are_defused(alice, acme_round, respond):
    Round.objects.filter(pk=acme_round.pk).update(role_options=["+danger"], department_options=["@evil"])
    Client.objects.filter(pk=acme_round.client_id).update(min_group_size=3)
    for _ in range(3):
        assessment = respond(
            acme_round,
            3,
            name="=cmd|' /C calc'!A0",
            role="+danger",
            department="@evil",
            facilitated=True,
            complete=False,
        )
        Answer.objects.filter(assessment=assessment).update(note="-2+3")
        assessment_services.assessment_complete(assessment=assessment)

    rows = parse(alice.get(reverse("consulting:round_export", args=[acme_round.pk])))

    assert {(r[1], r[2], r[3], r[9]) for r in rows[1:]} == {("'=cmd|' /C calc'!A0", "'+danger", "'@evil", "'-2+3")}


def test_export_names_roles_and_departments_of_groups_at_the_minimum_only(alice, acme_round, respond):
    Client.objects.filter(pk=acme_round.client_id).update(min_group_size=3)
    for _ in range(3):
        respond(acme_round, 3, role="Frontline", department="Service")
    respond(acme_round, 3, role="Executive", department="Service")

    rows = parse(alice.get(reverse("consulting:round_export", args=[acme_round.pk])))

    assert sorted({(r[0], r[2], r[3]) for r in rows[1:]}) == [
        ("1", "Frontline", "Service"),
        ("2", "Frontline", "Service"),
        ("3", "Frontline", "Service"),
        ("4", "", "Service"),
    ]


def test_export_names_mode_client_and_round_on_every_row(alice, acme, acme_round, respond):
    respond(acme_round, 3, name="Workshop", facilitated=True)
    respond(acme_round, 3, name="Dana")
    acme.name = "=Acme+Sons"
    acme.save()

    rows = parse(alice.get(reverse("consulting:round_export", args=[acme_round.pk])))

    assert sorted({(r[1], r[11], r[12], r[13]) for r in rows[1:]}) == [
        ("Dana", "Invite link", "'=Acme+Sons", "Baseline"),
        ("Workshop", "Facilitated", "'=Acme+Sons", "Baseline"),
    ]


def test_export_not_sure_has_blank_level_and_unfinished_has_no_completion(alice, acme_round, respond):
    respond(acme_round, None, complete=False, name="Eve")

    rows = parse(alice.get(reverse("consulting:round_export", args=[acme_round.pk])))

    assert {(r[1], r[7], r[8], r[10]) for r in rows[1:]} == {("Eve", "", "Not sure", "")}


def test_export_empty_round_has_header_only(alice, acme_round):
    rows = parse(alice.get(reverse("consulting:round_export", args=[acme_round.pk])))

    assert rows == [CSV_HEADER]


def test_export_shows_the_wording_respondents_saw_after_admin_edits(alice, acme_round, respond):
    respond(acme_round, 2, name="Dana")
    before = parse(alice.get(reverse("consulting:round_export", args=[acme_round.pk])))

    Question.objects.update(text="Edited question?")
    AnswerOption.objects.update(label="Edited answer")
    Dimension.objects.update(name="Edited dimension")
    after = parse(alice.get(reverse("consulting:round_export", args=[acme_round.pk])))

    assert after == before
    assert {r[6] for r in after[1:]} != {"Edited question?"}


def test_export_unfinished_response_shows_its_saved_answers_as_they_stand(alice, acme_round, respond):
    respond(acme_round, 2, name="Eve", complete=False)
    Question.objects.update(text="Edited question?")

    rows = parse(alice.get(reverse("consulting:round_export", args=[acme_round.pk])))

    assert {(r[1], r[6], r[10]) for r in rows[1:]} == {("Eve", "Edited question?", "")}


def test_export_respondent_numbers_stay_when_someone_deletes_their_answers(alice, acme_round, respond):
    first = respond(acme_round, 2)
    respond(acme_round, 3)
    first.delete()

    rows = parse(alice.get(reverse("consulting:round_export", args=[acme_round.pk])))

    assert {(r[0], r[1]) for r in rows[1:]} == {("2", "Respondent 2")}


def test_export_file_name_keeps_a_non_latin_client_name(alice, consultant, respond):
    from urllib.parse import quote

    from consulting import services

    client = services.client_create(owner=consultant, name="شركة النور")
    round = services.round_create(client=client, title="Baseline")
    respond(round, 3)

    response = alice.get(reverse("consulting:round_export", args=[round.pk]))

    assert response["Content-Disposition"] == "attachment; filename*=utf-8''" + quote(
        "cx-answers-شركة-النور-baseline.csv"
    )


def test_export_of_a_list_taken_before_a_respondent_finished_shows_them_unfinished(acme_round, respond):
    # The workbook lists respondents once (its team report), then reads answers: someone may finish between.
    from consulting.exports import answer_rows
    from consulting.selectors import round_respondents

    person = respond(acme_round, 2, name="Eve", complete=False)
    listed = round_respondents(round=acme_round)
    assessment_services.assessment_complete(assessment=person)

    rows = list(answer_rows(round=acme_round, respondents=listed))

    # Exported as it stood in the list (unfinished: no completion time), every saved answer at level 2.
    assert ({(r[1], r[7], r[10]) for r in rows}, len(rows)) == ({("Eve", 2, "")}, person.answers.count())
