"""Invitations by e-mail through a real SMTP server: the message, the personal link, statuses, reminders, opt-out."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from consulting import services as consulting_services
from cxmaturity.tokens import token_hash
from invitations import services
from invitations.models import Invitation, OutboundMessage
from invitations.selectors import invitation_summary

from .conftest import html_part, run_worker, text_part

PEOPLE = "Ann Archer, ann@client.example\nben@client.example, Ben Brown\nCat Cole <cat@client.example>\n"
LINK = re.compile(r"http://testserver/i/([0-9a-f]{43})/")


@pytest.fixture
def invited(alice, acme_round, consultant, smtp, cx_model):
    """Alice (of Archer & Co) invites three people to Acme's round "Baseline" with a deadline; the worker sends."""
    consulting_services.profile_update(user=consultant, first_name="Alice", last_name="Archer", firm="Archer & Co")
    services.round_mail_update(
        round=acme_round, deadline=datetime.date(2026, 12, 18), reminders_on=True, reminder_days=[3, 7]
    )
    response = alice.post(reverse("invitations:round_invitations", args=[acme_round.pk]), {"people": PEOPLE})
    assert response.status_code == 302
    assert smtp.messages == []  # nothing is sent from the request
    run_worker()
    return acme_round


def link_in(message) -> str:
    return LINK.search(text_part(message)).group(0)


def test_invitation_email_has_text_and_html_parts_with_everything_a_reader_needs(invited, smtp, cx_model):
    assert sorted(rcpt[0] for rcpt, _ in smtp.received) == [
        "ann@client.example",
        "ben@client.example",
        "cat@client.example",
    ]
    message = smtp.to("ann@client.example")[0]
    assert message["Subject"] == "Acme Ltd: CX maturity assessment — Baseline"
    assert message["From"] == "CX Maturity <cx@example.com>"
    assert [part.get_content_type() for part in message.walk()] == ["multipart/alternative", "text/plain", "text/html"]
    text, html = text_part(message), html_part(message)
    for body in (text, html):
        assert "Dear Ann Archer," in body
        assert "Alice Archer, Archer &amp; Co" in body if body is html else "Alice Archer, Archer & Co" in body
        assert "Acme Ltd (Baseline)" in body
        assert "Please answer by Friday 18 December 2026." in body.replace("<strong>", "").replace("</strong>", "")
        assert "about 9 minutes" in body
        assert link_in(message) in body
    assert "<img" not in html  # no tracking pixel, no image at all


def test_invitation_headers_carry_a_stable_message_id_and_one_click_unsubscribe(invited, smtp):
    message = smtp.to("ben@client.example")[0]
    invitation = Invitation.objects.get(email="ben@client.example")
    sent = OutboundMessage.objects.get(invitation=invitation)
    unsubscribe = "http://testserver" + reverse("invitations:unsubscribe", args=[invitation.token("unsubscribe")])
    # (A long header is folded on the wire; the parser keeps the fold's leading space.)
    assert (message["Message-ID"], message["List-Unsubscribe"].strip(), message["List-Unsubscribe-Post"]) == (
        f"<{sent.message_id_local}@example.com>",
        f"<{unsubscribe}>",
        "List-Unsubscribe=One-Click",
    )
    assert (sent.state, sent.attempts, sent.key) == ("sent", 1, f"invitation:{invitation.pk}")


def test_only_token_hashes_are_stored(invited, smtp):
    invitation = Invitation.objects.get(email="ann@client.example")
    token = LINK.search(text_part(smtp.to("ann@client.example")[0])).group(1)
    stored = [str(v) for v in Invitation.objects.filter(pk=invitation.pk).values().get().values()]
    assert token not in " ".join(stored)
    assert services.invitation_by_token(token) == invitation


