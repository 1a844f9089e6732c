"""Hosted sign-up: the address is verified by a signed link before the account can grant a
platform access, and the answer never tells whether an address is already registered."""

from __future__ import annotations

import email
import email.policy
import re
from pathlib import Path

import httpx

from tests.factories import PASSWORD, authorize_params, csrf_from, make_account, make_platform

NEW_PASSWORD = "a long enough password"


def _mails_to(data_dir: Path, address: str) -> list[email.message.EmailMessage]:
    found = []
    for path in sorted((data_dir / "outbox").glob("mail_*.eml")):
        msg = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        if msg["To"] == address:
            found.append(msg)
    return found


def _text(msg: email.message.EmailMessage) -> str:
    return msg.get_body(("plain",)).get_content()  # type: ignore[union-attr]


async def _sign_up(http: httpx.AsyncClient, address: str, next_url: str) -> httpx.Response:
    page = await http.get("/signup", params={"next": next_url})
    return await http.post(
        "/signup",
        data={
            "email": address,
            "password": NEW_PASSWORD,
            "name": "Léa",
            "csrf_token": csrf_from(page.text),
            "next": next_url,
        },
        headers={"Accept-Language": "fr"},  # French first: the mail follows the page
    )


async def test_sign_up_mails_a_link_that_verifies_and_signs_in(
    client: httpx.AsyncClient, data_dir: Path
) -> None:
    response = await _sign_up(client, "New@Example.com", "/account/connections")
    assert response.status_code == 200
    assert "clv_session" not in response.headers.get("set-cookie", "")
    assert "new@example.com" in response.text and 'id="check-email"' in response.text
    (mail,) = _mails_to(data_dir, "new@example.com")
    assert mail["Subject"] == "Confirmez votre adresse e-mail"
    link = re.search(r"http://testserver(/signup/verify\?\S+)", _text(mail))
    assert link, _text(mail)
    verified = await client.get(link.group(1))
    assert verified.status_code == 303
    assert verified.headers["location"] == "/account/connections"
    connections = await client.get("/account/connections")
    assert connections.status_code == 200 and "new@example.com" in connections.text
    # A forged or altered link verifies nothing.
    client.cookies.clear()
    token = httpx.URL(link.group(1)).params["token"]
    altered = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    forged = await client.get("/signup/verify", params={"token": altered})
    assert forged.status_code == 400 and "clv_session" not in forged.headers.get("set-cookie", "")


async def test_a_registered_address_gets_the_same_answer_and_its_owner_is_told(
    client: httpx.AsyncClient, db, runtime, data_dir: Path
) -> None:  # type: ignore[no-untyped-def]
    owner = await make_account(db, runtime)
    taken = await _sign_up(client, owner.email.upper(), "/account/connections")
    client.cookies.clear()
    fresh = await _sign_up(client, "someone.new@example.com", "/account/connections")
    assert taken.status_code == fresh.status_code == 200
    assert "clv_session" not in taken.headers.get("set-cookie", "")
    assert taken.text.replace(owner.email, "X") == fresh.text.replace(
        "someone.new@example.com", "X"
    )
    (warning,) = _mails_to(data_dir, owner.email)
    assert "Quelqu'un vient d'essayer de créer un compte Cleavr" in _text(warning)
    assert "/signin" in _text(warning)
    # The owner's password is untouched: signing in still works with it.
    page = await client.get("/signin")
    signed = await client.post(
        "/signin",
        data={"email": owner.email, "password": PASSWORD, "csrf_token": csrf_from(page.text)},
    )
    assert signed.status_code == 303


async def test_unverified_account_signs_in_but_cannot_consent_until_verified(
    client: httpx.AsyncClient, db, runtime, data_dir: Path
) -> None:  # type: ignore[no-untyped-def]
    platform = await make_platform(db, runtime)
    params = authorize_params(platform)
    authorize_url = "/oauth/authorize?" + str(httpx.QueryParams(params))
    await _sign_up(client, "pending@example.com", authorize_url)
    page = await client.get("/signin")
    signed = await client.post(
        "/signin",
        data={
            "email": "pending@example.com",
            "password": NEW_PASSWORD,
            "csrf_token": csrf_from(page.text),
            "next": authorize_url,
        },
    )
    assert signed.status_code == 303
    blocked = await client.get(authorize_url)
    assert blocked.status_code == 403 and 'id="verify-first"' in blocked.text
    assert 'name="decision"' not in blocked.text
    allow = await client.post(
        authorize_url, data={"decision": "allow", "csrf_token": csrf_from(blocked.text)}
    )
    assert allow.status_code == 403 and "code=" not in allow.headers.get("location", "")

    resent = await client.post(
        "/account/verify/resend",
        data={"csrf_token": csrf_from(blocked.text), "next": authorize_url},
    )
    assert resent.status_code == 200
    mails = _mails_to(data_dir, "pending@example.com")
    assert len(mails) == 2
    link = re.search(r"http://testserver(/signup/verify\?\S+)", _text(mails[-1]))
    assert link
    back = await client.get(link.group(1))
    assert back.status_code == 303 and back.headers["location"] == authorize_url
    consent = await client.get(authorize_url)
    assert consent.status_code == 200 and 'value="allow"' in consent.text
