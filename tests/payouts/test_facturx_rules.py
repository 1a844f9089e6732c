"""Commission invoices as Factur-X satisfy EN 16931's business rules, not only the XSD: the sums
(BR-CO-10, 13, 15, 16), VAT = basis × rate (BR-CO-14, BR-S-09), the required parties' fields
(BR-6, 7, 8, 9, 11, BR-S-02), checked here on invoices the service generated — one paid in full
by deduction, one with an amount still due. When `saxonche` is installed the official EN 16931
schematron (the compiled XSLT the factur-x package ships) runs over them as well."""

from __future__ import annotations

import os
import re
from decimal import Decimal
from typing import Any

import facturx
import pytest
from lxml import etree

from tests.factories import active_user, caller, receivable_body

NS = {
    "rsm": "urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100",
    "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100",
}
BIG = {"amount": 6000.00, "amount_before_tax": 5000.00, "tax_amount": 1000.00}
SCHEMATRON = os.path.join(
    os.path.dirname(facturx.__file__),
    "xsd_and_schematron",
    "facturx-en16931",
    "FACTUR-X_EN16931.xslt",
)


def _d(root: Any, path: str) -> Decimal:
    found = root.findtext(path, namespaces=NS)
    assert found is not None, path
    return Decimal(found)


def business_rule_violations(xml: bytes) -> list[str]:
    root = etree.fromstring(xml)
    problems = []
    settlement = ".//ram:ApplicableHeaderTradeSettlement/"
    total = settlement + "ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:"
    lines = [
        Decimal(v)
        for v in root.xpath(
            ".//ram:IncludedSupplyChainTradeLineItem//ram:SpecifiedTradeSettlementLineMonetarySummation/ram:LineTotalAmount/text()",
            namespaces=NS,
        )
    ]
    line_total = _d(root, total + "LineTotalAmount")
    basis = _d(root, total + "TaxBasisTotalAmount")
    vat = _d(root, total + "TaxTotalAmount")
    grand = _d(root, total + "GrandTotalAmount")
    prepaid = _d(root, total + "TotalPrepaidAmount")
    due = _d(root, total + "DuePayableAmount")
    if not lines or sum(lines) != line_total:
        problems.append(f"BR-CO-10: lines {sum(lines)} ≠ line total {line_total}")
    if basis != line_total:  # no document-level allowance or charge
        problems.append(f"BR-CO-13: tax basis {basis} ≠ line total {line_total}")
    breakdowns = root.xpath(settlement + "ram:ApplicableTradeTax", namespaces=NS)
    vat_sum = Decimal(0)
    for tax in breakdowns:
        category_basis = Decimal(tax.findtext("ram:BasisAmount", namespaces=NS))
        rate = Decimal(tax.findtext("ram:RateApplicablePercent", namespaces=NS))
        amount = Decimal(tax.findtext("ram:CalculatedAmount", namespaces=NS))
        expected = (category_basis * rate / 100).quantize(Decimal("0.01"))
        if amount != expected:
            problems.append(f"BR-S-09: VAT {amount} ≠ {category_basis} × {rate} % = {expected}")
        vat_sum += amount
    if vat_sum != vat:
        problems.append(f"BR-CO-14: VAT total {vat} ≠ sum of categories {vat_sum}")
    if grand != basis + vat:
        problems.append(f"BR-CO-15: grand total {grand} ≠ {basis} + {vat}")
    if due != grand - prepaid:
        problems.append(f"BR-CO-16: due {due} ≠ {grand} − {prepaid}")
    for rule, path in (
        ("BR-2", ".//rsm:ExchangedDocument/ram:ID"),
        ("BR-3", ".//rsm:ExchangedDocument/ram:IssueDateTime/*"),
        ("BR-6", ".//ram:SellerTradeParty/ram:Name"),
        ("BR-7", ".//ram:BuyerTradeParty/ram:Name"),
        ("BR-9", ".//ram:SellerTradeParty/ram:PostalTradeAddress/ram:CountryID"),
        ("BR-11", ".//ram:BuyerTradeParty/ram:PostalTradeAddress/ram:CountryID"),
        ("BR-S-02", ".//ram:SellerTradeParty/ram:SpecifiedTaxRegistration/ram:ID[@schemeID='VA']"),
        ("seller SIREN", ".//ram:SellerTradeParty/ram:SpecifiedLegalOrganization/ram:ID"),
        ("buyer SIREN", ".//ram:BuyerTradeParty/ram:SpecifiedLegalOrganization/ram:ID"),
        ("BR-CO-25", settlement + "ram:SpecifiedTradePaymentTerms/ram:Description"),
    ):
        if not (root.findtext(path, namespaces=NS) or "").strip():
            problems.append(f"{rule}: {path} is missing")
    return problems


