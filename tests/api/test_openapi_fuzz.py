"""A bounded Schemathesis run: requests generated from the service's own `/openapi.json`, sent to
the app in-process with a token holding every scope. No answer is a 5xx, and every answer
matches what the document says of it (status, content type, headers, body).

Cases are drawn deterministically (Hypothesis `derandomize`) and sent through the suite's
async client, so they run on the test's event loop and database (SQLite and PostgreSQL alike).
Half of them name objects that exist, so that operations get past `resource_missing`."""

from __future__ import annotations

import contextlib
import json
import re
from datetime import date
from typing import Any

import httpx
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.core.failures import FailureGroup

from tests.factories import active_user, caller, receivable_body
from tests.webhooks.helpers import create_endpoint

EXAMPLES_PER_OPERATION = 4
# Refusals of schema-valid requests that only the server can make: the objects it holds, rules
# between fields and the state of the account.
ONLY_THE_SERVER_KNOWS = frozenset(
    {
        "resource_missing",
        "invalid_cursor",
        "idempotency_key_reused",
        "nothing_to_waive",
        # email-validator's and the URL rules go beyond what `format` promises.
        "invalid_email",
        "invalid_url",
        # Multipart parts: the file must be a file part, JSON parts must hold an object.
        "file_required",
        "file_type_not_allowed",
        "invalid_json",
        # Between two query parameters, which a JSON Schema cannot relate: `from` after `to`,
        # and a window of more than 1,000 periods of the interval.
        "invalid_date_range",
        "too_many_periods",
    }
)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]


def _draw(operation: Any, mode: GenerationMode) -> list[Any]:
    """The cases Hypothesis draws for one operation, the same on every run."""
    drawn: list[Any] = []

    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(operation.as_strategy(generation_mode=mode))
    def collect(case: Any) -> None:
        drawn.append(case)

    with contextlib.suppress(Unsatisfiable):  # nothing in it can be made invalid
        collect()
    return drawn


async def _existing(client: httpx.AsyncClient, who: Any) -> dict[str, str]:
    """One object of each kind, by the name of the path parameter that takes its id."""
    user = await active_user(client, who)
    created = await client.post(
        "/v1/receivables", json=receivable_body(user["id"]), headers=who.headers
    )
    assert created.status_code == 200, created.text
    receivable = created.json()
    endpoint = await create_endpoint(client, who, "https://hooks.example/cleavr")
    events = (await client.get("/v1/events", headers=who.headers)).json()["data"]
    return {
        "user_id": user["id"],
        "receivable_id": receivable["id"],
        "webhook_id": endpoint["id"],
        "event_id": events[0]["id"],
    }


async def test_generated_requests_get_no_5xx_and_answers_match_the_document(
    client, db, runtime
) -> None:  # type: ignore[no-untyped-def]
    who = await caller(client, db, runtime)
    document = (await client.get("/openapi.json")).json()
    schema = schemathesis.openapi.from_dict(document)
    ids = await _existing(client, who)
    failures: list[str] = []
    sent = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            for n, case in enumerate(_draw(operation, mode)):
                if n % 2 == 0 and case.path_parameters:
                    for name in case.path_parameters:
                        if name in ids:
                            case.path_parameters[name] = ids[name]
                kwargs = case.as_transport_kwargs(base_url=str(client.base_url))
                headers = {**(kwargs.pop("headers", None) or {}), **who.headers}
                if mode is GenerationMode.POSITIVE and "Idempotency-Key" in headers:
                    # A key drawn twice for two requests is refused, rightly: keep them apart.
                    headers["Idempotency-Key"] = f"{sent}-{headers['Idempotency-Key']}"[:255]
                request = _httpx(kwargs)
                request["headers"] = {**request.get("headers", {}), **headers}
                response = await client.request(**request)
                response.request.read()  # a multipart body, for the checks that look at it
                sent += 1
                problem = None
                try:
                    case.validate_response(response, checks=CHECKS)
                except (AssertionError, FailureGroup) as exc:  # every one listed, not the first
                    problem = str(exc)
                if (
                    mode is GenerationMode.POSITIVE
                    and case.path.startswith("/v1/")
                    and response.status_code in (400, 422)
                ):
                    code = _error_code(response)
                    if code not in ONLY_THE_SERVER_KNOWS and not _no_such_day(request, response):
                        problem = f"a request the document allows is refused: {code}"
                if problem:
                    failures.append(
                        f"{case.method} {case.formatted_path} → {response.status_code}\n"
                        f"  request: {request!r}\n  response: {response.text[:300]}\n  {problem}"
                    )
    assert sent >= 100
    assert not failures, "\n\n".join(failures)


_DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def _no_such_day(request: dict[str, Any], response: httpx.Response) -> bool:
    """A date or timestamp refused because its day is not in the calendar (31 November):
    its pattern in the document cannot tell the days of each month, the server can."""
    if _error_code(response) not in ("invalid_date", "invalid_timestamp"):
        return False
    param = response.json()["error"].get("param")
    value = (request.get("params") or {}).get(param)
    found = _DAY.match(str(value)) if value is not None else None
    if found is None:
        return False
    try:
        date(*(int(part) for part in found.groups()))
    except ValueError:
        return True
    return False


def _error_code(response: httpx.Response) -> str:
    """`error.code` of the API's envelope, or `error` of an OAuth answer (RFC 6749 §5.2)."""
    try:
        error = response.json()["error"]
    except (ValueError, KeyError, TypeError):
        return f"not an error body: {response.text[:100]}"
    return str(error["code"] if isinstance(error, dict) else error)


def _part(part: Any) -> Any:
    """A multipart part as httpx sends it: text or bytes, never a bare number."""
    filename, value = part[0], part[1]
    if not isinstance(value, (bytes, str)):
        value = json.dumps(value)
    return (filename, value, *part[2:])


def _httpx(kwargs: dict[str, Any]) -> dict[str, Any]:
    """Schemathesis's transport arguments (requests-style) as httpx takes them."""
    out: dict[str, Any] = {"method": kwargs["method"], "url": kwargs["url"]}
    if kwargs.get("params"):
        out["params"] = kwargs["params"]
    if "json" in kwargs:
        out["content"] = json.dumps(kwargs["json"]).encode()
        out["headers"] = {"Content-Type": "application/json"}
    data = kwargs.get("data")
    if isinstance(data, (bytes, str)):
        out["content"] = data
    elif data is not None:
        out["data"] = data
    if kwargs.get("files") is not None:
        out["files"] = [(name, _part(part)) for name, part in kwargs["files"]]
    return out
