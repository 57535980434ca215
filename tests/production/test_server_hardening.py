"""gunicorn as `make serve` runs it: idle connections, forwarded headers, its error log, two instances side by side."""

import http.client
import os
import random
import re
import socket

import pytest

from .liveserver import HOST, Respondent

TOKEN = "AbCdEfGhIjKlMnOpQrStUvWxYz0123456789_-abcde"


def get(server, path, headers=None, timeout=10):
    connection = http.client.HTTPConnection(HOST, server.port, timeout=timeout)
    try:
        connection.request("GET", path, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def test_twenty_idle_connections_do_not_stall_the_site(server_factory):
    server = server_factory(workers=2)
    idle = [socket.create_connection((HOST, server.port), timeout=5) for _ in range(20)]
    try:
        statuses = [get(server, "/healthz", timeout=5)[0] for _ in range(5)]
    finally:
        for sock in idle:
            sock.close()

    assert statuses == [200] * 5


def test_forwarded_proto_from_this_machine_is_not_trusted_without_a_proxy(server_factory):
    server = server_factory(DJANGO_HTTPS="1")

    status, headers, _ = get(server, "/", headers={"X-Forwarded-Proto": "https"})

    assert (status, headers["Location"]) == (301, f"https://{HOST}:{server.port}/")


def test_gunicorn_error_log_has_no_token_or_client_address(server_factory):
    server = server_factory()
    with socket.create_connection((HOST, server.port), timeout=10) as sock:
        sock.sendall(f"GET /a/{TOKEN}/\x00x HTTP/1.1\r\nHost: {HOST}\r\n\r\n".encode())
        sock.recv(1000)
    for path in (f"/a/{TOKEN}./", f"/r/{TOKEN})", f"/a/{TOKEN}>x"):
        get(server, path)
    status, _, _ = get(server, "/healthz")  # the log lines above are written by now

    log = server.log()
    assert status == 200
    assert TOKEN not in log
    assert re.findall(r"127\.0\.0\.1|ip=[0-9]", log) == []


# The scale-out cache: Redis, on a database of its own (flushed by the test). The machines
# that run the suite run Redis on 127.0.0.1:6379; REDIS_URL points elsewhere.
SCALE_OUT_REDIS = os.environ.get("CX_TEST_REDIS_URL", "redis://127.0.0.1:6379/14")


@pytest.mark.parametrize("cache", ["redis", "file"])
def test_two_instances_share_database_start_limit_and_pdf_cache(server_factory, tmp_path, cache):
    shared = {
        "CX_START_RATE_PER_HOUR": "3",
        "DJANGO_CACHE_DIR": str(tmp_path / "shared-cache"),
        # One site: the same key everywhere (the rate limit's client fingerprint is keyed on it).
        "DJANGO_SECRET_KEY": "scale-out-" + "k7Rq2vX9pL4mN8sT1wY6zA3bC5dE0fG2hJ4kL6mN8pQ0rS2tU4",
    }
    if cache == "redis":
        import redis

        redis.Redis.from_url(SCALE_OUT_REDIS).flushdb()
        shared["REDIS_URL"] = SCALE_OUT_REDIS
    one, two = server_factory(**shared), server_factory(**shared)
    rng = random.Random(19)

    # Started on one, answered on both, finished on two.
    person = Respondent(one.base_url)
    page = person.submit(person.start(), {"organisation_name": "Scale Ltd"})
    page = person.answer(page, rng)
    person.base_url = two.base_url
    page = person.get(f"/a/{person.token}/step/2/")
    while page.status == 200 and "/step/" in page.path:
        page = person.answer(page, rng)
    results_on_one = Respondent(one.base_url).get(f"/a/{person.token}/results/")

    # The start limit counts across both: one start above, two more, then refused.
    others = [Respondent(server.base_url) for server in (two, one, two)]
    statuses = [o.submit(o.get("/")).status for o in others]

    # The PDF rendered by one is served from the shared cache by two.
    pdf_one = Respondent(one.base_url).get(f"/a/{person.token}/roadmap.pdf")
    cached = cache_entries(shared)
    pdf_two = Respondent(two.base_url).get(f"/a/{person.token}/roadmap.pdf")

    assert (page.status, page.path) == (200, f"/a/{person.token}/results/")
    assert results_on_one.status == 200 and "Scale Ltd" in results_on_one.body
    assert statuses == [200, 200, 429]
    assert (pdf_one.status, pdf_two.status) == (200, 200)
    assert cache_entries(shared) == cached


def cache_entries(env) -> int:
    """How many entries the shared cache holds (a PDF served from it adds none)."""
    if "REDIS_URL" in env:
        import redis

        return len(redis.Redis.from_url(env["REDIS_URL"]).keys("*pdf:*"))
    return len([name for name in os.listdir(env["DJANGO_CACHE_DIR"]) if name.endswith(".djcache")])


def test_gunicorn_trusts_forwarded_headers_only_behind_a_proxy(monkeypatch):
    import runpy

    from .liveserver import ROOT

    monkeypatch.delenv("DJANGO_BEHIND_PROXY", raising=False)
    alone = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    monkeypatch.setenv("DJANGO_BEHIND_PROXY", "1")
    behind = runpy.run_path(str(ROOT / "gunicorn.conf.py"))

    assert (alone["forwarded_allow_ips"], behind["forwarded_allow_ips"]) == ("", "127.0.0.1,::1")
    assert (alone["worker_class"], alone["threads"] >= 4) == ("gthread", True)


def test_redaction_covers_tokens_followed_by_punctuation_and_client_addresses():
    from cxmaturity.tokens import redact

    lines = [f"see /a/{TOKEN}{p} now" for p in ".),;!'*~>"] + [
        "Invalid request from ip=192.0.2.1: Invalid HTTP request line",
        "Invalid request from ip=2001:db8::7: bad",
    ]

    assert [redact(line) for line in lines] == [f"see /a/<token>{p} now" for p in ".),;!'*~>"] + [
        "Invalid request from ip=<address>: Invalid HTTP request line",
        "Invalid request from ip=<address>: bad",
    ]
