"""Misread amounts on scans: how many would be trusted, with and without the checks made on pages
read by OCR (`cleavr_connect.reading.sums`): that base + tax = total, and, where no base is
printed, that the tax is the printed VAT rate's share of the total.

    .venv/bin/python bench/ocr_misreads.py [--corpus-dir bench/.run/ocr-corpus] [--workers 2]
        [--limit 0] [--cases caterer_fr,cash_carry_fr,…]

The scans of the generated corpus and of the real-shaped set (as `bench/ocr_accuracy.py` makes
them, seeded: the same bytes) are read once by Tesseract. Then, for each of the base, the tax and
the total read right and trusted, one digit of its words is changed as a misread would change it
— the units, a cent, the leading digit — and the page is read again by the rules, three times:
as text layers are read (a gap only lowers the confidence by `INCONSISTENT`), with the sum's
check alone (a gap on a scanned page that no printed line explains leaves the amounts in doubt
untrusted), and with the rate's check too (a base derived as total − tax is trusted only where
the tax fits the printed rate).
A misread counts as trusted when the field then holds the changed value with a confidence of
0.5 or more. Right fields of the unchanged readings that either way falls below 0.5 are
counted too (what the checks cost). `--cases` reads the scans of these real-shaped kinds alone
(every producer), the eighth batch's included, and no generated scan. Prints a table; writes
bench/results/ocr-misreads-<date>.txt (`-cases` before the date with `--cases`).
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from collections import defaultdict
from concurrent.futures import ProcessPoolExecutor
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from tests.ocr import real_shaped  # noqa: E402
from tests.ocr.corpus import DEFAULT_SEED, DEFAULT_SIZE, generate  # noqa: E402

AMOUNTS = ("invoice.amount_before_tax", "invoice.tax_amount", "invoice.amount")
LOW_CONFIDENCE = 0.5


def _mutations(text: str) -> list[str]:
    """A word of an amount with one digit misread: the units before the decimal separator, the
    first cent, the leading digit (each a different digit, never a new leading zero)."""
    digits = [i for i, ch in enumerate(text) if ch.isdigit()]
    if not digits:
        return []
    separator = max((i for i, ch in enumerate(text) if ch in ",."), default=-1)
    spots = []
    before = [i for i in digits if i < separator]
    after = [i for i in digits if i > separator]
    if before:
        spots.append((before[-1], 3))
    if after:
        spots.append((after[0], 5))
    spots.append((digits[0], 1))
    out = []
    for index, shift in dict.fromkeys(spots):
        digit = (int(text[index]) + shift) % 10
        if index == digits[0] and digit == 0:
            digit = 9
        changed = text[:index] + str(digit) + text[index + 1 :]
        if changed != text and changed not in out:
            out.append(changed)
    return out


MODES = ("text", "sums", "checked")


def _read(pages: list[Any], mode: str) -> Any:
    """The pages read by the rules: as text layers ("text"), with the sum's check alone
    ("sums"), with both checks ("checked")."""
    from cleavr_connect.reading import sums
    from cleavr_connect.reading.layout import Document
    from cleavr_connect.reading.rules import read_invoice

    scanned, check_rate = sums._scanned, sums.check_rate
    if mode == "text":
        sums._scanned = lambda ctx, found: False  # type: ignore[assignment]
    if mode == "sums":
        sums.check_rate = lambda *args: None  # type: ignore[assignment]
    try:
        return read_invoice(Document(pages, "ocr"))
    finally:
        sums._scanned, sums.check_rate = scanned, check_rate  # type: ignore[assignment]


def _with_word(pages: list[Any], word: Any, text: str) -> list[Any]:
    """The pages with one word's text replaced, laid out again (boxes unchanged)."""
    from dataclasses import replace

    from cleavr_connect.reading.layout import build_page

    out = []
    for page in pages:
        words = [w for line in page.lines for w in line.words]
        if not any(w is word for w in words):
            out.append(page)
            continue
        words = [replace(w, text=text) if w is word else w for w in words]
        laid = build_page(page.number, page.width, page.height, words)
        laid.langs, laid.image = page.langs, page.image
        out.append(laid)
    return out


