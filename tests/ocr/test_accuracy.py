"""Field-level accuracy on the generated corpus (see `corpus.py`): every text PDF, and a sample
of the scans (one per layout and file format; `bench/ocr_accuracy.py` reads them all)."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest

from cleavr_connect.reading.extract import analyse
from tests.ocr.corpus import DEFAULT_SIZE, LAYOUTS, CorpusItem, generate
from tests.ocr.scoring import compare

CONTENT_TYPES = {".pdf": "application/pdf", ".jpg": "image/jpeg", ".png": "image/png"}
# One scan per layout, the three file formats among them.
SCAN_SAMPLE = (
    "inv00_fr_classic",
    "inv01_fr_modern",
    "inv02_en_standard",
    "inv08_fr_statement",
    "inv04_en_multi",
)


@pytest.fixture(scope="session")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[CorpusItem]:
    return generate(tmp_path_factory.mktemp("ocr-corpus"), scans=SCAN_SAMPLE)


def _score(items: list[tuple[CorpusItem, Path]]) -> tuple[float, list[str]]:
    right = total = 0
    wrong = []
    for item, path in items:
        extraction = analyse(path.read_bytes(), CONTENT_TYPES[path.suffix])
        for name, ok in compare(extraction, item.expected).items():
            total += 1
            right += ok
            if not ok:
                got = extraction["fields"].get(name, {}).get("value")
                wrong.append(f"{path.name} {name}: {got!r} != {item.expected.get(name)!r}")
    return right / total, wrong


def test_the_corpus_has_what_the_issue_asks(corpus: list[CorpusItem]) -> None:
    assert len(corpus) == DEFAULT_SIZE >= 40
    assert {item.layout for item in corpus} == set(LAYOUTS)
    assert Counter(item.lang for item in corpus).keys() == {"fr", "en"}
    several = [item for item in corpus if len(item.expected["invoice.numbers"]) > 1]
    assert 10 <= len(several) < len(corpus)
    assert {item.scan_format for item in corpus} == {"jpeg", "png", "pdf"}
    assert all(item.text_pdf.exists() for item in corpus)
    rates = {rate for item in corpus for rate in item.expected_rates}
    assert {Decimal("20"), Decimal("10"), Decimal("5.5")} <= rates
    individuals = [i for i in corpus if i.expected["debtor.company_type"] == "individual"]
    assert individuals


def test_text_pdfs(corpus: list[CorpusItem]) -> None:
    accuracy, wrong = _score([(item, item.text_pdf) for item in corpus])
    assert accuracy >= 0.98, "\n".join(wrong)


def test_scans(corpus: list[CorpusItem]) -> None:
    sample = [item for item in corpus if item.key in SCAN_SAMPLE]
    assert {item.scan_format for item in sample} == {"jpeg", "png", "pdf"}
    accuracy, wrong = _score([(item, item.scan) for item in sample])
    assert accuracy >= 0.90, "\n".join(wrong)