def test_personal_link_leads_to_one_response_through_statuses(invited, smtp, client, make_assessment):
    link = link_in(smtp.to("ann@client.example")[0]).removeprefix("http://testserver")
    invitation = Invitation.objects.get(email="ann@client.example")
    assert invitation.status == "invited"

    assert client.get(link).status_code == 200
    invitation.refresh_from_db()
    assert invitation.status == "opened"

    response = client.post(link, {"respondent_role": "Frontline"})
    invitation.refresh_from_db()
    assert invitation.status == "started"
    # Only the hash of the response's link is stored (#19): the link itself is derived from the invitation.
    assert response["Location"] == reverse("assessments:step", args=[invitation.token("assessment"), 1])
    # The link keeps leading to the same response.
    assert client.get(link)["Location"] == reverse("assessments:resume", args=[invitation.token("assessment")])
    assert invitation.assessment.token_hash == token_hash(invitation.token("assessment"))  # derived: found again
    client.post(link, {"respondent_role": "Someone else"})
    assert invited.assessments.count() == 1

    from assessments import services as assessment_services

    choices = {}
    for step in assessment_services.questionnaire_steps():
        for question in step.questions:
            choices[question] = question.options.all()[0]
    assessment_services.answers_save(assessment=invitation.assessment, choices=choices)
    assessment_services.assessment_complete(assessment=invitation.assessment)
    invitation.refresh_from_db()
    assert invitation.status == "completed"
    summary = invitation_summary(round=invited)
    assert (summary.invited, summary.opened, summary.started, summary.completed) == (3, 1, 1, 1)
    assert summary.completion_rate == pytest.approx(1 / 3)


def test_round_page_completion_rate_is_completed_over_invited(invited, alice, respond):
    respond(invited, 3)  # someone through the open link: started and completed, but not invited
    page = alice.get(reverse("consulting:round_detail", args=[invited.pk])).content.decode()
    assert re.search(r"Completion rate</dt><dd class=\"col-5\">([^<]*)<", page).group(1) == "0%"
    listing = alice.get(reverse("invitations:round_invitations", args=[invited.pk])).content.decode()
    rows = re.findall(r"<tr>\s*<th scope=\"row\">([^<]*)</th>\s*<td>([^<]*)</td>\s*<td>([^<]*)</td>", listing)
    assert rows == [
        ("Ann Archer", "ann@client.example", "Invited"),
        ("Ben Brown", "ben@client.example", "Invited"),
        ("Cat Cole", "cat@client.example", "Invited"),
    ]


def test_open_invite_link_still_works_beside_invitations(invited, client):
    response = client.post(reverse("respond:invite", args=[invited.invite_token]), {"respondent_role": "Executive"})
    assert response.status_code == 302
    assert invited.assessments.count() == 1


def test_inviting_an_address_twice_sends_one_invitation(invited, alice, smtp):
    response = alice.post(
        reverse("invitations:round_invitations", args=[invited.pk]),
        {"people": "Ann again, ANN@client.example\nDan, dan@client.example"},
        follow=True,
    )
    run_worker()
    assert "1 invitation queued for sending. 1 address was already invited" in response.content.decode()
    assert (len(smtp.to("ann@client.example")), len(smtp.to("dan@client.example"))) == (1, 1)


def test_csv_upload_invites_its_rows(alice, acme_round, smtp):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("team.csv", "name,email\nDee Dunn,dee@client.example\n".encode("utf-8-sig"))
    alice.post(reverse("invitations:round_invitations", args=[acme_round.pk]), {"csv_file": upload})
    run_worker()
    assert [rcpt for rcpt, _ in smtp.received] == [["dee@client.example"]]
    assert Invitation.objects.get().name == "Dee Dunn"


@pytest.mark.parametrize(
    ("people", "error"),
    [
        ("Ann, not-an-address@", "Line 1: “not-an-address@” is not an e-mail address."),
        ("name,email\nJust a name", "Line 2: no e-mail address."),
        ("", "Paste at least one name and address, or choose a CSV file."),
    ],
)
def test_bad_invitee_lists_get_a_form_error_and_send_nothing(alice, acme_round, smtp, people, error):
    response = alice.post(reverse("invitations:round_invitations", args=[acme_round.pk]), {"people": people})
    assert response.status_code == 200
    assert error in response.content.decode()
    assert (Invitation.objects.count(), OutboundMessage.objects.count()) == (0, 0)


def test_closed_round_takes_no_invitations(alice, acme_round, smtp):
    consulting_services.round_close(round=acme_round)
    alice.post(reverse("invitations:round_invitations", args=[acme_round.pk]), {"people": "a@client.example"})
    assert Invitation.objects.count() == 0


# --- Reminders ------------------------------------------------------------------------


def reminders_to(smtp, address):
    return [m for m in smtp.to(address) if m["Subject"].strip().startswith("Reminder: ")]


