"""Settings for the test suite: production settings with test-only secrets.

The real settings refuse to start without a secret key when debug is off;
tests run with debug off (as production does) and a throwaway key.
"""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-not-secret-" + "x" * 40)
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
os.environ.setdefault("DJANGO_HTTPS", "0")
os.environ.setdefault("CX_MANIFEST_STATIC", "0")
# Production settings require it; Django's test runner then replaces the backend with its
# in-memory one anyway (tests that send through a real SMTP server set their own).
os.environ.setdefault("EMAIL_URL", "memory://")

from cxmaturity.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Generous in tests; the rate-limit tests lower it themselves.
CX_START_RATE_PER_HOUR = 10_000

(BASE_DIR / ".local").mkdir(exist_ok=True)  # noqa: F405  (SQLite test database lives here)
# Tests serve static files from the source folders (finders), not a collected copy.
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
