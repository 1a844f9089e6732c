"""RFC 7636 PKCE, S256 only (RFC 9700 §2.1.1: plain offers no protection against code theft)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import re

_VERIFIER = re.compile(r"[A-Za-z0-9\-._~]{43,128}")
# A SHA-256 digest in unpadded base64url is always 43 characters.
_CHALLENGE = re.compile(r"[A-Za-z0-9\-_]{43}")


def is_valid_verifier(verifier: str) -> bool:
    return bool(_VERIFIER.fullmatch(verifier))


def is_valid_challenge(challenge: str) -> bool:
    return bool(_CHALLENGE.fullmatch(challenge))


def s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def verify(verifier: str, challenge: str) -> bool:
    return is_valid_verifier(verifier) and hmac.compare_digest(s256(verifier), challenge)
