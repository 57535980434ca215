"""CSV that spreadsheets open cleanly and safely (no Django).

Excel reads UTF-8 only when the file starts with a byte-order mark, and runs a
cell starting with =, +, -, @ (or a tab / carriage return that hides one) as a
formula: such text cells get a leading single quote, which spreadsheets show
as plain text.
"""

import csv
import io
from collections.abc import Iterable, Sequence

BOM = "\ufeff"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str | int | float:
    """A value ready for a CSV cell: numbers as they are, text defused against formula injection."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        return value
    text = str(value)
    if text.startswith(FORMULA_PREFIXES):
        return "'" + text
    return text


def csv_text(header: Sequence[str], rows: Iterable[Sequence]) -> str:
    """The whole file as text, starting with a BOM, rows ending in CRLF (RFC 4180)."""
    buffer = io.StringIO()
    buffer.write(BOM)
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([safe_cell(h) for h in header])
    for row in rows:
        writer.writerow([safe_cell(v) for v in row])
    return buffer.getvalue()


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence]) -> bytes:
    return csv_text(header, rows).encode("utf-8")
