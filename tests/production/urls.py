"""The site's URLs, plus the round invite link (/r/) while cxmaturity/urls.py does not mount it yet."""

from django.urls import include, path

from cxmaturity.urls import urlpatterns as site_urlpatterns

urlpatterns = list(site_urlpatterns)
if not any(getattr(p, "namespace", None) == "respond" for p in urlpatterns):
    urlpatterns.append(path("r/", include("consulting.respond_urls")))
