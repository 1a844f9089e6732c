"""The payment plans a user's debtors may agree without asking (`payment_plan_policy`).

Defaults, until the platform sets the user's policy: at most 6 monthly instalments, none below
50.00 EUR, and such a plan accepted at once. A plan outside the policy, or any plan when
`auto_accept` is false, waits for the platform's decision.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from cleavr_connect.errors import FieldError
from cleavr_connect.money import as_json, parse_amount, to_cents

MIN_INSTALMENTS = 2
MAX_INSTALMENTS = 12
# What a user's policy is until the platform sets one.
DEFAULT_MAX_INSTALMENTS = 6
DEFAULT_MIN_INSTALMENT_CENTS = 5000
DEFAULT_AUTO_ACCEPT = True


@dataclass(frozen=True)
class Policy:
    max_instalments: int = DEFAULT_MAX_INSTALMENTS
    min_instalment_cents: int = DEFAULT_MIN_INSTALMENT_CENTS
    auto_accept: bool = DEFAULT_AUTO_ACCEPT

    def as_object(self) -> dict[str, Any]:
        return {
            "max_instalments": self.max_instalments,
            "min_instalment_amount": as_json(self.min_instalment_cents),
            "auto_accept": self.auto_accept,
        }

    def stored(self) -> dict[str, Any]:
        return {
            "max_instalments": self.max_instalments,
            "min_instalment_cents": self.min_instalment_cents,
            "auto_accept": self.auto_accept,
        }


def policy_of(stored: dict[str, Any] | None) -> Policy:
    stored = stored or {}
    return Policy(
        max_instalments=int(stored.get("max_instalments", DEFAULT_MAX_INSTALMENTS)),
        min_instalment_cents=int(stored.get("min_instalment_cents", DEFAULT_MIN_INSTALMENT_CENTS)),
        auto_accept=bool(stored.get("auto_accept", DEFAULT_AUTO_ACCEPT)),
    )


def merged(
    current: dict[str, Any] | None, changes: dict[str, Any]
) -> tuple[dict[str, Any], list[FieldError]]:
    """The stored policy after an update (`changes`: the fields given), and what is wrong."""
    policy = policy_of(current).stored()
    errors: list[FieldError] = []
    count = changes.get("max_instalments")
    if count is not None:
        if (
            isinstance(count, bool)
            or not isinstance(count, int)
            or not (MIN_INSTALMENTS <= count <= MAX_INSTALMENTS)
        ):
            errors.append(
                FieldError(
                    "payment_plan_policy.max_instalments",
                    "invalid_instalments",
                    "A whole number of instalments from 2 to 12.",
                )
            )
        else:
            policy["max_instalments"] = count
    if "min_instalment_amount" in changes and changes["min_instalment_amount"] is not None:
        amount = parse_amount(changes["min_instalment_amount"])
        if amount is None or amount < Decimal(0):
            errors.append(
                FieldError(
                    "payment_plan_policy.min_instalment_amount",
                    "invalid_amount",
                    "An amount of 0 or more, with at most 2 decimals.",
                )
            )
        else:
            policy["min_instalment_cents"] = to_cents(amount)
    if changes.get("auto_accept") is not None:
        policy["auto_accept"] = bool(changes["auto_accept"])
    return policy, errors
