"""A corpus of invoices made by the tests themselves: reportlab PDFs in several layouts, French
and English, one or several invoice numbers, VAT at 20 %, 10 % and 5.5 % (alone or mixed), each
also "scanned" (rendered, rotated a little, noised, JPEG/PNG or an image-only PDF), with the
fields we expect the extraction to find.

Deterministic: the same seed gives the same invoices, so a cache keyed by `CORPUS_VERSION` and
the seed can be reused across runs (`generate`).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Collection
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from tests.ocr.layouts import render_pdf
from tests.ocr.scanner import scan
from tests.ocr.specs import DEFAULT_SEED, DEFAULT_SIZE, LAYOUTS, build_specs, expected_fields

__all__ = ["DEFAULT_SEED", "DEFAULT_SIZE", "LAYOUTS", "CorpusItem", "generate"]

CORPUS_VERSION = "5"
_SOURCES = ("corpus.py", "specs.py", "layouts.py", "scanner.py")

SCAN_FORMATS = ("jpeg", "pdf", "png")
SCAN_SUFFIX = {"jpeg": ".jpg", "pdf": ".pdf", "png": ".png"}


@dataclass
class CorpusItem:
    key: str
    layout: str
    lang: str
    text_pdf: Path
    scan: Path
    scan_format: str
    expected: dict[str, Any]
    expected_rates: list[Decimal] = field(default_factory=list)


def generate(
    directory: Path,
    *,
    size: int = DEFAULT_SIZE,
    seed: int = DEFAULT_SEED,
    scans: bool | Collection[str] = True,
) -> list[CorpusItem]:
    """Writes (or reuses) the corpus under `directory`; returns its items. `scans`: all, none,
    or the keys of the invoices whose scan is needed (a scan takes ~1 s to make)."""
    directory.mkdir(parents=True, exist_ok=True)
    manifest = directory / "manifest.json"
    # The generator's own source is part of the key: change it and the cache is rebuilt.
    here = Path(__file__).parent
    digest = hashlib.sha256(b"".join((here / name).read_bytes() for name in _SOURCES))
    source = digest.hexdigest()[:16]
    tag = {"version": CORPUS_VERSION, "size": size, "seed": seed, "source": source}
    specs = build_specs(size, seed)
    cached = json.loads(manifest.read_text()) if manifest.exists() else None
    items: list[CorpusItem] = []
    for i, spec in enumerate(specs):
        fmt = SCAN_FORMATS[i % len(SCAN_FORMATS)]
        items.append(
            CorpusItem(
                key=spec.key,
                layout=spec.layout,
                lang=spec.lang,
                text_pdf=directory / f"{spec.key}.pdf",
                scan=directory / f"{spec.key}_scan{SCAN_SUFFIX[fmt]}",
                scan_format=fmt,
                expected=expected_fields(spec),
                expected_rates=sorted(spec.vat_by_rate()),
            )
        )
    fresh = cached is not None and cached.get("tag") == tag
    for spec, item in zip(specs, items, strict=True):
        if not (fresh and item.text_pdf.exists()):
            item.text_pdf.write_bytes(render_pdf(spec))
        wanted = scans if isinstance(scans, bool) else spec.key in scans
        if wanted and not (fresh and item.scan.exists()):
            item.scan.write_bytes(
                scan(
                    item.text_pdf.read_bytes(), seed=seed + int(spec.key[3:5]), fmt=item.scan_format
                )
            )
    manifest.write_text(
        json.dumps(
            {
                "tag": tag,
                "items": [
                    {**asdict(i), "text_pdf": i.text_pdf.name, "scan": i.scan.name} for i in items
                ],
            },
            indent=1,
            default=str,
        )
    )
    return items
