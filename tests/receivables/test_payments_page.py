"""The payments of a receivable are paged without reading the receivable first; an unknown or
someone else's receivable is still a 404, with or without a cursor, and one without payments an
empty page."""

from __future__ import annotations

from tests.factories import active_user, caller, receivable_body


async def test_payments_page_refuses_what_is_not_the_callers(client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    who = await caller(client, db, runtime)
    user = await active_user(client, who)
    recs = [
        (
            await client.post(
                "/v1/receivables", json=receivable_body(user["id"]), headers=who.headers
            )
        ).json()
        for _ in range(2)
    ]
    paid, unpaid = recs
    helper = f"/v1/test_helpers/receivables/{paid['id']}/payments"
    for amount in (100, 20):
        assert (await client.post(helper, json={"amount": amount}, headers=who.headers)).is_success
    url = f"/v1/receivables/{paid['id']}/payments"

    first = await client.get(url, params={"limit": 1}, headers=who.headers)
    assert first.status_code == 200 and first.json()["has_more"] is True
    cursor = first.json()["data"][0]["id"]
    rest = await client.get(url, params={"starting_after": cursor}, headers=who.headers)
    pages = first.json()["data"] + rest.json()["data"]
    assert sorted(p["amount"] for p in pages) == [20.00, 100.00]
    assert rest.json()["url"] == url

    empty = await client.get(f"/v1/receivables/{unpaid['id']}/payments", headers=who.headers)
    assert empty.status_code == 200 and empty.json()["data"] == []
    # A cursor of another receivable's payment is refused for this one.
    other = await client.get(
        f"/v1/receivables/{unpaid['id']}/payments",
        params={"starting_after": cursor},
        headers=who.headers,
    )
    assert other.status_code == 400 and other.json()["error"]["param"] == "starting_after"

    stranger = await caller(client, db, runtime)
    for params in ({}, {"starting_after": cursor}):
        theirs = await client.get(url, params=params, headers=stranger.headers)
        assert theirs.status_code == 404, theirs.text
        assert theirs.json()["error"]["param"] == "id"
    unknown = await client.get(
        "/v1/receivables/rcv_nope/payments", params={"ending_before": cursor}, headers=who.headers
    )
    assert unknown.status_code == 404
