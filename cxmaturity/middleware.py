"""Requests the app cannot read are answered 400 from the app's own template before anything parses them.

A charset other than UTF-8, bytes that are not UTF-8, a NUL (PostgreSQL
refuses it in any string, so it reached a query as a 500), a file in a
multipart body from anyone not signed in (no public page takes a file) or a body over Django's size
limit (DATA_UPLOAD_MAX_MEMORY_SIZE, file parts included): each used to
reach a view, the CSRF check or the error handler as an exception, i.e. a
500 with a traceback in the log. None of them can be a real form post from
our pages, so nothing legitimate is refused. Nothing about the request is
logged (its path can hold a private token).

Also here: a 405 gets a body saying what happened (Django's has none).
"""

import codecs
import re
from urllib.parse import unquote_to_bytes

from django.core.exceptions import RequestDataTooBig
from django.http.multipartparser import parse_header_parameters
from django.shortcuts import render

FORM = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data"


def _is_utf8(charset: str) -> bool:
    try:
        return codecs.lookup(charset).name in {"utf-8", "ascii"}
    except LookupError:
        return False


def _readable(raw: bytes) -> bool:
    """Percent-decoded, UTF-8 and without a NUL."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return "\x00" not in text


def malformed(request) -> bool:
    path = request.META.get("PATH_INFO", "")
    # PATH_INFO comes as latin-1-decoded bytes (PEP 3333).
    if not _readable(path.encode("latin-1", "replace")) or "\x00" in request.path:
        return True
    query = request.META.get("QUERY_STRING", "")
    if query and not _readable(unquote_to_bytes(query.replace("+", " "))):
        return True
    content_type, params = parse_header_parameters(request.META.get("CONTENT_TYPE", ""))
    if "charset" in params and not _is_utf8(params["charset"]):
        return True
    if content_type in {FORM, MULTIPART} and request.method in {"POST", "PUT", "PATCH", "DELETE"}:
        try:
            # Bounded: over DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB) Django refuses to read it.
            body = request.body
        except RequestDataTooBig:
            return True
        if content_type == FORM:
            return not _readable(unquote_to_bytes(body.replace(b"+", b" ")))
        # No public page takes a file: from anyone not signed in, a file part is a request no page
        # of ours sends (a consultant's pages may take one, e.g. a CSV of people to invite).
        has_file = re.search(rb"(?im)^content-disposition:[^\r\n]*filename", body) is not None
        signed_in = getattr(getattr(request, "user", None), "is_authenticated", False)
        return (has_file and not signed_in) or (not has_file and not _readable(body))
    return False


class RejectMalformedRequests:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if malformed(request):
            return render(request, "400.html", status=400)
        response = self.get_response(request)
        if response.status_code == 405 and not response.content:
            allow = response.get("Allow", "")
            response = render(request, "405.html", {"allowed": allow}, status=405)
            response["Allow"] = allow
        return response
