"""Log lines without private tokens or client addresses (see cxmaturity/tokens.py)."""

import logging

from .tokens import redact


class RedactPrivateTokens(logging.Filter):
    """Logging filter: private tokens in /a/<token>/ and /r/<token>/ paths become <token>, addresses <address>.

    Whoever holds such a link holds the assessment, and Django logs request
    paths (e.g. "Bad Request: /a/<token>/step/2/" for a tampered step, or a
    500's path), so log lines are redacted before any handler writes them.
    gunicorn.conf.py uses the same filter for its error log and redact() for
    the access log.
    """

    def filter(self, record):
        try:
            message = record.getMessage()
        except Exception:  # a malformed record is the handler's problem to report, not ours
            return True
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, ()
        if record.exc_info and not record.exc_text:
            # Tracebacks are formatted later by the handler; format them now so they are redacted too.
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
        return True


class WithoutTraceback(logging.Filter):
    """The failure's message instead of its traceback (django-health-check logs every failed check with one).

    A service being down is an expected event for /healthz: one line says which
    and why; 50 lines of traceback per probe would bury the log.
    """

    def filter(self, record):
        if record.exc_info:
            error = record.exc_info[1]
            record.msg, record.args = f"{record.getMessage()}: {type(error).__name__}: {error}", ()
            record.exc_info, record.exc_text = None, None
        return True
