"""Production settings for servers the production tests and benchmarks start.

Exactly cxmaturity.settings, except that collected static files go to a
folder of the caller's choosing (CX_STATIC_ROOT), so that a test run never
rewrites the staticfiles/ folder a developer's `make serve` is using.
"""

import os
from pathlib import Path

from cxmaturity.settings import *  # noqa: F403

if os.environ.get("CX_STATIC_ROOT"):
    STATIC_ROOT = Path(os.environ["CX_STATIC_ROOT"])
