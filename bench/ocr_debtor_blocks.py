"""A French invoice's debtor block written many ways: how the reading takes the debtor's name,
kind, street, postcode, town and country (`reading/parties.py`, `reading/second_reading.py`).

    .venv/bin/python bench/ocr_debtor_blocks.py [--set german|addresses] [--seeds 2]
        [--workers 1] [--only KEY …] [--text]

The eighth batch's Liechtenstein invoice (`tests/ocr/real_issuers_eighth.py`) with its client's
block replaced by others written for this probe (every name invented), each drawn by reportlab
and fpdf2 and scanned by the harsh pipeline with `--seeds` seeds (`--text`: the text PDFs
instead, one per producer).

- `--set german` (the default): debtors in German-speaking countries, read again by the German
  model on a scan: a German company with no umlaut, one with umlauts in its name, street and
  town, an Austrian street with "ö" and "ß", a Swiss address in French and one in German, and
  two German addresses with no country line. Scored: the name, street, town and country.
- `--set addresses`: addresses written as they are abroad or on French business mail: a street
  numbered in thousands, a box or a building over the street, the street and the postcode on
  one line, a country's prefix, Canadian, Portuguese, Swedish, Irish and Australian postcodes, a
  person's name alone. Scored: the name, its kind, street, postcode, town and country.

For each field: right and trusted, right and not trusted, wrong and not trusted, wrong and
trusted. Not an outside corpus: it was written knowing the rules it measures.
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
GERMAN_FIELDS = (
    "debtor.company_name",
    "debtor.address.line1",
    "debtor.address.city",
    "debtor.address.country",
)
ADDRESS_FIELDS = (
    "debtor.company_name",
    "debtor.company_type",
    "debtor.address.line1",
    "debtor.address.postal_code",
    "debtor.address.city",
    "debtor.address.country",
)
# key: (the client's block as printed, the country it is in)
GERMAN = {
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
# key: (the client's block as printed, its kind, street, postcode, town and country)
ADDRESSES = {
    "road_in_thousands": (
        ["Amadeus Services SAS", "2000 Route des Lucioles", "06410 Biot"],
        ("company", "2000 Route des Lucioles", "06410", "Biot", "FR"),
    ),
    "box_under_zone": (
        ["Transports Girard SARL", "ZA des Écluses", "BP 123", "21000 Dijon"],
        ("company", "ZA des Écluses", "21000", "Dijon", "FR"),
    ),
    "residence_over_street": (
        ["Mme Claire Morel", "Résidence Les Pins, apt 12", "3 allée des Lilas", "13008 Marseille"],
        ("individual", "3 allée des Lilas", "13008", "Marseille", "FR"),
    ),
    "street_and_town_one_line": (
        ["Garage du Centre SARL", "4 place du Marché, 21000 Dijon"],
        ("company", "4 place du Marché", "21000", "Dijon", "FR"),
    ),
    "belgian_prefix": (
        ["Brasserie Delvaux SPRL", "Avenue Louise 54", "B-1050 Bruxelles"],
        ("company", "Avenue Louise 54", "1050", "Bruxelles", "BE"),
    ),
    "monaco": (
        ["Riviera Yachting SAM", "7 avenue de Grande-Bretagne", "98000 Monaco"],
        ("company", "7 avenue de Grande-Bretagne", "98000", "Monaco", "MC"),
    ),
    "quebec": (
        ["Studio Boréal inc.", "1234, rue Sainte-Catherine Ouest", "Montréal (Québec) H3G 1P1"],
        ("company", "1234, rue Sainte-Catherine Ouest", "H3G 1P1", "Montréal", "CA"),
    ),
    "portugal": (
        ["Casa Lusitana Lda", "Rua Augusta 100", "1100-053 Lisboa"],
        ("company", "Rua Augusta 100", "1100-053", "Lisboa", "PT"),
    ),
    "sweden": (
        ["Nordvik AB", "Drottninggatan 5", "111 51 Stockholm", "Suède"],
        ("company", "Drottninggatan 5", "111 51", "Stockholm", "SE"),
    ),
    "ireland": (
        ["Celtic Software Ltd", "12 Harcourt Street", "Dublin 2, D02 X285", "Irlande"],
        ("company", "12 Harcourt Street", "D02 X285", "Dublin 2", "IE"),
    ),
    "australia": (
        ["Kookaburra Tech Pty Ltd", "1 Martin Place", "Sydney NSW 2000", "Australie"],
        ("company", "1 Martin Place", "2000", "Sydney", "AU"),
    ),
    "person_alone": (
        ["Jean Dupont", "3 allée des Lilas", "13008 Marseille"],
        ("individual", "3 allée des Lilas", "13008", "Marseille", "FR"),
    ),
}
SETS = {"german": (GERMAN, GERMAN_FIELDS), "addresses": (ADDRESSES, ADDRESS_FIELDS)}
PRODUCERS = ("reportlab", "fpdf2")


def case(key: str) -> hard.Case:
    base = real_issuers_eighth.liechtenstein_fr()
    if key in GERMAN:
        block, country = GERMAN[key]
        code, city = block[2].split("-")[-1].split(" ", 1)
        kind, street = "company", block[1]
    else:
        block, (kind, street, code, city, country) = ADDRESSES[key]
    # The client's block stands at x = 120 mm, from 45 mm down; "Client :" above it stays.
    texts = [t for t in base.texts if not (t.x == 120 and 45 <= t.y < 62)]
    texts += [Text(120, 45 + 4.6 * i, line) for i, line in enumerate(block)]
    expected = {
        **base.expected,
        "debtor.company_name": block[0],
        "debtor.company_type": kind,
        "debtor.address.line1": street,
        "debtor.address.postal_code": code,
        "debtor.address.city": city,
        "debtor.address.country": country,
        "debtor.phone": None,
    }
    return dataclasses.replace(base, key=key, texts=texts, expected=expected)


def _read(job: tuple[str, str, int, bool]) -> dict[str, Any]:
    from cleavr_connect.reading.extract import analyse
    from tests.ocr.scanner import scan

    os.environ["OMP_THREAD_LIMIT"] = "1"
    key, producer, seed, text = job
    debtor = case(key)
    data = hard.RENDERERS[producer](debtor)
    if text:
        extraction = analyse(data, "application/pdf")
    else:
        image = scan(data, seed=sum(map(ord, f"{key}_{producer}")) + seed, fmt="jpeg", harsh=True)
        extraction = analyse(image, "image/jpeg")
    scored = compare(extraction, debtor.expected)
    fields = GERMAN_FIELDS if key in GERMAN else ADDRESS_FIELDS
    out = {}
    for name in fields:
        found = extraction["fields"].get(name)
        trusted = found is not None and found["confidence"] >= LOW_CONFIDENCE
        verdict = ("right" if scored[name] else "wrong") + (" trusted" if trusted else "")
        out[name] = (found and found["value"], found and found["confidence"], verdict)
    return {"job": job, "fields": out}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--set", choices=SETS, default="german")
    parser.add_argument("--seeds", type=int, default=2)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--only", nargs="+", help="these debtors of the set alone")
    parser.add_argument("--text", action="store_true", help="the text PDFs, not their scans")
    args = parser.parse_args()
    debtors, fields = SETS[args.set]
    unknown = set(args.only or ()) - set(debtors)
    if unknown:
        parser.error(f"not in --set {args.set}: {', '.join(sorted(unknown))}")
    keys = args.only or list(debtors)
    seeds = 1 if args.text else args.seeds
    jobs = [(k, p, s, args.text) for k in keys for p in PRODUCERS for s in range(seeds)]
    with ProcessPoolExecutor(args.workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        results = list(pool.map(_read, jobs))
    tally: Counter[str] = Counter()
    for result in results:
        key, producer, seed, _ = result["job"]
        cells = []
        for name in fields:
            value, confidence, verdict = result["fields"][name]
            tally[verdict] += 1
            cells.append(f"{value!r} {confidence} ({verdict})")
        print(f"- {key} {producer} seed {seed}: " + " · ".join(cells))
    print()
    kind = "text PDFs" if args.text else "scans"
    print(
        f"| {kind} | fields | right, trusted | right, not trusted | wrong, not trusted "
        "| wrong and trusted |"
    )
    print("|---|---|---|---|---|---|")
    print(
        f"| {len(results)} | {len(results) * len(fields)} | {tally['right trusted']} | "
        f"{tally['right']} | {tally['wrong']} | {tally['wrong trusted']} |"
    )


if __name__ == "__main__":
    main()
