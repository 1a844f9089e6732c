"""A JSON endpoint takes a JSON body: anything else is 415 `unsupported_media_type`, naming the
header, instead of a 400 saying the body is "not an object"."""

from __future__ import annotations

import json

from tests.factories import caller, user_body


async def test_a_json_body_sent_as_another_type_is_415(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    who = await caller(client, db, runtime)
    body = json.dumps(user_body()).encode()
    for content_type in (
        "text/plain",
        None,
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/jsonp",
    ):
        headers = dict(who.headers)
        if content_type:
            headers["Content-Type"] = content_type
        response = await client.post("/v1/users", content=body, headers=headers)
        assert response.status_code == 415, (content_type, response.text)
        error = response.json()["error"]
        assert (error["type"], error["code"], error["param"]) == (
            "invalid_request_error",
            "unsupported_media_type",
            "Content-Type",
        )
        assert response.headers["cleavr-should-retry"] == "false"
    listed = await client.get("/v1/users", headers=who.headers)
    assert listed.json()["data"] == []
    for content_type in ("application/json; charset=utf-8", "Application/JSON"):
        created = await client.post(
            "/v1/users",
            content=json.dumps(user_body()).encode(),
            headers={**who.headers, "Content-Type": content_type},
        )
        assert created.status_code == 200, (content_type, created.text)


async def test_the_openapi_document_lists_415_on_json_bodies_only(client) -> None:  # type: ignore[no-untyped-def]
    paths = (await client.get("/openapi.json")).json()["paths"]
    assert "415" in paths["/v1/users"]["post"]["responses"]
    assert "415" not in paths["/v1/users"]["get"]["responses"]
    assert "415" not in paths["/v1/receivables/{receivable_id}/evidence"]["post"]["responses"]


async def test_a_repeated_key_keeps_its_last_value(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    # docs/decisions.md: duplicate keys are not refused; the last one is read.
    who = await caller(client, db, runtime)
    body = json.dumps(user_body())[:-1] + ', "email": "derniere@example.fr"}'
    body = body.replace('"email":', '"email": "premiere@example.fr", "email":', 1)
    response = await client.post(
        "/v1/users",
        content=body.encode(),
        headers={**who.headers, "Content-Type": "application/json"},
    )
    assert response.status_code == 200, response.text
    assert response.json()["email"] == "derniere@example.fr"
