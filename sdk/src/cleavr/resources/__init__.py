from cleavr.resources.commission import Commission
from cleavr.resources.events import Events
from cleavr.resources.me import MeResource
from cleavr.resources.messages import Messages
from cleavr.resources.payouts import Payouts
from cleavr.resources.receivables import Receivables
from cleavr.resources.reports import Reports
from cleavr.resources.test_helpers import (
    TestHelperMessages,
    TestHelperReceivables,
    TestHelpers,
    TestHelperUsers,
)
from cleavr.resources.users import Users
from cleavr.resources.webhooks import Webhooks

__all__ = [
    "Commission",
    "Events",
    "MeResource",
    "Messages",
    "Payouts",
    "Receivables",
    "Reports",
    "TestHelperMessages",
    "TestHelperReceivables",
    "TestHelperUsers",
    "TestHelpers",
    "Users",
    "Webhooks",
]
