"""Factur-X PDFs whose XML carries part of the invoice, completed from their printed page.

`.venv/bin/python bench/einvoice_print.py [--runs N]` reads, in this process:

- the public e-invoice examples (`tests/ocr/einvoices/`), scored field by field as
  `bench/ocr_accuracy.py` scores them (`tests/ocr/scoring.compare`), with the median seconds of
  an XML file and of the Factur-X PDF;
- three Factur-X PDFs built by the tests (`tests/ocr/einvoice_samples.py`): one page printing
  the whole invoice, embedding a MINIMUM, a BASIC WL, and an EN 16931 XML without due date nor
  buyer e-mail; for each, the scored fields found from the XML alone and with the page (against
  what the page prints, the XML's value where it has one), and the median seconds.

Prints a Markdown table; docs/benchmarks.md is left alone.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from cleavr_connect.reading.extract import analyse  # noqa: E402
from tests.ocr import einvoice_samples as samples  # noqa: E402
from tests.ocr.scoring import SCORED_FIELDS, compare  # noqa: E402

PDF = "application/pdf"


def _timed(data: bytes, content_type: str, runs: int) -> tuple[dict[str, Any], float]:
    seconds = []
    for _ in range(runs):
        started = time.perf_counter()
        extraction = analyse(data, content_type, ocr=False)
        seconds.append(time.perf_counter() - started)
    return extraction, statistics.median(seconds)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}; {args.runs} runs each")
    right = total = 0
    xml_seconds, pdf_seconds = [], []
    for name, expected in samples.expected().items():
        content_type = samples.content_type(name)
        extraction, seconds = _timed((samples.SAMPLES / name).read_bytes(), content_type, args.runs)
        scored = compare(extraction, expected)
        right, total = right + sum(scored.values()), total + len(scored)
        (pdf_seconds if content_type == PDF else xml_seconds).append(seconds)
    print(
        f"public examples: {right}/{total} fields right; median s: XML "
        f"{statistics.median(xml_seconds):.3f}, Factur-X PDF {statistics.median(pdf_seconds):.3f}"
    )
    page = samples.printed_page()
    printed = analyse(page, PDF)["fields"]
    print("| Factur-X PDF | scored fields, XML alone | with its page | from the page | s |")
    print("|---|---|---|---|---|")
    for label, xml in [
        ("MINIMUM", samples.minimum_xml()),
        ("BASIC WL", samples.basic_wl_xml()),
        ("EN 16931 without due date nor e-mail", samples.en16931_xml_without_due_date()),
    ]:
        alone = analyse(xml, "application/xml")["fields"]
        extraction, seconds = _timed(samples.facturx_pdf(page, xml), PDF, args.runs)
        fields = extraction["fields"]
        # Right: the XML's value where it has one, else what the page prints.
        wanted = {n: (alone.get(n) or printed.get(n) or {}).get("value") for n in SCORED_FIELDS}
        got = sum(alone.get(n, {}).get("value") == wanted[n] for n in SCORED_FIELDS)
        completed = sum(fields.get(n, {}).get("value") == wanted[n] for n in SCORED_FIELDS)
        from_page = sum(1 for f in fields.values() if f["source"] != "einvoice")
        print(
            f"| {label} | {got}/{len(SCORED_FIELDS)} | {completed}/{len(SCORED_FIELDS)} "
            f"| {from_page} | {seconds:.3f} |"
        )


if __name__ == "__main__":
    main()
