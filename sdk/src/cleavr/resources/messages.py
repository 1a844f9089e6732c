"""`client.messages`: the e-mails, letters and SMS the recovery sent to debtors."""

from __future__ import annotations

from typing import Unpack

from cleavr._request import RequestOptions, RequestSpec, model_parser
from cleavr._resource import M, Resource, endpoint
from cleavr.models.messages import Message
from cleavr.resources._common import path


class Messages(Resource[M]):
    @endpoint
    def retrieve(self, message_id: str, **options: Unpack[RequestOptions]) -> RequestSpec[Message]:
        """One message with its full text, status and provider reference."""
        return RequestSpec(
            "GET", path("/v1/messages/{}", message_id), model_parser(Message), options=options
        )
