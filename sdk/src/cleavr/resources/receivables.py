"""`client.receivables` (SPEC §7), including receivables read from invoice PDFs or scans
(`create_from_pdf`), completed as drafts (`update`) and sent (`submit`)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import TypeVar, Unpack

from cleavr._encoding import compact
from cleavr._request import RequestOptions, RequestSpec, model_parser
from cleavr._resource import M, Resource, endpoint, paginated
from cleavr.models.messages import Message
from cleavr.models.receivables import ComponentToken, Payment, Receivable
from cleavr.pagination import ListObject
from cleavr.params import DebtorParams, FileInput, InvoiceParams, RangeFilter
from cleavr.resources._common import file_part, page_query, path

T = TypeVar("T", Receivable, ComponentToken)


class Receivables(Resource[M]):
    @endpoint
    def create(
        self,
        *,
        user_id: str,
        invoice: InvoiceParams,
        debtor: DebtorParams,
        metadata: Mapping[str, str] | None = None,
        **options: Unpack[RequestOptions],
    ) -> RequestSpec[Receivable]:
        """Sends an overdue invoice to recovery (the user must be `active`)."""
        body = compact(
            {"user_id": user_id, "invoice": invoice, "debtor": debtor, "metadata": metadata}
        )
        return RequestSpec(
            "POST", "/v1/receivables", model_parser(Receivable), json=body, options=options
        )

    @endpoint
    def create_from_pdf(
        self,
        *,
        user_id: str,
        file: FileInput,
        invoice: InvoiceParams | None = None,
        debtor: DebtorParams | None = None,
        metadata: Mapping[str, str] | None = None,
        **options: Unpack[RequestOptions],
    ) -> RequestSpec[Receivable]:
        """Reads an invoice PDF or scan (`file`: a path, bytes, an open binary file or a
        `FileParam`): complete → created; otherwise a `draft` with
        `missing_fields` (or `processing`, answered 202, while a scan is read). `invoice`,
        `debtor` and `metadata` override or complete what is read (typically
        `debtor={"contacts": [...]}`, since invoices rarely carry the debtor's email)."""
        fields: dict[str, str] = {"user_id": user_id}
        for name, value in (("invoice", invoice), ("debtor", debtor), ("metadata", metadata)):
            if value is not None:
                fields[name] = json.dumps(value, default=str)
        return RequestSpec(
            "POST",
            "/v1/receivables/ocr",
            model_parser(Receivable),
            json=fields,
            files=[("file", file_part(file))],
            options=options,
        )

    @endpoint
    def retrieve(
        self, receivable_id: str, **options: Unpack[RequestOptions]
    ) -> RequestSpec[Receivable]:
        return RequestSpec(
            "GET",
            path("/v1/receivables/{}", receivable_id),
            model_parser(Receivable),
            options=options,
        )

    @endpoint
    def update(
        self,
        receivable_id: str,
        *,
        invoice: InvoiceParams | None = None,
        debtor: DebtorParams | None = None,
        metadata: Mapping[str, str] | None = None,
        **options: Unpack[RequestOptions],
    ) -> RequestSpec[Receivable]:
        """Completes a draft (drafts only); `address` and `contacts` are replaced whole."""
        body = compact({"invoice": invoice, "debtor": debtor, "metadata": metadata})
        return RequestSpec(
            "PATCH",
            path("/v1/receivables/{}", receivable_id),
            model_parser(Receivable),
            json=body,
            options=options,
        )

    @endpoint
    def submit(
        self, receivable_id: str, **options: Unpack[RequestOptions]
    ) -> RequestSpec[Receivable]:
        """Sends a completed draft to recovery."""
        return self._action(receivable_id, "submit", None, options)

    @endpoint
    def cancel(
        self, receivable_id: str, *, reason: str, **options: Unpack[RequestOptions]
    ) -> RequestSpec[Receivable]:
        """Withdraws an open receivable from recovery."""
        return self._action(receivable_id, "cancel", {"reason": reason}, options)

    @endpoint
    def accept_payment_plan(
        self, receivable_id: str, **options: Unpack[RequestOptions]
    ) -> RequestSpec[Receivable]:
        """Accepts the payment plan the debtor proposed outside the user's policy; the debtor is
        e-mailed the schedule."""
        return self._action(receivable_id, "payment_plan/accept", None, options)

    @endpoint
    def refuse_payment_plan(
        self, receivable_id: str, *, reason: str | None = None, **options: Unpack[RequestOptions]
    ) -> RequestSpec[Receivable]:
        """Refuses the pending payment plan; recovery goes on and the debtor is e-mailed the
        refusal, with `reason` when given."""
        return self._action(
            receivable_id, "payment_plan/refuse", compact({"reason": reason}), options
        )

    @endpoint
    def add_evidence(
        self,
        receivable_id: str,
        *,
        file: FileInput,
        description: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> RequestSpec[Receivable]:
        """A document answering a dispute (PDF, JPEG or PNG, ≤ 10 MB), multipart."""
        return RequestSpec(
            "POST",
            path("/v1/receivables/{}/evidence", receivable_id),
            model_parser(Receivable),
            json=compact({"description": description}),
            files=[("file", file_part(file))],
            options=options,
        )

    @paginated
    def messages(
        self,
        receivable_id: str,
        *,
        limit: int | None = None,
        starting_after: str | None = None,
        ending_before: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> RequestSpec[ListObject[Message]]:
        """The e-mails, letters and SMS sent (or queued) to the debtor, newest first."""
        return RequestSpec(
            "GET",
            path("/v1/receivables/{}/messages", receivable_id),
            model_parser(ListObject[Message]),
            query=page_query(limit, starting_after, ending_before),
            options=options,
        )

    @paginated
    def list_payments(
        self,
        receivable_id: str,
        *,
        limit: int | None = None,
        starting_after: str | None = None,
        ending_before: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> RequestSpec[ListObject[Payment]]:
        """Every payment received for the receivable."""
        return RequestSpec(
            "GET",
            path("/v1/receivables/{}/payments", receivable_id),
            model_parser(ListObject[Payment]),
            query=page_query(limit, starting_after, ending_before),
            options=options,
        )

    @endpoint
    def create_component_token(
        self, receivable_id: str, **options: Unpack[RequestOptions]
    ) -> RequestSpec[ComponentToken]:
        """A 15-minute, read-only token for `<cleavr-receivable-status>` on one of your pages."""
        return self._action(receivable_id, "component_token", None, options, ComponentToken)

    @paginated
    def list(
        self,
        *,
        user_id: str | None = None,
        status: str | None = None,
        created: RangeFilter | None = None,
        limit: int | None = None,
        starting_after: str | None = None,
        ending_before: str | None = None,
        **options: Unpack[RequestOptions],
    ) -> RequestSpec[ListObject[Receivable]]:
        query = page_query(
            limit, starting_after, ending_before, user_id=user_id, status=status, created=created
        )
        return RequestSpec(
            "GET",
            "/v1/receivables",
            model_parser(ListObject[Receivable]),
            query=query,
            options=options,
        )

    def _action(
        self,
        receivable_id: str,
        action: str,
        body: object,
        options: RequestOptions,
        model: type[T] = Receivable,  # type: ignore[assignment]
    ) -> RequestSpec[T]:
        return RequestSpec(
            "POST",
            path("/v1/receivables/{}/", receivable_id) + action,
            model_parser(model),
            json=body,
            options=options,
        )
