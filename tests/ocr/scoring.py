"""Field-level scoring of an extraction against the corpus' expected fields (shared by the tests
and bench/ocr_accuracy.py)."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from cleavr_connect.receivables.from_document import LOW_CONFIDENCE

SCORED_FIELDS = (
    "invoice.numbers",
    "invoice.issue_date",
    "invoice.due_date",
    "invoice.amount",
    "invoice.amount_before_tax",
    "invoice.tax_amount",
    "invoice.currency",
    "seller.siret",
    "debtor.company_name",
    "debtor.company_type",
    "debtor.siret",
    "debtor.vat_number",
    "debtor.address.line1",
    "debtor.address.postal_code",
    "debtor.address.city",
    "debtor.address.country",
    "debtor.email",
    "debtor.phone",
)


def _norm(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, list):
        return sorted(_norm(v) for v in value)
    text = unicodedata.normalize("NFC", str(value))
    return re.sub(r"\s+", " ", text).strip().casefold()


def compare(extraction: dict[str, Any], expected: dict[str, Any]) -> dict[str, bool]:
    """Per field: right or wrong. A field absent from the invoice must be absent from the
    extraction too (an invented value is wrong)."""
    fields = extraction["fields"]
    result = {}
    for name in SCORED_FIELDS:
        got = fields.get(name, {}).get("value")
        result[name] = _norm(got) == _norm(expected.get(name))
    return result


def assert_read_or_left_out(
    extraction: dict[str, Any], expected: dict[str, Any], at_least: float
) -> None:
    """No field wrong and trusted (a wrong value is worse than a missing one), and at least
    `at_least` of the fields right."""
    result = compare(extraction, expected)
    wrong = {
        name: (extraction["fields"].get(name), expected.get(name))
        for name, ok in result.items()
        if not ok
    }
    trusted = {
        name: got
        for name, (got, _) in wrong.items()
        if got is not None and got["confidence"] >= LOW_CONFIDENCE
    }
    assert trusted == {}, trusted
    assert sum(result.values()) / len(result) >= at_least, wrong
