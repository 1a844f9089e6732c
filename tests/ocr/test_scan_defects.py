"""Scans as they arrive: a sheet fed sideways or upside down and a little skewed, a phone photo
(low resolution, uneven light, perspective), a scanner's TIFF of one or several pages, German,
Spanish and Italian documents read with their own model, and a scanner pipeline that gives the
same bytes for the same seed (bench figures that do not flip between runs)."""

from __future__ import annotations

import io
import os
from typing import Any

import pytest

from cleavr_connect import storage
from cleavr_connect.reading import languages
from cleavr_connect.reading.extract import analyse
from cleavr_connect.reading.files import DocumentRejected, inspect
from cleavr_connect.reading.sources import orientation
from cleavr_connect.receivables.from_document import LOW_CONFIDENCE
from tests.ocr import hard, invoices, real_shaped
from tests.ocr.scanner import photo, scan
from tests.ocr.scoring import assert_read_or_left_out
from tests.ocr.specs import expected_fields

EXPECTED = expected_fields(invoices.spec())


def test_the_scanner_gives_the_same_bytes_for_the_same_seed() -> None:
    pdf = invoices.pdf()
    assert scan(pdf, seed=5) == scan(pdf, seed=5)
    assert scan(pdf, seed=5) != scan(pdf, seed=6)
    assert photo(pdf, seed=3) == photo(pdf, seed=3)


def test_a_sheet_fed_sideways_and_skewed_is_read_upright() -> None:
    data = scan(invoices.pdf(), seed=90, turn=90, skew=2.0)
    extraction = analyse(data, "image/jpeg")
    assert_read_or_left_out(extraction, EXPECTED, 1.0)


def test_orientation_of_pages_upside_down_or_turned_the_other_way() -> None:
    """How far each page must turn (clockwise) to stand upright; an upright page stays."""
    from PIL import Image

    page = Image.open(io.BytesIO(scan(invoices.pdf(), seed=3, turn=270, skew=1.0))).convert("L")
    assert orientation(page) == 270
    assert orientation(page.rotate(270, expand=True)) == 180
    assert orientation(page.rotate(90, expand=True)) == 0


def test_a_phone_photo_is_read_or_left_out_never_misread() -> None:
    extraction = analyse(photo(invoices.pdf(), seed=3), "image/jpeg")
    assert_read_or_left_out(extraction, EXPECTED, 0.9)


# -- TIFF ----------------------------------------------------------------------------------------


def test_a_tiff_of_two_pages_is_read_page_by_page() -> None:
    case = real_shaped.two_pages()
    data = scan(hard.render_reportlab(case), seed=2, fmt="tiff")
    assert storage.check(data, storage.INVOICES) == "image/tiff"
    found = inspect(data, "image/tiff")
    assert (found.pages, found.needs_ocr) == (2, True)
    extraction = analyse(data, "image/tiff")
    assert (extraction["pages"], extraction["ocr_pages"]) == (2, 2)
    assert_read_or_left_out(extraction, case.expected, 0.9)


def test_a_tiff_is_an_invoice_upload_only() -> None:
    """Browsers cannot show a TIFF: kept for invoices, which are read, not for evidence."""
    data = scan(invoices.pages_pdf(1), seed=1, fmt="tiff")
    with pytest.raises(storage.UploadRejected) as caught:
        storage.check(data)
    assert caught.value.code == "file_type_not_allowed"
    assert "TIFF" not in caught.value.message


