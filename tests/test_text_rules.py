"""The characters no text field takes (`text.refused_character`) are Unicode's controls, format
characters, separators and surrogates, as Python's own Unicode database lists them."""

from __future__ import annotations

import re
import sys
import unicodedata

from cleavr_connect.text import (
    ONE_LINE,
    WITHOUT_CONTROL_CHARACTERS,
    character_error,
    nfc,
    refused_character,
)

REFUSED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})


def test_every_control_format_separator_and_surrogate_is_refused() -> None:
    for point in range(sys.maxunicode + 1):
        character = chr(point)
        category = unicodedata.category(character)
        refused = refused_character(character) is not None
        if character in "\t\n\r":
            assert not refused and refused_character(character, one_line=True) == character
        elif category in REFUSED_CATEGORIES:
            assert refused, f"U+{point:04X} ({category}) is accepted"
        elif category != "Cn":  # unassigned: whatever a later Unicode makes of them
            assert not refused, f"U+{point:04X} ({category}) is refused"


def test_the_document_patterns_say_the_same_for_the_basic_plane() -> None:
    text, line = re.compile(WITHOUT_CONTROL_CHARACTERS), re.compile(ONE_LINE)
    for point in range(0x10000):
        character = chr(point)
        if unicodedata.category(character) in ("Cn", "Cs"):  # surrogates: not text in a pattern
            continue
        assert (text.fullmatch(character) is None) == (refused_character(character) is not None)
        assert (line.fullmatch(character) is None) == (
            refused_character(character, one_line=True) is not None
        )


def test_letters_visible_in_names_pass_and_are_composed() -> None:
    for name in ("Zoë Ørsted", "Łódź Spółka", "Ελληνική", "中文公司", "Dupont & Fils 🥖", "עברית"):
        assert refused_character(name, one_line=True) is None
    assert nfc("Cre\u0301perie") == "Cr\u00e9perie"
    assert nfc("Acme") == "Acme"


def test_a_lone_surrogate_is_named_as_such() -> None:
    error = character_error("debtor.company_name", "\ud800")
    assert (error.param, error.code) == ("debtor.company_name", "invisible_characters")
    assert (
        error.message == "A lone surrogate (U+D800) is half of a \\u escape pair, not a character."
    )
    assert "formatting" in character_error("x", "\u202e").message
