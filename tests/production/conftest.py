"""Fixtures for tests that run the real server (gunicorn, debug off) on 127.0.0.1."""

import pytest

from .liveserver import Server, ServerDatabase


@pytest.fixture(scope="session")
def server_db():
    """A migrated database with the model loaded, of the same kind as the test run's (SQLite file or PostgreSQL)."""
    database = ServerDatabase()
    yield database
    database.drop()


@pytest.fixture
def server_factory(server_db, tmp_path):
    """Start gunicorn servers on server_db (or another database URL); all are stopped afterwards."""
    servers = []

    def make(*, database_url=None, workers=2, port=None, **env):
        env.setdefault("DJANGO_CACHE_DIR", str(tmp_path / "cache"))
        server = Server(database_url or server_db.url, workers=workers, port=port, log_dir=tmp_path, **env)
        servers.append(server)
        return server.start()

    yield make
    for server in servers:
        server.stop()
