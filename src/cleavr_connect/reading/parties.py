"""The parties: the debtor's block (the lines aligned under "Facturé à", "Client", "Bill to"),
its name, kind and address; SIRET and VAT numbers, assigned to the seller or the debtor by
where they stand; the debtor's email and phone."""

from __future__ import annotations

import re

from cleavr_connect.reading import values as v
from cleavr_connect.reading.found import Context, Found
from cleavr_connect.reading.labels import (
    BAD_CHECKSUM,
    CIVILITY,
    COUNTRIES,
    DERIVED,
    L_ANY_FIELD,
    L_DEBTOR,
    L_DEBTOR_CONTEXT,
    L_FAX,
    L_NUMBER,
    L_PHONE,
    L_SIRET,
    L_VAT,
    LABELLED,
    LAYOUT,
    LEGAL_FORM,
    POSTAL_FR,
    POSTAL_OTHER,
)
from cleavr_connect.reading.layout import Line, Segment


def debtor_block(ctx: Context) -> None:
    for index, line in enumerate(ctx.lines):
        for segment in line.segments:
            label = L_DEBTOR.match(segment.folded)
            if not label:
                continue
            rest = segment.folded[label.end() :].strip()
            if rest and not label.group("colon"):
                continue
            _collect_block(ctx, index, segment, segment.start + label.end())
            if ctx.block:
                return


def _collect_block(ctx: Context, index: int, label: Segment, after: int) -> None:
    line = label.line
    block: list[tuple[Line, int, int]] = []
    rest = line.text[after : label.end]
    if rest.strip(" :"):
        start = after + len(rest) - len(rest.lstrip(" :"))
        block.append((line, start, label.end))
    x0 = label.x0
    previous = line
    for other in ctx.lines[index + 1 : index + 30]:
        if other.page != line.page:
            break
        gap = other.top - previous.bottom
        if gap > 2.2 * max(previous.height, other.height):
            break
        aligned = [s for s in other.segments if abs(s.x0 - x0) < 15]
        if not aligned:
            continue
        segment = aligned[0]
        if L_DEBTOR.match(segment.folded) or L_NUMBER.match(segment.folded):
            break
        block.append((other, segment.start, segment.end))
        previous = other
        if len(block) >= 12:
            break
    ctx.block = block


def debtor(ctx: Context) -> None:
    if not ctx.block:
        return
    fields = ctx.reading.fields
    address: list[tuple[Line, int, int]] = []
    postal: tuple[Line, int, int, re.Match[str]] | None = None
    for line, start, end in ctx.block:
        folded = line.folded[start:end].strip()
        text = line.text[start:end].strip()
        if not text or L_ANY_FIELD.search(folded):
            continue
        if "debtor.company_name" not in fields:
            name = text.strip(" ,;:")
            fields["debtor.company_name"] = ctx.found(line, start, end, name, LAYOUT)
            individual = bool(CIVILITY.match(folded)) and not LEGAL_FORM.search(folded)
            fields["debtor.company_type"] = ctx.found(
                line, start, end, "individual" if individual else "company", LAYOUT
            )
            continue
        country = COUNTRIES.get(folded.strip(" ,."))
        if country:
            fields["debtor.address.country"] = ctx.found(line, start, end, country, LAYOUT)
            continue
        match = POSTAL_FR.match(folded) or POSTAL_OTHER.match(folded)
        if match and postal is None:
            postal = (line, start, end, match)
            continue
        if postal is None:
            address.append((line, start, end))
    if postal is not None:
        line, start, end, match = postal
        offset = start + (len(line.text[start:end]) - len(line.text[start:end].lstrip()))
        code_start, code_end = offset + match.start("code"), offset + match.end("code")
        city_start = offset + match.start("city")
        fields["debtor.address.postal_code"] = ctx.found(
            line, code_start, code_end, match.group("code"), LAYOUT
        )
        city = line.text[city_start : offset + match.end("city")].strip(" ,")
        fields["debtor.address.city"] = ctx.found(line, city_start, end, city, LAYOUT)
        if "debtor.address.country" not in fields and len(match.group("code")) == 5:
            fields["debtor.address.country"] = Found(
                "FR",
                fields["debtor.address.postal_code"].confidence * DERIVED,
                line.page,
                fields["debtor.address.postal_code"].box,
                "postal_code",
            )
    for n, (line, start, end) in enumerate(address[:2]):
        fields[f"debtor.address.line{n + 1}"] = ctx.found(
            line, start, end, line.text[start:end].strip(" ,"), LAYOUT
        )


def identifiers(ctx: Context, user_siret: str | None) -> None:
    fields = ctx.reading.fields
    seller: list[Found] = []
    debtor: list[Found] = []
    seller_vat: list[Found] = []
    debtor_vat: list[Found] = []
    emails: list[Found] = []
    phones: list[Found] = []
    for line in ctx.lines:
        folded = line.folded
        label = L_SIRET.search(folded)
        candidates = v.find_sirets(folded[label.end() :], labelled=True) if label else []
        shift = label.end() if label else 0
        if not candidates:
            candidates, shift = v.find_sirets(folded, labelled=False), 0
        for start, end, digits, valid in candidates:
            start, end = start + shift, end + shift
            factor = (LABELLED if label else LAYOUT) * (1.0 if valid else BAD_CHECKSUM)
            found = ctx.found(line, start, end, digits, factor)
            (debtor if _debtor_side(ctx, line, start) else seller).append(found)
        for start, end, number, valid in v.find_vat_numbers(folded):
            labelled = bool(L_VAT.search(folded[:start]))
            factor = (LABELLED if labelled else LAYOUT) * (1.0 if valid else BAD_CHECKSUM)
            found = ctx.found(line, start, end, number, factor)
            (debtor_vat if _debtor_side(ctx, line, start) else seller_vat).append(found)
        for start, end, email in v.find_emails(folded):
            if _debtor_side(ctx, line, start):
                emails.append(ctx.found(line, start, end, email, LABELLED))
        phone_label = L_PHONE.search(folded)
        for start, end, phone in v.find_phones(folded):
            before = folded[:start]
            if L_FAX.search(before[-12:]):
                continue
            if _debtor_side(ctx, line, start) and (phone_label or ctx.in_block(line, start)):
                phones.append(ctx.found(line, start, end, phone, LABELLED))
    ctx.reading.seller_sirets = list(dict.fromkeys(f.value for f in seller))
    if seller:
        mine = [f for f in seller if f.value == user_siret]
        fields["seller.siret"] = (mine or sorted(seller, key=lambda f: -f.confidence))[0]
    if seller_vat:
        fields["seller.vat_number"] = max(seller_vat, key=lambda f: f.confidence)
    if debtor:
        fields["debtor.siret"] = max(debtor, key=lambda f: f.confidence)
    if debtor_vat:
        fields["debtor.vat_number"] = max(debtor_vat, key=lambda f: f.confidence)
    if emails:
        fields["debtor.email"] = emails[0]
    if phones:
        fields["debtor.phone"] = phones[0]


def _debtor_side(ctx: Context, line: Line, start: int) -> bool:
    if ctx.in_block(line, start):
        return True
    return bool(L_DEBTOR_CONTEXT.search(line.folded[max(0, start - 40) : start]))
