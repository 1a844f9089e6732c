"""A token store in a directory: one encrypted file per grant, written atomically, mode 0600."""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from cleavr.stores._cipher import KeyInput, TokenCipher
from cleavr.tokens import Token

try:  # POSIX: refreshes are serialised across processes too
    import fcntl
except ImportError:  # pragma: no cover - Windows
    fcntl = None  # type: ignore[assignment]


class FileTokenStore:
    """`FileTokenStore("/var/lib/myapp/cleavr-tokens", key=os.environ["CLEAVR_TOKEN_KEY"])`.

    File names are hashes of the grant keys, so a grant key never becomes a path."""

    def __init__(self, directory: str | os.PathLike[str], *, key: KeyInput) -> None:
        self.directory = Path(directory)
        self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)
        self._cipher = TokenCipher(key)
        self._guard = threading.Lock()

    def _path(self, grant_key: str, suffix: str = ".token") -> Path:
        return self.directory / (hashlib.sha256(grant_key.encode()).hexdigest() + suffix)

    def load(self, grant_key: str) -> Token | None:
        try:
            ciphertext = self._path(grant_key).read_bytes()
        except FileNotFoundError:
            return None
        return self._cipher.decrypt(grant_key, ciphertext)

    def save(self, grant_key: str, token: Token) -> None:
        path = self._path(grant_key)
        ciphertext = self._cipher.encrypt(grant_key, token)
        with self._guard:
            tmp = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}.tmp")
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            try:
                with os.fdopen(fd, "wb") as fh:
                    fh.write(ciphertext)
                    fh.flush()
                    os.fsync(fh.fileno())
                os.replace(tmp, path)  # readers see the old token or the new one, never half
            except BaseException:
                tmp.unlink(missing_ok=True)
                raise

    def delete(self, grant_key: str) -> None:
        self._path(grant_key).unlink(missing_ok=True)

    @contextmanager
    def lock(self, grant_key: str) -> Iterator[None]:
        """An exclusive advisory lock (flock) on the grant, shared by every process."""
        if fcntl is None:  # pragma: no cover - Windows
            yield
            return
        fd = os.open(self._path(grant_key, ".lock"), os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    def __repr__(self) -> str:
        return f"FileTokenStore({str(self.directory)!r})"
