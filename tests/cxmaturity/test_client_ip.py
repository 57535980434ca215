from django.test import RequestFactory

from cxmaturity.client_ip import client_ip


def test_client_ip_without_proxy_is_remote_addr(settings):
    settings.CX_TRUSTED_PROXY_COUNT = 0
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.5", HTTP_X_FORWARDED_FOR="198.51.100.1")

    assert client_ip(request) == "203.0.113.5"


def test_client_ip_behind_one_proxy_is_last_forwarded_hop(settings):
    settings.CX_TRUSTED_PROXY_COUNT = 1
    # The client forged the first entry; the proxy appended the real one.
    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.9.9.9, 198.51.100.7")

    assert client_ip(request) == "198.51.100.7"


def test_client_ip_behind_proxy_without_header_falls_back(settings):
    settings.CX_TRUSTED_PROXY_COUNT = 1
    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1")

    assert client_ip(request) == "127.0.0.1"
