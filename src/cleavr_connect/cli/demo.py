"""`cleavr-connect demo`: the whole journey against a running server, narrated, with the SDK.

Authorize (print the URL, or drive the hosted forms with `--headless`), create a user, pass test
onboarding, submit a receivable, receive its webhooks on a local receiver and verify their
signatures, advance the test clock, record payments; then the debtor's side: a debtor follows the
link of the first reminder to the portal and pays by card (sandbox), another disputes the claim,
a third agrees a three-instalment payment plan and misses one; and print the final report.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import queue
import re
import threading
import time
from datetime import date, timedelta
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urljoin

import httpx

SCOPES = [
    "users:read",
    "users:write",
    "receivables:read",
    "receivables:write",
    "webhooks:read",
    "webhooks:write",
    "reports:read",
    "commission:read",
]


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("demo", help="narrate the whole journey against a running server")
    p.add_argument("--server", default=os.environ.get("CLEAVR_BASE_URL", "http://127.0.0.1:8000"))
    p.add_argument("--client-id", default=os.environ.get("CLEAVR_CLIENT_ID"))
    p.add_argument("--client-secret", default=os.environ.get("CLEAVR_CLIENT_SECRET"))
    p.add_argument("--redirect-uri", help="default: the server's /demo/callback")
    p.add_argument(
        "--email", default="demo@cleavr.test", help="account to sign in with (--headless)"
    )
    p.add_argument("--password", default="demo-password-1234")
    p.add_argument("--headless", action="store_true", help="fill the sign-in and consent forms")
    p.add_argument("--receiver-host", default="127.0.0.1")
    p.set_defaults(handler=run, sync=True)


class _Receiver:
    """A local webhook endpoint: every delivery lands in a queue, raw."""

    def __init__(self, host: str) -> None:
        inbox: queue.Queue[tuple[bytes, dict[str, str]]] = queue.Queue()

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers.get("content-length", "0")))
                inbox.put((body, {k.lower(): v for k, v in self.headers.items()}))
                self.send_response(200)
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args: Any) -> None:
                pass

        self.inbox = inbox
        self.server = ThreadingHTTPServer((host, 0), Handler)
        self.url = f"http://{host}:{self.server.server_address[1]}/cleavr-webhooks"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()


def _say(step: str, text: str = "") -> None:
    print(f"\n== {step}" + (f"\n   {text}" if text else ""), flush=True)


def _drive_forms(authorization_url: str, email: str, password: str) -> str:
    """Signs in and allows, like a person would; returns the callback URL."""

    def csrf(html: str) -> str:
        match = re.search(r'name="csrf_token" value="([0-9a-f]+)"', html)
        if not match:
            raise SystemExit("the page has no form to fill")
        return match.group(1)

    with httpx.Client(follow_redirects=False, timeout=30) as http:
        page = http.get(authorization_url)
        while page.status_code == 303 and "/signin" in page.headers["location"]:
            signin_url = urljoin(authorization_url, page.headers["location"])
            form = http.get(signin_url)
            next_url = re.search(r'name="next" value="([^"]*)"', form.text)
            page = http.post(
                urljoin(authorization_url, "/signin"),
                data={
                    "email": email,
                    "password": password,
                    "csrf_token": csrf(form.text),
                    "next": next_url.group(1).replace("&amp;", "&") if next_url else "",
                },
            )
            if page.status_code != 303:
                raise SystemExit(f"sign-in refused ({page.status_code}): check --email/--password")
            page = http.get(urljoin(authorization_url, page.headers["location"]))
        if page.status_code == 200 and 'name="decision"' in page.text:
            page = http.post(
                authorization_url, data={"csrf_token": csrf(page.text), "decision": "allow"}
            )
        if page.status_code != 303:
            raise SystemExit(f"authorization did not complete ({page.status_code})")
        return str(page.headers["location"])


def _events(
    receiver: _Receiver, client: Any, secret: str, wanted: int, seconds: float = 15
) -> list[str]:
    seen: list[str] = []
    end = time.monotonic() + seconds
    while len(seen) < wanted and time.monotonic() < end:
        try:
            body, headers = receiver.inbox.get(timeout=max(0.1, end - time.monotonic()))
        except queue.Empty:
            break
        event = client.webhooks.unwrap(body, headers, secret)  # raises on a bad signature
        seen.append(event.type)
        print(f"   webhook ✓ {event.type:28} {event.id}  (signature verified)", flush=True)
    return seen


def _invoice(number: str) -> dict[str, Any]:
    due = date.today() - timedelta(days=40)
    return {
        "numbers": [number],
        "issue_date": (due - timedelta(days=30)).isoformat(),
        "due_date": due.isoformat(),
        "amount": Decimal("600.00"),
        "amount_before_tax": Decimal("500.00"),
        "tax_amount": Decimal("100.00"),
        "currency": "EUR",
        "service_description": "Bathroom repairs",
    }


_DEBTOR = {
    "company_name": "Café du Marché SARL",
    "company_type": "company",
    "contacts": [
        {"first_name": "Luc", "last_name": "Moreau", "email": "luc@cafe.example", "level": 0}
    ],
}


def _portal_link(merchant: Any, receivable_id: str) -> str:
    """The personal link the first reminder e-mail carries, as the debtor receives it."""
    messages = list(merchant.receivables.messages(receivable_id))
    for message in reversed(messages):  # oldest first
        found = re.search(r"https?://\S+/(?:fr|en)/d/dpt_[0-9A-Za-z]+", message.text or "")
        if message.channel == "email" and found:
            print(f'   first reminder: "{message.subject}" to {message.to}')
            return found.group(0)
    raise SystemExit("no portal link in the reminders: is the message service running?")


def _csrf(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    if not found:
        raise SystemExit("the portal page has no form")
    return found.group(1)


def _debtor_side(merchant: Any, user_id: str, receiver: Any, client: Any, secret: str) -> None:
    _say(
        "7. The debtor's side: from the link in the first reminder to a paid claim",
        "The debtor opens the portal (no account, no JavaScript needed) and pays by card.",
    )
    rec = merchant.receivables.create(
        user_id=user_id, invoice=_invoice(f"F-{date.today():%Y%m%d}-043"), debtor=_DEBTOR
    )
    rec = merchant.test_helpers.receivables.advance(rec.id, days=1)
    link = _portal_link(merchant, rec.id)
    print(f"   portal: {link[:60]}…")
    with httpx.Client(timeout=15) as debtor:
        page = debtor.get(link)
        # The page prints the reference in groups of four ("RF18 5390 0754 7034").
        reference = re.search(r"RF\d{2}(?: ?[0-9A-Z]{1,4})+", page.text)
        print(
            f"   the portal shows the claim, the transfer details (reference "
            f"{reference.group(0).replace(' ', '') if reference else '?'}) and an EPC QR code"
        )
        csrf = _csrf(page.text)
        started = debtor.post(f"{link}/card", data={"csrf_token": csrf})
        sandbox = started.headers["location"]
        print(f"   pay by card → the test-mode sandbox checkout {sandbox.rsplit('/', 1)[1]}")
        debtor.get(sandbox)
        debtor.post(sandbox, data={"decision": "pay", "csrf_token": csrf})
    rec = merchant.receivables.retrieve(rec.id)
    print(
        f"   {rec.id}: {rec.status}, recovered {rec.amounts.amount_recovered} EUR "
        f"(payment source debtor_portal, commission {rec.amounts.commission})"
    )
    _events(receiver, client, secret, wanted=7)

    _say("8. Another debtor disputes the claim from the portal")
    rec = merchant.receivables.create(
        user_id=user_id, invoice=_invoice(f"F-{date.today():%Y%m%d}-044"), debtor=_DEBTOR
    )
    rec = merchant.test_helpers.receivables.advance(rec.id, days=1)
    link = _portal_link(merchant, rec.id)
    with httpx.Client(timeout=15) as debtor:
        csrf = _csrf(debtor.get(link).text)
        debtor.post(
            f"{link}/dispute",
            data={
                "csrf_token": csrf,
                "reason": "not_received",
                "comment": "Les travaux n'ont jamais été faits.",
            },
            files={"documents": ("constat.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")},
        )
    rec = merchant.receivables.retrieve(rec.id)
    dispute = rec.dispute
    print(
        f"   {rec.id}: {rec.status}; reminders paused (next action {rec.next_action_at}); "
        f"dispute reason {dispute.reason if dispute else None}, "
        f"{len(dispute.evidence) if dispute else 0} document(s)"
    )
    _events(receiver, client, secret, wanted=6)

    _say(
        "9. A third debtor asks for time: three monthly instalments, one missed",
        "Within the user's payment plan policy, the plan is accepted at once.",
    )
    rec = merchant.receivables.create(
        user_id=user_id, invoice=_invoice(f"F-{date.today():%Y%m%d}-045"), debtor=_DEBTOR
    )
    rec = merchant.test_helpers.receivables.advance(rec.id, days=1)
    link = _portal_link(merchant, rec.id)
    with httpx.Client(timeout=15) as debtor:
        csrf = _csrf(debtor.get(link).text)
        debtor.post(f"{link}/plan", data={"csrf_token": csrf, "instalments": "3"})
    rec = merchant.receivables.retrieve(rec.id)
    plan = rec.payment_plan
    if plan is None:
        raise SystemExit("the payment plan was not recorded")
    print(f"   {rec.id}: stage {rec.stage}, plan {plan.status}, {plan.total} EUR in all:")
    for item in plan.instalments:
        print(f"     {item.number}. {item.due_date}  {item.amount} EUR")
    first = plan.instalments[0]
    rec = merchant.test_helpers.receivables.create_payment(rec.id, amount=first.amount)
    print(f"   instalment 1 paid ({first.amount} EUR); the debtor then misses instalment 2")
    second = date.fromisoformat(str(plan.instalments[1].due_date))
    today = date.fromisoformat(str(plan.instalments[0].due_date)) - timedelta(days=7)
    # to the day after the 5 days' grace of instalment 2, on the receivable's clock
    rec = merchant.test_helpers.receivables.advance(rec.id, days=(second - today).days + 6)
    plan = rec.payment_plan
    print(
        f"   after the grace: plan {plan.status if plan else None}, "
        f"instalments {[i.status for i in plan.instalments] if plan else []}; "
        f"recovery resumes at stage {rec.stage}, outstanding {rec.amounts.outstanding} EUR"
    )
    for entry in rec.timeline[-4:]:
        print(f"   {entry.type:26} {entry.description}")
    _events(receiver, client, secret, wanted=12)


def run(args: argparse.Namespace) -> int:
    try:
        from cleavr import CleavrConnect, MemoryTokenStore
    except ImportError:  # pragma: no cover
        raise SystemExit("the demo needs the SDK: pip install -e ./sdk") from None

    client_id, client_secret = args.client_id, args.client_secret
    if not client_id:
        from cleavr_connect.cli.seed import seed_credentials

        creds = asyncio.run(seed_credentials())
        if creds is None:
            return 1  # the error is printed already, as `cleavr-connect seed` does
        client_id, client_secret = creds["client_id"], creds["client_secret"]
        print(
            f"Using the seeded demo platform {client_id} (test mode), with a new client_secret:"
            f" {client_secret} (the one printed before keeps working for a day)."
        )
    server = args.server.rstrip("/")
    redirect_uri = args.redirect_uri or f"{server}/demo/callback"
    client = CleavrConnect(
        client_id=client_id,
        client_secret=client_secret,
        base_url=server,
        token_store=MemoryTokenStore(),
    )

    _say("1. Authorize", "The person signs in at Cleavr and allows the platform.")
    auth = client.oauth.authorization_url(redirect_uri, SCOPES)
    if args.headless:
        callback = _drive_forms(auth.url, args.email, args.password)
        print("   forms filled; back at", callback.split("?")[0])
    else:
        print("   Open:", auth.url)
        callback = input("   Paste the URL you were sent back to: ").strip()
    merchant = client.for_grant("demo")
    merchant.oauth.handle_callback(callback, auth)
    me = merchant.me.retrieve()
    print(
        f"   connected: platform {me.platform_id}, account {me.account_id}, livemode={me.livemode}"
    )

    receiver = _Receiver(args.receiver_host)
    try:
        _say("2. Webhooks", f"A local receiver at {receiver.url} gets every event.")
        endpoint = merchant.webhooks.create(
            url=receiver.url,
            events=[
                "user.*",
                "receivable.*",
                "payment.*",
                "payment_plan.*",
                "payout.*",
            ],
        )
        secret = endpoint.secret
        assert secret is not None  # creating an endpoint is one of the answers that carry it

        _say("3. A user (creditor business) and its onboarding")
        user = merchant.users.create(
            email="billing@acme-plomberie.example",
            company={"name": "Acme Plomberie SAS", "siret": "73282932000074"},
            contact={"first_name": "Camille", "last_name": "Martin"},
        )
        print(f"   created {user.id}: {user.status}; onboarding at {user.onboarding_url}")
        user = merchant.test_helpers.users.verify(user.id, outcome="approved")
        print(
            f"   test KYB decided: {user.status}, "
            f"can send receivables: {user.capabilities.send_receivables}"
        )
        _events(receiver, client, secret, wanted=4)

        _say("4. An unpaid invoice goes to amicable recovery")
        due = date.today() - timedelta(days=40)
        rec = merchant.receivables.create(
            user_id=user.id,
            invoice={
                "numbers": [f"F-{date.today():%Y%m%d}-042"],
                "issue_date": (due - timedelta(days=30)).isoformat(),
                "due_date": due.isoformat(),
                "amount": Decimal("1200.00"),
                "amount_before_tax": Decimal("1000.00"),
                "tax_amount": Decimal("200.00"),
                "currency": "EUR",
                "service_description": "Plumbing works",
            },
            debtor={
                "company_name": "Boulangerie Dupont SARL",
                "company_type": "company",
                "contacts": [
                    {
                        "first_name": "Jean",
                        "last_name": "Dupont",
                        "email": "jean@dupont.example",
                        "level": 0,
                    },
                    {
                        "first_name": "Marie",
                        "last_name": "Dupont",
                        "email": "marie@dupont.example",
                        "level": 1,
                    },
                ],
            },
        )
        print(
            f"   {rec.id}: {rec.status}, stage {rec.stage}, principal {rec.amounts.principal} EUR, "
            f"claimable {rec.amounts.total_claimable} EUR"
        )
        _events(receiver, client, secret, wanted=3)

        _say("5. The test clock: 35 days of recovery")
        rec = merchant.test_helpers.receivables.advance(rec.id, days=35)
        for entry in rec.timeline:
            day = entry.occurred_at.date().isoformat() if entry.occurred_at else ""
            print(f"   {day:10}  {entry.type:20} {entry.description}")
        _events(receiver, client, secret, wanted=4)

        _say("6. The debtor pays, in two instalments")
        rec = merchant.test_helpers.receivables.create_payment(rec.id, amount=Decimal("500.00"))
        print(
            f"   paid 500.00: recovered {rec.amounts.amount_recovered}, "
            f"outstanding {rec.amounts.outstanding}"
        )
        # The rest: principal, late penalties to date and the EUR 40 indemnity.
        rest = Decimal(str(rec.amounts.outstanding))
        rec = merchant.test_helpers.receivables.create_payment(rec.id, amount=rest)
        print(
            f"   paid the rest, {rest}: status {rec.status}, commission {rec.amounts.commission}, "
            f"net to the user {rec.amounts.net_to_user}"
        )
        _events(receiver, client, secret, wanted=4)

        _debtor_side(merchant, user.id, receiver, client, secret)

        _say("10. The report")
        summary = merchant.reports.summary()
        print(json.dumps(summary.model_dump(mode="json"), indent=2, default=str))
    finally:
        receiver.close()
        client.close()
    print("\nDone.")
    return 0
