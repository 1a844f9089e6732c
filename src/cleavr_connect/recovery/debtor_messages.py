"""A debtor message a recovery event calls for (a plan's decision, an instalment's reminder),
queued like every step's message (`messages.compose`): the claim's statement and mentions, plus
the facts of its kind, written in the debtor's language."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from cleavr_connect.messages import compose, content
from cleavr_connect.models import Receivable
from cleavr_connect.runtime import Runtime

# The facts a message's template needs beyond the claim's, written in the given language.
Facts = Callable[[str], dict[str, Any]]


async def queue(
    session: AsyncSession, rt: Runtime, rec: Receivable, kind: str, at: datetime, facts: Facts
) -> dict[str, Any]:
    """Queues the message `kind` in the caller's transaction; returns what its timeline entry
    records (`compose.queue_step`)."""
    context = facts(content.language_of(rec))
    return await compose.queue_step(session, rt, rec, kind, at, context=context)
