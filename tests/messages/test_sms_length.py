"""How many messages an SMS is sent as, and when it may be sent."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from cleavr_connect.messages.sms import gsm_typography, segments, sending_window
from cleavr_connect.messages.worker import send_due
from cleavr_connect.recovery import playbook
from tests.factories import receivable_body
from tests.messages.conftest import live_receivable, messages_of


def test_gsm_text_counts_153_a_part_and_the_euro_twice() -> None:
    assert segments("a" * 160) == ("GSM-7", 1)
    assert segments("a" * 161) == ("GSM-7", 2)
    assert segments("€" * 80) == ("GSM-7", 1)  # the extension table: two septets each
    assert segments("€" * 81) == ("GSM-7", 2)
    assert segments("é à ù è ì ò Ç É ä ö ü ñ") == ("GSM-7", 1)


def test_one_letter_outside_the_alphabet_makes_it_ucs2() -> None:
    assert segments("reste dû") == ("UCS-2", 1)
    assert segments("û" * 71) == ("UCS-2", 2)
    assert segments("Łukasz " * 20) == ("UCS-2", 3)  # 140 characters, 67 a part


def test_french_typography_becomes_its_gsm_look_alike_but_names_keep_their_letters() -> None:
    text = gsm_typography("1\u202f260,77\u00a0€ « l’acompte » — Łukasz")
    assert text == '1 260,77 € " l\'acompte " - Łukasz'


@pytest.mark.parametrize(
    ("at", "sent"),
    [
        ("2026-01-22T09:00:00Z", "2026-01-22T09:00:00Z"),  # a Thursday, 10:00 in Paris
        ("2026-01-22T06:59:00Z", "2026-01-22T07:00:00Z"),  # 07:59 in Paris: at 08:00
        ("2026-01-22T19:00:00Z", "2026-01-23T07:00:00Z"),  # 20:00 in Paris: the next morning
        ("2026-01-24T21:00:00Z", "2026-01-26T07:00:00Z"),  # Saturday night: not on Sunday
        # The night the clocks go forward (29 March), then Monday 08:00 summer time.
        ("2026-03-28T19:30:00Z", "2026-03-30T06:00:00Z"),
        # Easter weekend: Sunday, then Easter Monday (6 April 2026) are skipped.
        ("2026-04-04T19:00:00Z", "2026-04-07T06:00:00Z"),
        ("2026-12-24T19:30:00Z", "2026-12-26T07:00:00Z"),  # Christmas
        # The clocks go back on 25 October: Monday 08:00 is winter time again.
        ("2026-10-24T19:00:00Z", "2026-10-26T07:00:00Z"),
    ],
)
def test_texts_wait_for_daytime_on_a_working_day_in_paris(at: str, sent: str) -> None:
    def moment(value: str) -> datetime:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))

    assert sending_window(moment(at)) == moment(sent)


async def test_a_live_text_due_on_saturday_night_leaves_on_monday_morning(
    client, db, runtime, clock
) -> None:  # type: ignore[no-untyped-def]
    clock.set(datetime(2026, 1, 17, 21, 0, tzinfo=UTC))  # a Saturday, 22:00 in Paris
    debtor = receivable_body("x")["debtor"]
    debtor["contacts"][0]["phone"] = "06 12 34 56 78"
    _, rec = await live_receivable(client, db, runtime, debtor=debtor)
    clock.advance(days=7)  # the second reminder, with its text: Saturday 24, 22:00
    async with db.transaction() as session:
        await playbook.run_all_due(session, runtime)
    assert await send_due(db, runtime) == 2  # the two reminder e-mails
    (text,) = [m for m in await messages_of(db, rec["id"]) if m.channel == "sms"]
    assert text.status == "queued"
    clock.set(datetime(2026, 1, 26, 6, 59, tzinfo=UTC))  # Monday 07:59 in Paris
    assert await send_due(db, runtime) == 0
    clock.set(datetime(2026, 1, 26, 7, 0, tzinfo=UTC))
    assert await send_due(db, runtime) == 1
    (text,) = [m for m in await messages_of(db, rec["id"]) if m.channel == "sms"]
    assert text.status == "sent" and text.created_at.day == 24