def schematron_failures(xml: bytes) -> list[str]:
    saxonche = pytest.importorskip("saxonche")
    with saxonche.PySaxonProcessor(license=False) as processor:
        stylesheet = processor.new_xslt30_processor().compile_stylesheet(stylesheet_file=SCHEMATRON)
        report = stylesheet.transform_to_string(xdm_node=processor.parse_xml(xml_text=xml.decode()))
    assert report and "schematron-output" in report  # the stylesheet ran
    return re.findall(r'<svrl:failed-assert[^>]*id="([^"]+)"', report)


async def _generated_invoices(client, db, runtime) -> list[bytes]:  # type: ignore[no-untyped-def]
    who = await caller(client, db, runtime)
    user = await active_user(client, who)
    rec = (
        await client.post(
            "/v1/receivables", json=receivable_body(user["id"], invoice=BIG), headers=who.headers
        )
    ).json()
    helper = f"/v1/test_helpers/receivables/{rec['id']}"
    # Day 1: 100.00 collected and 1000.00 paid directly: 209.88 of commission, 100.00 deducted,
    # 109.88 due. Day 2: 300.00 collected, its 57.24 of commission deducted in full.
    await client.post(f"{helper}/payments", json={"amount": 100}, headers=who.headers)
    await client.post(
        f"/v1/receivables/{rec['id']}/direct_payments", json={"amount": 1000}, headers=who.headers
    )
    await client.post(f"{helper}/advance", json={"days": 1}, headers=who.headers)
    await client.post(f"{helper}/payments", json={"amount": 300}, headers=who.headers)
    await client.post(f"{helper}/advance", json={"days": 1}, headers=who.headers)
    payouts = (await client.get("/v1/payouts", headers=who.headers)).json()["data"]
    assert sorted(p["status"] for p in payouts) == ["carried_forward", "paid"]
    out = []
    for payout in payouts:
        pdf = await client.get(
            f"/v1/payouts/{payout['id']}/invoice", params={"format": "facturx"}, headers=who.headers
        )
        _, xml = facturx.get_xml_from_pdf(pdf.content, check_xsd=True)
        out.append(xml)
    return out


async def test_generated_invoices_follow_the_en16931_business_rules(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    invoices = await _generated_invoices(client, db, runtime)
    dues = sorted(
        etree.fromstring(xml).findtext(".//ram:DuePayableAmount", namespaces=NS) for xml in invoices
    )
    assert dues == ["0.00", "109.88"]
    for xml in invoices:
        assert business_rule_violations(xml) == []


def test_the_rule_checks_catch_a_wrong_invoice() -> None:
    # A hand-made wrong total: 159.00 + 31.80 is 190.80, not 190.90; due 190.90 − 0 matches.
    xml = _minimal(grand="190.90", due="190.90")
    assert [p.split(":")[0] for p in business_rule_violations(xml)] == ["BR-CO-15"]
    assert business_rule_violations(_minimal()) == []


async def test_the_official_schematron_passes_them(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("saxonche")
    for xml in await _generated_invoices(client, db, runtime):
        assert schematron_failures(xml) == []
    assert "BR-CO-15" in schematron_failures(_minimal(grand="190.90", due="190.90"))


def _minimal(grand: str = "190.80", due: str = "190.80") -> bytes:
    from cleavr_connect.payouts import invoice_documents

    xml = invoice_documents.cii_xml(
        {
            "number": "TEST-FC-00000009",
            "issue_date": "2026-01-16",
            "service_date": "2026-01-15",
            "payout_id": "po_test_x",
            "livemode": False,
            "seller": {
                "name": "Cleavr SAS",
                "address": "Paris, France",
                "siren": "000000000",
                "vat_number": "FR00000000000",
                "registration": "",
            },
            "buyer": {
                "name": "Acme Plomberie SAS",
                "address": {
                    "line1": "1 rue de la Paix",
                    "line2": "",
                    "postal_code": "75002",
                    "city": "Paris",
                    "country": "FR",
                },
                "siren": "732829320",
                "vat_number": "FR44732829320",
            },
            "lines": [{"invoice_numbers": ["F-1"], "commission": "159.00", "vat": "31.80"}],
            "total_excl_vat": "159.00",
            "total_vat": "31.80",
            "total_incl_vat": "190.80",
            "paid_by_deduction": "0.00",
            "amount_due": "190.80",
        }
    )
    return xml.replace(b">190.80<", f">{grand}<".encode(), 1).replace(
        b"<ram:DuePayableAmount>190.80<", f"<ram:DuePayableAmount>{due}<".encode()
    )
