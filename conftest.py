import pytest
from django.core.management import call_command
from hypothesis import HealthCheck, settings

# Property tests judge behaviour, not speed: a busy CI machine must not fail
# them on a deadline (speed is measured by `make bench`).
settings.register_profile("cx", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("cx")


_MODEL_ROWS: list | None = None  # the loaded model's rows, per table: read from loaddata once per session


@pytest.fixture
def cx_model(db):
    """The maturity model from fixtures/cx_model.json, loaded into the test database.

    loaddata resolves every natural key with a query and costs seconds; it runs
    once per session, and every later test gets the same rows (same primary
    keys) inserted a table at a time. Each test still starts from the model as
    the fixture has it, whatever the previous test edited.
    """
    global _MODEL_ROWS
    from django.apps import apps
    from django.core.management.color import no_style
    from django.db import connection, transaction

    tables = list(apps.get_app_config("stages").get_models(include_auto_created=True))
    if _MODEL_ROWS is None:
        call_command("loaddata", "cx_model", verbosity=0)
        _MODEL_ROWS = [(model, list(model.objects.all())) for model in tables]
        return
    # In one transaction: foreign keys are checked at its end (Django makes them deferrable), so the
    # tables' order does not matter, in a transactional test (autocommit) as in any other.
    with transaction.atomic():
        for model, rows in _MODEL_ROWS:
            model.objects.bulk_create(rows)
    # As loaddata does: sequences past the inserted keys (PostgreSQL), so rows a test creates get new ones.
    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), tables):
            cursor.execute(sql)


@pytest.fixture
def make_assessment(cx_model):
    """Build an assessment answered through the services (tests.factories.answered_assessment)."""
    from tests.factories import answered_assessment

    return answered_assessment


# Fixtures that start a server: a test using one is marked `server`, so that
# `make test-fast` (-m "not browser and not server") leaves it out.
SERVER_FIXTURES = {"live_server", "server_factory", "server_db"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if SERVER_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.server)
