"""The portal link and the creditor reference every message carries (SPEC §13)."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import select, update
from stdnum import iso11649

from cleavr_connect.config import Settings
from cleavr_connect.models import CreditorReference, PortalToken, Receivable
from cleavr_connect.portal import links
from tests.factories import active_user, caller, receivable_body


async def _receivable(client, db, runtime) -> str:  # type: ignore[no-untyped-def]
    who = await caller(client, db, runtime)
    user = await active_user(client, who)
    response = await client.post(
        "/v1/receivables", json=receivable_body(user["id"]), headers=who.headers
    )
    assert response.status_code in (200, 201), response.text
    return str(response.json()["id"])


async def test_a_link_opens_its_receivable_while_the_claim_is_open(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    rec_id = await _receivable(client, db, runtime)
    async with db.transaction() as session:
        rec = await session.get(Receivable, rec_id)
        assert rec is not None
        url = await links.portal_link(session, runtime, rec)
        english = await links.portal_link(session, runtime, rec, lang="en")
    assert url.startswith("http://testserver/fr/d/dpt_")
    assert english.startswith("http://testserver/en/d/dpt_")
    token = url.rsplit("/", 1)[1]
    assert token != english.rsplit("/", 1)[1]

    async with db.transaction() as session:
        stored = list((await session.execute(select(PortalToken))).scalars())
        # only keyed hashes are stored, never the token
        assert len(stored) == 2 and all(token not in (t.token_hash, t.id) for t in stored)
        assert {t.token_hash for t in stored} >= {runtime.keys.hash_token(token)}
        found = await links.receivable_for_token(session, runtime, token)
        assert found is not None and found.id == rec_id
        altered = token[:-1] + ("x" if token[-1] != "x" else "y")
        assert await links.receivable_for_token(session, runtime, altered) is None
        assert await links.receivable_for_token(session, runtime, "dpt_" + "a" * 49) is None

    async with db.transaction() as session:
        await session.execute(
            update(Receivable).where(Receivable.id == rec_id).values(status="recovered")
        )
    async with db.transaction() as session:
        assert await links.receivable_for_token(session, runtime, token) is None


async def test_a_link_rolled_back_with_its_message_opens_nothing(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    rec_id = await _receivable(client, db, runtime)
    async with db.sessionmaker() as session:
        rec = await session.get(Receivable, rec_id)
        assert rec is not None
        url = await links.portal_link(session, runtime, rec)
        await session.rollback()
    async with db.transaction() as session:
        assert await links.receivable_for_token(session, runtime, url.rsplit("/", 1)[1]) is None


async def test_one_valid_rf_reference_per_receivable(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    rec_id = await _receivable(client, db, runtime)
    async with db.transaction() as session:
        rec = await session.get(Receivable, rec_id)
        assert rec is not None
        reference = await links.creditor_reference(session, runtime, rec)
        again = await links.creditor_reference(session, runtime, rec)
    assert reference == again
    assert iso11649.is_valid(reference) and reference.startswith("RF") and len(reference) == 22
    async with db.transaction() as session:
        assert len(list((await session.execute(select(CreditorReference))).scalars())) == 1
        spaced = iso11649.format(reference).lower()
        found = await links.receivable_for_reference(session, spaced)
        assert found is not None and found.id == rec_id
        wrong_check = reference[:2] + ("00" if reference[2:4] != "00" else "01") + reference[4:]
        assert await links.receivable_for_reference(session, wrong_check) is None


def test_make_reference_matches_the_standard_example() -> None:
    # ISO 11649's own example: RF18 5390 0754 7034
    assert links.make_reference("539007547034") == "RF18539007547034"
    assert links.parse_reference("RF18 5390 0754 7034") == "RF18539007547034"
    assert links.parse_reference("RF17 5390 0754 7034") is None


@pytest.mark.parametrize("livemode", [True, False])
def test_collection_account(settings: Settings, livemode: bool) -> None:
    configured = replace(
        settings,
        collection_iban="FR1420041010050500013M02606",
        collection_bic="PSSTFRPPPAR",
        collection_name="Cleavr SAS",
    )
    account = links.collection_account(configured, livemode)
    assert account == links.CollectionAccount(
        "FR1420041010050500013M02606", "PSSTFRPPPAR", "Cleavr SAS"
    )
    fallback = links.collection_account(settings, livemode)
    if livemode:
        assert fallback is None  # live mode never shows a made-up account
    else:
        assert fallback is not None and fallback.iban == links.TEST_COLLECTION_IBAN


def test_collection_iban_is_checked_at_start(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from cleavr_connect.config import load_settings

    monkeypatch.setenv("CLEAVR_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("CLEAVR_COLLECTION_IBAN", "FR76 3000 6000 0112 3456 7890 189")
    assert load_settings().collection_iban == "FR7630006000011234567890189"
    monkeypatch.setenv("CLEAVR_COLLECTION_IBAN", "FR7630006000011234567890188")
    with pytest.raises(SystemExit, match="CLEAVR_COLLECTION_IBAN"):
        load_settings()
