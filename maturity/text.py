"""Clean text people type into names, roles and notes (pure: no Django imports).

Escaping keeps markup inert, but some characters do harm as plain text:
control characters (a terminal escape in an organisation name, a bell in the
CSV) and the bidirectional overrides and isolates, which reverse the display
of everything after them on the results page, the consultant's tables and
the PDF ("‮Role" shows the rest of the line backwards). Neither belongs
in a name or a note, so they are removed before anything is saved.

Kept: every printable character of every script, emoji, and the invisible
direction *marks* (U+200E, U+200F, U+061C) that right-to-left names use;
a mark only nudges neighbouring punctuation and cannot take over the line.

xml_safe does a narrower job at output time, for the SVG and the PDF's
XHTML: it drops only what XML cannot carry, from whatever text reaches them.
"""

import re
import unicodedata

# Explicit embeddings and overrides (LRE RLE PDF LRO RLO) and isolates (LRI RLI FSI PDI).
_BIDI_CONTROLS = "\u202a-\u202e\u2066-\u2069"
# Noncharacters: never meant to appear in interchanged text.
_NONCHARACTERS = "\ufdd0-\ufdef\ufffe\uffff"
# C0 controls except NUL (refused outright by Django's form fields, with an
# error) and the whitespace controls handled below; DEL; C1 controls.
_CONTROLS = "\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"

# What XML 1.0 cannot carry at all (most C0 controls, lone surrogates, U+FFFE/U+FFFF):
# one such character would make a whole SVG or XHTML document unparseable.
_XML_INVALID = re.compile("[^\x09\x0a\x0d\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

_REMOVE = re.compile(f"[{_CONTROLS}{_BIDI_CONTROLS}{_NONCHARACTERS}]")
_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x85]")
_SINGLE_LINE_WHITESPACE = re.compile(r"[\t\n\r\u2028\u2029]+")


def clean_user_text(value: str, *, multiline: bool = False) -> str:
    """`value` without control, bidi-override and noncharacter code points.

    Single-line text (names, roles) gets tabs and line breaks turned into a
    space; multi-line text (notes) keeps its line breaks, normalised to "\\n".
    Text is NFC-normalised so that the same name typed on two systems is the
    same string. Leading and trailing whitespace is left to the caller.
    """
    text = unicodedata.normalize("NFC", value)
    if multiline:
        text = _LINE_BREAKS.sub("\n", text)
    else:
        text = _SINGLE_LINE_WHITESPACE.sub(" ", text)
    return _REMOVE.sub("", text)


def xml_safe(value: str) -> str:
    """`value` without the characters XML 1.0 forbids, so it can go into an SVG or XHTML document.

    Unlike clean_user_text this is applied to whole documents at output time:
    admin-edited model text reaches the PDF without passing a form's cleaning.
    """
    return _XML_INVALID.sub("", value)
