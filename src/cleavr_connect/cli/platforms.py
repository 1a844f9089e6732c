"""`cleavr-connect platforms …`: register and manage platforms (OAuth clients)."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from typing import Any

from cleavr_connect.cli.output import day, emit
from cleavr_connect.cli.runner import with_transaction
from cleavr_connect.clock import isoformat
from cleavr_connect.commission import service as commission
from cleavr_connect.errors import FieldError, ValidationError
from cleavr_connect.models import Platform
from cleavr_connect.platforms import branding, repository, service


def describe(platform: Platform) -> dict[str, Any]:
    return {
        "client_id": platform.id,
        "name": platform.name,
        "mode": "live" if platform.livemode else "test",
        "public": platform.is_public,
        "require_pkce": platform.require_pkce,
        "redirect_uris": platform.redirect_uris,
        "webhook_url": platform.webhook_url,
        "api_version": platform.api_version,
        "created_at": isoformat(platform.created_at),
        "disabled": platform.disabled_at is not None,
        "brand_color": platform.brand_color,
        "logo": platform.logo is not None,
        "embed_origins": list(platform.embed_origins or []),
    }


def _branding_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--logo", type=Path, help="PNG, JPEG or WebP shown on its users' pages")
    parser.add_argument("--brand-color", help="accent colour of its users' pages, #rrggbb")
    parser.add_argument(
        "--embed-origin",
        action="append",
        dest="embed_origins",
        help="an origin (https://host[:port]) allowed to frame onboarding; repeat for more",
    )


def _apply_branding(platform: Platform, args: argparse.Namespace) -> None:
    logo = args.logo.read_bytes() if getattr(args, "logo", None) else None
    branding.apply(
        platform,
        logo=logo,
        remove_logo=bool(getattr(args, "no_logo", False)),
        brand_color=args.brand_color,
        embed_origins=([] if getattr(args, "no_embed_origins", False) else args.embed_origins),
    )


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("platforms", help="register and manage platforms (OAuth clients)")
    ps = p.add_subparsers(dest="action", required=True)

    c = ps.add_parser("create", help="register a platform; prints its secrets once")
    c.add_argument("--name", required=True)
    c.add_argument("--redirect-uri", action="append", required=True, dest="redirect_uris")
    c.add_argument("--mode", choices=["test", "live"], required=True)
    c.add_argument("--public", action="store_true", help="no secret; PKCE required (SPAs)")
    c.add_argument("--require-pkce", action="store_true")
    c.add_argument("--webhook-url")
    _branding_arguments(c)
    c.add_argument("--json", action="store_true")
    c.set_defaults(handler=create)

    u = ps.add_parser("update", help="change a platform's name, logo, colour or embed origins")
    u.add_argument("client_id")
    u.add_argument("--name")
    _branding_arguments(u)
    u.add_argument("--no-logo", action="store_true", help="remove the logo")
    u.add_argument(
        "--no-embed-origins", action="store_true", help="allow no origin to frame onboarding"
    )
    u.add_argument("--json", action="store_true")
    u.set_defaults(handler=update)

    ls = ps.add_parser("list", help="list platforms")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(handler=list_)

    sh = ps.add_parser("show", help="show one platform")
    sh.add_argument("client_id")
    sh.add_argument("--json", action="store_true")
    sh.set_defaults(handler=show)

    r = ps.add_parser("rotate-secret", help="issue a new client secret")
    r.add_argument("client_id")
    r.add_argument(
        "--grace-hours",
        type=float,
        default=0,
        help="keep the old secret valid this long (default: it stops working at once)",
    )
    r.add_argument("--json", action="store_true")
    r.set_defaults(handler=rotate)

    sr = ps.add_parser("set-rates", help="give a platform its own commission table")
    sr.add_argument("client_id")
    sr.add_argument(
        "--rates", required=True, help="MIN_DAYS:RATE bands from 0, e.g. 0:9.80,45:14.90,90:19.60"
    )
    sr.add_argument("--effective-from", type=day, help="YYYY-MM-DD (default: now)")
    sr.add_argument("--json", action="store_true")
    sr.set_defaults(handler=set_rates)

    d = ps.add_parser("disable", help="disable a platform and revoke all its tokens")
    d.add_argument("client_id")
    d.add_argument("--json", action="store_true")
    d.set_defaults(handler=disable)


async def create(args: argparse.Namespace) -> int:
    async def work(session, rt):  # type: ignore[no-untyped-def]
        created = await service.create(
            session,
            rt.keys,
            name=args.name,
            redirect_uris=args.redirect_uris,
            livemode=args.mode == "live",
            public=args.public,
            require_pkce=args.require_pkce,
            webhook_url=args.webhook_url,
            now=rt.clock.now(),
        )
        _apply_branding(created.platform, args)
        data = describe(created.platform)
        if created.client_secret:
            data["client_secret"] = created.client_secret
        data["webhook_secret"] = created.webhook_secret
        return data

    data = await with_transaction(work, as_json=args.json)
    if data is None:
        return 1
    emit(
        data,
        as_json=args.json,
        title="Platform created. Store the secrets now: they are shown once.",
    )
    return 0


async def update(args: argparse.Namespace) -> int:
    async def work(session, rt):  # type: ignore[no-untyped-def]
        platform = await service.get_or_404(session, args.client_id)
        if args.name is not None:
            if not args.name.strip():
                raise ValidationError([FieldError("name", "required", "A platform needs a name.")])
            platform.name = args.name.strip()
        _apply_branding(platform, args)
        return describe(platform)

    data = await with_transaction(work, as_json=args.json)
    if data is None:
        return 1
    emit(data, as_json=args.json, title="Platform updated.")
    return 0


async def list_(args: argparse.Namespace) -> int:
    async def work(session, rt):  # type: ignore[no-untyped-def]
        return [describe(p) for p in await repository.list_all(session)]

    rows = await with_transaction(work, as_json=args.json)
    if rows is None:
        return 1
    if args.json:
        emit({"object": "list", "data": rows}, as_json=True)
    else:
        for row in rows:
            state = "disabled" if row["disabled"] else row["mode"]
            print(f"{row['client_id']}  {state:8}  {row['name']}")
    return 0


async def show(args: argparse.Namespace) -> int:
    async def work(session, rt):  # type: ignore[no-untyped-def]
        return describe(await service.get_or_404(session, args.client_id))

    data = await with_transaction(work, as_json=args.json)
    if data is None:
        return 1
    emit(data, as_json=args.json)
    return 0


async def rotate(args: argparse.Namespace) -> int:
    async def work(session, rt):  # type: ignore[no-untyped-def]
        platform, secret, old_until = await service.rotate_secret(
            session,
            rt.keys,
            args.client_id,
            grace=timedelta(hours=args.grace_hours),
            now=rt.clock.now(),
        )
        return {
            "client_id": platform.id,
            "client_secret": secret,
            "previous_secret_valid_until": isoformat(old_until) if old_until else None,
        }

    data = await with_transaction(work, as_json=args.json)
    if data is None:
        return 1
    if not args.json:
        until = data["previous_secret_valid_until"]
        print("New client secret (shown once):", data["client_secret"])
        print(
            f"The previous secret stays valid until {until}."
            if until
            else "The previous secret no longer works."
        )
        return 0
    emit(data, as_json=True)
    return 0


async def set_rates(args: argparse.Namespace) -> int:
    async def work(session, rt):  # type: ignore[no-untyped-def]
        platform = await service.get_or_404(session, args.client_id)
        bands = commission.parse_bands(args.rates)
        now = rt.clock.now()
        since = (
            datetime.combine(args.effective_from, time.min, tzinfo=UTC)
            if args.effective_from
            else now
        )
        await commission.set_table(session, platform.id, bands, effective_from=since, now=now)
        return {
            "client_id": platform.id,
            "effective_from": isoformat(since),
            "bands": [b.as_dict() for b in bands],
        }

    data = await with_transaction(work, as_json=args.json)
    if data is None:
        return 1
    emit(data, as_json=args.json, title="Commission table set.")
    return 0


async def disable(args: argparse.Namespace) -> int:
    async def work(session, rt):  # type: ignore[no-untyped-def]
        return describe(await service.disable(session, args.client_id, now=rt.clock.now()))

    data = await with_transaction(work, as_json=args.json)
    if data is None:
        return 1
    emit(data, as_json=args.json, title="Platform disabled; every token it held is revoked.")
    return 0
