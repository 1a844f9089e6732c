"""Uploaded documents, kept as files under the data directory (SPEC §6, §12).

The type of a file is read from its first bytes, never from the name or the `Content-Type` the
client sent: both are the uploader's claim, and a "PDF" that is really HTML or a script must not
end up on a reviewer's screen. Files get random names; the original name is kept for display only.
"""

from __future__ import annotations

import asyncio
import hashlib
import io
import os
import re
import secrets
import warnings
from datetime import datetime
from pathlib import Path, PurePath

from cleavr_connect.config import Settings
from cleavr_connect.i18n import N_
from cleavr_connect.ids import new_id
from cleavr_connect.models import StoredFile
from cleavr_connect.text import CONTROL_CHARACTERS

MAX_UPLOAD_BYTES = 10 * 1024 * 1024

# (magic bytes, content type, extension on disk)
_SIGNATURES: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", "application/pdf", ".pdf"),
    (b"\xff\xd8\xff", "image/jpeg", ".jpg"),
    (b"\x89PNG\r\n\x1a\n", "image/png", ".png"),
    # Little- and big-endian TIFF, as office scanners write them (one or several pages).
    (b"II*\x00", "image/tiff", ".tif"),
    (b"MM\x00*", "image/tiff", ".tif"),
)
_EXTENSIONS = {content_type: ext for _, content_type, ext in _SIGNATURES}
_EXTENSIONS["application/xml"] = ".xml"
# What an upload may be unless its endpoint says otherwise; invoices may also be e-invoice XML
# or a scanner's TIFF (read, never shown in a browser, which cannot display it).
DOCUMENTS = frozenset({"application/pdf", "image/jpeg", "image/png"})
INVOICES = DOCUMENTS | {"application/xml", "image/tiff"}
_XML_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*<(?:\?xml\b|[A-Za-z_])")

# What a refused upload says, by its code: the API's words and the msgids every page translates
# (extracted into the `storage` catalogue). A page says which kinds it takes in its own words,
# so `file_type_not_allowed` (whose API text names the kinds the endpoint takes) is not here.
MESSAGES = {
    "file_empty": N_("Choose a file to upload."),
    "file_too_large": N_("The file is larger than 10 MB."),
    "file_unreadable": N_("The file is damaged or incomplete: upload a complete copy."),
    # Found before storage sees the file: the form parser gives up on a name this long
    # (`web.forms`); the same refusal of the same upload.
    "filename_too_long": N_("The file name is too long: rename the file and send it again."),
}


class UploadRejected(Exception):
    """The upload is empty, too large, or not a PDF/JPEG/PNG by content."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message

    def on_page(self, types_rule: str) -> str:
        """What a page says of it (a msgid its catalogue translates): for a file of another
        type, the page's own wording of the kinds it takes; otherwise storage's message."""
        return types_rule if self.code == "file_type_not_allowed" else self.message


def sniff(data: bytes) -> str | None:
    """The content type the bytes prove, or None when they are none of PDF, JPEG, PNG, TIFF,
    XML."""
    for magic, content_type, _ in _SIGNATURES:
        if data.startswith(magic):
            return content_type
    if _XML_START.match(data[:256]):
        return "application/xml"
    return None


def files_dir(settings: Settings) -> Path:
    return settings.data_dir / "files"


def absolute_path(settings: Settings, stored: StoredFile) -> Path:
    return settings.data_dir / stored.path


def _display_name(name: str | None) -> str | None:
    if not name:
        return None
    # Browsers on Windows may send "C:\fakepath\x.pdf"; keep the last component only.
    base = PurePath(name.replace("\\", "/")).name
    # Shown and sent back as a download name: no control characters (nor NUL for PostgreSQL).
    base = CONTROL_CHARACTERS.sub("", base).strip()
    return base[:255] or None


def _write(path: Path, data: bytes) -> None:
    write_whole(path, data, exclusive=True)


def write_whole(path: Path, data: bytes, *, exclusive: bool = False, mode: int = 0o600) -> None:
    """Writes `data` to `path` whole or not at all, and on the disk when this returns: a
    `.part` file beside it, synced, renamed over `path`, and the folder synced. `exclusive`
    refuses a `.part` another writer left."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".part")
    flags = os.O_WRONLY | os.O_CREAT | (os.O_EXCL if exclusive else os.O_TRUNC)
    fd = os.open(temporary, flags, mode)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        # Readers never see half a file.
        os.replace(temporary, path)
    except BaseException:
        # A full disk, a quota: the half-written `.part` would keep the space, and refuse the
        # next `exclusive` write of the same file.
        temporary.unlink(missing_ok=True)
        raise
    folder = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(folder)
    finally:
        os.close(folder)


