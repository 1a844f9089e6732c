from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Response

from cleavr_connect.api.deps import OwnerDep, TestModeOnly
from cleavr_connect.api.openapi import ERROR_RESPONSES
from cleavr_connect.api.pagination import Page
from cleavr_connect.api.routing import ShapedRoute
from cleavr_connect.auth.dependencies import requires
from cleavr_connect.errors import NotFoundError
from cleavr_connect.messages import letters, service
from cleavr_connect.messages.mail import document_name
from cleavr_connect.messages.schemas import MessageList, MessageOut
from cleavr_connect.scopes import Scope
from cleavr_connect.web.deps import RuntimeDep, SessionDep

router = APIRouter(
    route_class=ShapedRoute, prefix="/v1", tags=["Messages"], responses=ERROR_RESPONSES
)

helpers = APIRouter(
    route_class=ShapedRoute,
    prefix="/v1/test_helpers/messages",
    tags=["Test helpers"],
    responses=ERROR_RESPONSES,
)

Read = [requires(Scope.RECEIVABLES_READ)]
HelperDeps = [requires(Scope.RECEIVABLES_WRITE), TestModeOnly]


@router.get(
    "/receivables/{receivable_id}/messages",
    response_model=MessageList,
    dependencies=Read,
    summary="List a receivable's messages",
)
async def list_messages(
    receivable_id: str, owner: OwnerDep, session: SessionDep, page: Page
) -> dict[str, Any]:
    """The e-mails, letters and SMS the recovery sent (or will send) to the debtor, newest
    first, paginated like every list. Test mode sends them to the outbox, never to a real
    provider, and shows them here the same way."""
    result = await service.receivable_page(session, owner, receivable_id, page)
    return result.as_list(f"/v1/receivables/{receivable_id}/messages", service.as_object)


@router.get(
    "/messages/{message_id}",
    response_model=MessageOut,
    dependencies=Read,
    summary="Retrieve a message",
)
async def get_message(message_id: str, owner: OwnerDep, session: SessionDep) -> dict[str, Any]:
    """One message with its full text, status and provider reference."""
    return service.as_object(await service.get(session, owner, message_id))


@router.get(
    "/messages/{message_id}/document",
    dependencies=Read,
    summary="Download a message's PDF",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}, "description": "The PDF"}},
)
async def get_document(
    message_id: str, owner: OwnerDep, session: SessionDep, rt: RuntimeDep
) -> Response:
    """The letter as a PDF, or the formal notice attached to an e-mail. 404 when the message
    has no document (reminders, SMS)."""
    msg = await service.get(session, owner, message_id)
    if not msg.document_path:
        raise NotFoundError(f"Message {message_id} has no document.", param="message_id")
    try:
        data = letters.read(rt.settings, msg.document_path)
    except FileNotFoundError:
        # Lost from storage (the dossier lists it as missing too): no document to give.
        raise NotFoundError(
            f"The document of message {message_id} is missing from storage.", param="message_id"
        ) from None
    name = document_name(msg.language, msg.template, msg.receivable_id)
    return Response(
        data,
        media_type="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get(
    "/messages/{message_id}/html",
    dependencies=Read,
    summary="A message's HTML",
    response_class=Response,
    responses={200: {"content": {"text/html": {}}, "description": "The e-mail's HTML part"}},
)
async def get_html(message_id: str, owner: OwnerDep, session: SessionDep) -> Response:
    """The HTML part of an e-mail, as sent. 404 for letters and SMS."""
    msg = await service.get(session, owner, message_id)
    if not msg.html:
        raise NotFoundError(f"Message {message_id} has no HTML part.", param="message_id")
    # Shown as a document of its own: nothing in it may run or load.
    return Response(
        msg.html,
        media_type="text/html",
        headers={"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'"},
    )


@helpers.post(
    "/{message_id}/deliver",
    response_model=MessageOut,
    dependencies=HelperDeps,
    summary="Deliver a letter",
)
async def deliver(
    message_id: str, owner: OwnerDep, session: SessionDep, rt: RuntimeDep
) -> dict[str, Any]:
    """Test mode: the sent letter is delivered now, as when Cleavr records the postal proof of
    delivery in live mode: status `delivered`, `delivered_at`, and a `message.delivered` event.
    Nothing is delivered by itself in test mode, so a `message.delivered` handler is exercised
    only through this helper. Only a `sent` letter: e-mails and SMS never reach `delivered`, in
    either mode (409 `invalid_state_transition`)."""
    return service.as_object(await service.simulate_delivery(session, rt, owner, message_id))
