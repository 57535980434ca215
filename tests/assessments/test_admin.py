import pytest
from django.urls import reverse


@pytest.fixture
def superuser_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("admin", "admin@example.com", "pw-for-tests-only")
    client.force_login(user)
    return client


def test_admin_assessment_changelist_and_change_page_200(superuser_client, make_assessment):
    assessment = make_assessment(3, organisation_name="Acme")

    changelist = superuser_client.get(reverse("admin:assessments_assessment_changelist"), {"q": "Acme"})
    change = superuser_client.get(reverse("admin:assessments_assessment_change", args=[assessment.pk]))

    assert (changelist.status_code, change.status_code) == (200, 200)
    assert changelist.context["cl"].result_count == 1


def test_admin_assessment_result_is_read_only(superuser_client, make_assessment):
    assessment = make_assessment(3, organisation_name="Acme")
    url = reverse("admin:assessments_assessment_change", args=[assessment.pk])

    superuser_client.post(url, {"organisation_name": "Changed", "answers-TOTAL_FORMS": 0, "answers-INITIAL_FORMS": 0})

    assessment.refresh_from_db()
    assert assessment.organisation_name == "Acme"
