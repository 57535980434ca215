"""Settings fail loudly on bad values; production settings pass Django's deploy checks."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
# A key the settings accept (50+ characters, not one repeated).
STRONG_KEY = "k7Rq2vX9pL4mN8sT1wY6zA3bC5dE0fG2hJ4kL6mN8pQ0rS2tU4"


def run_manage(*args, **env_overrides):
    """manage.py under cxmaturity.settings; an override of None removes that variable."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.pop("DATABASE_URL", None)
    env["DJANGO_SETTINGS_MODULE"] = "cxmaturity.settings"
    env["EMAIL_URL"] = "memory://"
    env.update(env_overrides)
    env = {k: v for k, v in env.items() if v is not None}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_settings_bad_debug_value_fails_with_clear_error():
    proc = run_manage("check", DJANGO_DEBUG="maybe", DJANGO_SECRET_KEY=STRONG_KEY, DJANGO_ALLOWED_HOSTS="example.com")
    assert proc.returncode == 1
    assert "DJANGO_DEBUG='maybe' is not a boolean" in proc.stderr


def test_settings_missing_secret_key_with_debug_off_fails():
    proc = run_manage("check", DJANGO_DEBUG="0", DJANGO_ALLOWED_HOSTS="example.com")
    assert proc.returncode == 1
    assert "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off" in proc.stderr


def test_settings_weak_secret_key_with_debug_off_fails():
    for weak in ("abcde", "x" * 60, "django-insecure-" + "k7Rq2vX9pL4mN8sT1wY6zA3bC5dE0fG2hJ4kL6mN8pQ0"):
        proc = run_manage("check", DJANGO_DEBUG="0", DJANGO_SECRET_KEY=weak, DJANGO_ALLOWED_HOSTS="example.com")
        assert proc.returncode == 1
        assert "ImproperlyConfigured: DJANGO_SECRET_KEY is too weak" in proc.stderr


def test_settings_bad_database_url_fails():
    proc = run_manage(
        "check", DJANGO_SECRET_KEY=STRONG_KEY, DJANGO_ALLOWED_HOSTS="example.com", DATABASE_URL="nosuchdb://what"
    )
    assert proc.returncode == 1
    assert "DATABASE_URL='nosuchdb://what' cannot be parsed" in proc.stderr


def test_settings_production_passes_deploy_check():
    proc = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="k7Rq2vX9pL4mN8sT1wY6zA3bC5dE0fG2hJ4kL6mN8pQ0rS2tU4",
        DJANGO_ALLOWED_HOSTS="example.com",
    )
    assert (proc.returncode, proc.stderr.strip().splitlines()[-1:]) == (0, [])
    assert "System check identified no issues" in proc.stdout


def test_settings_redis_url_gives_a_shared_working_cache():
    proc = run_manage(
        "shell",
        "-c",
        "from django.core.cache import cache; cache.set('cx-probe', 41); cache.incr('cx-probe');"
        "from django.core.cache import caches; print(type(caches['default']).__name__, cache.get('cx-probe')); cache.delete('cx-probe')",
        DJANGO_SECRET_KEY=STRONG_KEY,
        DJANGO_ALLOWED_HOSTS="example.com",
        REDIS_URL="redis://127.0.0.1:6379/9",
    )
    assert (proc.returncode, proc.stdout.strip().splitlines()[-1]) == (0, "ResilientRedisCache 42")


# --- E-mail: production says where it goes ------------------------------------------


def email_settings(**env):
    """(exit status, [EMAIL_BACKEND, EMAIL_FILE_PATH or "-"]) under this environment."""
    code = "from django.conf import settings as s; print(s.EMAIL_BACKEND, getattr(s, 'EMAIL_FILE_PATH', '-'))"
    proc = run_manage(
        "shell", "-v0", "-c", code, DJANGO_SECRET_KEY=STRONG_KEY, DJANGO_ALLOWED_HOSTS="example.com", **env
    )
    return proc.returncode, proc.stdout.split(), proc.stderr


def test_settings_production_without_email_url_fails_instead_of_printing_mail_into_a_log():
    for missing in (None, ""):
        status, out, err = email_settings(DJANGO_DEBUG="0", EMAIL_URL=missing)
        assert (status, out) == (1, [])
        assert "ImproperlyConfigured: EMAIL_URL must be set when DJANGO_DEBUG is off" in err


def test_settings_debug_without_email_url_writes_mail_as_files_into_local_mail():
    assert email_settings(DJANGO_DEBUG="1", EMAIL_URL=None)[:2] == (
        0,
        ["django.core.mail.backends.filebased.EmailBackend", str(ROOT / ".local" / "mail")],
    )


def test_settings_production_takes_the_email_url_it_is_given(tmp_path):
    files = email_settings(DJANGO_DEBUG="0", EMAIL_URL=f"file:///{tmp_path}")  # four slashes: an absolute path
    smtp = email_settings(DJANGO_DEBUG="0", EMAIL_URL="smtp://mail.example.com:25")

    assert files[:2] == (0, ["django.core.mail.backends.filebased.EmailBackend", str(tmp_path)])
    assert smtp[:2] == (0, ["django.core.mail.backends.smtp.EmailBackend", "-"])
