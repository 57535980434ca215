"""clean_user_text: control and bidi-override characters never reach a saved name or note."""

import re
import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from maturity.text import clean_user_text

FORBIDDEN = re.compile("[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufdd0-\ufdef\ufffe\uffff]")


def test_clean_user_text_right_to_left_override_removed():
    assert clean_user_text("\u202eRole\x01") == "Role"


def test_clean_user_text_terminal_escape_and_bell_removed():
    assert clean_user_text("Ctl\x07\x1b[31m\x08\ufffe😀") == "Ctl[31m😀"


def test_clean_user_text_single_line_turns_breaks_and_tabs_into_a_space():
    assert clean_user_text("Acme\r\nLtd\tUK") == "Acme Ltd UK"


def test_clean_user_text_multiline_keeps_breaks_normalised():
    assert (
        clean_user_text("Seen in\r\nthe board pack\rp. 4\u2028end", multiline=True)
        == "Seen in\nthe board pack\np. 4\nend"
    )


def test_clean_user_text_right_to_left_names_and_their_marks_kept():
    name = "\u05e9\u05dc\u05d5\u05dd \u200fבע״מ · شركة\u061c"
    assert clean_user_text(name) == name


def test_clean_user_text_nul_left_for_the_form_field_to_refuse():
    assert clean_user_text("a\x00b") == "a\x00b"


def test_clean_user_text_nfc_normalises():
    assert clean_user_text("Cafe\u0301") == "Café"


@given(st.text(), st.booleans())
def test_clean_user_text_never_returns_forbidden_characters(value, multiline):
    cleaned = clean_user_text(value, multiline=multiline)
    assert FORBIDDEN.search(cleaned) is None
    if not multiline:
        assert re.search("[\t\n\r\u2028\u2029]", cleaned) is None


@given(st.text(), st.booleans())
def test_clean_user_text_is_idempotent(value, multiline):
    once = clean_user_text(value, multiline=multiline)
    assert clean_user_text(once, multiline=multiline) == once


@given(st.text(alphabet=st.characters(categories=["L", "N", "P", "S", "Zs"])))
def test_clean_user_text_printable_text_only_normalised(value):
    # Letters, digits, punctuation, symbols and spaces of any script come through (NFC aside).
    assert clean_user_text(value) == unicodedata.normalize("NFC", value)