def test_automatic_reminders_follow_the_schedule(invited, smtp):
    start = Invitation.objects.get(email="ann@client.example").created_at
    queued = [
        services.reminders_enqueue_due(now=start + datetime.timedelta(days=days, minutes=1))
        for days in (2, 3, 3, 7, 30)
    ]
    assert queued == [0, 3, 0, 3, 0]  # days 3 and 7, for each of the three, once; nothing after the schedule
    run_worker()
    assert len(reminders_to(smtp, "ann@client.example")) == 2
    log = OutboundMessage.objects.filter(kind="reminder", state="sent").values_list("key", flat=True)
    assert len(log) == 6


def test_missed_schedule_points_catch_up_with_one_reminder(invited, smtp):
    start = Invitation.objects.get(email="ann@client.example").created_at
    assert services.reminders_enqueue_due(now=start + datetime.timedelta(days=8)) == 3
    assert services.reminders_enqueue_due(now=start + datetime.timedelta(days=9)) == 0


def test_no_reminder_after_the_round_closes(invited, smtp):
    start = Invitation.objects.get(email="ann@client.example").created_at
    consulting_services.round_close(round=invited)
    assert services.reminders_enqueue_due(now=start + datetime.timedelta(days=3, minutes=1)) == 0
    run_worker()
    assert [m["Subject"] for m in smtp.messages if m["Subject"].strip().startswith("Reminder")] == []


def test_reminder_queued_before_the_close_is_not_sent_after_it(invited, smtp):
    start = Invitation.objects.get(email="ann@client.example").created_at
    services.reminders_enqueue_due(now=start + datetime.timedelta(days=3, minutes=1))
    consulting_services.round_close(round=invited)
    run_worker()
    assert reminders_to(smtp, "ann@client.example") == []
    assert set(OutboundMessage.objects.filter(kind="reminder").values_list("state", "note")) == {
        ("cancelled", "Not sent: the round is closed.")
    }


def test_opt_out_link_from_the_email_stops_reminders(invited, smtp, client):
    unsubscribe = (
        smtp.to("ann@client.example")[0]["List-Unsubscribe"].strip().strip("<>").removeprefix("http://testserver")
    )
    assert client.get(unsubscribe).status_code == 200  # a GET only asks
    assert Invitation.objects.get(email="ann@client.example").opted_out_at is None
    # RFC 8058 one-click: a POST without cookies or CSRF token.
    response = client.post(unsubscribe, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    start = Invitation.objects.get(email="ann@client.example").created_at
    services.reminders_enqueue_due(now=start + datetime.timedelta(days=3, minutes=1))
    services.reminders_send_now(round=invited, now=start + datetime.timedelta(days=5))
    run_worker()
    assert (len(reminders_to(smtp, "ann@client.example")), len(reminders_to(smtp, "ben@client.example"))) == (0, 2)


def test_remind_now_skips_the_finished_and_stops_at_three(invited, smtp, alice, make_assessment):
    ben = Invitation.objects.get(email="ben@client.example")
    ben.assessment = make_assessment(3, round=invited)
    ben.save()
    url = reverse("invitations:round_remind", args=[invited.pk])
    for _ in range(4):
        alice.post(url)
    run_worker()
    assert (len(reminders_to(smtp, "ann@client.example")), len(reminders_to(smtp, "ben@client.example"))) == (3, 0)
    response = alice.post(url, follow=True)
    assert "Nobody to remind" in response.content.decode()


def test_message_log_lists_what_was_sent_to_whom_and_when(invited, alice):
    services.reminders_send_now(round=invited, now=timezone.now())
    page = alice.get(reverse("invitations:round_invitations", args=[invited.pk])).content.decode()
    log = page[page.index('class="table table-sm message-log"') :]
    assert log.count("<tr>") == 1 + 6
    assert log.count("Reminder") == 3 and log.count("Invitation") == 3
    assert "Ann Archer" in log


def test_reminder_schedule_form_rejects_bad_days(alice, acme_round):
    url = reverse("invitations:round_mail_settings", args=[acme_round.pk])
    response = alice.post(url, {"reminders_on": "on", "reminder_days": "3, soon"})
    assert response.status_code == 200
    assert "Use whole numbers of days separated by commas" in response.content.decode()
    alice.post(url, {"reminders_on": "on", "reminder_days": "7, 2", "deadline": "2026-12-24"})
    mail = services.round_mail_get(round=acme_round)
    assert (mail.reminder_days, mail.deadline) == ([2, 7], datetime.date(2026, 12, 24))
