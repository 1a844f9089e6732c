"""NUL and other control characters anywhere (path, query, form, JSON, OAuth endpoints) are a
400 in the envelope of the endpoint, on SQLite and PostgreSQL alike; e-mails and dates are read
strictly."""

from __future__ import annotations

from urllib.parse import urlencode

from tests.factories import (
    active_user,
    authorize_params,
    caller,
    csrf_from,
    make_platform,
    query_of,
    receivable_body,
    user_body,
)


async def test_the_api_refuses_control_characters_with_their_param(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    who = await caller(client, db, runtime)
    cases = [
        (await client.get("/v1/users", params={"email": "a\x00b@c.fr"}, headers=who.headers)),
        (await client.get("/v1/users/usr_clv_test_%00x", headers=who.headers)),
        (await client.post("/v1/users", json=user_body(email="a\x00@b.fr"), headers=who.headers)),
        (
            await client.post(
                "/v1/users",
                json=user_body(company={"name": "Acme\x01"}),
                headers=who.headers,
            )
        ),
        (
            await client.patch(
                "/v1/users/usr_clv_test_x",
                json={"platform": {"metadata": {"k\x7f": "v"}}},
                headers=who.headers,
            )
        ),
    ]
    params = ["email", "path", "email", "company.name", "platform.metadata.k\x7f"]
    for response, param in zip(cases, params, strict=True):
        assert response.status_code == 400, response.text
        error = response.json()["error"]
        assert (error["param"], error["errors"][0]["code"]) == (param, "invalid_characters")
    # Tab, line feed and carriage return are text where text may run over lines (a metadata
    # value), not in a name (`test_invisible_characters`).
    ok = await client.post(
        "/v1/users",
        json=user_body(platform={"metadata": {"note": "Acme\tSAS\r\n"}}),
        headers=who.headers,
    )
    assert ok.status_code == 200, ok.text


async def test_oauth_endpoints_answer_oauth_errors(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    platform = await make_platform(db, runtime)
    token = await client.post(
        "/oauth/token",
        data={
            "grant_type": "refresh_token",
            "refresh_token": "clv_ref_\x00",
            **platform.post_auth(),
        },
    )
    assert token.status_code == 400 and token.json()["error"] == "invalid_request"
    bad_client = await client.get(
        "/oauth/authorize?" + urlencode(authorize_params(platform, client_id="plat\x00"))
    )
    assert bad_client.status_code == 400  # never a redirect for an untrusted client
    assert bad_client.headers["content-type"].startswith("text/html")
    bad_scope = await client.get(
        "/oauth/authorize?" + urlencode(authorize_params(platform, scope="users:read\x00"))
    )
    assert bad_scope.status_code == 303
    assert query_of(bad_scope.headers["location"])["error"] == "invalid_request"


async def test_hosted_forms_answer_their_own_errors(client) -> None:  # type: ignore[no-untyped-def]
    page = await client.get("/signin")
    signin = await client.post(
        "/signin",
        data={"email": "a\x00@b.fr", "password": "x" * 12, "csrf_token": csrf_from(page.text)},
    )
    assert signin.status_code == 401
    page = await client.get("/signup")
    signup = await client.post(
        "/signup",
        data={
            "email": "lea@example.fr",
            "password": "a long enough password",
            "name": "Léa\x00",
            "csrf_token": csrf_from(page.text),
        },
    )
    assert signup.status_code == 400 and "text/html" in signup.headers["content-type"]


async def test_emails_and_dates_are_read_strictly(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    who = await caller(client, db, runtime)
    for email in ("a..b@example.fr", "a b@example.fr", "a@b", "a@@b.fr", "x@localhost"):
        response = await client.post("/v1/users", json=user_body(email=email), headers=who.headers)
        assert response.status_code == 400, email
        assert response.json()["error"]["errors"][0]["code"] == "invalid_email", email
    user = await active_user(client, who)
    body = receivable_body(user["id"])
    body["invoice"]["issue_date"] = "2025-11-01T00:00:00"
    response = await client.post("/v1/receivables", json=body, headers=who.headers)
    assert response.status_code == 400, response.text
    assert response.json()["error"]["param"] == "invoice.issue_date"


async def test_multipart_form_fields_refuse_control_characters(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    who = await caller(client, db, runtime)
    response = await client.post(
        "/v1/receivables/ocr",
        files={"file": ("f.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")},
        data={"user_id": "usr_clv_test_\x00"},
        headers=who.headers,
    )
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert (error["param"], error["code"]) == ("user_id", "invalid_characters")


async def test_json_form_fields_of_an_upload_refuse_control_characters(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    who = await caller(client, db, runtime)
    user = await active_user(client, who)
    response = await client.post(
        "/v1/receivables/ocr",
        files={"file": ("f.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")},
        data={
            "user_id": user["id"],
            "debtor": '{"contacts": [{"email": "a@b.fr", "first_name": "Jean\\u0000"}]}',
        },
        headers=who.headers,
    )
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert (error["param"], error["code"]) == (
        "debtor.contacts[0].first_name",
        "invalid_characters",
    )
