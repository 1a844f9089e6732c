"""The account's reports as charts (SPEC §9): the same figures as `/v1/reports`, for the signed-in
account and the platform it chooses among those it connected, nobody else's."""

from __future__ import annotations

import re
from decimal import Decimal

import httpx

from cleavr_connect import i18n
from cleavr_connect.db.engine import Database
from cleavr_connect.runtime import Runtime
from tests.factories import active_user, caller, make_account, receivable_body, sign_in


def _money(value: float) -> str:
    return i18n.format_money(Decimal(str(value)), "fr")


async def test_the_reports_page_charts_the_api_figures(
    client: httpx.AsyncClient, db: Database, runtime: Runtime
) -> None:
    who = await caller(client, db, runtime)
    user = await active_user(client, who)
    ids = []
    for amount in (1200.00, 480.00):
        body = receivable_body(user["id"])
        body["invoice"].update(amount=amount, amount_before_tax=amount / 1.2, tax_amount=amount / 6)
        created = await client.post("/v1/receivables", json=body, headers=who.headers)
        assert created.status_code == 200, created.text
        ids.append(created.json()["id"])
    paid = await client.post(
        f"/v1/test_helpers/receivables/{ids[0]}/payments", json={"amount": 300}, headers=who.headers
    )
    assert paid.status_code == 200, paid.text
    window = {"from": "2025-01-16", "to": "2026-01-15"}  # the page's default: a year to today
    summary = (await client.get("/v1/reports/summary", params=window, headers=who.headers)).json()
    aging = (await client.get("/v1/reports/aging", headers=who.headers)).json()
    months = (
        await client.get(
            "/v1/reports/recoveries", params={**window, "interval": "month"}, headers=who.headers
        )
    ).json()
    assert summary["count"] == 2 and summary["amount_recovered"] == 300.0

    anonymous = await client.get("/account/reports")
    assert anonymous.status_code == 303
    assert anonymous.headers["location"] == "/signin?next=/account/reports"

    assert (await sign_in(client, who.account.email)).status_code == 303
    page = await client.get("/account/reports", params={"lang": "fr"})
    assert page.status_code == 200, page.text
    html = page.text.replace("&nbsp;", "\u00a0")
    for figure in (
        summary["amount_submitted"],
        summary["amount_recovered"],
        summary["commission"],
        summary["net_recovered"],
    ):
        assert _money(figure) in html, figure
    assert i18n.format_percent(Decimal(str(summary["recovery_rate"])), "fr") in html
    # One bar per status that has receivables, per age bucket, per month of the window; each
    # chart's table holds the same figures.
    statuses = [s for s, v in summary["by_status"].items() if v["count"]]
    charts = re.findall(r"<figure class=\"chart\".*?</figure>", html, re.S)
    assert len(charts) == 3
    bars = [len(re.findall(r"<rect ", chart)) for chart in charts]
    assert bars == [len(statuses), len(aging["buckets"]), len(months["data"])]
    for bucket in aging["buckets"]:
        assert _money(bucket["amount"]) in charts[1]
    for month in months["data"]:
        assert _money(month["amount_recovered"]) in charts[2]
    assert "Créances en cours par ancienneté" in html and "Paiements reçus, par mois" in html

    # Another person sees none of it: no platform of theirs, and this one is not found.
    other = await make_account(db, runtime)
    client.cookies.clear()
    assert (await sign_in(client, other.email)).status_code == 303
    theirs = await client.get("/account/reports", params={"lang": "fr"})
    assert theirs.status_code == 200 and "Aucune plateforme" in theirs.text
    assert _money(summary["amount_submitted"]) not in theirs.text
    forced = await client.get(
        "/account/reports", params={"platform": who.platform.client_id, "lang": "fr"}
    )
    assert forced.status_code == 404


async def test_a_window_that_is_no_window_is_said_on_the_form(
    client: httpx.AsyncClient, db: Database, runtime: Runtime
) -> None:
    who = await caller(client, db, runtime)
    assert (await sign_in(client, who.account.email)).status_code == 303
    page = await client.get(
        "/account/reports", params={"from": "2026-02-01", "to": "2026-01-01", "lang": "fr"}
    )
    assert page.status_code == 400
    assert 'id="from" name="from" type="date" value="2026-02-01" aria-invalid="true"' in page.text
    assert 'role="alert" id="form-error"' in page.text
