"""Migration 0015 erases onboarding links already copied into events and kept encrypted."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from cleavr_connect.db import migrate


def test_existing_links_leave_events_and_storage(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    migrate.upgrade(f"sqlite:///{path}", "0007")
    link = "http://testserver/onboarding/onb_secretTOKEN"
    user = {"id": "usr_clv_test_1", "object": "user", "onboarding_url": link, "email": "a@b.fr"}
    with sqlite3.connect(path) as conn:
        for event_id, data in (
            ("evt_1", {"object": user}),
            ("evt_2", {"object": {**user, "onboarding_url": None}, "previous_attributes": user}),
            ("evt_3", {"object": {"id": "rec_1", "object": "receivable"}}),
        ):
            conn.execute(
                "INSERT INTO events (id, type, platform_id, account_id, livemode, object_id, data,"
                " created_at) VALUES (?, 'user.created', 'plat', 'acct', 0, 'usr', ?,"
                " '2026-11-01 10:00:00.000000')",
                (event_id, json.dumps(data)),
            )
        conn.execute(
            "INSERT INTO users (id, platform_id, account_id, livemode, email, status, company,"
            " contact, representative, metadata, review_errors, created_at, updated_at) VALUES"
            " ('usr_clv_test_1', 'plat', 'acct', 0, 'a@b.fr', 'pending_onboarding', '{}', '{}',"
            " '{}', '{}', '[]', '2026-11-01', '2026-11-01')"
        )
        conn.execute(
            "INSERT INTO onboarding_links (token_hash, token_encrypted, user_id, created_at,"
            " expires_at) VALUES ('h', 'ciphertext', 'usr_clv_test_1', '2026-11-01', '2026-11-02')"
        )
    migrate.upgrade(f"sqlite:///{path}")
    with sqlite3.connect(path) as conn:
        rows = dict(conn.execute("SELECT id, data FROM events").fetchall())
        kept = conn.execute("SELECT token_encrypted FROM onboarding_links").fetchall()
    assert "secretTOKEN" not in "".join(rows.values())
    assert json.loads(rows["evt_1"])["object"] == {**user, "onboarding_url": None}
    assert json.loads(rows["evt_2"])["previous_attributes"]["onboarding_url"] is None
    assert json.loads(rows["evt_3"]) == {"object": {"id": "rec_1", "object": "receivable"}}
    assert kept == [(None,)]
