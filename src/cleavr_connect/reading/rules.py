"""Finding the fields of a French or English invoice in a laid-out document.

Rules anchor on the labels invoices print ("Facture n°", "Date d'échéance", "Total TTC",
"Bill to", "SIRET" …) and on the page's geometry: a value is on its label's line, or under it in
the same column; the debtor is the block of lines aligned under "Facturé à" / "Client" /
"Bill to". Each field comes with a confidence (the OCR confidence of its words, lowered when the
rule is weaker or a checksum fails) and the page and box it was read from.
"""

from __future__ import annotations

from cleavr_connect.reading import invoice, parties
from cleavr_connect.reading.found import Context, Found, Reading
from cleavr_connect.reading.layout import Document

__all__ = ["Found", "Reading", "read_invoice"]


def read_invoice(doc: Document, *, user_siret: str | None = None) -> Reading:
    """Every field the rules can find; absent fields are simply not in `fields`."""
    ctx = Context(doc)
    invoice.kind_and_language(ctx)
    parties.debtor_block(ctx)  # first: what lies in the debtor's block is the debtor's
    invoice.numbers(ctx)
    invoice.dates(ctx)
    invoice.terms(ctx)
    invoice.derive_due_date(ctx)
    invoice.penalty_rate(ctx)
    invoice.amounts(ctx)
    invoice.currency(ctx)
    parties.debtor(ctx)
    parties.identifiers(ctx, user_siret)
    return ctx.reading
