"""`client.payouts` (SPEC §8): what Cleavr pays your users, one payout per user and day."""

from __future__ import annotations

from typing import Literal, Unpack

from cleavr._request import RequestOptions, RequestSpec, model_parser
from cleavr._resource import M, Resource, paginated
from cleavr.models.receivables import Payout
from cleavr.pagination import ListObject
from cleavr.resources._common import page_query


class Payouts(Resource[M]):
    @paginated
    def list(
        self,
        *,
        user_id: str | None = None,
        status: Literal["pending", "paid"] | None = None,
        limit: int | None = None,
        starting_after: str | None = None,
        ending_before: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> RequestSpec[ListObject[Payout]]:
        return RequestSpec(
            "GET",
            "/v1/payouts",
            model_parser(ListObject[Payout]),
            query=page_query(limit, starting_after, ending_before, user_id=user_id, status=status),
            options=options,
        )
