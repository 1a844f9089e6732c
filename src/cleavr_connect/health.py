"""`GET /health`: is the service up, and does it run on complete rate tables."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from cleavr_connect.web.deps import RuntimeDep, SessionDep

router = APIRouter(tags=["Health"])


@router.get("/health", summary="Health")
async def health(session: SessionDep, rt: RuntimeDep) -> dict[str, Any]:
    """`ok`, or `degraded` with `warnings` when a rate table (ECB, legal interest) has no entry
    for the current half-year and the last known rate is being used in its place."""
    await rt.rates.refresh(session, force=True)
    warnings = rt.rates.warnings(rt.clock.now().date())
    return {"status": "degraded" if warnings else "ok", "warnings": warnings}
