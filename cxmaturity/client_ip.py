"""The client's address, as seen through a trusted TLS proxy when there is one.

Behind a proxy every request comes from the proxy's address; rate limits and
login lockouts keyed on that would throttle everybody at once. The proxy
appends the real client to X-Forwarded-For, so with N trusted proxies the
client is the N-th address from the right (anything further left is
whatever the client chose to send and cannot be trusted).
"""

from django.conf import settings


def client_ip(request) -> str:
    proxies = settings.CX_TRUSTED_PROXY_COUNT
    if proxies:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR", "")
