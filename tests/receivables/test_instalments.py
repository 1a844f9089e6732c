"""The schedule of a payment plan, without the database: the cent split, monthly due dates,
how payments fill instalments and when the next step falls due."""

from __future__ import annotations

from datetime import date

from cleavr_connect.receivables import instalments
from cleavr_connect.users.plan_policy import Policy


def test_the_split_is_exact_to_the_cent_and_the_first_carry_the_remainder() -> None:
    assert instalments.split(100_001, 3) == [33_334, 33_334, 33_333]
    assert instalments.split(100_000, 4) == [25_000] * 4
    assert instalments.split(1_199, 12) == [100] * 11 + [99]
    for total in (1, 997, 125_837, 99_999_999):
        for count in range(2, 13):
            parts = instalments.split(total, count)
            assert sum(parts) == total and max(parts) - min(parts) <= 1


def test_monthly_due_dates_keep_the_day_or_take_the_month_end() -> None:
    plan = instalments.schedule(30_000, 3, date(2026, 1, 24))  # first due 7 days later
    assert [i["due_date"] for i in plan] == ["2026-01-31", "2026-02-28", "2026-03-31"]
    december = instalments.schedule(30_000, 2, date(2026, 12, 20))
    assert [i["due_date"] for i in december] == ["2026-12-27", "2027-01-27"]


def test_the_policy_decides_what_is_accepted_without_asking() -> None:
    policy = Policy(max_instalments=3, min_instalment_cents=10_000)
    assert instalments.within_policy(policy, instalments.schedule(30_000, 3, date(2026, 1, 1)))
    assert not instalments.within_policy(policy, instalments.schedule(30_000, 4, date(2026, 1, 1)))
    # 299.99 in 3: the last instalment is 99.99, under 100.00
    assert not instalments.within_policy(policy, instalments.schedule(29_999, 3, date(2026, 1, 1)))


def test_payments_fill_instalments_in_order_and_the_grace_ends_a_day_after_5() -> None:
    plan = {"instalments": instalments.schedule(30_000, 3, date(2026, 1, 1))}
    plan = instalments.allocate(plan, 15_000)
    assert [(i["paid_cents"], i["status"]) for i in plan["instalments"]] == [
        (10_000, "paid"),
        (5_000, "scheduled"),
        (0, "scheduled"),
    ]
    due = instalments.next_due(plan)
    assert due is not None and (due.kind, due.index) == ("remind", 1)
    assert due.at.isoformat() == "2026-02-05T09:00:00+00:00"  # 3 days before 2026-02-08
    reminded = [dict(i) for i in plan["instalments"]]
    reminded[1]["reminded"] = True
    due = instalments.next_due({"instalments": reminded})
    # unpaid after 2026-02-08 + 5 days of grace: missed from 2026-02-14 00:00
    assert due is not None and (due.kind, due.index) == ("miss", 1)
    assert due.at.isoformat() == "2026-02-14T00:00:00+00:00"
    paid = instalments.allocate({"instalments": reminded}, 25_000)
    assert instalments.all_paid(paid)
    assert instalments.next_due(paid) is None