def _run(job: tuple[str, str, dict[str, Any]]) -> dict[str, Any]:
    from cleavr_connect.reading import sources

    kind, path, expected = job
    started = time.perf_counter()
    images = (
        sources.render_pages(Path(path).read_bytes(), [1])
        if path.endswith(".pdf")
        else sources.image_pages(Path(path).read_bytes())[:1]
    )
    pages = [sources.ocr_page(1, images[0])]
    for page in pages:
        page.image = None  # no second reading: it reads names and numbers, not amounts
    tally: dict[str, int] = defaultdict(int)
    readings = {mode: _read(pages, mode) for mode in MODES}
    for checked, reading in readings.items():
        for name in AMOUNTS:
            found = reading.fields.get(name)
            right = found is not None and _same(found.value, expected.get(name))
            if right and found.confidence < LOW_CONFIDENCE:
                tally[f"right_untrusted_{checked}"] += 1
    lost = []
    for name in AMOUNTS:
        before, after = (readings[mode].fields.get(name) for mode in ("sums", "checked"))
        trusted = before is not None and before.confidence >= LOW_CONFIDENCE
        if (
            trusted
            and _same(before.value, expected.get(name))  # type: ignore[union-attr]
            and (after is None or after.confidence < LOW_CONFIDENCE)
        ):
            lost.append(f"{Path(path).name} `{name}`")
    for name in AMOUNTS:
        found = readings["text"].fields.get(name)
        if found is None or not _same(found.value, expected.get(name)):
            continue
        if found.confidence < LOW_CONFIDENCE:
            continue
        numeric = [w for w in found.words if any(ch.isdigit() for ch in w.text)]
        for word in numeric:
            for text in _mutations(word.text):
                changed = _with_word(pages, word, text)
                for checked in MODES:
                    again = _read(changed, checked).fields.get(name)
                    if again is None or _same(again.value, expected.get(name)):
                        continue
                    tally[f"misread_{checked}"] += 1
                    tally[f"trusted_{checked}"] += again.confidence >= LOW_CONFIDENCE
                    tally[f"{name}_{checked}"] += again.confidence >= LOW_CONFIDENCE
    return {
        "kind": kind,
        "tally": dict(tally),
        "lost": lost,
        "seconds": time.perf_counter() - started,
    }


def _same(value: Any, expected: Any) -> bool:
    return expected is not None and Decimal(str(value)) == Decimal(str(expected))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--corpus-dir", type=Path, default=ROOT / "bench/.run/ocr-corpus")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--limit", type=int, default=0, help="scans of each set (0: all)")
    parser.add_argument(
        "--cases", default="", help="comma-separated real-shaped kinds to read alone"
    )
    args = parser.parse_args()
    if args.cases:
        keys = args.cases.split(",")
        every = real_shaped.cases() + real_shaped.eighth_cases()
        selection = [case for case in every if case.key in keys]
        unknown = set(keys) - {case.key for case in selection}
        if unknown:
            parser.error(f"unknown kinds: {', '.join(sorted(unknown))}")
        generated = []
        real = real_shaped.generate(args.corpus_dir / "real", scans=True, selection=selection)
    else:
        generated = generate(args.corpus_dir, size=DEFAULT_SIZE, seed=DEFAULT_SEED)
        real = real_shaped.generate(args.corpus_dir / "real", scans=True)
    jobs = [("generated scans", str(i.scan), i.expected) for i in generated]
    jobs_real = [("real-shaped scans", str(i.scan), i.case.expected) for i in real if i.scan]
    if args.limit:
        jobs, jobs_real = jobs[: args.limit], jobs_real[: args.limit]
    import multiprocessing

    with ProcessPoolExecutor(args.workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        results = list(pool.map(_run, jobs + jobs_real))
    totals: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for result in results:
        totals[result["kind"]]["scans"] += 1
        for key, count in result["tally"].items():
            totals[result["kind"]][key] += count
    lines = [
        f"Misread amounts on scans — {date.today().isoformat()} — first page of each scan",
        f"machine: {platform.machine()}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}; "
        f"workers {args.workers}",
        "",
        "| set | scans | one-digit misreads read | trusted, as text layers | trusted, sums checked "
        "| trusted, sums and rate checked | right amounts untrusted: as text layers, sums "
        "checked, both checked |",
        "|---|---|---|---|---|---|---|",
    ]
    for kind, tally in totals.items():
        lines.append(
            f"| {kind} | {tally['scans']} | {tally['misread_text']} | {tally['trusted_text']} | "
            f"{tally['trusted_sums']} | {tally['trusted_checked']} | "
            + ", ".join(str(tally[f"right_untrusted_{mode}"]) for mode in MODES)
            + " |"
        )
    lines += ["", "Trusted misreads by field (as text layers → sums checked → both checked):"]
    for kind, tally in totals.items():
        cells = ", ".join(
            f"`{name}` " + " → ".join(str(tally[f"{name}_{mode}"]) for mode in MODES)
            for name in AMOUNTS
        )
        lines.append(f"- {kind}: {cells}")
    lines += ["", "Right and trusted amounts that the rate's check leaves untrusted:"]
    lines += [f"- {item}" for result in results for item in result["lost"]] or ["- none"]
    report = "\n".join(lines)
    print(report)
    results_dir = ROOT / "bench/results"
    results_dir.mkdir(parents=True, exist_ok=True)
    suffix = "-cases" if args.cases else ""
    (results_dir / f"ocr-misreads{suffix}-{date.today().isoformat()}.txt").write_text(report + "\n")


if __name__ == "__main__":
    main()
