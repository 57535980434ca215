"""The site's URLs plus the round invite link (/r/), for tests.

The invite link's include belongs in cxmaturity/urls.py; until it is there,
tests mount it here. Once it is, this adds nothing.
"""

from django.urls import include, path

from cxmaturity.urls import urlpatterns as site_urlpatterns

urlpatterns = list(site_urlpatterns)
if not any(getattr(p, "namespace", None) == "respond" for p in urlpatterns):
    urlpatterns.append(path("r/", include("consulting.respond_urls")))
