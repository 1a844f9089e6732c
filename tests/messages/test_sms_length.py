"""How many messages an SMS is sent as."""

from __future__ import annotations

from cleavr_connect.messages.sms import gsm_typography, segments


def test_gsm_text_counts_153_a_part_and_the_euro_twice() -> None:
    assert segments("a" * 160) == ("GSM-7", 1)
    assert segments("a" * 161) == ("GSM-7", 2)
    assert segments("€" * 80) == ("GSM-7", 1)  # the extension table: two septets each
    assert segments("€" * 81) == ("GSM-7", 2)
    assert segments("é à ù è ì ò Ç É ä ö ü ñ") == ("GSM-7", 1)


def test_one_letter_outside_the_alphabet_makes_it_ucs2() -> None:
    assert segments("reste dû") == ("UCS-2", 1)
    assert segments("û" * 71) == ("UCS-2", 2)
    assert segments("Łukasz " * 20) == ("UCS-2", 3)  # 140 characters, 67 a part


def test_french_typography_becomes_its_gsm_look_alike_but_names_keep_their_letters() -> None:
    text = gsm_typography("1\u202f260,77\u00a0€ « l’acompte » — Łukasz")
    assert text == '1 260,77 € " l\'acompte " - Łukasz'
