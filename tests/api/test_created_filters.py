"""The `created[…]` filters are declared once (`api/created.py`): every list that takes them
takes the four operators, and the document describes them the same way on each."""

from __future__ import annotations

from tests.factories import active_user, caller, receivable_body


async def test_every_list_declares_the_four_created_filters_alike(client) -> None:  # type: ignore[no-untyped-def]
    document = (await client.get("/openapi.json")).json()
    declared = {}
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            if not isinstance(operation, dict):
                continue
            found = [p for p in operation.get("parameters", []) if p["name"].startswith("created")]
            if found:
                declared[f"{method.upper()} {path}"] = found
    assert set(declared) == {"GET /v1/receivables", "GET /v1/events"}
    receivables, events = declared["GET /v1/receivables"], declared["GET /v1/events"]
    assert receivables == events
    names = ["created[gte]", "created[gt]", "created[lte]", "created[lt]"]
    assert [p["name"] for p in events] == names
    for param in events:
        assert param["in"] == "query" and param["required"] is False
        assert "a date" in param["description"] and "(UTC)" in param["description"]
        assert {alt.get("format") for alt in param["schema"]["anyOf"]} == {
            "date-time",
            "date",
            None,
        }


async def test_a_misspelt_created_operator_is_refused_not_ignored(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    who = await caller(client, db, runtime)
    user = await active_user(client, who)
    body = receivable_body(user["id"])
    assert (await client.post("/v1/receivables", json=body, headers=who.headers)).status_code == 200
    for path in ("/v1/receivables", "/v1/events"):
        for name in ("created[gtee]", "created[GTE]", "created", "created[gte][lt]"):
            # Ignored, the filter would answer every object, as if none were this recent.
            response = await client.get(path, params={name: "2099-01-01"}, headers=who.headers)
            assert response.status_code == 400, (path, name, response.text)
            error = response.json()["error"]
            assert (error["param"], error["code"]) == (name, "unknown_parameter")
        fine = await client.get(path, params={"created[gte]": "2099-01-01"}, headers=who.headers)
        assert fine.status_code == 200 and fine.json()["data"] == []
