"""Guidance for respondents whose organisation has a strong part and a weak part (#15)."""

from django.urls import reverse

from assessments.models import Assessment


def test_about_page_says_which_part_to_answer_for_when_parts_differ(client, cx_model):
    client.post(reverse("assessments:start"))
    assessment = Assessment.objects.get()

    text = " ".join(client.get(reverse("assessments:about", args=[assessment.token])).content.decode().split())

    assert "answer for what a typical customer experiences from start to finish" in text
    assert "If the parts serve different customers, assess each one separately." in text
