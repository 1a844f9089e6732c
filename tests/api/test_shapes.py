"""One shape per resource: the OpenAPI document, what the server really answers, the events it
stores and the SDK's models all agree, for every resource the API has.

Generic on purpose: resources are found from the registered `/v1` routes (their response
models, and the models nested in them that carry an `object`) and from the event payload
registry, so a resource added later is checked without touching this file. A field the server
returns that the SDK does not declare, or a field of the model that the document does not show,
fails here with its name.
"""

from __future__ import annotations

import json
import types
import typing
from collections.abc import Iterator
from datetime import timedelta
from typing import Any, Literal, get_args, get_origin

import cleavr.models as sdk_models
import httpx
import pytest
from cleavr.models import EVENT_CLASSES, CleavrObject
from fastapi.datastructures import DefaultPlaceholder
from fastapi.routing import APIRoute
from pydantic import BaseModel

from cleavr_connect.api.routing import ShapedRoute
from cleavr_connect.events.payloads import PAYLOADS
from cleavr_connect.events.service import EVENT_TYPES
from cleavr_connect.webhooks.worker import deliver_due
from tests.factories import active_user, caller, receivable_body

# Server resources without an `object` field, paired with the SDK model by name.
UNTYPED = {"Me": "Me"}


def _routes(routes: list[Any]) -> Iterator[Any]:
    for route in routes:
        inner = getattr(route, "original_router", None)
        if inner is not None:
            yield from _routes(inner.routes)
        else:
            yield route


def v1_routes(fastapi_app: Any) -> list[APIRoute]:
    return [
        r
        for r in _routes(fastapi_app.routes)
        if isinstance(r, APIRoute) and r.path.startswith("/v1/")
    ]


