"""The real worker process (`manage.py run_worker`), killed with SIGKILL in the middle of a send.

Three invitations are queued. The test's SMTP server holds the second
message's transaction open (after RCPT, before DATA), the test kills the
worker there, and a new worker takes over. The server must end up with each
message exactly once: none lost with the dead worker, none sent twice.
"""

import asyncio
import signal
import subprocess
import threading
import time

import pytest
from aiosmtpd.controller import Controller

from tests.production.liveserver import PYTHON, ROOT, ServerDatabase, base_env

from .conftest import Inbox, free_port

# It starts worker processes on a database of their own, as a server test does (left out of make test-fast).
pytestmark = pytest.mark.server

SEED = """
from django.contrib.auth import get_user_model
from django.utils import timezone
from consulting import services as consulting
from invitations import services
user = get_user_model().objects.create_user("kim", email="kim@firm.example", first_name="Kim")
consulting.consultant_add(user=user)
client = consulting.client_create(owner=user, name="Kill Test Ltd")
round = consulting.round_create(client=client, title="Crash")
services.invitations_create(
    round=round,
    people=[("One", "one@client.example"), ("Two", "two@client.example"), ("Three", "three@client.example")],
    site_url="http://127.0.0.1:8000",
    now=timezone.now(),
)
out = list(round.invitations.values_list("email", flat=True))
"""
STATES = "from invitations.models import OutboundMessage\nout = sorted(OutboundMessage.objects.values_list('state', flat=True))"


class HoldSecond(Inbox):
    """Accepts messages, except that it stops in the second message's transaction until released."""

    def __init__(self):
        super().__init__()
        self.transactions = 0
        self.holding = threading.Event()
        self.release = threading.Event()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        envelope.rcpt_tos.append(address)
        self.transactions += 1
        if self.transactions == 2:
            self.holding.set()
            await asyncio.get_running_loop().run_in_executor(None, self.release.wait)
        return "250 OK"


def start_worker(url, port):
    env = base_env(
        url,
        EMAIL_URL=f"smtp://127.0.0.1:{port}?timeout=10",
        DJANGO_DEFAULT_FROM_EMAIL="CX Maturity <cx@example.com>",
        CX_MAIL_LEASE_SECONDS="1",
        CX_WORKER_TICK_SECONDS="1",
    )
    return subprocess.Popen(
        [PYTHON, "manage.py", "run_worker", "--interval", "0.1", "-v0"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )


def wait_until(condition, timeout=60):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not reached in time"
        time.sleep(0.2)


@pytest.fixture
def database():
    db = ServerDatabase()
    yield db
    db.drop()


def test_worker_killed_mid_send_delivers_each_message_exactly_once(database):
    inbox = HoldSecond()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    workers = []
    try:
        addresses = database.query(SEED)
        workers.append(start_worker(database.url, controller.port))
        assert inbox.holding.wait(timeout=60), "the worker never reached the second message"
        workers[0].send_signal(signal.SIGKILL)
        workers[0].wait(timeout=30)
        inbox.release.set()
        assert (len(inbox.received), database.query(STATES)) == (1, ["queued", "sending", "sent"])

        workers.append(start_worker(database.url, controller.port))
        wait_until(lambda: len(inbox.received) >= 3)
        wait_until(lambda: database.query(STATES) == ["sent", "sent", "sent"])
    finally:
        for worker in workers:
            if worker.poll() is None:
                worker.terminate()
                worker.wait(timeout=30)
        controller.stop()
    delivered = sorted(rcpt[0] for rcpt, _ in inbox.received)
    assert delivered == sorted(addresses)
    assert len({m["Message-ID"] for m in inbox.messages}) == 3
