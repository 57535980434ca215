import pytest
from django.contrib.auth import get_user_model

from consulting import services
from consulting.models import Client, Round

PASSWORD = "correct-horse-battery-staple"


def make_user(username, *, consultant=True, **extra):
    user = get_user_model().objects.create_user(username, password=PASSWORD, **extra)
    if consultant:
        services.consultant_add(user=user)
    return user


@pytest.fixture
def consultant(db):
    return make_user("alice", first_name="Alice", last_name="Archer")


@pytest.fixture
def other_consultant(db):
    return make_user("bob")


@pytest.fixture
def plain_user(db):
    return make_user("carol", consultant=False)


@pytest.fixture
def alice(client, consultant):
    client.force_login(consultant)
    return client


@pytest.fixture
def acme(consultant) -> Client:
    return services.client_create(owner=consultant, name="Acme Ltd", industry="Retail", size_band="50-249")


ROLES = ["Executive", "COO", "Frontline", "Leadership team"]
DEPARTMENTS = ["Board", "Ops", "Service"]


@pytest.fixture
def acme_round(acme) -> Round:
    return services.round_create(client=acme, title="Baseline", role_options=ROLES, department_options=DEPARTMENTS)


@pytest.fixture
def respond(make_assessment):
    """Complete a response in a round: levels as for make_assessment, plus role/department/name."""

    def answer(round, levels=3, *, default=3, role="", department="", name="", complete=True, facilitated=False):
        return make_assessment(
            levels,
            default=default,
            complete=complete,
            round=round,
            respondent_role=role,
            department=department,
            respondent_name=name,
            facilitated=facilitated,
            # As the invite and facilitation views start it (numbered; refused once the round is closed).
            start=services.round_response_start,
        )

    return answer
