"""API versions (SPEC §4). The registry of changes between them grows with the API."""

from __future__ import annotations

VERSIONS: tuple[str, ...] = ("2025-08-28", "2026-01-02")
LATEST = VERSIONS[-1]
