import pytest
from django.template.loader import render_to_string


@pytest.mark.parametrize("code", ["400", "403", "404", "500"])
def test_error_page_renders_without_request_context(code, db):
    html = render_to_string(f"{code}.html")

    assert html.count("<h1") == 1


def test_404_page_is_friendly(client, db):
    response = client.get("/no/such/page/")

    assert response.status_code == 404
    assert "We can't find that page" in response.content.decode()
