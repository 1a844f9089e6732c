"""What every e-mail and letter says of recovery costs (L111-8 CPCE): none is charged to the
debtor, apart from a professional's statutory fixed compensation (L441-10 Code de commerce),
in grammatical French ("frais" has no singular: "aucuns frais", never "aucun autre frais")."""

from __future__ import annotations

import io
import re
from typing import Any

import httpx
import pdfplumber
import pytest

from cleavr_connect.messages.worker import send_due
from tests.factories import active_user, caller, receivable_body

BUSINESS = (
    "Hormis l'indemnité forfaitaire légale indiquée ci-dessus, aucuns frais de recouvrement ne "
    "sont mis à votre charge."
)
CONSUMER = "Aucuns frais de recouvrement ne sont mis à votre charge."


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", text)


async def _formal_notice_texts(
    client: httpx.AsyncClient, db: Any, runtime: Any, kind: str
) -> dict[str, str]:
    who = await caller(client, db, runtime)
    user = await active_user(client, who)
    body = receivable_body(user["id"])
    if kind == "consumer":
        body["debtor"].update(company_type="consumer", company_name="Jean Dupont")
        del body["debtor"]["siret"]
    rec = (await client.post("/v1/receivables", json=body, headers=who.headers)).json()
    helper = f"/v1/test_helpers/receivables/{rec['id']}"
    await client.post(f"{helper}/advance", json={"days": 30}, headers=who.headers)
    await send_due(db, runtime)
    listed = (
        await client.get(f"/v1/receivables/{rec['id']}/messages", headers=who.headers)
    ).json()["data"]
    email = next(m for m in listed if m["step"] == "formal_notice" and m["channel"] == "email")
    letter = next(m for m in listed if m["step"] == "formal_notice" and m["channel"] == "letter")
    html = (await client.get(email["html_url"], headers=who.headers)).text
    pdf = await client.get(letter["document_url"], headers=who.headers)
    with pdfplumber.open(io.BytesIO(pdf.content)) as doc:
        drawn = "\n".join(page.extract_text() or "" for page in doc.pages)
    return {"e-mail": email["text"], "html": html, "letter": drawn}


@pytest.mark.parametrize(
    ("kind", "said", "unsaid"),
    [("company", BUSINESS, CONSUMER), ("consumer", CONSUMER, "Hormis")],
    ids=["business", "consumer"],
)
async def test_messages_say_which_recovery_costs_the_debtor_bears(
    client, db, runtime, kind: str, said: str, unsaid: str
) -> None:  # type: ignore[no-untyped-def]
    for channel, text in (await _formal_notice_texts(client, db, runtime, kind)).items():
        words = _words(text.replace("&#39;", "'"))
        assert said in words, channel
        assert unsaid not in words, channel
        assert "aucun autre frais" not in words.casefold(), channel
