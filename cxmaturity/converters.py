from django.urls import register_converter


class TokenConverter:
    """Private-link tokens: secrets.token_urlsafe(32) gives 43 URL-safe characters.

    Anything that cannot be a token is refused by the URL resolver with a 404
    before any view or query runs.
    """

    regex = r"[A-Za-z0-9_-]{20,86}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(TokenConverter, "token")
