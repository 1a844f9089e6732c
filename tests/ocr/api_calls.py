"""The upload that the OCR tests going through the API share: `POST /v1/receivables/ocr` with a
file, its owner's headers and any form fields (JSON-encoded, as the endpoint reads them)."""

from __future__ import annotations

import json
from typing import Any


async def post_invoice(
    client: Any,
    owner: Any,
    user_id: str,
    data: bytes,
    *,
    name: str = "facture.pdf",
    content_type: str = "application/pdf",
    **fields: Any,
) -> Any:
    form = {"user_id": user_id, **{k: json.dumps(v) for k, v in fields.items()}}
    return await client.post(
        "/v1/receivables/ocr",
        files={"file": (name, data, content_type)},
        data=form,
        headers=owner.headers,
    )
