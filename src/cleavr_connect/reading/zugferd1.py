"""ZUGFeRD 1.0 (2014), the pre-EN 16931 CII profile older German and French invoices still
carry, mapped onto the EN 16931 terms `einvoice.read` takes: the factur-x package maps only 2.x.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from cleavr_connect.reading.einvoice import SCHEME_SIREN

# ZUGFeRD 1.0 (2014): the pre-EN 16931 CII profile, its own root and namespaces.
ZUGFERD1 = "urn:ferd:CrossIndustryDocument:invoice:1p0"
_ZF1 = {
    "rsm": ZUGFERD1,
    "ram": "urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:12",
    "udt": "urn:un:unece:uncefact:data:standard:UnqualifiedDataType:15",
}


def zugferd1_terms(root: Any) -> dict[str, Any] | None:
    """ZUGFeRD 1.0 mapped onto the EN 16931 terms `read` takes (the factur-x package maps only
    2.x). Same meaning, older paths: `HeaderExchangedDocument`, `ApplicableSupplyChainTrade…`,
    dates as `udt:DateTimeString format="102"` (YYYYMMDD); a party's SIREN/SIRET is a
    `GlobalID` of ISO 6523 scheme 0002/0009 (there is no legal organisation in 1.0)."""

    def text(node: Any, path: str) -> str | None:
        found = node.find(path, _ZF1) if node is not None else None
        value = " ".join((found.text or "").split()) if found is not None else ""
        return value or None

    def day(node: Any, path: str) -> date | None:
        raw = text(node, path + "/udt:DateTimeString")
        if not raw:
            return None
        try:
            return datetime.strptime(raw[:8], "%Y%m%d").date() if raw[:8].isdigit() else None
        except ValueError:
            return None

    def party(node: Any) -> dict[str, Any]:
        if node is None:
            return {}
        address = node.find("ram:PostalTradeAddress", _ZF1)
        identifiers = {
            str(g.get("schemeID")): (g.text or "").strip()
            for g in node.findall("ram:GlobalID", _ZF1)
            if g.get("schemeID") and (g.text or "").strip()
        }
        data: dict[str, Any] = {
            "name": text(node, "ram:Name"),
            "addr_l1": text(address, "ram:LineOne"),
            "addr_l2": text(address, "ram:LineTwo"),
            "postcode": text(address, "ram:PostcodeCode"),
            "city": text(address, "ram:CityName"),
            "country_code": text(address, "ram:CountryID"),
            "identifiers": identifiers,
            "contacts": [
                {
                    "email": text(c, "ram:EmailURIUniversalCommunication/ram:URIID"),
                    "phone": text(c, "ram:TelephoneUniversalCommunication/ram:CompleteNumber"),
                }
                for c in node.findall("ram:DefinedTradeContact", _ZF1)
            ],
        }
        if SCHEME_SIREN in identifiers:
            data |= {"legal_identifier": identifiers[SCHEME_SIREN]}
        for registration in node.findall("ram:SpecifiedTaxRegistration/ram:ID", _ZF1):
            if registration.get("schemeID") == "VA" and (registration.text or "").strip():
                data["vat_identifier"] = registration.text.strip()
        return data

    header = root.find("rsm:HeaderExchangedDocument", _ZF1)
    trade = root.find("rsm:SpecifiedSupplyChainTradeTransaction", _ZF1)
    if header is None or trade is None or not text(header, "ram:ID"):
        return None
    agreement = trade.find("ram:ApplicableSupplyChainTradeAgreement", _ZF1)
    settlement = trade.find("ram:ApplicableSupplyChainTradeSettlement", _ZF1)
    totals = (
        settlement.find("ram:SpecifiedTradeSettlementMonetarySummation", _ZF1)
        if settlement is not None
        else None
    )
    payment_terms = (
        settlement.findall("ram:SpecifiedTradePaymentTerms", _ZF1) if settlement is not None else []
    )
    descriptions = [d for t in payment_terms if (d := text(t, "ram:Description"))]
    dues = [when for t in payment_terms if (when := day(t, "ram:DueDateDateTime"))]
    return {
        "BT-1": text(header, "ram:ID"),
        "BT-2": day(header, "ram:IssueDateTime"),
        "BT-3": text(header, "ram:TypeCode") or "380",
        "BT-5": text(settlement, "ram:InvoiceCurrencyCode") or "EUR",
        "BT-9": dues[0] if dues else None,
        "BT-20": " ".join(descriptions) or None,
        "BT-109": text(totals, "ram:TaxBasisTotalAmount"),
        "BT-110": text(totals, "ram:TaxTotalAmount"),
        "BT-112": text(totals, "ram:GrandTotalAmount"),
        "BG-4": party(
            agreement.find("ram:SellerTradeParty", _ZF1) if agreement is not None else None
        ),
        "BG-7": party(
            agreement.find("ram:BuyerTradeParty", _ZF1) if agreement is not None else None
        ),
    }
