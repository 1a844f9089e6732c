from __future__ import annotations

import io
import mimetypes
import os
from pathlib import Path
from typing import Any
from urllib.parse import quote

from cleavr._encoding import compact
from cleavr._request import FilePart
from cleavr.params import FileInput


def path(template: str, *ids: str) -> str:
    """Ids are escaped: a hostile id can never reach another path."""
    return template.format(*(quote(i, safe="") for i in ids))


def page_query(
    limit: int | None, starting_after: str | None, ending_before: str | None, **filters: Any
) -> dict[str, Any]:
    return compact(
        {"limit": limit, "starting_after": starting_after, "ending_before": ending_before} | filters
    )


_SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"<?xml", "application/xml"),
)


def _sniff(content: bytes, filename: str) -> str:
    head = content[:16].lstrip(b"\xef\xbb\xbf")
    for signature, media_type in _SIGNATURES:
        if head.startswith(signature):
            return media_type
    return mimetypes.guess_type(filename)[0] or "application/octet-stream"


def file_part(file: FileInput) -> FilePart:
    """Read once into memory, so that a retry sends the very same bytes."""
    if isinstance(file, dict):
        return (file["filename"], file["content"], file["content_type"])
    if isinstance(file, tuple):
        return file
    if isinstance(file, bytes | bytearray | memoryview):
        content = bytes(file)
        media_type = _sniff(content, "")
        extension = mimetypes.guess_extension(media_type) or ""
        return (f"upload{extension}", content, media_type)
    if isinstance(file, str | os.PathLike):
        path = Path(file)
        content = path.read_bytes()
        return (path.name, content, _sniff(content, path.name))
    if isinstance(file, io.TextIOBase):
        raise TypeError("Open the file in binary mode ('rb'): an invoice is bytes, not text.")
    if hasattr(file, "read"):
        content = file.read()
        if not isinstance(content, bytes):
            raise TypeError("Open the file in binary mode ('rb').")
        name = Path(str(getattr(file, "name", "upload"))).name
        return (name, content, _sniff(content, name))
    raise TypeError(
        f"file must be a path, bytes, a binary file object or a FileParam, not {type(file)}"
    )
