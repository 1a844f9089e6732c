"""The `created[…]` filters are declared once (`api/created.py`): every list that takes them
takes the four operators, and the document describes them the same way on each."""

from __future__ import annotations


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
