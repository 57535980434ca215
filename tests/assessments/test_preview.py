"""Admins preview a question or a whole step as respondents see it, with the real step template."""

import html
import re

import pytest
from django.urls import reverse

from stages.models import Dimension, Question


@pytest.fixture
def admin_client(client, django_user_model, cx_model):
    user = django_user_model.objects.create_superuser("admin", "admin@example.com", "pw-for-tests-only")
    client.force_login(user)
    return client


def test_preview_question_renders_the_step_template_with_its_options(admin_client):
    question = Question.objects.filter(is_active=True).order_by("pk").first()

    response = admin_client.get(reverse("assessments:preview_question", args=[question.pk]))

    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "assessments/step.html"
    assert response.context["step"].questions == [question]
    body = response.content.decode()
    labels = [
        html.unescape(" ".join(label.split()))
        for label in re.findall(r'class="form-check-label">(.*?)</label>', body, re.S)
    ]
    assert labels == [o.label for o in question.options.order_by("level")] + ["Not sure"] * question.allow_not_sure
    assert "Nothing you pick here is saved." in body
    assert "private link" not in body


def test_preview_dimension_shows_every_active_question_in_order(admin_client):
    dimension = Dimension.objects.order_by("order").first()

    response = admin_client.get(reverse("assessments:preview_dimension", args=[dimension.pk]))

    expected = list(dimension.questions.filter(is_active=True).order_by("order", "id"))
    assert response.context["step"].questions == expected


def test_preview_inactive_question_says_respondents_are_not_asked_it(admin_client):
    question = Question.objects.order_by("pk").first()
    question.is_active = False
    question.save()

    response = admin_client.get(reverse("assessments:preview_question", args=[question.pk]))

    assert response.context["preview_notes"] == ["This question is not active: respondents are not asked it."]


def test_preview_escapes_admin_text(admin_client):
    question = Question.objects.order_by("pk").first()
    question.help_text = '<meta http-equiv="refresh" content="0;url=http://example.invalid/">'
    question.save()

    body = admin_client.get(reverse("assessments:preview_question", args=[question.pk])).content.decode()

    assert "<meta http-equiv" not in body
    assert "&lt;meta http-equiv" in body


def test_preview_saves_nothing_and_refuses_posts(admin_client):
    question = Question.objects.order_by("pk").first()

    response = admin_client.post(reverse("assessments:preview_question", args=[question.pk]), {"action": "next"})

    assert response.status_code == 405


def test_preview_unknown_question_is_404(admin_client):
    assert admin_client.get(reverse("assessments:preview_question", args=[999999])).status_code == 404


def test_preview_needs_staff(client, django_user_model, cx_model):
    question = Question.objects.order_by("pk").first()
    url = reverse("assessments:preview_question", args=[question.pk])

    anonymous = client.get(url)
    client.force_login(django_user_model.objects.create_user("staff", password="x-long-pass", is_staff=True))
    without_permission = client.get(url)

    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith(reverse("admin:login"))
    assert without_permission.status_code == 403


def test_admin_question_page_links_to_its_preview(admin_client):
    question = Question.objects.order_by("pk").first()

    body = admin_client.get(reverse("admin:stages_question_change", args=[question.pk])).content.decode()

    assert f'href="{reverse("assessments:preview_question", args=[question.pk])}"' in body
