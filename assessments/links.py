"""Links between an assessment's private pages that do not carry its token.

The results page (and its "How you compare" section) is cached as rendered
markup. A link written as "../roadmap.pdf" instead of "/a/<token>/roadmap.pdf"
keeps the private token out of that cache: the database keeps only the
token's hash, and a cache dump must not hand out links either.
"""

import posixpath

from django.urls import reverse


def from_results(token: str, name: str) -> str:
    """The URL named `name` (which takes the token) relative to the results page of `token`."""
    results = reverse("assessments:results", args=[token])  # "/a/<token>/results/": links resolve from there
    target = reverse(name, args=[token])
    return posixpath.relpath(target, results) + ("/" if target.endswith("/") else "")
