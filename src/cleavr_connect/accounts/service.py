"""Accounts: the people who sign in at Cleavr and grant platforms access."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from zxcvbn import zxcvbn

from cleavr_connect.accounts import repository
from cleavr_connect.api.validation import email_error
from cleavr_connect.audit import service as audit
from cleavr_connect.crypto import (
    SESSION_PREFIX,
    KeyRing,
    dummy_password_check,
    generate_token,
    hash_password,
    is_well_formed,
    verify_password,
)
from cleavr_connect.errors import ApiError, AuthenticationError, FieldError, ValidationError
from cleavr_connect.ids import new_id
from cleavr_connect.models import Account, AccountSession
from cleavr_connect.throttle import SIGNIN_PER_ACCOUNT_IP, SIGNIN_PER_IP, FailureThrottle

SESSION_LIFETIME = timedelta(days=14)
MIN_PASSWORD_LENGTH = 10
# zxcvbn's 0-4 score: 3 is "safely unguessable" (about 10^8 guesses and more) for an online
# attack slowed by our throttling. Its dictionaries are English: the French words people use
# most in passwords, and our own name, count as guessable too.
MIN_PASSWORD_SCORE = 3
_GUESSABLE_WORDS = (
    "cleavr", "connect", "motdepasse", "azerty", "azertyuiop", "soleil", "bonjour", "doudou",
    "chouchou", "loulou", "marseille", "paris", "france", "coucou", "jetaime", "nicolas",
    "camille", "julien", "amour", "chocolat", "football", "vacances", "facture", "factures",
)  # fmt: skip


class SignInThrottled(ApiError):
    status_code = 429
    type = "rate_limit_error"
    default_code = "too_many_attempts"

    def __init__(self, retry_after: int) -> None:
        super().__init__(
            "Too many failed sign-in attempts. Try again later.",
            headers={"Retry-After": str(retry_after)},
        )
        self.retry_after = retry_after


class InvalidCredentials(AuthenticationError):
    default_code = "invalid_credentials"
    default_message = "The email or password is incorrect."


def normalize_email(email: str) -> str:
    return email.strip().lower()


def _too_guessable(password: str, email: str, name: str) -> bool:
    # zxcvbn's cost grows with the length; what follows 128 characters does not weaken it.
    local, _, domain = email.lower().partition("@")
    inputs = [*_GUESSABLE_WORDS, email.lower(), local, domain, *re.split(r"[._+-]", local)]
    inputs += [name.lower(), *name.lower().split()]
    return int(zxcvbn(password[:128], user_inputs=inputs)["score"]) < MIN_PASSWORD_SCORE


# The column's width (accounts.name): PostgreSQL refuses a longer value with an error.
MAX_NAME_LENGTH = 200


def _validate(email: str, password: str, name: str) -> list[FieldError]:
    errors = []
    email_problem = email_error(email, "email")
    if email_problem is not None:
        errors.append(email_problem)
    if len(password) < MIN_PASSWORD_LENGTH:
        errors.append(
            FieldError(
                "password",
                "password_too_short",
                f"Use at least {MIN_PASSWORD_LENGTH} characters.",
            )
        )
    elif len(password) > 1024:
        errors.append(FieldError("password", "password_too_long", "Use at most 1024 characters."))
    elif _too_guessable(password, email, name):
        errors.append(
            FieldError(
                "password",
                "password_too_weak",
                "This password is too easy to guess (a common password, a word, a name or a "
                "pattern). Add words that have nothing to do with you.",
            )
        )
    if not name.strip():
        errors.append(FieldError("name", "required", "Enter your name."))
    elif len(name) > MAX_NAME_LENGTH:
        errors.append(FieldError("name", "too_long", f"At most {MAX_NAME_LENGTH} characters."))
    return errors


async def create(
    session: AsyncSession,
    *,
    email: str,
    password: str,
    name: str,
    now: datetime,
    verified: bool = True,
) -> Account:
    """An account the operator creates (CLI, seed): its address counts as verified."""
    email = normalize_email(email)
    errors = _validate(email, password, name)
    email_ok = not any(e.param == "email" for e in errors)
    if email_ok and await repository.get_by_email(session, email):
        errors.append(FieldError("email", "email_taken", "An account already uses this email."))
    if errors:
        raise ValidationError(errors)
    account = Account(
        id=new_id("acct"),
        email=email,
        name=name.strip(),
        password_hash=hash_password(password),
        email_verified_at=now if verified else None,
        created_at=now,
    )
    try:
        async with session.begin_nested():
            session.add(account)
            await session.flush()
    except IntegrityError as exc:
        # Two sign-ups racing for one email end like any other taken email.
        raise ValidationError(
            [FieldError("email", "email_taken", "An account already uses this email.")]
        ) from exc
    await audit.record(session, audit.ACCOUNT_CREATED, now=now, account_id=account.id)
    return account


async def sign_up(
    session: AsyncSession, *, email: str, password: str, name: str, now: datetime
) -> Account | None:
    """Hosted sign-up: a new, unverified account; or, when the address already has one, nothing
    at all after the same work (the password hashed all the same), so that the answer does not
    tell whether an address is registered. The caller mails the address either way."""
    email = normalize_email(email)
    errors = _validate(email, password, name)
    if errors:
        raise ValidationError(errors)
    if await repository.get_by_email(session, email):
        hash_password(password)
        return None
    try:
        return await create(
            session, email=email, password=password, name=name, now=now, verified=False
        )
    except ValidationError:  # the address was taken meanwhile
        return None


async def authenticate(
    session: AsyncSession,
    throttle: FailureThrottle,
    *,
    email: str,
    password: str,
    ip: str,
    now: datetime,
) -> Account:
    """Checks a sign-in; failures count per (account, address) and per address and end in 429
    (SPEC §3). Nothing counts per account alone: an attacker's wrong passwords would lock the
    owner out. The one guessing waits exponentially longer; the owner elsewhere signs in."""
    email = normalize_email(email)
    account_ip = f"{email}|{ip}"
    for policy, key in ((SIGNIN_PER_ACCOUNT_IP, account_ip), (SIGNIN_PER_IP, ip)):
        wait = await throttle.retry_after(policy, key)
        if wait is not None:
            await audit.record(session, audit.SIGNIN_THROTTLED, now=now, scope=policy.name)
            raise SignInThrottled(wait)
    account = await repository.get_by_email(session, email)
    if account is None:
        dummy_password_check(password)  # same cost as a wrong password
    if account is None or not verify_password(password, account.password_hash):
        await throttle.record_failure(SIGNIN_PER_ACCOUNT_IP, account_ip)
        await throttle.record_failure(SIGNIN_PER_IP, ip)
        await audit.record(
            session,
            audit.SIGNIN_FAILED,
            now=now,
            account_id=account.id if account else None,
            known_account=account is not None,
        )
        raise InvalidCredentials()
    await throttle.reset(SIGNIN_PER_ACCOUNT_IP, account_ip)
    await audit.record(session, audit.SIGNIN_SUCCEEDED, now=now, account_id=account.id)
    return account


async def start_session(
    session: AsyncSession, keys: KeyRing, account: Account, *, now: datetime
) -> str:
    token = generate_token(SESSION_PREFIX)
    session.add(
        AccountSession(
            token_hash=keys.hash_token(token),
            account_id=account.id,
            created_at=now,
            expires_at=now + SESSION_LIFETIME,
        )
    )
    await session.flush()
    return token


async def account_for_session(
    session: AsyncSession, keys: KeyRing, token: str | None, *, now: datetime
) -> Account | None:
    if not token or not is_well_formed(token, SESSION_PREFIX):
        return None
    return await repository.account_for_session(session, keys.hash_token(token), now)


async def end_session(session: AsyncSession, keys: KeyRing, token: str | None) -> None:
    if token and is_well_formed(token, SESSION_PREFIX):
        await repository.delete_session(session, keys.hash_token(token))
