"""`client.me`: who the access token speaks for."""

from __future__ import annotations

from typing import Unpack

from cleavr._request import RequestOptions, RequestSpec, model_parser
from cleavr._resource import M, Resource, endpoint
from cleavr.models.users import Me


class MeResource(Resource[M]):
    @endpoint
    def retrieve(self, **options: Unpack[RequestOptions]) -> RequestSpec[Me]:
        """The platform, account and mode behind the token, and its scopes."""
        return RequestSpec("GET", "/v1/me", model_parser(Me), options=options)
