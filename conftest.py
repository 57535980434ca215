import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, settings

# Property tests judge behaviour, not speed: a busy CI machine must not fail
# them on a deadline (speed is measured by `make bench`).
settings.register_profile("cx", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("cx")


@pytest.fixture
def cx_model(db):
    """The maturity model from fixtures/cx_model.json, loaded into the test database."""
    call_command("loaddata", "cx_model", verbosity=0)


@pytest.fixture
def make_assessment(cx_model):
    """Build an assessment answered through the services, optionally completed.

    levels: an int (every question at that level), or a dict of
    dimension slug -> level (others default to `default`). None means "Not sure".
    """
    from assessments import services

    def make(levels=3, *, default=3, complete=True, start=services.assessment_start, **start_kwargs):
        assessment = start(**start_kwargs)
        choices = {}
        for step in services.questionnaire_steps():
            level = levels if isinstance(levels, int) or levels is None else levels.get(step.dimension.slug, default)
            for question in step.questions:
                choices[question] = (
                    None if level is None else next(o for o in question.options.all() if o.level == level)
                )
        services.answers_save(assessment=assessment, choices=choices)
        if complete:
            services.assessment_complete(assessment=assessment)
        assessment.refresh_from_db()
        return assessment

    return make


# Fixtures that start a server: a test using one is marked `server`, so that
# `make test-fast` (-m "not browser and not server") leaves it out.
SERVER_FIXTURES = {"live_server", "server_factory", "server_db"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if SERVER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.server)
