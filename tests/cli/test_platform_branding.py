"""`platforms create|update --logo --brand-color --embed-origin`: how a platform's users see it."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import select

from cleavr_connect.db.engine import Database
from cleavr_connect.errors import ValidationError
from cleavr_connect.models import Platform
from cleavr_connect.platforms import branding
from tests.cli.conftest import Cli

REDIRECT_URI = "https://platform.example/callback"


def logo_file(tmp_path: Path) -> Path:
    path = tmp_path / "logo.jpg"
    Image.new("RGB", (600, 300), "#1d3557").save(path, "JPEG")
    return path


async def test_update_sets_logo_colour_and_embed_origins(
    cli: Cli, db: Database, tmp_path: Path
) -> None:
    created = (
        await cli(
            "platforms",
            "create",
            "--name",
            "Invoicely",
            "--mode",
            "test",
            "--redirect-uri",
            REDIRECT_URI,
            "--brand-color",
            "#E4572E",
            "--json",
        )
    ).json()
    assert created["brand_color"] == "#e4572e" and created["logo"] is False
    updated = (
        await cli(
            "platforms",
            "update",
            created["client_id"],
            "--logo",
            str(logo_file(tmp_path)),
            "--embed-origin",
            "https://app.invoicely.example/",
            "--embed-origin",
            "http://localhost:3000",
            "--json",
        )
    ).json()
    assert updated["logo"] is True
    assert updated["embed_origins"] == ["https://app.invoicely.example", "http://localhost:3000"]
    async with db.transaction() as session:
        platform = (await session.execute(select(Platform))).scalar_one()
    # Re-encoded as a PNG at most 128 pixels high: only pixels are ever served back.
    with Image.open(io.BytesIO(platform.logo or b"")) as image:
        assert image.format == "PNG" and image.height == 128

    cleared = (
        await cli(
            "platforms",
            "update",
            created["client_id"],
            "--no-logo",
            "--no-embed-origins",
            "--brand-color",
            "",
            "--json",
        )
    ).json()
    assert cleared["logo"] is False and cleared["embed_origins"] == []
    assert cleared["brand_color"] is None


async def test_update_refuses_what_it_cannot_use(cli: Cli, tmp_path: Path) -> None:
    created = (
        await cli(
            "platforms",
            "create",
            "--name",
            "Invoicely",
            "--mode",
            "test",
            "--redirect-uri",
            REDIRECT_URI,
            "--json",
        )
    ).json()
    client_id = created["client_id"]
    not_an_image = tmp_path / "logo.png"
    not_an_image.write_text("<svg onload=alert(1)>")
    cases = [
        (["--brand-color", "red"], "brand_color", "invalid_color"),
        (["--logo", str(not_an_image)], "logo", "invalid_logo"),
        (["--embed-origin", "https://app.example/path"], "embed_origin[0]", "invalid_origin"),
        (["--embed-origin", "http://app.example"], "embed_origin[0]", "invalid_origin"),
    ]
    for args, param, code in cases:
        error = (await cli("platforms", "update", client_id, *args, "--json")).error()
        assert (error["param"], error["code"]) == (param, code), args


def test_a_logo_whose_header_claims_billions_of_pixels_is_refused() -> None:
    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", 60000, 60000, 8, 0, 0, 0, 0)
    bomb = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0"))
    with pytest.raises(ValidationError) as refused:
        branding.check_logo(bomb + chunk(b"IEND", b""))
    assert refused.value.errors[0].code == "invalid_logo"
