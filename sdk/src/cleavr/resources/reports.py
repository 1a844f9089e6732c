"""`client.reports` (SPEC §9), as JSON objects or CSV text."""

from __future__ import annotations

from typing import Any, Literal, Unpack

from cleavr._encoding import compact
from cleavr._request import RequestOptions, RequestSpec, model_parser, text_parser
from cleavr._resource import M, Resource, endpoint
from cleavr.models.reports import AgingReport, RecoveriesReport, SummaryReport
from cleavr.params import DateInput

Interval = Literal["day", "week", "month"]


def _query(
    from_: DateInput | None, to: DateInput | None, user_id: str | None, **more: Any
) -> dict[str, Any]:
    return compact({"from": from_, "to": to, "user_id": user_id} | more)


def _csv(path: str, query: dict[str, Any], options: RequestOptions) -> RequestSpec[str]:
    return RequestSpec(
        "GET",
        path,
        text_parser,
        query=query | {"format": "csv"},
        options={
            **options,
            "extra_headers": {"Accept": "text/csv", **options.get("extra_headers", {})},
        },
    )


class Reports(Resource[M]):
    @endpoint
    def summary(
        self,
        *,
        from_: DateInput | None = None,
        to: DateInput | None = None,
        user_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> RequestSpec[SummaryReport]:
        """Counts and amounts by status, recovery rate, commission, median days to payment."""
        return RequestSpec(
            "GET",
            "/v1/reports/summary",
            model_parser(SummaryReport),
            query=_query(from_, to, user_id),
            options=options,
        )

    @endpoint
    def summary_csv(
        self,
        *,
        from_: DateInput | None = None,
        to: DateInput | None = None,
        user_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> RequestSpec[str]:
        return _csv("/v1/reports/summary", _query(from_, to, user_id), options)

    @endpoint
    def aging(
        self, *, user_id: str | None = None, **options: Unpack[RequestOptions]
    ) -> RequestSpec[AgingReport]:
        """Open amounts by debt-age bucket (0–44, 45–89, 90–179, 180–364, 365–546, 547+)."""
        return RequestSpec(
            "GET",
            "/v1/reports/aging",
            model_parser(AgingReport),
            query=_query(None, None, user_id),
            options=options,
        )

    @endpoint
    def aging_csv(
        self, *, user_id: str | None = None, **options: Unpack[RequestOptions]
    ) -> RequestSpec[str]:
        return _csv("/v1/reports/aging", _query(None, None, user_id), options)

    @endpoint
    def recoveries(
        self,
        *,
        from_: DateInput | None = None,
        to: DateInput | None = None,
        interval: Interval | None = None,
        user_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> RequestSpec[RecoveriesReport]:
        """Amounts recovered per day, week or month."""
        return RequestSpec(
            "GET",
            "/v1/reports/recoveries",
            model_parser(RecoveriesReport),
            query=_query(from_, to, user_id, interval=interval),
            options=options,
        )

    @endpoint
    def recoveries_csv(
        self,
        *,
        from_: DateInput | None = None,
        to: DateInput | None = None,
        interval: Interval | None = None,
        user_id: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> RequestSpec[str]:
        return _csv(
            "/v1/reports/recoveries", _query(from_, to, user_id, interval=interval), options
        )
