"""A CSV report is written row by row as it is sent: a line is made only when the previous
ones have gone, so memory holds one row at a time, not the table."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from cleavr_connect.reports import export

ROWS = 10_000


def test_a_10000_row_report_is_made_one_row_at_a_time() -> None:
    pulled = 0

    def periods() -> Iterator[dict[str, Any]]:
        nonlocal pulled
        for day in range(ROWS):
            pulled += 1
            yield {
                "period_start": f"day-{day}",
                "period_end": f"day-{day}",
                "payments": 1,
                "amount_recovered": 10.5,
                "commission": 1.25,
                "commission_vat": 0.25,
                "net": 9.0,
            }

    report = {"currency": "EUR", "data": periods()}
    lines = export.recoveries_csv(report)
    header = next(lines)
    assert header == (
        b"period_start,period_end,payments,amount_recovered,commission,commission_vat,net,"
        b"currency\r\n"
    )
    assert pulled == 0  # the header goes before any row is read
    sent: list[bytes] = []
    for count, line in enumerate(lines, start=1):
        # Only the row being written has been read from the report's rows.
        assert pulled == count
        sent.append(line)
    assert pulled == ROWS and len(sent) == ROWS
    table = list(csv.reader(io.StringIO((header + b"".join(sent)).decode())))
    assert table[1] == ["day-0", "day-0", "1", "10.50", "1.25", "0.25", "9.00", "EUR"]
    assert table[-1][0] == f"day-{ROWS - 1}" and len(table) == ROWS + 1
