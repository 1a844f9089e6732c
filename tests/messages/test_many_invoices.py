"""A claim of many invoices: subjects name the first ones, the body and the letter all."""

from __future__ import annotations

import io

import pdfplumber

from cleavr_connect.messages.worker import send_due
from tests.factories import active_user, caller, receivable_body


async def test_a_claim_of_fifty_invoices_keeps_its_subject_short(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    who = await caller(client, db, runtime)
    user = await active_user(client, who)
    body = receivable_body(user["id"])
    numbers = [f"FACTURE-2025-{i:05d}" for i in range(50)]
    body["invoice"]["numbers"] = numbers
    rec = (await client.post("/v1/receivables", json=body, headers=who.headers)).json()
    helper = f"/v1/test_helpers/receivables/{rec['id']}"
    await client.post(f"{helper}/advance", json={"days": 31}, headers=who.headers)
    await send_due(db, runtime)
    listed = (
        await client.get(f"/v1/receivables/{rec['id']}/messages", headers=who.headers)
    ).json()["data"]
    notice = next(m for m in listed if m["step"] == "formal_notice" and m["channel"] == "letter")
    # It held all fifty numbers: 1,000 characters, a dozen lines of the letter's heading.
    assert notice["subject"] == (
        "Mise en demeure de payer — Acme Plomberie SAS — factures FACTURE-2025-00000, "
        "FACTURE-2025-00001, FACTURE-2025-00002, …"
    )
    for m in listed:
        assert len(m["subject"]) < 160, m["step"]
        assert all(n in m["text"] for n in numbers), m["step"]  # the claim's basis, whole
    pdf = (await client.get(notice["document_url"], headers=who.headers)).content
    with pdfplumber.open(io.BytesIO(pdf)) as doc:
        text = " ".join(" ".join((p.extract_text() or "") for p in doc.pages).split())
    assert all(n in text for n in numbers)
    assert "2 000,00 €" in text.replace("\u00a0", " ")  # €40 for each invoice (D441-5)
