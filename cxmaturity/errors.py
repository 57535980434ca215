"""Error pages of our own where Django's default would show its own (and mention DEBUG)."""

from django.shortcuts import render


def csrf_failure(request, reason=""):
    # The reason is Django's wording for developers; the visitor gets what to do next.
    return render(request, "403_csrf.html", status=403)
