"""`/docs/errors`: one anchor for every code an `error_uri` or a `doc_url` can point at."""

from __future__ import annotations

import re

from cleavr_connect.errors import ERROR_CODES, FIELD_ERROR_CODES
from cleavr_connect.oauth.errors import OAUTH_ERRORS


async def test_every_code_has_exactly_one_anchor(client) -> None:  # type: ignore[no-untyped-def]
    page = await client.get("/docs/errors")
    assert page.status_code == 200
    for code in {*OAUTH_ERRORS, *ERROR_CODES, *FIELD_ERROR_CODES}:
        assert f"<code>{code}</code>" in page.text, code
        assert page.text.count(f'id="{code}"') == 1, code


async def test_api_codes_show_their_status_and_field_codes_their_meaning(client) -> None:  # type: ignore[no-untyped-def]
    text = (await client.get("/docs/errors")).text
    entry = re.search(r'id="invalid_state_transition"><code>[^<]+</code> (.+?)</dt>', text)
    assert entry is not None and ">409<" in entry.group(1)
    # backticks of the registry are rendered as code, never shown raw
    assert "<dd>`" not in text and "`" not in re.sub(r"<[^>]+>", "", text)
    assert 'id="file_encrypted"' in text and "unprotected copy" in text
    # a field code also used as an error.code keeps one anchor, on the error.code entry
    assert re.search(r'<dt id="duplicate_receivable"><code>duplicate_receivable</code> ', text)


async def test_a_real_doc_url_lands_on_an_entry(client) -> None:  # type: ignore[no-untyped-def]
    response = await client.get("/v1/users")
    doc_url = response.json()["error"]["doc_url"]
    page = await client.get(doc_url.split("#")[0].removeprefix("http://testserver"))
    assert f'id="{doc_url.split("#")[1]}"' in page.text