@pytest.mark.parametrize(
    "cut",
    [
        lambda data: data[: len(data) // 2],  # cut off in its image data
        lambda data: data[:12] + b"\x00" * 40,  # a header and nothing readable
        lambda data: b"MM\x00*" + b"\xff" * 60,  # big-endian, broken
    ],
    ids=["truncated", "no-pages", "garbage"],
)
def test_an_unreadable_tiff_is_refused_cleanly(cut: Any) -> None:
    data = cut(scan(invoices.pages_pdf(2), seed=1, fmt="tiff"))
    assert storage.check(data, storage.INVOICES) == "image/tiff"
    with pytest.raises(DocumentRejected) as caught:
        inspect(data, "image/tiff")
    assert caught.value.code == "file_unreadable" and caught.value.message


# -- languages -------------------------------------------------------------------------------


def _require(model: str) -> None:
    if model not in languages.installed():
        if os.environ.get("CI"):
            pytest.fail(f"Tesseract's {model} model is not installed")
        pytest.skip(f"Tesseract's {model} model is not installed")


@pytest.fixture(scope="module")
def rechnung() -> tuple[dict[str, Any], bytes]:
    case = real_shaped.rechnung_de()
    data = scan(hard.render_reportlab(case), seed=sum(map(ord, case.key)), harsh=True)
    return case.expected, data


def test_a_german_scan_is_read_with_the_german_model(
    rechnung: tuple[dict[str, Any], bytes],
) -> None:
    _require("deu")
    expected, data = rechnung
    extraction = analyse(data, "image/jpeg")
    assert_read_or_left_out(extraction, expected, 1.0)
    name = extraction["fields"]["debtor.company_name"]
    assert name["value"] == "Bäckerei Hoffmann GmbH" and name["confidence"] >= LOW_CONFIDENCE
    assert extraction["fields"]["debtor.address.city"]["value"] == "Köln"


def test_a_name_read_without_its_accents_by_the_spanish_model_is_not_trusted() -> None:
    """On this harsh scan the Spanish model too reads "Panaderia Garcia": shown, not trusted."""
    _require("spa")
    case = real_shaped.factura_es()
    key = "factura_es_reportlab"
    data = scan(hard.render_reportlab(case), seed=sum(map(ord, key)), harsh=True)
    extraction = analyse(data, "image/jpeg")
    assert_read_or_left_out(extraction, case.expected, 0.9)


def test_without_the_model_the_default_reading_stands_untrusted(
    rechnung: tuple[dict[str, Any], bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(languages, "installed", lambda: frozenset({"fra", "eng", "osd"}))
    expected, data = rechnung
    extraction = analyse(data, "image/jpeg")
    assert_read_or_left_out(extraction, expected, 0.85)
    name = extraction["fields"]["debtor.company_name"]
    assert name["confidence"] < LOW_CONFIDENCE  # "Backerei": shown, not trusted


def test_a_model_that_fails_to_load_leaves_the_default_reading(
    rechnung: tuple[dict[str, Any], bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    from cleavr_connect.reading import sources

    _require("deu")
    tesseract = sources._tesseract

    def failing(image: Any, psm: int, langs: str = sources.TESSERACT_LANGS) -> Any:
        if langs != sources.TESSERACT_LANGS:
            raise DocumentRejected("ocr_failed", "The scan could not be read (model broken).")
        return tesseract(image, psm, langs)

    monkeypatch.setattr(sources, "_tesseract", failing)
    expected, data = rechnung
    extraction = analyse(data, "image/jpeg")
    assert_read_or_left_out(extraction, expected, 0.85)
    assert extraction["fields"]["debtor.company_name"]["confidence"] < LOW_CONFIDENCE


@pytest.mark.parametrize(
    ("folded", "language"),
    [
        ("rechnung rechnungsnummer nettobetrag zzgl. 19 % ust.", "de"),
        ("fattura spett.le totale imponibile totale iva 22%", "it"),
        ("factura fecha de vencimiento base imponible iva 21 % importe", "es"),
        ("facture total ht tva 20 % total ttc date d'echeance", None),
        ("invoice subtotal vat amount due", None),
        ("iva 22 %  iva 10 %  con iva", "und"),
    ],
)
def test_the_document_language_chooses_the_model(folded: str, language: str | None) -> None:
    assert languages.other_language(folded) == language


# -- Spanish NIF -------------------------------------------------------------------------------


def test_a_spanish_nif_without_its_prefix_is_read_on_a_spanish_invoice() -> None:
    case = real_shaped.factura_es()
    extraction = analyse(hard.render_reportlab(case), "application/pdf")
    assert extraction["fields"]["debtor.vat_number"]["value"] == "ESB87654323"
    assert extraction["fields"]["debtor.vat_number"]["confidence"] >= LOW_CONFIDENCE


def test_a_nif_is_not_read_on_a_french_invoice_nor_when_its_letter_fails() -> None:
    from tests.ocr.words import line, read

    words = line("FACTURE", 400, 40) + line("Facture n° F-2025-0142", 40, 100)
    words += line("Total HT 1 000,00 €", 300, 300) + line("NIF : B87654323", 40, 130)
    assert "debtor.vat_number" not in read(words).fields
    assert "seller.vat_number" not in read(words).fields
    spanish = line("FACTURA", 400, 40) + line("Fecha : 05/11/2026", 40, 100)
    spanish += line("Fecha de vencimiento : 05/12/2026", 40, 115)
    spanish += line("Importe 1 000,00 €", 300, 300) + line("NIF : B87654324", 40, 130)
    assert "seller.vat_number" not in read(spanish).fields
    spanish[-1].text = "B87654323"
    assert read(spanish).fields["seller.vat_number"].value == "ESB87654323"
