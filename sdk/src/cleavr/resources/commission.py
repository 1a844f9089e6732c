"""`client.commission` (SPEC §8)."""

from __future__ import annotations

from typing import Unpack

from cleavr._request import RequestOptions, RequestSpec, model_parser
from cleavr._resource import M, Resource, endpoint
from cleavr.models.reports import CommissionCalculation, CommissionRates
from cleavr.params import Money


class Commission(Resource[M]):
    @endpoint
    def rates(self, **options: Unpack[RequestOptions]) -> RequestSpec[CommissionRates]:
        """The commission table in force for your platform."""
        return RequestSpec(
            "GET", "/v1/commission/rates", model_parser(CommissionRates), options=options
        )

    @endpoint
    def calculate(
        self, *, amount: Money, days_overdue: int, **options: Unpack[RequestOptions]
    ) -> RequestSpec[CommissionCalculation]:
        """E.g. 5000.00 at 60 days: rate 15.90 %, commission 795.00, net 4205.00."""
        return RequestSpec(
            "POST",
            "/v1/commission/calculate",
            model_parser(CommissionCalculation),
            json={"amount": amount, "days_overdue": days_overdue},
            options=options,
        )
