"""The OCR process pool is created by the first upload; it is shut down after the session."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from cleavr_connect.reading import pool


@pytest.fixture(scope="session", autouse=True)
def _ocr_pool() -> Iterator[None]:
    yield
    pool.shutdown()
