"""CSV cells: numbers kept, text defused against formula injection, a BOM and CRLF rows for spreadsheets."""

import pytest

from maturity.cells import BOM, csv_bytes, csv_text, safe_cell


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, ""),
        (True, "yes"),
        (False, "no"),
        (3, 3),
        (2.66, 2.66),
        (0, 0),
        ("Acme", "Acme"),
        ("=1+1", "'=1+1"),
        ("+44 20 7946 0000", "'+44 20 7946 0000"),
        ("-3", "'-3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=cmd", "'\t=cmd"),
        ("\r=cmd", "'\r=cmd"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_safe_cell_keeps_numbers_and_defuses_formulas(value, expected):
    assert safe_cell(value) == expected


def test_csv_text_starts_with_a_bom_and_ends_rows_with_crlf():
    text = csv_text(["Name", "Score"], [["=HYPERLINK(1)", 2.5], [None, True]])

    assert text == BOM + "Name,Score\r\n'=HYPERLINK(1),2.5\r\n,yes\r\n"


def test_csv_text_defuses_the_header_too():
    assert csv_text(["-x"], []) == BOM + "'-x\r\n"


def test_csv_bytes_is_the_text_in_utf8():
    assert csv_bytes(["Région"], [["Zoë"]]) == (BOM + "Région\r\nZoë\r\n").encode("utf-8")
