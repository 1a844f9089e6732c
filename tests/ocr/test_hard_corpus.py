"""The harder corpus (`hard.py`): every failure kind, drawn by reportlab, fpdf2 and Chromium,
read from the text layer; a few of its harsh scans read by OCR (`bench/ocr_accuracy.py` reads
them all); and the rule that a field is left out rather than guessed wrongly."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from cleavr_connect.reading.extract import analyse, inspect_document
from cleavr_connect.receivables.from_document import LOW_CONFIDENCE, extracted_data
from tests.ocr import hard
from tests.ocr.scoring import compare

SCAN_SAMPLE = ("window_unlabelled_fpdf2", "us_dates_chromium", "other_dates_reportlab")


def _browser() -> tuple[str, ...]:
    from tests.e2e.conftest import CHROMIUM

    if CHROMIUM.exists():
        return hard.PRODUCERS
    if os.environ.get("CLEAVR_TEST_REQUIRE_BROWSER") == "1":
        pytest.fail(f"Chromium not found at {CHROMIUM}")
    return ("reportlab", "fpdf2")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[hard.HardItem]:
    return hard.generate(tmp_path_factory.mktemp("hard"), producers=_browser())


def _wrong(extraction: dict[str, Any], expected: dict[str, Any]) -> dict[str, Any]:
    """Fields read as something else than the page says (absent ones are not wrong here)."""
    fields = extraction["fields"]
    return {
        name: (fields[name]["value"], expected.get(name), fields[name]["confidence"])
        for name, ok in compare(extraction, expected).items()
        if not ok and name in fields
    }


def test_every_failure_kind_by_three_producers(corpus: list[hard.HardItem]) -> None:
    kinds = {item.case.kind for item in corpus}
    assert len(kinds) >= 15
    by_case: dict[str, set[str]] = {}
    for item in corpus:
        by_case.setdefault(item.case.key, set()).add(item.producer)
    assert sum(1 for producers in by_case.values() if len(producers) == 3) >= 14 or (
        "chromium" not in {i.producer for i in corpus}
    )


def test_text_pdfs_of_the_harder_corpus(corpus: list[hard.HardItem]) -> None:
    right = total = 0
    wrong: list[str] = []
    for item in corpus:
        extraction = analyse(item.pdf.read_bytes(), "application/pdf")
        result = compare(extraction, item.case.expected)
        right += sum(result.values())
        total += len(result)
        wrong += [
            f"{item.key} {name}: {v}" for name, v in _wrong(extraction, item.case.expected).items()
        ]
    assert right / total >= 0.98, "\n".join(wrong)
    # A value read wrong and trusted would be sent to recovery: none.
    trusted = [w for w in wrong if float(w.rsplit(", ", 1)[1].rstrip(")")) >= LOW_CONFIDENCE]
    assert trusted == []


def test_a_text_layer_of_glyph_codes_is_read_by_ocr(corpus: list[hard.HardItem]) -> None:
    item = next(i for i in corpus if i.case.glyph_codes)
    data = item.pdf.read_bytes()
    assert inspect_document(data, "application/pdf").needs_ocr
    extraction = analyse(data, "application/pdf")
    assert extraction["method"] == "ocr" and extraction["ocr_pages"] == 1
    assert extraction["fields"]["invoice.numbers"]["value"] == ["G-4501"]
    assert extraction["fields"]["invoice.amount"]["value"] == "1200.00"


def test_a_misprinted_seller_siret_refuses_nobody(corpus: list[hard.HardItem]) -> None:
    item = next(i for i in corpus if i.case.key == "seller_siret_misprint")
    extraction = analyse(item.pdf.read_bytes(), "application/pdf")
    assert extraction["fields"]["seller.siret"]["value"] == "73282932000075"
    assert extraction["seller_sirets"] == []  # nothing to compare with the user's SIRET


@pytest.mark.parametrize("key", SCAN_SAMPLE)
def test_harsh_scans(corpus: list[hard.HardItem], key: str, tmp_path: Path) -> None:
    from tests.ocr.scanner import scan

    item = next((i for i in corpus if i.key == key), None)
    if item is None:
        pytest.skip("drawn by Chromium, which is not installed")
    data = scan(item.pdf.read_bytes(), seed=sum(map(ord, key)), fmt="jpeg", harsh=True)
    extraction = analyse(data, "image/jpeg")
    result = compare(extraction, item.case.expected)
    assert sum(result.values()) / len(result) >= 0.85, _wrong(extraction, item.case.expected)


def test_two_unlabelled_address_blocks_leave_the_debtor_out(corpus: list[hard.HardItem]) -> None:
    """Which of two label-less blocks on the right is the buyer cannot be told: no debtor is
    guessed, and the draft will ask for one."""
    case = next(c for c in hard.cases() if c.key == "window_unlabelled")
    second = [
        hard.Text(120, 100, "Entrepôt Sud SARL"),
        hard.Text(120, 105, "2 allée des Pins"),
        hard.Text(120, 110, "13008 Marseille"),
    ]
    ambiguous = replace(case, texts=case.texts + second)
    extraction = analyse(hard.render_reportlab(ambiguous), "application/pdf")
    assert "debtor.company_name" not in extraction["fields"]
    body = extracted_data("usr_x", extraction)
    assert body["debtor"]["company_name"] is None
    assert body["invoice"]["numbers"] == ["FA-2025-0311"]


def test_a_due_date_before_the_invoice_date_is_not_trusted() -> None:
    case = next(c for c in hard.cases() if c.key == "window_unlabelled")
    texts = [
        replace(t, text="Échéance : 13/09/2025") if t.text.startswith("Échéance") else t
        for t in case.texts
    ]
    extraction = analyse(hard.render_reportlab(replace(case, texts=texts)), "application/pdf")
    due = extraction["fields"]["invoice.due_date"]
    assert due["value"] == "2025-09-13" and due["confidence"] < LOW_CONFIDENCE
    body = extracted_data("usr_x", extraction)
    assert body["invoice"]["due_date"] is None and body["invoice"]["issue_date"] is None
