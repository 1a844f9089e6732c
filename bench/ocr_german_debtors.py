"""A French invoice's scan with its debtor in a German-speaking country: how the debtor's name,
street, town and country read (`reading/parties.py`, `reading/second_reading.py`: the German
model's reading).

    .venv/bin/python bench/ocr_german_debtors.py [--seeds 2] [--workers 1] [--only KEY …]

The eighth batch's Liechtenstein invoice (`tests/ocr/real_issuers_eighth.py`) with its client's
block replaced by seven others, written for this probe (every name invented): a German company
with no umlaut, one with umlauts in its name, street and town, an Austrian street with "ö" and
"ß", a Swiss address in French and one in German, and two German addresses with no country
line. Each is drawn by reportlab and fpdf2 and scanned by the harsh pipeline with `--seeds`
seeds. For each of the four fields: right and trusted, right and not trusted, wrong and not
trusted, wrong and trusted. Not an outside corpus: it was written knowing the rules it measures.
"""

from __future__ import annotations

import argparse
import dataclasses
import multiprocessing
import os
import sys
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "src"))

from tests.ocr import hard, real_issuers_eighth  # noqa: E402
from tests.ocr.hard import Text  # noqa: E402
from tests.ocr.scoring import compare  # noqa: E402

LOW_CONFIDENCE = 0.5
FIELDS = (
    "debtor.company_name",
    "debtor.address.line1",
    "debtor.address.city",
    "debtor.address.country",
)
# key: (the client's block as printed, the country it is in)
DEBTORS = {
    "de_plain": (["Berger Maschinenbau GmbH", "Hauptstrasse 5", "80331 Munich", "Allemagne"], "DE"),
    "de_umlaut": (
        ["Müller Werkzeuge GmbH", "Königsallee 12", "40212 Düsseldorf", "Allemagne"],
        "DE",
    ),
    "at_umlaut": (["Gruber Holz KG", "Schönbrunner Straße 7", "1120 Wien", "Autriche"], "AT"),
    "ch_french": (
        ["Horlogerie Besson Sàrl", "Rue de Genève 3", "CH-1003 Lausanne", "Suisse"],
        "CH",
    ),
    "ch_german": (["Zürcher Präzision AG", "Bahnhofstrasse 9", "CH-8001 Zürich", "Suisse"], "CH"),
    # No country line: the street and the five digits are all that say Germany.
    "de_unstated": (["Weiß & Söhne GmbH", "Goethestraße 21", "60313 Frankfurt am Main"], "DE"),
    "de_unstated_plain": (["Hoffmann Logistik GmbH", "Am Hafen 3", "20457 Hamburg"], "DE"),
}
PRODUCERS = ("reportlab", "fpdf2")


def case(key: str) -> hard.Case:
    block, country = DEBTORS[key]
    base = real_issuers_eighth.liechtenstein_fr()
    # The client's block stands at x = 120 mm, from 45 mm down; "Client :" above it stays.
    texts = [t for t in base.texts if not (t.x == 120 and 45 <= t.y < 62)]
    texts += [Text(120, 45 + 4.6 * i, line) for i, line in enumerate(block)]
    code, city = block[2].split("-")[-1].split(" ", 1)
    expected = {
        **base.expected,
        "debtor.company_name": block[0],
        "debtor.address.line1": block[1],
        "debtor.address.postal_code": code,
        "debtor.address.city": city,
        "debtor.address.country": country,
        "debtor.phone": None,
    }
    return dataclasses.replace(base, key=key, texts=texts, expected=expected)


def _read(job: tuple[str, str, int]) -> dict[str, Any]:
    from cleavr_connect.reading.extract import analyse
    from tests.ocr.scanner import scan

    os.environ["OMP_THREAD_LIMIT"] = "1"
    key, producer, seed = job
    debtor = case(key)
    data = hard.RENDERERS[producer](debtor)
    image = scan(data, seed=sum(map(ord, f"{key}_{producer}")) + seed, fmt="jpeg", harsh=True)
    extraction = analyse(image, "image/jpeg")
    scored = compare(extraction, debtor.expected)
    out = {}
    for name in FIELDS:
        found = extraction["fields"].get(name)
        trusted = found is not None and found["confidence"] >= LOW_CONFIDENCE
        verdict = ("right" if scored[name] else "wrong") + (" trusted" if trusted else "")
        out[name] = (found and found["value"], found and found["confidence"], verdict)
    return {"job": job, "fields": out}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seeds", type=int, default=2)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--only", nargs="+", choices=DEBTORS, help="these debtors alone")
    args = parser.parse_args()
    keys = args.only or list(DEBTORS)
    jobs = [(k, p, s) for k in keys for p in PRODUCERS for s in range(args.seeds)]
    with ProcessPoolExecutor(args.workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        results = list(pool.map(_read, jobs))
    tally: Counter[str] = Counter()
    for result in results:
        key, producer, seed = result["job"]
        cells = []
        for name in FIELDS:
            value, confidence, verdict = result["fields"][name]
            tally[verdict] += 1
            cells.append(f"{value!r} {confidence} ({verdict})")
        print(f"- {key} {producer} seed {seed}: " + " · ".join(cells))
    print()
    print(
        "| scans | fields | right, trusted | right, not trusted | wrong, not trusted "
        "| wrong and trusted |"
    )
    print("|---|---|---|---|---|---|")
    print(
        f"| {len(results)} | {len(results) * len(FIELDS)} | {tally['right trusted']} | "
        f"{tally['right']} | {tally['wrong']} | {tally['wrong trusted']} |"
    )


if __name__ == "__main__":
    main()
