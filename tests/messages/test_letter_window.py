"""A letter's address sits in the window of a French window envelope, wherever the rest of the
page puts its text: a postal provider prints, folds and posts what it is given."""

from __future__ import annotations

import io

import pdfplumber
from reportlab.lib.units import mm

from cleavr_connect.messages import letters

LONG_SENDER = [
    "Cleavr SAS",
    "10 rue de Penthièvre, 75008 Paris, France",
    "Cleavr SAS, société exerçant une activité de recouvrement amiable de créances, mandatée "
    "par Établissements Durand-Lefèvre et Fils, Société par actions simplifiée unipersonnelle",
]
RECIPIENT = [
    "Boulangerie Pâtisserie Dupont SARL",
    "Bâtiment B, escalier 3",
    "12 avenue du Général Leclerc",
    "69006 Lyon",
]


def _words(pdf: bytes) -> list[dict]:  # type: ignore[type-arg]
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return document.pages[0].extract_words(keep_blank_chars=False)


def _letter(sender: list[str]) -> bytes:
    return letters.draw(
        sender_lines=sender,
        recipient_lines=RECIPIENT,
        place_and_date="7 décembre 2026",
        heading="Lettre recommandée avec accusé de réception",
        subject="Mise en demeure de payer",
        text="Madame, Monsieur,\n\n" + "Par la présente, nous vous mettons en demeure. " * 30,
        title="Mise en demeure",
    )


def test_the_address_is_in_the_window_and_nothing_else_is() -> None:
    for sender in (LONG_SENDER[:1], LONG_SENDER):
        words = _words(_letter(sender))
        window = [
            w
            for w in words
            if w["x0"] >= letters.WINDOW_LEFT - 1
            and w["top"] >= letters.WINDOW_TOP - 1
            and w["bottom"] <= letters.WINDOW_TOP + letters.WINDOW_HEIGHT + 1
        ]
        shown = " ".join(w["text"] for w in window)
        assert shown == " ".join(RECIPIENT), (sender, shown)
        assert all(w["x1"] <= letters.WINDOW_LEFT + letters.WINDOW_WIDTH for w in window)
        # The sender's block stays left of the window, and the letter starts below it.
        for word in words:
            if word["text"] in ("Penthièvre,", "mandatée", "unipersonnelle"):
                assert word["x1"] < letters.WINDOW_LEFT, word
            if word["text"] in ("Madame,", "demeure"):
                assert word["top"] > letters.WINDOW_TOP + letters.WINDOW_HEIGHT, word
    assert 110 * mm == letters.WINDOW_LEFT and 55 * mm == letters.WINDOW_TOP