# Where a complete file ends: a PDF's last %%EOF lies within its final 1024 bytes (readers since
# Acrobat look no further), a PNG's IEND chunk closes it, a JPEG's EOI marker closes it. A
# cut-off upload has none of them.
_ENDINGS = {
    "application/pdf": b"%%EOF",
    "image/png": b"IEND\xaeB`\x82",
    "image/jpeg": b"\xff\xd9",
}
_ENDING_WINDOW = 1024
# A JPEG may carry data after its EOI (some phones append their own): then its scan is decoded,
# at 1/8 scale (the whole entropy-coded data is still read), and refused if it stops short.
_JPEG_MAX_PIXELS = 80_000_000


def _jpeg_decodes(data: bytes) -> bool:
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.width * image.height > _JPEG_MAX_PIXELS:
                    return False
                image.draft("L", (max(1, image.width // 8), max(1, image.height // 8)))
                image.load()
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return False
    return True


def _cut_off(data: bytes, content_type: str) -> bool:
    ending = _ENDINGS.get(content_type)
    if ending is None or ending in data[-_ENDING_WINDOW:]:
        return False
    return content_type != "image/jpeg" or not _jpeg_decodes(data)


def check(data: bytes, allowed: frozenset[str] = DOCUMENTS, *, whole: bool = False) -> str:
    """The sniffed content type of an acceptable upload; UploadRejected otherwise. `whole` also
    refuses a PDF, PNG or JPEG cut off before its end (documents kept as they are: evidence,
    identity; invoices are read, and their reader says what it cannot read)."""
    if not data:
        raise UploadRejected("file_empty", MESSAGES["file_empty"])
    if len(data) > MAX_UPLOAD_BYTES:
        raise UploadRejected("file_too_large", MESSAGES["file_too_large"])
    content_type = sniff(data)
    if content_type not in allowed:
        kinds = (
            "a PDF, JPEG, PNG, TIFF or e-invoice XML"
            if "application/xml" in allowed
            else ("a PDF, JPEG or PNG")
        )
        raise UploadRejected(
            "file_type_not_allowed", f"Upload {kinds} file (this file is none of them)."
        )
    if whole and _cut_off(data, content_type):
        raise UploadRejected("file_unreadable", MESSAGES["file_unreadable"])
    return content_type


async def check_async(
    data: bytes, allowed: frozenset[str] = DOCUMENTS, *, whole: bool = False
) -> str:
    """`check` for async code: a whole-file check may decode a JPEG's scan (up to 80 megapixels,
    CPU work the event loop must not wait on), so it runs in a worker thread, as the write does."""
    if whole:
        return await asyncio.to_thread(check, data, allowed, whole=True)
    return check(data, allowed)


async def store(
    settings: Settings,
    data: bytes,
    *,
    user_id: str,
    livemode: bool,
    purpose: str,
    original_name: str | None,
    now: datetime,
    allowed: frozenset[str] = DOCUMENTS,
) -> StoredFile:
    """Checks and writes the file; returns the row for the caller to add to its transaction.

    If that transaction then fails, the file stays behind unreferenced: harmless, and cheaper than
    a two-phase dance between the filesystem and the database.
    """
    content_type = await check_async(data, allowed, whole=purpose != "invoice")
    name = secrets.token_hex(16)
    relative = Path("files") / name[:2] / (name + _EXTENSIONS[content_type])
    await asyncio.to_thread(_write, settings.data_dir / relative, data)
    return StoredFile(
        id=new_id("file", livemode=livemode),
        user_id=user_id,
        purpose=purpose,
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        path=relative.as_posix(),
        original_name=_display_name(original_name),
        created_at=now,
    )
