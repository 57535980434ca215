import pytest
from django.core.management import call_command


@pytest.fixture
def cx_model(db):
    """The maturity model from fixtures/cx_model.json, loaded into the test database."""
    call_command("loaddata", "cx_model", verbosity=0)
