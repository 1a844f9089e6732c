"""Hostile input on the hosted pages: refused next to the field, in a page, with nothing saved,
on SQLite and PostgreSQL alike (whose columns have widths and cannot hold a NUL)."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy import func, select

from cleavr_connect.models import Account
from tests.factories import csrf_from, make_account, sign_in
from tests.hosted.test_onboarding import (
    COMPANY,
    PAYOUT,
    REPRESENTATIVE,
    create_user,
    field_error,
    open_link,
    send,
    tiny_png,
    user_row,
)


async def _at_the_document_step(client, platform_headers, person) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    """A new user whose onboarding person has answered the company and representative steps."""
    user = await create_user(client, platform_headers)
    await open_link(person, user["onboarding_url"])
    assert (await send(person, "company", COMPANY)).status_code == 303
    assert (await send(person, "representative", REPRESENTATIVE)).status_code == 303
    return user


async def _refused_document(
    person, db, user: dict[str, Any], document: tuple[str, bytes, str]
) -> httpx.Response:  # type: ignore[no-untyped-def]
    """Sends `document` as the identity document: refused on the form (400), none kept."""
    response = await send(person, "document", {}, {"document": document})
    assert response.status_code == 400, response.text
    assert (await user_row(db, user["id"])).identity_document_id is None
    return response


async def test_a_name_longer_than_its_column_is_refused_at_sign_up(client, db) -> None:  # type: ignore[no-untyped-def]
    page = await client.get("/signup")
    response = await client.post(
        "/signup",
        data={
            "email": "lea@example.fr",
            "password": "a long enough password for sure",
            "name": "L" * 201,
            "csrf_token": csrf_from(page.text),
        },
    )
    assert response.status_code == 400, response.text
    assert "text/html" in response.headers["content-type"]
    assert "At most 200 characters." in response.text
    async with db.transaction() as session:
        assert await session.scalar(select(func.count()).select_from(Account)) == 0


async def test_onboarding_fields_with_control_characters_are_refused(  # type: ignore[no-untyped-def]
    client, platform_headers, person, db
) -> None:
    user = await create_user(client, platform_headers)
    await open_link(person, user["onboarding_url"])
    company = await send(person, "company", {**COMPANY, "name": "Acme\x00 SAS"})
    assert company.status_code == 400, company.text
    assert field_error(company.text, "name") == "Remove the invisible characters."
    payout = await send(person, "payout", {**PAYOUT, "account_holder": "Acme\x00"})
    assert payout.status_code == 400, payout.text
    assert field_error(payout.text, "account_holder") == "Remove the invisible characters."
    row = await user_row(db, user["id"])
    assert "\x00" not in row.company.get("name", "")
    assert row.payout_account_holder is None and row.payout_iban_encrypted is None
    french = await send(person, "payout", {**PAYOUT, "account_holder": "Acme\x01"})
    assert french.status_code == 400
    person.headers["Accept-Language"] = "fr"
    french = await send(person, "payout", {**PAYOUT, "account_holder": "Acme\x01"})
    assert field_error(french.text, "account_holder") == "Retirez les caractères invisibles."
    # A SEPA transfer names its beneficiary in Latin letters: an emoji-only name cannot go.
    emoji = await send(person, "payout", {**PAYOUT, "account_holder": "😀 😀"})
    assert emoji.status_code == 400, emoji.text
    assert field_error(emoji.text, "account_holder") == "Saisissez le nom du titulaire en lettres."
    assert (await user_row(db, user["id"])).payout_account_holder is None


async def test_a_brand_id_with_a_nul_is_not_found(client) -> None:  # type: ignore[no-untyped-def]
    for path in ("/brand/plat_%00.css", "/brand/plat_%00/logo"):
        assert (await client.get(path)).status_code == 404


async def test_revoking_a_connection_with_a_nul_in_its_id_is_not_found(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    account = await make_account(db, runtime)
    assert (await sign_in(client, account.email)).status_code == 303
    page = await client.get("/account/connections")
    response = await client.post(
        "/account/connections/grt_%00/revoke", data={"csrf_token": csrf_from(page.text)}
    )
    assert response.status_code == 404, response.text
    assert "text/html" in response.headers["content-type"]


async def test_a_cut_off_identity_document_is_refused(client, platform_headers, person, db) -> None:  # type: ignore[no-untyped-def]
    user = await _at_the_document_step(client, platform_headers, person)
    for document in (
        ("id.png", tiny_png()[:-12], "image/png"),
        ("id.pdf", b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\n", "application/pdf"),
    ):
        response = await _refused_document(person, db, user, document)
        assert field_error(response.text, "document") == (
            "The file is damaged or incomplete: upload a complete copy."
        )
    whole = await send(person, "document", {}, {"document": ("id.png", tiny_png(), "image/png")})
    assert whole.status_code == 303, whole.text


async def test_an_identity_document_name_too_long_to_read_is_said_on_the_form(
    client, platform_headers, person, db
) -> None:  # type: ignore[no-untyped-def]
    user = await _at_the_document_step(client, platform_headers, person)
    long_name = "a" * 5000 + ".png"
    response = await _refused_document(person, db, user, (long_name, tiny_png(), "image/png"))
    assert field_error(response.text, "document") == (
        "The file name is too long: rename the file and send it again."
    )


async def test_a_refused_identity_document_is_explained_in_french(
    client, platform_headers, person, db
) -> None:  # type: ignore[no-untyped-def]
    user = await _at_the_document_step(client, platform_headers, person)
    person.headers["Accept-Language"] = "fr"
    fake = ("id.pdf", b"<html>pas un PDF</html>", "application/pdf")
    response = await _refused_document(person, db, user, fake)
    assert '<html lang="fr">' in response.text
    assert field_error(response.text, "document") == "Envoyez un fichier PDF, JPEG ou PNG."
