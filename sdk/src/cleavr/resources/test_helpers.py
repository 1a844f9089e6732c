"""`client.test_helpers`: drive test-mode objects through their lifecycle (test tokens only)."""

from __future__ import annotations

from functools import cached_property
from typing import Literal, Unpack

from cleavr._encoding import compact
from cleavr._request import RequestOptions, RequestSpec, model_parser
from cleavr._resource import M, Resource, endpoint
from cleavr.models.messages import Message
from cleavr.models.receivables import Receivable
from cleavr.models.users import User
from cleavr.params import DateInput, Money
from cleavr.resources._common import path


class TestHelperUsers(Resource[M]):
    __test__ = False  # not a pytest class

    @endpoint
    def verify(
        self,
        user_id: str,
        *,
        outcome: Literal["approved", "rejected"] = "approved",
        **options: Unpack[RequestOptions],
    ) -> RequestSpec[User]:
        """Decides the user's KYB now."""
        return RequestSpec(
            "POST",
            path("/v1/test_helpers/users/{}/verify", user_id),
            model_parser(User),
            json={"outcome": outcome},
            options=options,
        )


class TestHelperReceivables(Resource[M]):
    """Drive a test-mode receivable through recovery (SPEC §2)."""

    __test__ = False

    @endpoint
    def advance(
        self, receivable_id: str, *, days: int, **options: Unpack[RequestOptions]
    ) -> RequestSpec[Receivable]:
        """Moves the receivable's clock forward; the playbook runs what falls due."""
        return self._post(receivable_id, "advance", {"days": days}, options)

    @endpoint
    def create_payment(
        self,
        receivable_id: str,
        *,
        amount: Money,
        paid_at: DateInput | None = None,
        **options: Unpack[RequestOptions],
    ) -> RequestSpec[Receivable]:
        """Records a debtor payment."""
        body = compact({"amount": amount, "paid_at": paid_at})
        return self._post(receivable_id, "payments", body, options)

    @endpoint
    def dispute(
        self, receivable_id: str, *, reason: str, **options: Unpack[RequestOptions]
    ) -> RequestSpec[Receivable]:
        return self._post(receivable_id, "dispute", {"reason": reason}, options)

    @endpoint
    def resolve_dispute(
        self,
        receivable_id: str,
        *,
        outcome: Literal["resume", "close"],
        **options: Unpack[RequestOptions],
    ) -> RequestSpec[Receivable]:
        return self._post(receivable_id, "resolve_dispute", {"outcome": outcome}, options)

    def _post(
        self, receivable_id: str, action: str, body: object, options: RequestOptions
    ) -> RequestSpec[Receivable]:
        return RequestSpec(
            "POST",
            path("/v1/test_helpers/receivables/{}/", receivable_id) + action,
            model_parser(Receivable),
            json=body,
            options=options,
        )


class TestHelperMessages(Resource[M]):
    __test__ = False

    @endpoint
    def deliver(self, message_id: str, **options: Unpack[RequestOptions]) -> RequestSpec[Message]:
        """Delivers a sent letter now (`message.delivered`), as the postal proof does live."""
        return RequestSpec(
            "POST",
            path("/v1/test_helpers/messages/{}/deliver", message_id),
            model_parser(Message),
            options=options,
        )


class TestHelpers(Resource[M]):
    __test__ = False

    @cached_property
    def users(self) -> TestHelperUsers[M]:
        return TestHelperUsers(self._engine, raw=self._raw)

    @cached_property
    def receivables(self) -> TestHelperReceivables[M]:
        return TestHelperReceivables(self._engine, raw=self._raw)

    @cached_property
    def messages(self) -> TestHelperMessages[M]:
        return TestHelperMessages(self._engine, raw=self._raw)
