from django.urls import register_converter

from .tokens import TOKEN_REGEX


class TokenConverter:
    """Private-link tokens (cxmaturity/tokens.py).

    Anything that cannot be a token is refused by the URL resolver with a 404
    before any view or query runs.
    """

    regex = TOKEN_REGEX

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(TokenConverter, "token")
