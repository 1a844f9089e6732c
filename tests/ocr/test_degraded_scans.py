"""Scans worse than the office scanner's: a dithered 1-bit fax, grey paper and faded toner, a
shadow or a fold, a photocopy of a scan (`tests/ocr/scanner.py` `degrade`). Each is read, or
left out, never misread; and an ordinary scan is not cleaned (nor read twice) for nothing."""

from __future__ import annotations

import io
from typing import Any

import pytest

from cleavr_connect.reading import cleaning, sources
from cleavr_connect.reading.extract import analyse
from cleavr_connect.reading.layout import Word
from tests.ocr import invoices
from tests.ocr.scanner import DEGRADATIONS, degrade, scan
from tests.ocr.scoring import assert_read_or_left_out
from tests.ocr.specs import expected_fields

EXPECTED = expected_fields(invoices.spec())


def _grey(data: bytes) -> Any:
    from PIL import Image

    return Image.open(io.BytesIO(data)).convert("L")


def test_a_degraded_scan_is_the_same_bytes_for_the_same_seed() -> None:
    pdf = invoices.pdf()
    assert degrade(pdf, seed=4, kind="stain") == degrade(pdf, seed=4, kind="stain")
    assert degrade(pdf, seed=4, kind="stain") != degrade(pdf, seed=5, kind="stain")
    with pytest.raises(ValueError):
        degrade(pdf, seed=4, kind="sunburn")
    assert len(DEGRADATIONS) == 10


def test_only_a_page_with_grey_or_uneven_paper_is_flattened() -> None:
    pdf = invoices.pdf()
    ordinary = _grey(scan(pdf, seed=7))
    assert not cleaning.bilevel(ordinary)
    assert not cleaning.uneven(cleaning.paper(ordinary))
    for kind in ("faded", "shadow"):
        page = _grey(degrade(pdf, seed=7, kind=kind))
        assert cleaning.uneven(cleaning.paper(page)), kind
    assert cleaning.bilevel(_grey(degrade(pdf, seed=7, kind="fax")))


@pytest.mark.parametrize(
    ("kind", "seed", "at_least"),
    [("fax", 11, 0.9), ("faded", 12, 0.9), ("shadow", 13, 0.9), ("photocopy", 14, 0.9)],
)
def test_a_degraded_scan_is_read_or_left_out_never_misread(
    kind: str, seed: int, at_least: float
) -> None:
    data = degrade(invoices.pdf(), seed=seed, kind=kind)
    extraction = analyse(data, "image/tiff" if kind == "fax" else "image/jpeg")
    assert_read_or_left_out(extraction, EXPECTED, at_least)


def test_words_over_the_same_ink() -> None:
    """A doubtful line read again with its neighbour's words in the crop's margin gave
    "18 18 rue rue de de la la Liberté Lib": words over those read already are dropped from
    the new reading."""
    word = Word("Liberté", 100, 50, 200, 70)
    assert sources._over(word, Word("Lib", 101, 51, 140, 71))
    assert not sources._over(word, Word("Liberté", 100, 90, 200, 110))  # the line below
    assert not sources._over(word, Word("Paris", 205, 50, 260, 70))  # the next word
