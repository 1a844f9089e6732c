from __future__ import annotations

from typing import Any
from urllib.parse import quote

from cleavr._encoding import compact
from cleavr._request import FilePart
from cleavr.params import FileParam


def path(template: str, *ids: str) -> str:
    """Ids are escaped: a hostile id can never reach another path."""
    return template.format(*(quote(i, safe="") for i in ids))


def page_query(
    limit: int | None, starting_after: str | None, ending_before: str | None, **filters: Any
) -> dict[str, Any]:
    return compact(
        {"limit": limit, "starting_after": starting_after, "ending_before": ending_before} | filters
    )


def file_part(file: FileParam) -> FilePart:
    return (file["filename"], file["content"], file["content_type"])
