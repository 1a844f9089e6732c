"""`client.messages` and `client.receivables.messages(...)`: what the recovery sent the debtor,
with the PDF of letters and of the formal notice attached to its e-mail."""

from __future__ import annotations

from typing import Unpack

import httpx

from cleavr._request import RequestOptions, RequestSpec, model_parser
from cleavr._resource import M, Resource, endpoint
from cleavr.models.messages import Message
from cleavr.resources._common import path


def bytes_parser(response: httpx.Response) -> bytes:
    return response.content


class Messages(Resource[M]):
    @endpoint
    def retrieve(self, message_id: str, **options: Unpack[RequestOptions]) -> RequestSpec[Message]:
        """One message with its full text, status and provider reference."""
        return RequestSpec(
            "GET", path("/v1/messages/{}", message_id), model_parser(Message), options=options
        )

    @endpoint
    def document(self, message_id: str, **options: Unpack[RequestOptions]) -> RequestSpec[bytes]:
        """The PDF of a letter, or of the formal notice attached to an e-mail (bytes)."""
        return RequestSpec(
            "GET",
            path("/v1/messages/{}/document", message_id),
            bytes_parser,
            options={
                **options,
                "extra_headers": {
                    "Accept": "application/pdf",
                    **options.get("extra_headers", {}),
                },
            },
        )

    @endpoint
    def html(self, message_id: str, **options: Unpack[RequestOptions]) -> RequestSpec[str]:
        """The HTML part of an e-mail, as sent."""
        return RequestSpec(
            "GET",
            path("/v1/messages/{}/html", message_id),
            lambda response: response.text,
            options=options,
        )
