"""Guidance for respondents whose organisation has a strong part and a weak part (#15)."""

from django.urls import reverse

from assessments.models import Assessment


def test_about_page_says_which_part_to_answer_for_when_parts_differ(client, cx_model):
    # Only the link's hash is stored: the respondent's page is reached from the start's redirect.
    started = client.post(reverse("assessments:start"))
    about = client.get(started["Location"], follow=True)

    assert Assessment.objects.count() == 1
    assert about.request["PATH_INFO"].endswith("/about/")
    text = " ".join(about.content.decode().split())

    assert "answer for what a typical customer experiences from start to finish" in text
    assert "If the parts serve different customers, assess each one separately." in text
