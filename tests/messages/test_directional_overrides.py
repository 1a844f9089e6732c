"""Names stored with Unicode directional overrides (RLO, LRI …) cannot reorder what the
debtor reads: letters, e-mails and SMS leave without them."""

from __future__ import annotations

import email
import email.policy
import io
import re
from pathlib import Path

import pdfplumber
from sqlalchemy import update

from cleavr_connect.messages.worker import send_due
from cleavr_connect.models import Receivable
from tests.factories import active_user, caller, receivable_body

OVERRIDES = re.compile("[\u202a-\u202e\u2066-\u2069]")


async def test_stored_overrides_never_reach_a_letter_an_email_or_an_sms(
    client, db, runtime, data_dir: Path
) -> None:  # type: ignore[no-untyped-def]
    who = await caller(client, db, runtime)
    user = await active_user(client, who)
    body = receivable_body(user["id"])
    rec = (await client.post("/v1/receivables", json=body, headers=who.headers)).json()
    # Stored before the API refused them: "Dupont \u202e00,0001\u202c" would show the amount
    # reversed, and the isolate in the contact's name would swallow the words after it.
    debtor = dict(body["debtor"])
    debtor["company_name"] = "Boulangerie \u202eLRAS tnopuD\u202c"
    debtor["address"] = {**debtor["address"], "line1": "3 rue \u2067Lepic"}
    debtor["contacts"] = [
        {**debtor["contacts"][0], "first_name": "\u2066Jean\u2069", "phone": "0612345678"},
        debtor["contacts"][1],
    ]
    async with db.transaction() as session:
        await session.execute(
            update(Receivable).where(Receivable.id == rec["id"]).values(debtor=debtor)
        )
    done = await client.post(
        f"/v1/test_helpers/receivables/{rec['id']}/advance", json={"days": 90}, headers=who.headers
    )
    assert done.status_code == 200, done.text
    assert await send_due(db, runtime) > 0
    listed = (
        await client.get(
            f"/v1/receivables/{rec['id']}/messages", params={"limit": 100}, headers=who.headers
        )
    ).json()["data"]
    assert {m["channel"] for m in listed} == {"email", "letter", "sms"}
    for m in listed:
        for field in ("subject", "text", "to"):
            assert not OVERRIDES.search(m[field] or ""), (m["step"], m["channel"], field)
        sent = (data_dir / m["provider_reference"]).read_bytes()
        if m["channel"] == "email":
            parsed = email.message_from_bytes(sent, policy=email.policy.default)
            assert str(parsed["To"]).split(" <")[0] in ("Jean Dupont", "Marie Dupont")
            for part in ("plain", "html"):
                content = parsed.get_body((part,)).get_content()  # type: ignore[union-attr]
                assert not OVERRIDES.search(content), (m["step"], part)
            assert not OVERRIDES.search(str(parsed["Subject"]) + str(parsed["To"]))
        else:
            assert not OVERRIDES.search(sent.decode("utf-8", "replace")), m["channel"]
        if m["channel"] == "letter":
            pdf = await client.get(m["document_url"], headers=who.headers)
            with pdfplumber.open(io.BytesIO(pdf.content)) as doc:
                text = "\n".join(page.extract_text() or "" for page in doc.pages)
            assert not OVERRIDES.search(text)
            assert "Boulangerie LRAS tnopuD" in text and "3 rue Lepic" in text
