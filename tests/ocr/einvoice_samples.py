"""The public e-invoice examples (`einvoices/`), and copies of them issued by the test user's
company, overdue at the test clock's date, for the API tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.factories import VALID_SIRET

SAMPLES = Path(__file__).parent / "einvoices"


def expected() -> dict[str, dict[str, Any]]:
    data: dict[str, dict[str, Any]] = json.loads((SAMPLES / "expected.json").read_text())
    return data


def content_type(name: str) -> str:
    return "application/pdf" if name.endswith(".pdf") else "application/xml"


def ubl_issued_by_user() -> bytes:
    """The UBL EN 16931 example with the test user as seller, issued 2025-10-17, due
    2025-11-16 (overdue on 2026-01-15)."""
    xml = (SAMPLES / "ubl-21-en16931.xml").read_text()
    xml = xml.replace("99999999800019", VALID_SIRET).replace("999999998", VALID_SIRET[:9])
    return xml.replace("2026-06-17", "2025-10-17").replace("2026-07-16", "2025-11-16").encode()


def cii_issued_by_user(*, credit_note: bool = False) -> bytes:
    """The Factur-X EN 16931 CII example with the test user as seller, issued 2025-10-31, due
    2025-11-30."""
    xml = (SAMPLES / "factur-x-en16931.xml").read_text()
    xml = xml.replace("12345678200077", VALID_SIRET).replace("123456782", VALID_SIRET[:9])
    xml = xml.replace(">20260131<", ">20251031<").replace(">20260302<", ">20251130<")
    if credit_note:
        xml = xml.replace("<ram:TypeCode>380</ram:TypeCode>", "<ram:TypeCode>381</ram:TypeCode>")
    return xml.encode()


def facturx_pdf(printed: bytes, xml: bytes) -> bytes:
    """A Factur-X PDF: `printed` with `xml` embedded as factur-x.xml."""
    from facturx import generate_from_binary

    return bytes(generate_from_binary(printed, xml, check_xsd=False))
