"""Deliveries over TLS: the certificate is verified against the URL's hostname, also when the
connection goes to an address resolved (and checked) by the SSRF guard."""

from __future__ import annotations

import datetime as dt
import ssl
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID
from standardwebhooks import Webhook

from cleavr_connect.runtime import build_runtime
from cleavr_connect.webhooks import service
from cleavr_connect.webhooks.schemas import WebhookCreate
from tests.factories import caller
from tests.webhooks.helpers import create_endpoint, deliver, hex_signature, owner_of, record_event
from tests.webhooks.receiver import Receiver

NAME = "hooks.partner.example"


def _name(common: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])


def _pem(tmp: Path, name: str, data: bytes) -> str:
    path = tmp / name
    path.write_bytes(data)
    return str(path)


@pytest.fixture
def pki(tmp_path: Path) -> tuple[ssl.SSLContext, ssl.SSLContext]:
    """A test CA and a server certificate for localhost and NAME (not for 127.0.0.1): (server
    context, client context trusting the CA)."""
    now = dt.datetime.now(dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = (
        x509.CertificateBuilder()
        .subject_name(_name("Cleavr test CA"))
        .issuer_name(_name("Cleavr test CA"))
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(ca_key, hashes.SHA256())
    )
    key = ec.generate_private_key(ec.SECP256R1())
    names = [x509.DNSName("localhost"), x509.DNSName(NAME)]
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name("localhost"))
        .issuer_name(ca.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=1))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName(names), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    server = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server.load_cert_chain(
        _pem(tmp_path, "cert.pem", cert.public_bytes(serialization.Encoding.PEM)),
        _pem(
            tmp_path,
            "key.pem",
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            ),
        ),
    )
    client = ssl.create_default_context(
        cafile=_pem(tmp_path, "ca.pem", ca.public_bytes(serialization.Encoding.PEM))
    )
    return server, client


@pytest.fixture
async def tls_receiver(pki) -> AsyncIterator[Receiver]:  # type: ignore[no-untyped-def]
    server = await Receiver().start(ssl_context=pki[0])
    yield server
    await server.stop()


async def test_https_delivery_verifies_the_certificate(
    client, db, runtime, owner, pki, tls_receiver: Receiver
) -> None:  # type: ignore[no-untyped-def]
    endpoint = await create_endpoint(
        client, owner, tls_receiver.url(host="localhost", scheme="https")
    )
    await record_event(db, runtime, owner_of(owner))
    (result,) = await deliver(db, runtime, ssl_context=pki[1])
    assert result.outcome.succeeded, result.outcome
    (request,) = tls_receiver.requests
    Webhook(endpoint["secret"]).verify(request.body, request.headers)
    assert request.headers["cleavr-signature"] == hex_signature(endpoint["secret"], request.body)


async def test_an_untrusted_or_mismatched_certificate_fails_the_attempt(
    client, db, runtime, clock, owner, pki, tls_receiver: Receiver
) -> None:  # type: ignore[no-untyped-def]
    await create_endpoint(client, owner, tls_receiver.url(host="localhost", scheme="https"))
    await record_event(db, runtime, owner_of(owner))
    # The system's CA bundle does not know the test CA.
    (untrusted,) = await deliver(db, runtime)
    assert untrusted.outcome.status is None
    assert "CERTIFICATE_VERIFY_FAILED" in (untrusted.outcome.error or "")
    # The certificate does not name 127.0.0.1.
    other = await caller(client, db, runtime)
    await create_endpoint(client, other, tls_receiver.url(host="127.0.0.1", scheme="https"))
    await record_event(db, runtime, owner_of(other))
    clock.advance(seconds=10)
    results = await deliver(db, runtime, ssl_context=pki[1])
    mismatched = [r for r in results if "127.0.0.1" in r.job.url]
    assert mismatched and "CERTIFICATE_VERIFY_FAILED" in (mismatched[0].outcome.error or "")
    # Only the retry to localhost, now trusted, got through.
    hosts = [r.headers["host"] for r in tls_receiver.requests]
    assert hosts == [f"localhost:{tls_receiver.port}"]


async def test_live_tls_to_a_checked_address_still_verifies_the_name(
    client, db, settings, clock, pki, tls_receiver: Receiver
) -> None:  # type: ignore[no-untyped-def]
    dev = build_runtime(replace(settings, allow_private_network=True), clock)
    live = await caller(client, db, dev, livemode=True)
    async with db.transaction() as session:
        await service.create(
            session,
            dev,
            owner_of(live),
            WebhookCreate(url=f"https://{NAME}:{tls_receiver.port}/hook"),
            "2026-01-02",
        )
    await record_event(db, dev, owner_of(live))

    async def resolve(host: str, port: int) -> list[str]:
        assert host == NAME
        return ["127.0.0.1"]

    (result,) = await deliver(db, dev, ssl_context=pki[1], resolver=resolve)
    assert result.outcome.succeeded, result.outcome
    assert tls_receiver.requests[0].headers["host"] == f"{NAME}:{tls_receiver.port}"
