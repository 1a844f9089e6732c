"""CLI output: `--json` prints exactly one JSON object; otherwise aligned text."""

from __future__ import annotations

import argparse
import json
import re
import sys
from datetime import date
from typing import Any

from cleavr_connect import wire


def emit(data: dict[str, Any], *, as_json: bool, title: str | None = None) -> None:
    if as_json:
        # Amounts as JSON numbers with their two decimals, as the API writes them.
        sys.stdout.write(wire.dumps(data, fallback=str) + "\n")
        return
    if title:
        print(title)
    width = max((len(k) for k in data), default=0)
    for key, value in data.items():
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value) or "-"
        print(f"  {key.ljust(width)}  {value if value is not None else '-'}")


def fail(message: str, *, as_json: bool, code: str = "error", param: str | None = None) -> int:
    if as_json:
        sys.stdout.write(
            json.dumps({"error": {"code": code, "message": message, "param": param}}) + "\n"
        )
    else:
        print(f"error: {message}", file=sys.stderr)
    return 1


def day(text: str) -> date:
    """An option's calendar date, `YYYY-MM-DD`; argparse names the option in its refusal."""
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}")
