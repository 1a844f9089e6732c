"""Reading a multipart form whose parser gave up, and saying why.

Starlette answers any malformed multipart body with a bare 400 "Invalid multipart data."; the one
malformation a person causes without meaning to is a file name longer than a part's headers may
be (python-multipart stops at about 4 KB), and that one names the file's field (its message is
`storage.MESSAGES["filename_too_long"]`).
"""

from __future__ import annotations

from typing import Any

from python_multipart.exceptions import MultipartParseError
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request


class FileNameTooLong(Exception):
    """A part's headers (in practice its file name) were longer than the parser takes."""


def name_too_long(exc: BaseException) -> bool:
    """Whether the form parser's 400 (`exc`) came from a part's headers being too long."""
    seen: BaseException | None = exc
    for _ in range(5):  # HTTPException ← MultiPartException ← MultipartParseError
        if seen is None:
            return False
        if isinstance(seen, MultipartParseError) and "header size" in str(seen):
            return True
        seen = seen.__cause__ or seen.__context__
    return False


async def read_form(request: Request, **limits: Any) -> FormData:
    """`request.form(**limits)`, raising FileNameTooLong instead of the 400 for a file name too
    long to parse; any other malformed body stays Starlette's 400."""
    try:
        return await request.form(**limits)
    except HTTPException as exc:
        if exc.status_code == 400 and name_too_long(exc):
            raise FileNameTooLong from None
        raise
