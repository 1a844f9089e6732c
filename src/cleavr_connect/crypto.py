"""Secrets at rest: token strings, keyed hashes, encryption and password hashing.

Tokens and client secrets are random, so a fast keyed hash (HMAC-SHA256) is the right store:
a stolen table is useless without the server key, and lookups stay one indexed read.
Passwords are chosen by people, so they get Argon2id.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets
import zlib
from functools import lru_cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from cleavr_connect.ids import random_string

_BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
# 43 base62 characters carry 256.03 bits of randomness.
_RANDOM_LENGTH = 43
_CHECKSUM_LENGTH = 6

ACCESS_TOKEN_PREFIX = "clv_tok_"
REFRESH_TOKEN_PREFIX = "clv_ref_"
CODE_PREFIX = "auth_code_"
SESSION_PREFIX = "clv_ses_"


def _base62(number: int, width: int) -> str:
    chars = []
    while number:
        number, rem = divmod(number, 62)
        chars.append(_BASE62[rem])
    return "".join(reversed(chars)).rjust(width, "0")


def _checksum(prefix: str, body: str) -> str:
    return _base62(zlib.crc32(f"{prefix}{body}".encode()), _CHECKSUM_LENGTH)


def generate_token(prefix: str) -> str:
    """`prefix` + 256 random bits in base62 (43 characters) + a CRC32 checksum, the shape
    secret scanners recognise."""
    body = random_string(_RANDOM_LENGTH)
    return f"{prefix}{body}{_checksum(prefix, body)}"


_TOKEN_SHAPE = re.compile(f"[0-9A-Za-z]{{{_RANDOM_LENGTH + _CHECKSUM_LENGTH}}}")


def is_well_formed(token: str, prefix: str) -> bool:
    """Refuses malformed tokens without touching the database."""
    if not token.startswith(prefix):
        return False
    rest = token[len(prefix) :]
    if not _TOKEN_SHAPE.fullmatch(rest):
        return False
    body, check = rest[:_RANDOM_LENGTH], rest[_RANDOM_LENGTH:]
    return hmac.compare_digest(check, _checksum(prefix, body))


class KeyRing:
    """Purpose-bound keys derived from the one configured secret (HKDF, RFC 5869)."""

    def __init__(self, secret_key: bytes) -> None:
        self._secret = secret_key
        self._token_key = self.derive(b"token-hash")
        self._fernet = Fernet(base64.urlsafe_b64encode(self.derive(b"encryption-at-rest")))

    def derive(self, purpose: bytes) -> bytes:
        return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=purpose).derive(
            self._secret
        )

    def hash_token(self, value: str) -> str:
        """Keyed hash used for every stored token, code, session and client secret."""
        return hmac.new(self._token_key, value.encode(), hashlib.sha256).hexdigest()

    def verify_token_hash(self, value: str, expected_hash: str) -> bool:
        return hmac.compare_digest(self.hash_token(value), expected_hash)

    def encrypt(self, plaintext: str) -> str:
        return self._fernet.encrypt(plaintext.encode()).decode()

    def decrypt(self, ciphertext: str) -> str:
        try:
            return self._fernet.decrypt(ciphertext.encode()).decode()
        except InvalidToken as exc:  # pragma: no cover - only with a changed secret key
            raise ValueError("ciphertext was not made with this server's secret key") from exc


@lru_cache(maxsize=1)
def _password_hasher() -> PasswordHasher:
    # argon2-cffi defaults follow RFC 9106's second recommended profile (Argon2id).
    return PasswordHasher()


def hash_password(password: str) -> str:
    return _password_hasher().hash(password)


def verify_password(password: str, password_hash: str) -> bool:
    try:
        return _password_hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


# A real Argon2id hash of a random password: verifying against it when the account does not exist
# makes an unknown email cost the same time as a wrong password.
_DUMMY_PASSWORD_HASH: str | None = None


def dummy_password_check(password: str) -> None:
    global _DUMMY_PASSWORD_HASH
    if _DUMMY_PASSWORD_HASH is None:
        _DUMMY_PASSWORD_HASH = hash_password(secrets.token_urlsafe(16))
    verify_password(password, _DUMMY_PASSWORD_HASH)


def new_webhook_secret() -> str:
    """`whsec_` + base64 of 32 random bytes: the Standard Webhooks secret format."""
    return "whsec_" + base64.b64encode(secrets.token_bytes(32)).decode()
