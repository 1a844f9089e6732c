"""The account's reports as charts (SPEC §9): the figures of `GET /v1/reports/summary`, `aging`
and `recoveries` for one connected platform, drawn as bar charts with their table beside.

The figures come from the reports service, the one the API answers from, for the owner the API
would see: this account, the chosen platform, that platform's mode. The charts are SVG written on
the server (no script, nothing fetched), each with its figures in a table for a screen reader and
for anyone who wants the exact amounts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from babel.numbers import format_decimal
from fastapi import APIRouter, Request
from fastapi.responses import Response

from cleavr_connect import i18n
from cleavr_connect.accounts import service as accounts
from cleavr_connect.components.view import STATUS_LABELS
from cleavr_connect.errors import ValidationError
from cleavr_connect.i18n import N_
from cleavr_connect.oauth import repository as oauth_repo
from cleavr_connect.ownership import Owner
from cleavr_connect.receivables import lifecycle
from cleavr_connect.reports import service as reports
from cleavr_connect.web.deps import RuntimeDep, SessionDep
from cleavr_connect.web.pages import Page

router = APIRouter(include_in_schema=False)

# A year of recoveries, month by month, unless another window is asked for.
DEFAULT_DAYS = 365


@dataclass(frozen=True)
class Bar:
    label: str
    shown: str  # the figure as the page writes it
    share: float  # of the chart's longest bar, 0 to 1


def bars(items: list[tuple[str, Decimal]], locale: i18n.Locale) -> list[Bar]:
    """One bar per (label, amount), each as long as its share of the largest amount."""
    largest = max((amount for _, amount in items), default=Decimal(0))
    return [
        Bar(
            label,
            i18n.format_money(amount, locale),
            float(amount / largest) if largest > 0 else 0.0,
        )
        for label, amount in items
    ]


def _money(value: Any) -> Decimal:
    return Decimal(str(value))


def _window(request: Request, today: date) -> tuple[str | None, str | None]:
    first = (
        request.query_params.get("from") or (today - timedelta(days=DEFAULT_DAYS - 1)).isoformat()
    )
    return first, request.query_params.get("to") or None


@router.get("/account/reports")
async def account_reports(request: Request, session: SessionDep, rt: RuntimeDep) -> Response:
    page = Page(request, rt)
    account = await accounts.account_for_session(
        session, rt.keys, page.session_token, now=rt.clock.now()
    )
    if account is None:
        return page.redirect("/signin?next=/account/reports")
    platforms = [
        platform for _, platform in await oauth_repo.active_grants_for_account(session, account.id)
    ]
    chosen_id = request.query_params.get("platform")
    chosen = next((p for p in platforms if p.id == chosen_id), platforms[0] if platforms else None)
    if chosen_id is not None and (chosen is None or chosen.id != chosen_id):
        return page.error(
            N_("Platform not found"),
            N_("No such platform is connected to your account."),
            404,
            back_url="/account/reports",
            back_label=page.gettext(N_("Back to your reports")),
        )
    context: dict[str, Any] = {"account": account, "platforms": platforms, "chosen": chosen}
    if chosen is None:
        return page.render("reports.html", **context)
    owner = Owner(chosen.id, account.id, chosen.livemode)
    today = rt.clock.now().date()
    first, last = _window(request, today)
    try:
        window = await reports.parse(session, owner, today, from_=first, to=last)
        by_month = await reports.parse(
            session, owner, today, from_=first, to=last, interval="month", with_interval=True
        )
    except ValidationError as exc:
        context["errors"] = {e.param: page.gettext(e.message) for e in exc.errors}
        context["window"] = {"from": first, "to": last or ""}
        return page.render("reports.html", 400, **context)
    summary = await reports.summary(session, owner, window)
    aging = await reports.aging(session, owner, today, window)
    recoveries = await reports.recoveries(session, owner, by_month)
    locale = page.locale
    by_status = summary["by_status"]
    context.update(
        window={"from": summary["from"], "to": summary["to"]},
        first_day=date.fromisoformat(summary["from"]),
        last_day=date.fromisoformat(summary["to"]),
        today=today,
        summary=summary,
        aging=aging,
        recoveries=recoveries,
        by_status=bars(
            [
                (
                    page.gettext(STATUS_LABELS[status]),
                    _money(summary["by_status"][status]["amount"]),
                )
                for status in lifecycle.STATUSES
                if by_status[status]["count"]
            ],
            locale,
        ),
        by_age=bars(
            [(_bucket(page, b), _money(b["amount"])) for b in aging["buckets"]],
            locale,
        ),
        by_month=bars(
            [
                (
                    i18n.format_date(date.fromisoformat(p["period_start"]), locale, "MMM yyyy"),
                    _money(p["amount_recovered"]),
                )
                for p in recoveries["data"]
            ],
            locale,
        ),
        median=None
        if summary["median_days_to_first_payment"] is None
        else format_decimal(
            summary["median_days_to_first_payment"], locale=i18n.BABEL_LOCALES[locale]
        ),
        rate=None
        if summary["recovery_rate"] is None
        else i18n.format_percent(Decimal(str(summary["recovery_rate"])), locale),
    )
    return page.render("reports.html", **context)


def _bucket(page: Page, bucket: dict[str, Any]) -> str:
    if bucket["max_days"] is None:
        return page.gettext(N_("%(low)s days and more"), low=bucket["min_days"])
    return page.gettext(
        N_("%(low)s to %(high)s days"), low=bucket["min_days"], high=bucket["max_days"]
    )
