import pytest
from django.utils import timezone

from assessments.models import Assessment
from maturity.roadmap import StageProfile
from peers import services
from peers.models import Industry, OrganisationSize
from tests.consulting.conftest import (  # noqa: F401  (the consultant fixtures, shared)
    PASSWORD,
    acme,
    acme_round,
    alice,
    consultant,
    make_user,
    other_consultant,
    plain_user,
    respond,
)
from tests.factories import scored_result_json

DIMENSIONS = ["leadership", "insight", "organisation", "data", "delivery", "culture"]


def fake_result(overall: float, dimension: float | None = None) -> dict:
    """A completed result's JSON as assessments.services freezes one, at stage 2, with every dimension at `dimension`."""
    stage = StageProfile(
        number=2, name="Structured", alt_name="", tagline="", description="", indicators=(), benefits=(), statistic=""
    )
    return scored_result_json(
        overall=overall,
        scores=dict.fromkeys(DIMENSIONS, overall if dimension is None else dimension),
        names={k: k.title() for k in DIMENSIONS},
        stage=stage,
    )


@pytest.fixture
def retail(db):
    return Industry.objects.get(name="Retail & e-commerce")


@pytest.fixture
def banking(db):
    return Industry.objects.get(name="Banking & financial services")


@pytest.fixture
def large(db):
    return OrganisationSize.objects.get(client_size_band="1000+")


@pytest.fixture
def small(db):
    return OrganisationSize.objects.get(client_size_band="10-49")


@pytest.fixture
def counted(db):
    """Make n completed individual assessments that agreed to count, in a segment, scoring `overall`."""

    def make(n=1, *, industry=None, size=None, overall=3.0, dimension=None, consent=True):
        made = []
        for _ in range(n):
            assessment = Assessment.objects.create(completed_at=timezone.now(), result=fake_result(overall, dimension))
            services.assessment_peers_set(assessment=assessment, industry=industry, size=size, consent=consent)
            made.append(assessment)
        return made

    return make