def _models_in(annotation: Any) -> Iterator[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
        return
    for arg in get_args(annotation):
        yield from _models_in(arg)


def object_name(model: type[BaseModel]) -> str | None:
    field = model.model_fields.get("object")
    if field is None:
        return None
    if get_origin(field.annotation) is Literal:
        return str(get_args(field.annotation)[0])
    return str(field.default) if isinstance(field.default, str) else None


def server_resources(fastapi_app: Any) -> dict[str, type[BaseModel]]:
    """`object` → model, for every model the /v1 routes answer with or events carry."""
    found: dict[str, type[BaseModel]] = {}
    seen: set[type[BaseModel]] = set()

    def visit(model: type[BaseModel]) -> None:
        if model in seen:
            return
        seen.add(model)
        name = object_name(model) or UNTYPED.get(model.__name__)
        # A resource's fullest form wins (the endpoint shown with its secret at creation).
        fuller = name not in found or len(model.model_fields) > len(found[name].model_fields)
        if name and name != "list" and fuller:
            found[name] = model
        for field in model.model_fields.values():
            for inner in _models_in(field.annotation):
                visit(inner)

    for route in v1_routes(fastapi_app):
        for model in _models_in(route.response_model):
            visit(model)
    for model in PAYLOADS.values():
        visit(model)
    return found


def sdk_resources() -> dict[str, type[CleavrObject]]:
    found: dict[str, type[CleavrObject]] = {}
    for value in vars(sdk_models).values():
        if isinstance(value, type) and issubclass(value, CleavrObject):
            name = object_name(value) or UNTYPED.get(value.__name__)
            if name and name != "event" or value is sdk_models.Event:
                found[str(name)] = value
    return found


def _aliases(model: type[BaseModel]) -> dict[str, Any]:
    return {(f.alias or name): f for name, f in model.model_fields.items()}


def _inner_model(annotation: Any) -> type[BaseModel] | None:
    models = list(_models_in(annotation))
    return models[0] if len(models) == 1 else None


def missing_in_sdk(
    server: type[BaseModel], sdk: type[BaseModel], where: str, out: list[str]
) -> None:
    """Every field of the server's model is declared by the SDK's, recursively."""
    sdk_fields = _aliases(sdk)
    for alias, field in _aliases(server).items():
        if alias not in sdk_fields:
            out.append(f"{where}.{alias}")
            continue
        inner = _inner_model(field.annotation)
        sdk_inner = _inner_model(sdk_fields[alias].annotation)
        if inner is not None and sdk_inner is not None:
            missing_in_sdk(inner, sdk_inner, f"{where}.{alias}", out)
        elif inner is not None and inner.model_fields:
            out.append(f"{where}.{alias} (an untyped dict in the SDK)")


def undeclared(obj: Any, where: str, out: list[str]) -> None:
    """Fields of a parsed SDK object that its model does not declare (kept as extras)."""
    if isinstance(obj, BaseModel):
        for key in obj.model_extra or {}:
            out.append(f"{where}.{key}")
        for name in type(obj).model_fields:
            undeclared(getattr(obj, name), f"{where}.{name}", out)
    elif isinstance(obj, list):
        for i, item in enumerate(obj):
            undeclared(item, f"{where}[{i}]", out)
    elif isinstance(obj, dict):
        for key, item in obj.items():
            undeclared(item, f"{where}.{key}", out)


def objects_in(value: Any) -> Iterator[dict[str, Any]]:
    """Every JSON object with an `object` member, at any depth."""
    if isinstance(value, dict):
        if isinstance(value.get("object"), str):
            yield value
        for item in value.values():
            yield from objects_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from objects_in(item)


# -- without a database ------------------------------------------------------------------------


def test_every_v1_answer_is_produced_from_its_model(app: Any) -> None:
    routes = v1_routes(app.fastapi)
    assert len(routes) > 30
    # Routes that answer a file (a letter's PDF, an e-mail's HTML) say so with their own
    # response class; every JSON answer has a model and is produced from it.
    loose = [
        f"{sorted(r.methods)} {r.path}"
        for r in routes
        if isinstance(r.response_class, DefaultPlaceholder)
        and (not isinstance(r, ShapedRoute) or r.response_model is None)
    ]
    assert loose == [], f"routes without a response model or not a ShapedRoute: {loose}"


def test_every_event_type_names_its_resource() -> None:
    assert set(PAYLOADS) == set(EVENT_TYPES)


def test_the_document_shows_every_field_of_every_resource(app: Any) -> None:
    document = app.fastapi.openapi()
    components = document["components"]["schemas"]
    resources = server_resources(app.fastapi)
    assert {"user", "receivable", "payment", "payout", "webhook_endpoint"} <= set(resources)
    assert {"webhook_delivery", "event", "commission_calculation", "report.summary"} <= set(
        resources
    )
    for name, model in resources.items():
        schema = components.get(model.__name__)
        assert schema is not None, f"{name}: {model.__name__} is not in the document"
        assert set(schema["properties"]) == set(_aliases(model)), name
        for prop, spec in schema["properties"].items():
            assert "description" in spec or "$ref" in spec or "allOf" in spec, f"{name}.{prop}"
    # Money in answers is a decimal with two places, without `multipleOf: 0.01`: validators
    # check it in binary floating point (40.3 / 0.01 = 4029.999…) and would refuse real answers.
    # (Requests keep it: it is what tells a generated request its amounts take two decimals.)
    amounts = components["AmountsOut"]["properties"]
    assert amounts["principal"]["type"] == "number" and amounts["principal"]["format"] == "decimal"
    # Every schema has a name of its own: two models of one name would be listed under their
    # module paths (`cleavr_connect__users__schemas__ContactIn`), in generated clients too.
    assert [name for name in components if "__" in name] == []
    answers = {name: spec for name, spec in components.items() if name.endswith("Out")}
    assert answers and "multipleOf" not in json.dumps(answers)
    # Each event type in the webhooks section, in both API versions.
    assert set(document["webhooks"]) == set(EVENT_TYPES)
    for event_type, hook in document["webhooks"].items():
        content = hook["post"]["requestBody"]["content"]["application/json"]
        assert set(content["examples"]) == {"2025-08-28", "2026-01-02"}, event_type
        assert len(content["schema"]["oneOf"]) == 2


def test_every_request_and_answer_has_an_example_and_oauth_is_documented(app: Any) -> None:
    document = app.fastapi.openapi()
    without: list[str] = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            bodies = [("request", operation.get("requestBody", {}))]
            bodies += [(c, r) for c, r in operation.get("responses", {}).items() if c < "400"]
            for what, body in bodies:
                for media_type, media in body.get("content", {}).items():
                    if "json" not in media_type and "form" not in media_type:
                        continue  # a file: a letter's PDF, an e-mail's HTML, a report's CSV
                    if "example" not in media and "examples" not in media:
                        without.append(f"{method} {path} {what} {media_type}")
    assert without == []
    authorize = document["paths"]["/oauth/authorize"]["get"]
    assert {p["name"] for p in authorize["parameters"]} >= {
        "client_id",
        "redirect_uri",
        "scope",
        "state",
        "code_challenge",
    }
    assert {"303", "400"} <= set(authorize["responses"])
    token = document["paths"]["/oauth/token"]["post"]["responses"]
    assert token["200"]["content"]["application/json"]["schema"]["$ref"].endswith("/TokenOut")
    assert token["400"]["content"]["application/json"]["schema"]["$ref"].endswith("/OAuthErrorOut")
    for path in ("/oauth/revoke", "/oauth/introspect", "/.well-known/oauth-authorization-server"):
        assert (
            "content"
            in document["paths"][path][next(iter(document["paths"][path]))]["responses"]["200"]
        ), path
    example = document["paths"]["/v1/receivables"]["post"]["responses"]["200"]["content"]
    assert example["application/json"]["example"]["amounts"]["principal"] == 1200.00


def test_the_sdk_declares_every_field_of_every_resource(app: Any) -> None:
    server = server_resources(app.fastapi)
    sdk = sdk_resources()
    absent = sorted(set(server) - set(sdk))
    assert absent == [], f"resources the SDK has no model for: {absent}"
    missing: list[str] = []
    for name, model in server.items():
        missing_in_sdk(model, sdk[name], name, missing)
    assert missing == [], f"fields the API returns that the SDK models do not declare: {missing}"
    # Each event type has a typed SDK event whose object is the SDK model of its resource.
    for event_type, model in PAYLOADS.items():
        typed = EVENT_CLASSES.get(event_type)
        assert typed is not None, f"no typed SDK event for {event_type}"
        object_model = _inner_model(typed.model_fields["data"].annotation)
        assert object_model is not None
        carried = _inner_model(object_model.model_fields["object"].annotation)
        assert carried is sdk[str(object_name(model))], event_type


# -- real answers --------------------------------------------------------------------------------


class Capture:
    """What the server answered, as the wire carried it."""

    def __init__(self, http: httpx.AsyncClient, headers: dict[str, str]) -> None:
        self.http = http
        self.headers = headers
        self.bodies: list[tuple[str, Any]] = []

    async def __call__(self, method: str, path: str, **kwargs: Any) -> Any:
        response = await self.http.request(method, path, headers=self.headers, **kwargs)
        assert response.status_code < 300, (method, path, response.text)
        self.bodies.append((f"{method} {path}", response.json()))
        return response.json()


@pytest.fixture
async def answers(client, db, runtime) -> list[tuple[str, Any]]:  # type: ignore[no-untyped-def]
    owner = await caller(client, db, runtime)
    call = Capture(client, owner.headers)
    await call("GET", "/v1/me")
    user = await active_user(client, owner)
    await call("GET", "/v1/users")
    await call("GET", f"/v1/users/{user['id']}/onboarding-status")
    await call("GET", f"/v1/users/{user['id']}/requirements")
    newcomer = await call("POST", "/v1/users", json={"email": "new@acme.example"})
    await call("POST", f"/v1/users/{newcomer['id']}/onboarding_link")
    hook = await call(
        "POST", "/v1/webhooks", json={"url": "http://127.0.0.1:9/hook", "events": ["*"]}
    )
    rec = await call("POST", "/v1/receivables", json=receivable_body(user["id"]))
    await call("POST", f"/v1/test_helpers/receivables/{rec['id']}/advance", json={"days": 8})
    await call("POST", f"/v1/test_helpers/receivables/{rec['id']}/payments", json={"amount": 100})
    await call("GET", f"/v1/receivables/{rec['id']}")
    await call("GET", "/v1/receivables")
    await call("GET", f"/v1/receivables/{rec['id']}/payments")
    await call("GET", f"/v1/receivables/{rec['id']}/messages")
    await call("GET", "/v1/payouts")
    await call("GET", "/v1/commission/rates")
    await call("POST", "/v1/commission/calculate", json={"amount": 5000, "days_overdue": 60})
    for report in ("summary", "aging", "recoveries"):
        await call("GET", f"/v1/reports/{report}")
    await deliver_due(db, runtime)
    await call("GET", f"/v1/webhooks/{hook['id']}")
    await call("GET", f"/v1/webhooks/{hook['id']}/deliveries")
    events = await call("GET", "/v1/events", params={"limit": 100})
    await call("GET", f"/v1/events/{events['data'][0]['id']}")
    await call("POST", f"/v1/events/{events['data'][0]['id']}/resend")
    await call(
        "POST",
        f"/v1/webhooks/{hook['id']}/recover",
        json={"since": (runtime.clock.now() - timedelta(hours=1)).isoformat()},
    )
    return call.bodies


async def test_real_answers_match_the_document_and_the_sdk(app, answers) -> None:  # type: ignore[no-untyped-def]
    server = server_resources(app.fastapi)
    sdk = sdk_resources()
    components = app.fastapi.openapi()["components"]["schemas"]
    seen: set[str] = set()
    undeclared_fields: list[str] = []
    for where, body in answers:
        for obj in objects_in(body):
            name = obj["object"]
            if name == "list":
                continue
            seen.add(name)
            model = server[name]
            documented = set(components[model.__name__]["properties"])
            assert set(obj) <= documented, (where, name, set(obj) - documented)
            assert documented - set(obj) <= {"secret"}, (where, name, documented - set(obj))
            undeclared(sdk[name].model_validate(obj), f"{where}: {name}", undeclared_fields)
    assert undeclared_fields == [], undeclared_fields
    expected = {"user", "receivable", "payment", "payout", "webhook_endpoint", "event"}
    expected |= {"webhook_delivery", "commission_calculation", "commission_rates"}
    expected |= {"report.summary", "report.aging", "report.recoveries", "onboarding_status"}
    assert expected <= seen, expected - seen


async def test_stored_events_carry_their_resource(app, answers) -> None:  # type: ignore[no-untyped-def]
    for where, body in answers:
        if where != "GET /v1/events":
            continue
        assert body["data"], "the scenario records events"
        for event in body["data"]:
            model = PAYLOADS[event["type"]]
            model.model_validate(event["data"]["object"])
            typed = sdk_models.parse_event(event)
            assert type(typed) is EVENT_CLASSES[event["type"]], event["type"]
            problems: list[str] = []
            undeclared(typed, event["type"], problems)
            assert problems == [], problems


def test_typing_helpers_see_unions() -> None:
    # The walk over annotations understands `X | None` and `list[X]` alike.
    assert list(_models_in(list[CleavrObject] | None)) == [CleavrObject]
    assert list(_models_in(typing.Optional[CleavrObject])) == [CleavrObject]  # noqa: UP045
    assert list(_models_in(types.NoneType)) == []


async def test_every_write_documents_the_body_limits_it_answers(app, client, db, runtime) -> None:  # type: ignore[no-untyped-def]
    """A status a real answer gives is in the document: every /v1 write reads at most 12 MB
    (413 `body_too_large`) and not too slowly (408)."""
    document = app.fastapi.openapi()
    writes = [
        (method, path, operation)
        for path, item in document["paths"].items()
        if path.startswith("/v1/")
        for method, operation in item.items()
        if method in ("post", "patch", "put", "delete")
    ]
    assert writes
    for method, path, operation in writes:
        assert {"408", "413"} <= set(operation["responses"]), (method, path)
    who = await caller(client, db, runtime)
    big = b'{"email": "' + b"a" * (12 * 1024 * 1024) + b'"}'
    response = await client.post(
        "/v1/users", content=big, headers={**who.headers, "Content-Type": "application/json"}
    )
    assert response.status_code == 413 and response.json()["error"]["code"] == "body_too_large"
