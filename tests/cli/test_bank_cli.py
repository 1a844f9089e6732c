"""`cleavr-connect payments import|unmatched` and `payouts export|mark-paid` as an operator
runs them (SPEC §13): real camt.053 files in, a real pain.001 file out, and every refusal one
JSON error naming what was wrong."""

from __future__ import annotations

from pathlib import Path

from lxml import etree
from sqlalchemy import select, update

from cleavr_connect.models import Payment, Payout, User
from cleavr_connect.payouts import sepa
from tests.cli.conftest import Cli
from tests.payments.statements import Entry, camt053
from tests.payments.statements import receivables as _receivables


async def test_a_statement_imported_twice_records_its_credits_once(
    client, db, runtime, cli: Cli, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    ids, refs, _ = await _receivables(client, db, runtime, 2)
    statement = tmp_path / "releve.xml"
    statement.write_bytes(
        camt053(
            [
                Entry("100.00", "BANK-1", structured=refs[0]),
                Entry("250.50", "BANK-2", unstructured=f"Facture {refs[1].lower()}"),
                Entry("42.00", "BANK-3", unstructured="VIREMENT LOYER"),
            ]
        )
    )
    first = (await cli("payments", "import", str(statement), "--test", "--json")).ok()
    assert [(p["receivable_id"], p["amount"]) for p in first["payments"]] == [
        (ids[0], 100.0),
        (ids[1], 250.5),
    ]
    assert [u["remittance"] for u in first["unmatched"]] == ["VIREMENT LOYER"]
    again = (await cli("payments", "import", str(statement), "--test", "--json")).ok()
    assert again["payments"] == [] and again["duplicates"] == 3
    async with db.transaction() as session:
        amounts = sorted((await session.execute(select(Payment.amount_cents))).scalars())
    assert amounts == [10000, 25050]

    stray = (await cli("payments", "unmatched", "--test", "--json")).ok()
    assert [(line["amount"], line["remittance"]) for line in stray["data"]] == [
        (42.0, "VIREMENT LOYER")
    ]
    text = await cli("payments", "import", str(statement), "--test")
    assert text.code == 0 and "3 already imported" in text.stdout


async def test_refusals_are_one_json_error_naming_the_argument(cli: Cli, tmp_path: Path) -> None:
    missing = (await cli("payments", "import", str(tmp_path / "none.xml"), "--json")).error()
    assert (missing["code"], missing["param"]) == ("file_unreadable", "file")
    not_camt = tmp_path / "x.xml"
    not_camt.write_bytes(b"<x/>")
    invalid = (await cli("payments", "import", str(not_camt), "--json")).error()
    assert (invalid["code"], invalid["param"]) == ("invalid_statement", "file")

    for args, param in [
        (("payouts", "export", "--date", "2026-02-30"), "date"),
        (("payouts", "export", "--date", "15/01/2026"), "date"),
        (("payouts", "export"), "date"),
        (("payments", "record", "rec_x", "--amount", "1", "--paid-at", "hier"), "paid_at"),
    ]:
        result = await cli(*args, "--json")
        assert result.code == 2, result.describe()
        error = result.error()
        assert (error["code"], error["param"]) == ("invalid_argument", param), error
        assert "usage:" in result.stderr
    # Without --json, argparse's own message, on standard error only.
    plain = await cli("payouts", "export", "--date", "2026-02-30")
    assert plain.code == 2 and plain.stdout == ""
    assert "not a date (YYYY-MM-DD): '2026-02-30'" in plain.stderr

    both = await cli("payouts", "export", "--date", "2026-01-15", "--json")
    assert both.code == 2 and (both.error()["code"], both.error()["param"]) == (
        "invalid_argument",
        "out",
    )
    unknown = (await cli("payouts", "mark-paid", "po_nope", "--json")).error()
    assert (unknown["code"], unknown["param"]) == ("resource_missing", "payout_id")


async def test_payouts_leave_in_a_pain001_file_once_then_are_marked_paid(
    client, db, runtime, cli: Cli, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    _, refs, user_id = await _receivables(client, db, runtime, 2)
    async with db.transaction() as session:
        await session.execute(
            update(User)
            .where(User.id == user_id)
            .values(
                payout_iban_encrypted=runtime.keys.encrypt("FR1420041010050500013M02606"),
                payout_account_holder="Plomberie Martin",
            )
        )
    statement = tmp_path / "releve.xml"
    statement.write_bytes(
        camt053(
            [Entry("100.00", "A", structured=refs[0]), Entry("200.00", "B", structured=refs[1])]
        )
    )
    (await cli("payments", "import", str(statement), "--test", "--json")).ok()
    async with db.transaction() as session:
        payout = (await session.execute(select(Payout))).scalar_one()
        day = payout.payout_date.isoformat()

    out = tmp_path / "virements" / "pain.xml"
    summary = (
        await cli("payouts", "export", "--date", day, "--test", "--out", str(out), "--json")
    ).ok()
    assert summary["payouts"] == [payout.id] and summary["file"] == str(out)
    assert summary["total"] == payout.amount_cents / 100
    xml = out.read_bytes()
    sepa.validate(xml)
    amount = next(etree.fromstring(xml).iter("{*}CtrlSum"))
    assert amount.text == f"{payout.amount_cents / 100:.2f}"
    assert not list(out.parent.glob("*.part"))  # written whole, nothing left beside it
    async with db.transaction() as session:
        assert (await session.get(Payout, payout.id)).status == "in_transit"  # type: ignore[union-attr]

    # The day is done: nothing leaves twice, and the file already written stays as it was.
    again = (
        await cli("payouts", "export", "--date", day, "--test", "--out", str(out), "--json")
    ).ok()
    assert again["payouts"] == [] and again["file"] is None
    assert out.read_bytes() == xml
    # Without --out, the file itself on standard output.
    assert (await cli("payouts", "export", "--date", day, "--test")).stdout.startswith("No payout")

    paid = (await cli("payouts", "mark-paid", payout.id, "--json")).ok()
    assert paid == {"paid": [payout.id]}
    async with db.transaction() as session:
        assert (await session.get(Payout, payout.id)).status == "paid"  # type: ignore[union-attr]

    # The user's bank sends the transfer back: the import names the payout returned.
    back = tmp_path / "retour.xml"
    back.write_bytes(
        camt053(
            [
                Entry(
                    f"{payout.amount_cents / 100:.2f}",
                    "RET-1",
                    end_to_end=sepa.end_to_end_id(payout.id),
                    return_reason="AC04",
                )
            ]
        )
    )
    text = await cli("payments", "import", str(back), "--test")
    assert text.code == 0 and "1 payouts returned" in text.stdout
    assert f"returned {payout.id}" in text.stdout
    async with db.transaction() as session:
        failed = await session.get(Payout, payout.id)
        assert failed is not None and (failed.status, failed.failure_code) == (
            "failed",
            "account_closed",
        )
    again = (await cli("payments", "import", str(back), "--test", "--json")).ok()
    assert again["payouts_failed"] == [] and again["duplicates"] == 1

    # Money that came back cannot be confirmed as received: the payout stays failed until a
    # new transfer leaves for the user's next IBAN.
    refused = await cli("payouts", "mark-paid", payout.id, "--json")
    assert (refused.error()["code"], refused.error()["param"]) == ("payout_not_sent", "payout_id")
    assert payout.id in refused.error()["message"]
    async with db.transaction() as session:
        assert (await session.get(Payout, payout.id)).status == "failed"  # type: ignore[union-attr]
