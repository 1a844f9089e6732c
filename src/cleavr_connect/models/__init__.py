"""Every table, imported here so Alembic and the tests see the whole schema."""

from cleavr_connect.models.account import Account, AccountSession
from cleavr_connect.models.audit import AuditEvent
from cleavr_connect.models.bank import BankEntry
from cleavr_connect.models.component import ComponentToken
from cleavr_connect.models.event import Event
from cleavr_connect.models.idempotency import IdempotencyKey
from cleavr_connect.models.law import InvoiceSequence, RateEntry
from cleavr_connect.models.oauth import AccessToken, AuthorizationCode, Grant, RefreshToken
from cleavr_connect.models.platform import Platform
from cleavr_connect.models.portal import (
    CardCheckout,
    CreditorReference,
    PaymentPromise,
    PortalDispute,
    PortalToken,
)
from cleavr_connect.models.receivable import (
    CommissionTable,
    DebtorMessage,
    OpenInvoiceNumber,
    Payment,
    Payout,
    ReadingJob,
    Receivable,
    ReceivableAction,
)
from cleavr_connect.models.report import (
    ReceivableDailyTotal,
    ReceivablePaymentDelay,
    ReceivableUserDailyTotal,
)
from cleavr_connect.models.user import OnboardingLink, StoredFile, User
from cleavr_connect.models.webhook import (
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEventQueue,
)

__all__ = [
    "AccessToken",
    "Account",
    "AccountSession",
    "AuditEvent",
    "BankEntry",
    "AuthorizationCode",
    "CardCheckout",
    "CommissionTable",
    "ComponentToken",
    "CreditorReference",
    "DebtorMessage",
    "OpenInvoiceNumber",
    "Payment",
    "Payout",
    "ReadingJob",
    "Receivable",
    "ReceivableAction",
    "ReceivableDailyTotal",
    "ReceivablePaymentDelay",
    "ReceivableUserDailyTotal",
    "Event",
    "IdempotencyKey",
    "InvoiceSequence",
    "RateEntry",
    "OnboardingLink",
    "StoredFile",
    "User",
    "Grant",
    "PaymentPromise",
    "Platform",
    "PortalDispute",
    "PortalToken",
    "RefreshToken",
    "WebhookAttempt",
    "WebhookDelivery",
    "WebhookEndpoint",
    "WebhookEventQueue",
]
