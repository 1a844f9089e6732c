"""Encryption at rest for stored tokens: Fernet (AES-128-CBC + HMAC-SHA256) from `cryptography`.

The key is the platform's, never ours: `generate_key()` makes one, to be kept in a secret manager.
Several keys rotate: the first encrypts, all of them decrypt. The grant key is sealed inside the
ciphertext and checked on reading, so a record copied onto another grant's row is refused.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from cryptography.fernet import Fernet, InvalidToken, MultiFernet

from cleavr.errors import TokenStoreError
from cleavr.tokens import Token

KeyInput = str | bytes | Sequence[str | bytes]


def generate_key() -> str:
    """A new random encryption key (url-safe base64 of 32 bytes) for a token store."""
    return Fernet.generate_key().decode()


class TokenCipher:
    def __init__(self, key: KeyInput) -> None:
        keys = [key] if isinstance(key, str | bytes) else list(key)
        if not keys:
            raise ValueError("Give at least one encryption key (cleavr.stores.generate_key()).")
        try:
            self._fernet = MultiFernet([Fernet(k) for k in keys])
        except (ValueError, TypeError) as exc:
            raise ValueError(
                "A token store key is 32 url-safe base64-encoded bytes: make one with "
                "cleavr.stores.generate_key()."
            ) from exc

    def encrypt(self, grant_key: str, token: Token) -> bytes:
        payload = json.dumps({"grant_key": grant_key, "token": token.to_json()})
        return self._fernet.encrypt(payload.encode())

    def decrypt(self, grant_key: str, ciphertext: bytes) -> Token:
        try:
            payload = json.loads(self._fernet.decrypt(ciphertext))
        except InvalidToken:
            raise TokenStoreError(
                f"The stored token of grant {grant_key!r} cannot be decrypted: wrong key, or the "
                "record was altered."
            ) from None
        if payload.get("grant_key") != grant_key:
            raise TokenStoreError(
                f"The stored token of grant {grant_key!r} belongs to another grant."
            )
        return Token.from_json(payload["token"])

    def rotate(self, ciphertext: bytes) -> bytes:
        """Re-encrypts under the first key (after adding a new key in front)."""
        return self._fernet.rotate(ciphertext)

    def __repr__(self) -> str:
        return "TokenCipher(<keys hidden>)"
