"""A real SMTP server on 127.0.0.1 (aiosmtpd) for the tests to send through, and a way to run the worker's tasks."""

import email
import email.policy
import socket
import threading
from unittest import mock

import pytest
from aiosmtpd.controller import Controller

from tests.consulting.conftest import (  # noqa: F401  (fixtures)
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


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Inbox:
    """What the SMTP server accepted: (envelope recipients, parsed message) in order of arrival."""

    def __init__(self):
        self.received = []
        self.lock = threading.Lock()
        self.arrived = threading.Condition(self.lock)

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        with self.arrived:
            self.received.append((list(envelope.rcpt_tos), message))
            self.arrived.notify_all()
        return "250 Message accepted for delivery"

    @property
    def messages(self):
        with self.lock:
            return [m for _, m in self.received]

    def to(self, address):
        return [m for rcpt, m in list(self.received) if address in rcpt]

    def wait_for(self, count, timeout=30):
        with self.arrived:
            return self.arrived.wait_for(lambda: len(self.received) >= count, timeout=timeout)


@pytest.fixture
def smtp_server():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield inbox, controller.port
    controller.stop()


@pytest.fixture
def smtp(smtp_server, settings):
    """Django sends through the test's SMTP server; returns its Inbox."""
    inbox, port = smtp_server
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 10
    settings.DEFAULT_FROM_EMAIL = "CX Maturity <cx@example.com>"
    settings.CX_SITE_URL = ""
    return inbox


def run_worker():
    """Run every task that is due, as `manage.py run_worker --batch` does, in this process and transaction."""
    from django_tasks_db.management.commands.db_worker import Worker

    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    # The real worker closes stale connections between tasks; inside a test's
    # transaction that would close the test's own connection.
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        worker.run()


def text_part(message) -> str:
    return message.get_body(preferencelist=("plain",)).get_content()


def html_part(message) -> str:
    return message.get_body(preferencelist=("html",)).get_content()
