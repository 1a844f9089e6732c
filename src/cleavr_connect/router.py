"""The one module that mounts every router."""

from __future__ import annotations

from fastapi import APIRouter

from cleavr_connect.api.me import router as auth_router
from cleavr_connect.commission.endpoints import router as commission_router
from cleavr_connect.components.endpoints import public as components_public
from cleavr_connect.components.endpoints import router as components_router
from cleavr_connect.health import router as health_router
from cleavr_connect.hosted.authorize import router as authorize_router
from cleavr_connect.hosted.branding import router as branding_router
from cleavr_connect.hosted.endpoints import router as hosted_router
from cleavr_connect.hosted.onboarding import router as onboarding_router
from cleavr_connect.hosted.reports import router as account_reports_router
from cleavr_connect.hosted.site import router as site_router
from cleavr_connect.messages.endpoints import helpers as message_helpers
from cleavr_connect.messages.endpoints import router as messages_router
from cleavr_connect.oauth.endpoints import router as oauth_router
from cleavr_connect.payments.endpoints import router as payments_router
from cleavr_connect.payouts.endpoints import router as payouts_router
from cleavr_connect.portal.endpoints import router as portal_router
from cleavr_connect.receivables.endpoints import helpers as receivable_helpers
from cleavr_connect.receivables.endpoints import router as receivables_router
from cleavr_connect.recovery.endpoints import helpers as recovery_helpers
from cleavr_connect.recovery.endpoints import router as recovery_router
from cleavr_connect.reports.endpoints import router as reports_router
from cleavr_connect.users.endpoints import router as users_router
from cleavr_connect.webhooks.endpoints import router as webhooks_router
from cleavr_connect.webhooks.events_endpoints import router as events_router

# The hottest routes first: matching walks this list in order. Last: `/{lang}/d/{token}` must
# not shadow any fixed path.
ROUTERS: list[APIRouter] = [
    auth_router,
    oauth_router,
    users_router,
    receivables_router,
    recovery_router,
    recovery_helpers,
    receivable_helpers,
    messages_router,
    message_helpers,
    payouts_router,
    commission_router,
    authorize_router,
    hosted_router,
    account_reports_router,
    reports_router,
    onboarding_router,
    webhooks_router,
    events_router,
    health_router,
    site_router,
    payments_router,
    branding_router,
    components_router,
    components_public,
    portal_router,
]

router = APIRouter()
for _included in ROUTERS:
    router.include_router(_included)
