"""Letters and documents print a name in any alphabet as its letters, not as "?"."""

from __future__ import annotations

import io

import pdfplumber
import pytest

from cleavr_connect.messages import letters
from cleavr_connect.pdf import Document

NAMES = [
    "Zakład Usługowy Łukasz Wójcik",  # Polish
    "Παπαδόπουλος και Σια Ο.Ε.",  # Greek
    "ООО «Ромашка» Щукин",  # Cyrillic
    "Công ty Nguyễn Văn Thắng",  # Vietnamese
    "Ştefan Ţepeş Dvořák",  # Romanian, Czech
    "مؤسسة النور",  # Arabic script (isolated forms, not shaped)
]


def _text(pdf: bytes) -> str:
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        return "\n".join(page.extract_text() or "" for page in doc.pages)


@pytest.mark.parametrize("name", NAMES)
def test_a_letter_prints_the_debtors_name_in_its_own_alphabet(name: str) -> None:
    pdf = letters.draw(
        sender_lines=["Cleavr SAS", "10 rue de Penthièvre, 75008 Paris"],
        recipient_lines=[name, "3 rue Lepic", "75018 Paris"],
        place_and_date="7 décembre 2026",
        heading="Lettre recommandée avec accusé de réception",
        subject=f"Mise en demeure de payer — {name}",
        text=f"Madame, Monsieur,\n\n{name} reste devoir 1\u202f200,00\u00a0€.\n--\n{name}",
        title=f"Mise en demeure — {name}",
    )
    text = _text(pdf)
    assert "?" not in text
    # The recipient block, the bold subject, the body and the small footer: every weight.
    assert text.count(name) == 4, text
    assert "1 200,00 €" in text.replace("\u00a0", " ")
    # The font is embedded as a subset of the glyphs used, not whole (750 kB).
    assert len(pdf) < 60_000


def test_documents_print_every_alphabet_and_mark_only_what_no_font_has() -> None:
    doc = Document(f"Relevé de compte — {NAMES[1]}")
    doc.table([["Débiteur", "Montant"], *[[name, "1\u202f200,00\u00a0€"] for name in NAMES]])
    doc.small(NAMES[2]).heading(NAMES[3]).paragraph("株式会社 Yamada")
    text = _text(doc.render())
    for name in NAMES:
        assert name in text, name
    # CJK ideographs are in neither font: the rest of the line is still written.
    assert "???? Yamada" in text


def test_a_plain_french_letter_embeds_no_font() -> None:
    pdf = letters.draw(
        sender_lines=["Cleavr SAS"],
        recipient_lines=["Boulangerie Dupont SARL"],
        place_and_date="7 décembre 2026",
        heading=None,
        subject="Relance — facture nº 12",
        text="Déjà réglé ? Merci de l'ignorer. Œuvre, « guillemets », 1\u202f200,00\u00a0€",
        title="Relance",
    )
    assert b"FontFile2" not in pdf and len(pdf) < 5_000
