"""Moved to `cleavr_connect.versions` (API versions are kernel: the /v1 middleware, OpenAPI and
every domain use them). This name stays for code written against it."""

from cleavr_connect.versions import (
    LATEST,
    VERSIONS,
    VersionChange,
    is_known,
    register_summary,
    render_event_data,
)

__all__ = [
    "LATEST",
    "VERSIONS",
    "VersionChange",
    "is_known",
    "register_summary",
    "render_event_data",
]
