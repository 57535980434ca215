"""Private-link tokens, written once: how they look, how they are stored, how they are kept out of logs.

A respondent's link (/a/<token>/) and a round's invite link (/r/<token>/) are
bearer tokens: whoever holds one holds the data. They are 256-bit random
strings, so the database keeps only their SHA-256 (as API keys are kept) and
looks a token up by its hash; a dump or backup then hands out no link. A
plain hash, not one keyed on DJANGO_SECRET_KEY: rotating that key must not
break every link already sent.
"""

import hashlib
import re
import secrets

# secrets.token_urlsafe(32) gives 43 characters; older or hand-made links may differ in length.
TOKEN_CHARS = "A-Za-z0-9_-"
TOKEN_REGEX = rf"[{TOKEN_CHARS}]{{20,86}}"

# A token in a private path, also percent-encoded (?next=%2Fa%2F...), whatever follows it:
# a slash, the end, or punctuation from a link pasted in prose ("see /a/<token>." or "...>").
# Runs longer than a token are redacted too: whatever they are, they are not for a log.
_IN_PATH = re.compile(rf"(/|%2F)([ari])(/|%2F)[{TOKEN_CHARS}]{{20,}}(?![{TOKEN_CHARS}])", re.IGNORECASE)
# An address as gunicorn writes it in its error log ("Invalid request from ip=192.0.2.1: ...").
_ADDRESS = re.compile(
    r"(?<![\w.])\d{1,3}(?:\.\d{1,3}){3}(?![\w.])|(?<![\w:])\[?[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){1,6}:[0-9A-Fa-f]{1,4}\]?(?![\w])"
)


def new_token() -> str:
    # 32 random bytes = 256 bits, URL-safe: the private link is the only key.
    return secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    """What the database keeps of a token (64 hex characters)."""
    return hashlib.sha256(token.encode("utf-8", "surrogatepass")).hexdigest()


def redact(text):
    """The text with every private token in an /a/ or /r/ path replaced by <token>, and client addresses by <address>."""
    if not isinstance(text, str):
        return text
    text = _IN_PATH.sub(lambda m: f"{m.group(1)}{m.group(2)}{m.group(3)}<token>", text)
    return _ADDRESS.sub(_address, text)


def _address(match: re.Match) -> str:
    value = match.group()
    # Times (12:30:01) are not addresses: an IPv6 address has a "::" or a hex group of 3-4 digits.
    if ":" in value and "::" not in value and not re.search(r"[0-9A-Fa-f]{3,}", value):
        return value
    return "<address>"
