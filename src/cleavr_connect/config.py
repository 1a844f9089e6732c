"""Configuration from the environment (SPEC §12); CLI flags override it."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field, replace
from pathlib import Path

from stdnum import iban
from stdnum.eu import vat
from stdnum.exceptions import ValidationError
from stdnum.fr import siren

DEFAULT_BASE_URL = "http://127.0.0.1:8000"


def _int_env(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise SystemExit(f"{name} must be an integer, got {raw!r}") from exc


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str
    base_url: str
    secret_key: bytes
    redis_url: str | None = None
    rate_limit_live: int = 100
    rate_limit_test: int = 25
    access_token_ttl: int = 3600
    refresh_token_idle_ttl: int = 90 * 24 * 3600
    code_ttl: int = 60
    # Development setting: allow webhooks and redirects to private addresses in live mode.
    allow_private_network: bool = False
    # Webhook delivery workers: requests in flight per worker process, per endpoint, how long a
    # claimed delivery stays reserved, and how often an idle worker looks for work.
    webhook_concurrency: int = 256
    webhook_endpoint_concurrency: int = 32
    webhook_lease_seconds: int = 60
    webhook_poll_ms: int = 100
    # Messages to debtors: SMTP server (none: .eml files in <data dir>/outbox/), the From
    # address, an optional DKIM key (PEM file) and selector, an SMS provider (none: outbox), and
    # the recovery agency named in every message (article R124-4 CPCE).
    smtp_url: str | None = None
    mail_from: str = "Cleavr <recouvrement@cleavr.localhost>"
    dkim_key_file: str | None = None
    dkim_selector: str | None = None
    sms_url: str | None = None
    sms_token: str | None = None
    agency_name: str = "Cleavr SAS"
    agency_address: str = "10 rue de Penthièvre, 75008 Paris, France"
    message_poll_ms: int = 1000
    message_lease_seconds: int = 120
    # Who runs the service, as every hosted page's footer states it, and where people get help.
    legal_entity: str = "Cleavr SAS"
    legal_address: str = "Paris, France"
    legal_registration: str = ""
    # Printed on commission invoices (Code général des impôts, annexe II, art. 242 nonies A).
    # Empty by default: a live invoice is refused without them; test invoices print the
    # obviously fake identity of `payouts.invoices.TEST_SELLER`.
    legal_siren: str = ""
    legal_vat_number: str = ""
    help_email: str = "aide@cleavr.fr"
    # The account debtors pay into (SPEC §13): live mode offers transfers only when it is set;
    # test mode falls back to the test account below.
    collection_iban: str | None = None
    collection_bic: str | None = None
    collection_name: str | None = None
    # Card payments through Stripe Checkout; unset: the built-in sandbox checkout.
    stripe_secret_key: str | None = None
    stripe_webhook_secret: str | None = None
    # Debtor portal requests per second per token and per client address, `0` = no limit.
    portal_rate_limit: int = 20
    # The operator's bearer for `/admin/…` endpoints; unset: they do not exist.
    admin_token: str | None = None
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def issuer(self) -> str:
        return self.base_url

    @property
    def secure_cookies(self) -> bool:
        return self.base_url.startswith("https://")

    def with_overrides(self, **changes: object) -> Settings:
        return replace(self, **changes)  # type: ignore[arg-type]


def _optional_env(name: str) -> str | None:
    raw = os.environ.get(name, "").strip()
    return raw or None


def _iban_env(name: str) -> str | None:
    raw = _optional_env(name)
    if raw is None:
        return None
    try:
        return iban.validate(raw)
    except ValidationError as exc:
        raise SystemExit(f"{name} is not a valid IBAN: {raw!r}") from exc


def _siren_env(name: str) -> str:
    """Empty when unset (live invoices are then refused at issue); a malformed value stops the
    start, before any invoice could print it."""
    raw = _optional_env(name)
    if raw is None:
        return ""
    try:
        return str(siren.validate(raw))
    except ValidationError as exc:
        raise SystemExit(f"{name} is not a valid SIREN (9 digits, Luhn): {raw!r}") from exc


def _vat_env(name: str) -> str:
    raw = _optional_env(name)
    if raw is None:
        return ""
    try:
        return str(vat.compact(vat.validate(raw)))
    except ValidationError as exc:
        raise SystemExit(f"{name} is not a valid EU VAT number: {raw!r}") from exc


def _load_secret_key(data_dir: Path) -> bytes:
    raw = os.environ.get("CLEAVR_SECRET_KEY")
    if raw:
        return raw.encode()
    # Generated once into the data directory so restarts keep every hash and ciphertext valid.
    path = data_dir / "secret_key"
    if path.exists():
        return path.read_text().strip().encode()
    data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(48)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as fh:
        fh.write(key + "\n")
    return key.encode()


def load_settings(**overrides: object) -> Settings:
    data_dir = Path(os.environ.get("CLEAVR_DATA_DIR") or Path.cwd() / ".data").resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    database_url = os.environ.get("CLEAVR_DATABASE_URL") or f"sqlite:///{data_dir / 'cleavr.db'}"
    settings = Settings(
        data_dir=data_dir,
        database_url=database_url,
        base_url=(os.environ.get("CLEAVR_BASE_URL") or DEFAULT_BASE_URL).rstrip("/"),
        secret_key=_load_secret_key(data_dir),
        redis_url=os.environ.get("CLEAVR_REDIS_URL") or None,
        rate_limit_live=_int_env("CLEAVR_RATE_LIMIT_LIVE", 100),
        rate_limit_test=_int_env("CLEAVR_RATE_LIMIT_TEST", 25),
        access_token_ttl=_int_env("CLEAVR_ACCESS_TOKEN_TTL", 3600),
        allow_private_network=os.environ.get("CLEAVR_ALLOW_PRIVATE_NETWORK", "") in ("1", "true"),
        webhook_concurrency=_int_env("CLEAVR_WEBHOOK_CONCURRENCY", 256),
        webhook_endpoint_concurrency=_int_env("CLEAVR_WEBHOOK_ENDPOINT_CONCURRENCY", 32),
        webhook_lease_seconds=_int_env("CLEAVR_WEBHOOK_LEASE_SECONDS", 60),
        webhook_poll_ms=_int_env("CLEAVR_WEBHOOK_POLL_MS", 100),
        smtp_url=os.environ.get("CLEAVR_SMTP_URL") or None,
        mail_from=os.environ.get("CLEAVR_MAIL_FROM") or Settings.mail_from,
        dkim_key_file=os.environ.get("CLEAVR_DKIM_KEY_FILE") or None,
        dkim_selector=os.environ.get("CLEAVR_DKIM_SELECTOR") or None,
        sms_url=os.environ.get("CLEAVR_SMS_URL") or None,
        sms_token=os.environ.get("CLEAVR_SMS_TOKEN") or None,
        agency_name=os.environ.get("CLEAVR_AGENCY_NAME") or Settings.agency_name,
        agency_address=os.environ.get("CLEAVR_AGENCY_ADDRESS") or Settings.agency_address,
        message_poll_ms=_int_env("CLEAVR_MESSAGE_POLL_MS", 1000),
        message_lease_seconds=_int_env("CLEAVR_MESSAGE_LEASE_SECONDS", 120),
        legal_entity=os.environ.get("CLEAVR_LEGAL_ENTITY") or Settings.legal_entity,
        legal_address=os.environ.get("CLEAVR_LEGAL_ADDRESS") or Settings.legal_address,
        legal_registration=os.environ.get("CLEAVR_LEGAL_REGISTRATION") or "",
        legal_siren=_siren_env("CLEAVR_LEGAL_SIREN"),
        legal_vat_number=_vat_env("CLEAVR_LEGAL_VAT_NUMBER"),
        help_email=os.environ.get("CLEAVR_HELP_EMAIL") or Settings.help_email,
        collection_iban=_iban_env("CLEAVR_COLLECTION_IBAN"),
        collection_bic=_optional_env("CLEAVR_COLLECTION_BIC"),
        collection_name=_optional_env("CLEAVR_COLLECTION_NAME"),
        stripe_secret_key=_optional_env("CLEAVR_STRIPE_SECRET_KEY"),
        stripe_webhook_secret=_optional_env("CLEAVR_STRIPE_WEBHOOK_SECRET"),
        portal_rate_limit=_int_env("CLEAVR_PORTAL_RATE_LIMIT", 20),
        admin_token=_optional_env("CLEAVR_ADMIN_TOKEN"),
    )
    return settings.with_overrides(**overrides) if overrides else settings
