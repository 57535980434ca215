"""Security headers, HTTPS cookies and HSTS, CSRF on every state change, login lock-out, start rate limit, privacy."""

import json
import os
import subprocess
import sys
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone

from assessments import services
from assessments.models import Answer, Assessment
from tests.links import assessment_at

from .liveserver import ROOT

PASSWORD = "correct-horse-battery-staple"
pytestmark = pytest.mark.urls("tests.production.urls")  # the site's URLs, /r/ invite link included
# A key the settings accept (50+ characters, not one repeated).
STRONG_KEY = "k7Rq2vX9pL4mN8sT1wY6zA3bC5dE0fG2hJ4kL6mN8pQ0rS2tU4"


def csp(response) -> dict[str, list[str]]:
    header = response.headers["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in (p.strip() for p in header.split(";")) if part}


@pytest.fixture
def done(make_assessment):
    return make_assessment(3, organisation_name="Secure Ltd")


@pytest.fixture
def pages(client, make_assessment, done):
    unfinished = make_assessment(2, complete=False)
    return {
        "home": client.get(reverse("home")),
        "about": client.get(reverse("assessments:about", args=[unfinished.token])),
        "step": client.get(reverse("assessments:step", args=[unfinished.token, 2])),
        "results": client.get(reverse("assessments:results", args=[done.token])),
        "delete": client.get(reverse("assessments:delete", args=[done.token])),
        "login": client.get(reverse("login")),
        "admin login": client.get(reverse("admin:login")),
    }


# --- Headers -----------------------------------------------------------------


def test_content_security_policy_on_real_pages(pages):
    for name, response in pages.items():
        assert response.status_code == 200, name
        policy = csp(response)
        script_src = policy.get("script-src", policy.get("default-src"))
        assert script_src == ["'self'"], (name, script_src)
        assert "'unsafe-inline'" not in script_src and "'unsafe-eval'" not in script_src
        assert policy["object-src"] == ["'none'"], name
        assert policy["base-uri"] == ["'none'"], name
        assert policy["frame-ancestors"] == ["'none'"], name
        assert policy["default-src"] == ["'self'"], name
        assert policy["form-action"] == ["'self'"], name


def test_pages_have_no_inline_script_the_policy_would_block(pages):
    # The policy allows only same-origin script files; an inline <script> (other than
    # json_script data blocks, which browsers do not execute) would silently break.
    import re

    for name, response in pages.items():
        for attrs in re.findall(rb"<script([^>]*)>", response.content):
            assert b"src=" in attrs or b'type="application/json"' in attrs, (name, attrs)
        assert not re.search(rb"\son[a-z]+=", response.content), name  # no inline event handlers


def test_nosniff_frame_options_and_referrer_policy(pages):
    for name, response in pages.items():
        assert response.headers["X-Content-Type-Options"] == "nosniff", name
        assert response.headers["X-Frame-Options"] == "DENY", name
        assert response.headers["Referrer-Policy"] in {"same-origin", "no-referrer"}, name


def test_private_pages_are_not_cached_or_indexed(pages):
    for name in ("about", "step", "results", "delete"):
        assert "no-store" in pages[name].headers["Cache-Control"], name
        assert "noindex" in pages[name].headers["X-Robots-Tag"], name


# --- HTTPS: secure cookies and HSTS ------------------------------------------------

SECURITY_SETTINGS = [
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "CSRF_COOKIE_HTTPONLY",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
]


def production_settings(**env) -> dict:
    """The security settings cxmaturity.settings computes from this environment (in a fresh process)."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    clean.pop("DATABASE_URL", None)
    clean.update(
        DJANGO_SETTINGS_MODULE="cxmaturity.settings",
        DJANGO_SECRET_KEY=STRONG_KEY,
        DJANGO_ALLOWED_HOSTS="testserver",
        **env,
    )
    code = f"import json; from django.conf import settings; print(json.dumps({{k: getattr(settings, k) for k in {SECURITY_SETTINGS!r}}}))"
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


def test_https_is_the_production_default():
    assert production_settings() == production_settings(DJANGO_HTTPS="1")
    assert production_settings(DJANGO_HTTPS="1")["SECURE_HSTS_SECONDS"] >= 31536000


@pytest.mark.django_db
def test_with_https_cookies_are_secure_and_httponly_and_hsts_is_sent(cx_model):
    values = production_settings(DJANGO_DEBUG="0", DJANGO_HTTPS="1")
    user = get_user_model().objects.create_user("hana", password=PASSWORD)
    with override_settings(**values):
        client = Client()
        plain = client.get(reverse("home"))
        assert plain.status_code == 301 and plain["Location"].startswith("https://")

        home = client.get(reverse("home"), secure=True)
        hsts = home.headers["Strict-Transport-Security"]
        assert "max-age=31536000" in hsts and "includeSubDomains" in hsts and "preload" in hsts
        csrf_cookie = client.cookies["csrftoken"]
        assert csrf_cookie["secure"] and csrf_cookie["httponly"] and csrf_cookie["samesite"] == "Lax"

        client.get(reverse("login"), secure=True)
        response = client.post(
            reverse("login"),
            {"username": "hana", "password": PASSWORD, "csrfmiddlewaretoken": client.cookies["csrftoken"].value},
            secure=True,
        )
        assert response.status_code == 302, response.content[:300]
        session_cookie = client.cookies["sessionid"]
        assert session_cookie["secure"] and session_cookie["httponly"]
        assert str(client.session["_auth_user_id"]) == str(user.pk)


def test_health_check_is_exempt_from_the_https_redirect(client, db):
    values = production_settings(DJANGO_DEBUG="0", DJANGO_HTTPS="1")
    with override_settings(**values):
        assert client.get("/healthz").status_code == 200


# --- CSRF on every state change ------------------------------------------------


def site_patterns(resolver=None, prefix="", namespace=""):
    """(namespaced name, converter names) of every named URL of the site's own apps."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            if ns == "admin":
                continue
            yield from site_patterns(entry, prefix, f"{namespace}:{ns}".strip(":") if ns else namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield (f"{namespace}:{entry.name}" if namespace else entry.name), dict(entry.pattern.converters)


@pytest.fixture
def csrf_client(db):
    return Client(enforce_csrf_checks=True)


@pytest.fixture
def consultant(db):
    from consulting import services as consulting

    user = get_user_model().objects.create_user("cora", password=PASSWORD)
    consulting.consultant_add(user=user)
    return user


def test_every_post_without_csrf_token_is_refused_and_changes_nothing(csrf_client, consultant, make_assessment):
    from consulting import services as consulting

    acme = consulting.client_create(owner=consultant, name="Acme")
    round_ = consulting.round_create(client=acme, title="Baseline")
    unfinished = make_assessment(3, complete=False, organisation_name="Before")
    done = make_assessment(4)
    csrf_client.force_login(consultant)
    answers_before = Answer.objects.count()
    assessments_before = Assessment.objects.count()

    # The victim's browser has the CSRF cookie (it visited the site); the forged form cannot know the token.
    csrf_client.get(reverse("home"))
    assert "csrftoken" in csrf_client.cookies
    values = {
        "token": unfinished.token,
        "number": 1,
        "pk": acme.pk,
        "assessment_pk": done.pk,
        "uidb64": "MQ",
        "code": "x",
        "item_pk": 1,
    }
    refused = []
    for name, converters in site_patterns():
        kwargs = {key: values[key] for key in converters}
        if name.startswith("respond:"):
            kwargs = {"token": round_.invite_token}
        if name.startswith(("consulting:round", "consulting:respondent")):
            kwargs["pk"] = round_.pk
        url = reverse(name, kwargs=kwargs)
        if getattr(resolve(url).func, "csrf_exempt", False):
            continue  # deliberately open to a cross-site POST (one-click unsubscribe, RFC 8058)
        data = {"action": "finish", "organisation_name": "After", "name": "Changed", "title": "Changed"}
        response = csrf_client.post(url, data)
        assert response.status_code == 403, (name, url, response.status_code)
        assert "That form could not be sent" in response.content.decode(), name  # our own page (#19 item 11)
        assert response.wsgi_request.META.get("CSRF_COOKIE"), name  # refused for the missing token, not the cookie
        refused.append(name)

    for name in ("assessments:start", "assessments:about", "assessments:step", "assessments:delete", "login", "logout"):
        assert name in refused
    if any(n.startswith("consulting:") for n, _ in site_patterns()):
        assert {"consulting:client_create", "consulting:round_close"} <= set(refused)
    for name in ("admin:login", "admin:logout"):
        assert csrf_client.post(reverse(name), {"username": "cora", "password": PASSWORD}).status_code == 403, name

    unfinished.refresh_from_db()
    assert (unfinished.organisation_name, unfinished.completed_at) == ("Before", None)
    assert Assessment.objects.count() == assessments_before  # nothing started, nothing deleted
    assert Answer.objects.count() == answers_before
    acme.refresh_from_db()
    round_.refresh_from_db()
    assert acme.name == "Acme" and round_.title == "Baseline" and round_.closed_at is None


def test_with_the_token_the_same_post_goes_through(csrf_client, cx_model):
    csrf_client.get(reverse("home"))
    token = csrf_client.cookies["csrftoken"].value

    response = csrf_client.post(reverse("assessments:start"), {"csrfmiddlewaretoken": token})

    assert response.status_code == 302


# --- Login brute force (django-axes) ----------------------------------------------


@pytest.fixture
def victim(db):
    return get_user_model().objects.create_user("victor", password=PASSWORD)


def login(client, password, username="victor", **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def test_five_failed_logins_lock_the_account_even_for_the_right_password(client, victim, settings):
    assert settings.AXES_FAILURE_LIMIT == 5
    for attempt in range(4):
        assert login(client, f"guess-{attempt}").status_code == 200  # the form again, with an error
    locked = login(client, "guess-5")
    assert locked.status_code == 429

    sixth = login(client, PASSWORD)

    assert sixth.status_code == 429
    assert "_auth_user_id" not in client.session
    assert b"too many" in sixth.content.lower()  # a page that says why (registration/locked_out.html or axes' text)


def test_lock_out_is_per_username_and_address(client, victim):
    for attempt in range(5):
        login(client, f"guess-{attempt}", REMOTE_ADDR="203.0.113.9")

    assert login(client, PASSWORD, REMOTE_ADDR="203.0.113.9").status_code == 429
    # The owner, from elsewhere, can still log in: an attacker cannot lock them out everywhere.
    assert login(Client(), PASSWORD, REMOTE_ADDR="198.51.100.4").status_code == 302


def test_admin_login_is_protected_too(client, victim):
    victim.is_staff = True
    victim.save()
    for attempt in range(5):
        client.post(reverse("admin:login"), {"username": "victor", "password": f"guess-{attempt}"})

    response = client.post(reverse("admin:login"), {"username": "victor", "password": PASSWORD})

    assert response.status_code == 429


def test_successful_login_before_the_limit_resets_the_count(client, victim):
    for attempt in range(4):
        login(client, f"guess-{attempt}")
    assert login(client, PASSWORD).status_code == 302
    client.logout()
    for attempt in range(4):
        assert login(client, f"again-{attempt}").status_code == 200
    assert login(client, PASSWORD).status_code == 302


# --- Start rate limit -------------------------------------------------------------


@override_settings(CX_START_RATE_PER_HOUR=2)
def test_third_start_within_the_hour_is_refused_with_a_clear_page(client, cx_model):
    cache.clear()
    ip = {"REMOTE_ADDR": "192.0.2.77"}

    first = client.post(reverse("assessments:start"), **ip)
    second = client.post(reverse("assessments:start"), **ip)
    third = client.post(reverse("assessments:start"), **ip)

    assert (first.status_code, second.status_code) == (302, 302)
    assert third.status_code == 429
    assert b"Too many new assessments" in third.content
    assert b"try again in an hour" in third.content
    assert Assessment.objects.count() == 2
    # Someone else is not affected.
    assert client.post(reverse("assessments:start"), REMOTE_ADDR="192.0.2.78").status_code == 302


@override_settings(CX_START_RATE_PER_HOUR=2)
def test_rate_limit_does_not_block_continuing_an_assessment(client, cx_model):
    cache.clear()
    client.post(reverse("assessments:start"))
    started = client.post(reverse("assessments:start"))
    assert client.post(reverse("assessments:start")).status_code == 429
    assessment = assessment_at(started.url)

    assert client.get(reverse("assessments:about", args=[assessment.token])).status_code == 200


# --- Privacy ------------------------------------------------------------------------


def test_assessment_model_has_no_field_for_ip_or_user_agent():
    names = {f.name.lower() for f in Assessment._meta.get_fields()} | {
        f.name.lower() for f in Answer._meta.get_fields()
    }
    for suspicious in ("ip", "addr", "agent", "user_agent", "remote", "host", "fingerprint"):
        assert not any(suspicious in name.split("_") or name.startswith(suspicious) for name in names), names


def test_starting_and_answering_store_no_ip_or_user_agent(client, cx_model):
    headers = {
        "REMOTE_ADDR": "198.51.100.231",
        "HTTP_USER_AGENT": "UniqueAgent/9.9 (tracking-me)",
        "HTTP_X_FORWARDED_FOR": "203.0.113.199",
    }
    started = client.post(reverse("assessments:start"), **headers)
    assessment = assessment_at(started.url)
    client.post(reverse("assessments:about", args=[assessment.token]), {"organisation_name": "Quiet Ltd"}, **headers)
    step = services.questionnaire_steps()[0]
    data = {f"q_{q.code}": str(q.options.all()[0].pk) for q in step.questions} | {"action": "next"}
    client.post(reverse("assessments:step", args=[assessment.token, 1]), data, **headers)

    with connection.cursor() as cursor:
        rows = []
        for table in (Assessment._meta.db_table, Answer._meta.db_table):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            rows += cursor.fetchall()
    dump = repr(rows)
    assert "Quiet Ltd" in dump  # the check can see what was stored
    for secret in ("198.51.100.231", "203.0.113.199", "UniqueAgent", "tracking-me"):
        assert secret not in dump


# --- purge_unfinished ----------------------------------------------------------------


def age(assessment, days):
    Assessment.objects.filter(pk=assessment.pk).update(updated_at=timezone.now() - timedelta(days=days))


def purge(*args):
    out = StringIO()
    call_command("purge_unfinished", *args, stdout=out)
    return out.getvalue()


@pytest.fixture
def population(make_assessment, consultant):
    from consulting import services as consulting

    round_ = consulting.round_create(client=consulting.client_create(owner=consultant, name="Acme"), title="R1")
    made = {
        "old unfinished": make_assessment(2, complete=False),
        "recent unfinished": make_assessment(2, complete=False),
        "old finished": make_assessment(3),
        "old unfinished in round": make_assessment(2, complete=False, round=round_),
        "edge unfinished": make_assessment(2, complete=False),
    }
    age(made["old unfinished"], 200)
    age(made["recent unfinished"], 10)
    age(made["old finished"], 400)
    age(made["old unfinished in round"], 200)
    age(made["edge unfinished"], 89)
    return made


def remaining(population):
    ids = set(Assessment.objects.values_list("pk", flat=True))
    return {name for name, a in population.items() if a.pk in ids}


@override_settings(CX_PURGE_UNFINISHED_DAYS=90)
def test_purge_deletes_stale_unfinished_anonymous_assessments_with_their_answers(population):
    stale = population["old unfinished"]
    answers = Answer.objects.filter(assessment=stale).count()
    assert answers > 0

    out = purge()

    assert remaining(population) == {"recent unfinished", "old finished", "old unfinished in round", "edge unfinished"}
    assert not Answer.objects.filter(assessment_id=stale.pk).exists()
    assert f"Deleted 1 unfinished anonymous assessment(s) ({answers} answer(s))" in out
    assert "(90 days)" in out


def test_purge_days_option(population):
    purge("--days", "5")

    assert remaining(population) == {"old finished", "old unfinished in round"}


def test_purge_dry_run_deletes_nothing(population):
    before = Answer.objects.count()

    out = purge("--days", "5", "--dry-run")

    assert remaining(population) == set(population)
    assert Answer.objects.count() == before
    assert out.startswith("Dry run: would delete 3 unfinished anonymous assessment(s)")


def test_purge_can_include_round_responses(population):
    purge("--include-rounds")

    assert remaining(population) == {"recent unfinished", "old finished", "edge unfinished"}


def test_purge_keeps_an_assessment_whose_respondent_just_saved_a_step(population):
    stale = population["old unfinished"]
    step = services.questionnaire_steps()[0]
    services.answers_save(assessment=stale, choices={step.questions[0]: step.questions[0].options.all()[0]})

    purge()

    assert "old unfinished" in remaining(population)


def test_purge_refuses_zero_days(db):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="at least 1"):
        purge("--days", "0")


def test_purge_refuses_days_beyond_a_century_without_a_traceback(db):
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="at most 36500"):
        purge("--days", "99999999999")


def test_purge_login_records_deletes_only_those_older_than_the_period(db, settings):
    from axes.models import AccessAttempt, AccessLog

    settings.CX_LOGIN_RECORD_DAYS = 30
    now = timezone.now()
    for name in ("old", "recent"):
        AccessAttempt.objects.create(username=name, ip_address="192.0.2.1", failures_since_start=1)
        AccessLog.objects.create(username=name, ip_address="192.0.2.1")
    AccessAttempt.objects.filter(username="old").update(attempt_time=now - timedelta(days=31))
    AccessLog.objects.filter(username="old").update(attempt_time=now - timedelta(days=31))

    call_command("purge_login_records", stdout=StringIO())

    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["recent"]
    assert list(AccessLog.objects.values_list("username", flat=True)) == ["recent"]


def test_purge_login_records_refuses_a_period_out_of_range(db):
    from django.core.management import CommandError

    for days in ("0", "99999999999"):
        with pytest.raises(CommandError, match="between 1 and 36500"):
            call_command("purge_login_records", "--days", days, stdout=StringIO())
