"""French typography in debtor messages and the law's documents: a no-break space before ":"
and inside « », a narrow one before ";", "!" and "?", a no-break space between a figure and "€"
or "%" (as on the hosted pages and the portal). E-mails (text, HTML) and letters keep them; an
SMS cannot (U+00A0 and U+202F are not in the GSM 7-bit alphabet) and gets plain spaces."""

from __future__ import annotations

import email
import email.policy
import io
import re
from pathlib import Path

import pdfplumber
import pytest
from babel.messages.pofile import read_po

from cleavr_connect.i18n import catalogues
from cleavr_connect.messages import sms
from cleavr_connect.messages.worker import send_due
from cleavr_connect.models import Receivable
from cleavr_connect.portal import links
from tests.factories import active_user, caller, receivable_body

NBSP, NNBSP = "\u00a0", "\u202f"
_PLAIN_SPACE_FAULTS = re.compile(r" [:;!?»]|« |\d [€%]")


@pytest.mark.parametrize("domain", ["messages", "law"])
def test_french_texts_of_messages_and_legal_documents_keep_their_no_break_spaces(
    domain: str,
) -> None:
    with catalogues.po_path(domain, "fr").open("rb") as file:
        catalog = read_po(file)
    faults = [
        text
        for message in catalog
        if message.id
        for text in (message.string if isinstance(message.string, tuple) else (message.string,))
        if _PLAIN_SPACE_FAULTS.search(text)
    ]
    assert faults == []


async def test_each_channel_gets_the_spaces_it_can_carry(
    client, db, runtime, data_dir: Path
) -> None:  # type: ignore[no-untyped-def]
    who = await caller(client, db, runtime)
    user = await active_user(client, who)
    debtor = receivable_body("x")["debtor"]
    debtor["contacts"][0]["phone"] = "06 12 34 56 78"
    body = receivable_body(user["id"], debtor=debtor)
    rec = (await client.post("/v1/receivables", json=body, headers=who.headers)).json()
    helper = f"/v1/test_helpers/receivables/{rec['id']}"
    await client.post(f"{helper}/advance", json={"days": 45}, headers=who.headers)
    await send_due(db, runtime)
    listed = (
        await client.get(
            f"/v1/receivables/{rec['id']}/messages", params={"limit": 100}, headers=who.headers
        )
    ).json()["data"]
    assert {m["channel"] for m in listed} == {"email", "letter", "sms"}
    for m in listed:
        where = (m["step"], m["channel"])
        sent = (data_dir / m["provider_reference"]).read_bytes()
        if m["channel"] == "sms":
            text = sent.decode()
            assert m["text"] in text
            assert sms.is_gsm7(text), where
            assert NBSP not in text and NNBSP not in text, where
            assert "Acme Plomberie SAS : facture" in text and " €." in text, where
            continue
        if m["channel"] == "email":
            parsed = email.message_from_bytes(sent, policy=email.policy.default)
            texts = [
                parsed.get_body((part,)).get_content()  # type: ignore[union-attr]
                for part in ("plain", "html")
            ]
        else:
            # The letter is drawn from its stored text; a PDF's text layer reads a no-break
            # space back as a plain one, but no line of the page starts with the colon.
            texts = [m["text"]]
            pdf = await client.get(m["document_url"], headers=who.headers)
            with pdfplumber.open(io.BytesIO(pdf.content)) as doc:
                drawn = "\n".join(page.extract_text() or "" for page in doc.pages)
            assert "Reste dû :" in drawn, where
            assert not re.search(r"^[:;!?»€%]", drawn, re.MULTILINE), where
        for text in texts:
            assert not _PLAIN_SPACE_FAULTS.search(text), (where, _PLAIN_SPACE_FAULTS.findall(text))
            assert f"Reste dû{NBSP}:" in text, where
            assert f"«{NBSP}Les frais de recouvrement" in text, where
            assert f"{NBSP}€" in text, where


async def test_a_subject_keeps_its_no_break_space_before_the_colon(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    """The instalment reminder's subject ("Échéancier : échéance 1 sur 3 …"): subjects are
    rendered on one line, and that must not turn a no-break space into a plain one."""
    who = await caller(client, db, runtime)
    user = await active_user(client, who)
    rec = (
        await client.post("/v1/receivables", json=receivable_body(user["id"]), headers=who.headers)
    ).json()
    helper = f"/v1/test_helpers/receivables/{rec['id']}"
    await client.post(f"{helper}/advance", json={"days": 1}, headers=who.headers)
    async with db.transaction() as session:
        row = await session.get(Receivable, rec["id"])
        assert row is not None
        path = (await links.portal_link(session, runtime, row)).removeprefix("http://testserver")
    page = await client.get(path)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token
    proposed = await client.post(
        f"{path}/plan", data={"csrf_token": token.group(1), "instalments": "3"}
    )
    assert proposed.headers["location"].endswith("notice=plan_accepted")
    await client.post(f"{helper}/advance", json={"days": 4}, headers=who.headers)
    listed = (
        await client.get(f"/v1/receivables/{rec['id']}/messages", headers=who.headers)
    ).json()["data"]
    reminder = next(m for m in listed if m["step"] == "instalment_reminder")
    assert reminder["subject"].startswith(f"Échéancier{NBSP}: échéance 1 sur 3 au "), reminder


async def test_the_law_quoted_in_french_keeps_french_punctuation_in_an_english_message(
    client, db, runtime
) -> None:  # type: ignore[no-untyped-def]
    who = await caller(client, db, runtime)
    user = await active_user(client, who)
    debtor = {**receivable_body("x")["debtor"], "language": "en"}
    body = receivable_body(user["id"], debtor=debtor)
    rec = (await client.post("/v1/receivables", json=body, headers=who.headers)).json()
    await client.post(
        f"/v1/test_helpers/receivables/{rec['id']}/advance", json={"days": 1}, headers=who.headers
    )
    listed = (
        await client.get(f"/v1/receivables/{rec['id']}/messages", headers=who.headers)
    ).json()["data"]
    (reminder,) = listed
    html = (await client.get(reminder["html_url"], headers=who.headers)).text
    for text in (reminder["text"], html):
        assert "Balance due: " in text  # English around it
        assert f"alinéas 3 et 4{NBSP}:" in text and "alinéas 3 et 4:" not in text
        assert f"«{NBSP}Les frais de recouvrement" in text
