"""The parties: the debtor's block (the lines aligned under "Facturé à", "Client", "Bill to"),
its name, kind and address; SIRET and VAT numbers, assigned to the seller or the debtor by
where they stand; the debtor's email and phone."""

from __future__ import annotations

import re

from cleavr_connect.reading import values as v
from cleavr_connect.reading.found import Context, Found
from cleavr_connect.reading.labels import (
    BAD_CHECKSUM,
    CIVILITY,
    COUNTRIES,
    DERIVED,
    EIRCODE_DIGITS,
    L_ANY_FIELD,
    L_BUYER_NUMBER,
    L_DEBTOR,
    L_DEBTOR_CONTEXT,
    L_DELIVERY,
    L_FAX,
    L_NUMBER,
    L_PHONE,
    L_SIREN,
    L_SIRET,
    L_VAT,
    LABELLED,
    LAYOUT,
    LEFT_WINDOW,
    LEGAL_FORM,
    POSTAL_AU,
    POSTAL_CA,
    POSTAL_CITY_FIRST,
    POSTAL_FR,
    POSTAL_IE,
    POSTAL_IN,
    POSTAL_NL,
    POSTAL_OTHER,
    POSTAL_PL,
    POSTAL_PT,
    POSTAL_UK,
    POSTAL_US,
    STREET,
    UNLABELLED,
    UNTRUSTED,
    US_STATES,
    match_label,
)
from cleavr_connect.reading.languages import EURO_AREA
from cleavr_connect.reading.layout import Line, Segment


def debtor_block(ctx: Context) -> None:
    for index, line in enumerate(ctx.lines):
        for segment in line.segments:
            label = match_label(L_DEBTOR, segment.folded)
            if not label:
                continue
            rest = segment.folded[label.end() :].strip()
            if rest and not label.group("colon"):
                continue
            _collect_block(ctx, index, segment, segment.start + label.end())
            if ctx.block:
                if not any(_postal(ln.folded[s:e]) for ln, s, e in ctx.block):
                    # "Client : M. Jean Dupont" on a hotel's note, a name with no address:
                    # where a whole address block stands in the window place, that block is
                    # who the invoice is addressed to.
                    labelled = ctx.block
                    ctx.block = []
                    _block_by_shape(ctx)
                    if not ctx.block:
                        ctx.block = labelled
                return
    _block_by_shape(ctx)


# Lines a buyer's address block never holds: the seller's legal mentions, invoice headings.
_NOT_ADDRESS = re.compile(
    r"siret|siren|rcs|capital|iban|bic|\btva\b|\bvat\b|facture|invoice|total|date|page"
    r"|www\.|@|\btel\b|phone|fax"
)


def _readable(text: str) -> bool:
    """A name, a street or a town is written in letters: a line of scanning specks that OCR
    read as "-", "|" or ".:" (or as one stray character) is no line of an address, and taking it
    would shift every line under it into the wrong field."""
    return any(c.isalpha() for c in text) and sum(c.isalnum() for c in text) >= 2


def _postal(folded: str) -> bool:
    text = folded.strip(" ,")
    return bool(
        POSTAL_FR.match(text)
        or POSTAL_OTHER.match(text)
        or POSTAL_UK.match(text)
        or POSTAL_IE.match(text)
        or POSTAL_AU.match(text)
        or POSTAL_CITY_FIRST.match(text)
        or POSTAL_IN.match(text)
        or _us_postal(text)
    )


# A street and a five-digit postcode with its town on one line, a comma or a dash between them
# or not.
_STREET_AND_POSTAL = re.compile(
    r"^(?P<street>.*?[^\s,-])\s*(?P<mark>[,-])?\s+(?P<postal>(?:[a-z]{1,2}-)?\d{5}\s+[^\W\d_].*)$"
)

# A box, a building or a flat, numbered at its end as a street often is ("BP 123", "CS 30001",
# "Résidence Les Pins, apt 12", "Suite 200"): the address's other line, never its street.
_NO_STREET = re.compile(
    r"(?:bp|b\.p\.|cs|tsa|boite postale|case postale|postfach|p\.?\s?o\.? box|residence|res\."
    r"|batiment|bat\.|immeuble|imm\.|appartement|appt?\.?|escalier|esc\.|etage|entree|chez|c/o"
    r"|unit|suite|flat|floor|building|bldg\.?)(?![a-z])"
)


def _postal_below(below: list[tuple[Line, int, int]]) -> bool:
    """One of the block's lines under the one being read is a postcode's."""
    return any(_postal(ln.folded[s:e]) for ln, s, e in below)


def _us_postal(text: str) -> re.Match[str] | None:
    match = POSTAL_US.match(text)
    return match if match and match.group("state") in US_STATES else None


# First names common in France (and a few English ones): with a surname and no legal form, no
# trade and no company number, a person's name.
_FIRST_NAMES = frozenset(
    re.findall(
        r"[a-z]+",
        """
    adam adrien agnes alain albert alexandra alexandre alexis alice aline amandine amelie anais
    andre andree angelique anne annie antoine arnaud arthur audrey aurelie baptiste benjamin
    benoit bernard brigitte bruno camille caroline catherine cecile celine chantal charles
    charlotte chloe christian christiane christine christophe claire claude claudine clement
    colette corinne damien daniel danielle david denis denise didier dominique elisabeth elise
    eloise emilie emma emmanuel emmanuelle eric estelle etienne eugenie fabien fabienne fabrice
    florence florian francine francis francois francoise frederic frederique gabriel gabrielle
    genevieve georges gerard gilbert gilles ginette guillaume guy helene henri herve hugo hugues
    isabelle jacqueline jacques jean jeanne jeannine jeremy jerome joel joelle jonathan jordan
    joseph josette julie julien juliette justine karine kevin laetitia laura laurence laurent lea
    leo leon leonie lionel louis louise luc lucas lucie lucien lucienne ludovic madeleine manon
    marc marcel marguerite marie marine mathieu mathilde matthieu maurice maxime melanie michel
    michele micheline mireille monique muriel mylene nadine nathalie nicolas nicole noel odette
    olivier pascal pascale patrice patricia patrick paul paulette philippe pierre quentin raphael
    raymond regis remi renee rene robert roger roland romain sabine sandrine sarah sebastien
    serge simone solange sophie stephane stephanie suzanne sylvain sylvie theo therese thierry
    thomas valerie vanessa veronique victor vincent virginie xavier yannick yves yvette yvonne
    james john mary michael robert william elizabeth jennifer linda susan richard
    """,
    )
)
# Trades and bodies that put a first name or a surname in their name ("Boulangerie Martin").
_TRADES = re.compile(
    r"\b(?:boulangerie|patisserie|boucherie|charcuterie|garage|cabinet|agence|atelier|studio"
    r"|hotel|restaurant|cafe|bar|brasserie|pharmacie|clinique|institut|salon|coiffure|societe"
    r"|entreprise|ets|etablissements|groupe|transports?|menuiserie|plomberie|maconnerie"
    r"|association|mairie|commune|ecole|college|lycee|universite|fondation|syndicat|residence"
    r"|domaine|chateau|ferme|librairie|boutique|magasin|maison|editions|laboratoire|fils|freres"
    r"|consulting|conseil|services|immobilier|auto|taxi|ambulances?)\b"
)


def _person(name: str) -> bool:
    """Two to four words, each capitalised or in capitals, one of them a first name at either
    end (a surname in capitals may come first), and no legal form, trade or body."""
    words = re.split(r"[\s-]+", name.strip())
    folded = v.fold(name)
    if not 2 <= len(words) <= 4 or LEGAL_FORM.search(folded) or _TRADES.search(folded):
        return False
    if not all(re.fullmatch(r"[^\W\d_][^\W\d_']*", w) and w[0].isupper() for w in words):
        return False
    first, last = v.fold(words[0]), v.fold(words[-1])
    return first in _FIRST_NAMES or (words[0].isupper() and last in _FIRST_NAMES)


def _business_numbers(block: list[tuple[Line, int, int]]) -> bool:
    """A company number's or a VAT number's label in the buyer's block."""
    return any(
        label.search(ln.folded[s:e]) for ln, s, e in block for label in (L_SIRET, L_SIREN, L_VAT)
    )


# A few words and a colon, nothing after it: a label over the block, not a name.
_LABEL_ALONE = re.compile(r"[^\W\d_][^\d:]{0,38}\s*:")

# A reference printed over a buyer's name: "Code client : CLI-00871", "N° client : 4471".
_REFERENCE = re.compile(
    r"^(?:code|n\s?[°º]|no\b|numero|ref(?:erence)?|id\b|compte|account|customer|client)"
    r"[^:]{0,25}:\s*\S*\d"
)
# "Company SAS, Firstname Lastname": a company's name ending in its legal form, a comma, and a
# person's name of two to four capitalised words.
_COMPANY_CONTACT = re.compile(
    r"^(?P<company>.+?\S)\s*,\s*(?:[A-ZÀ-Ý][\w'-]+\s+){1,3}[A-ZÀ-Ý][\w'-]+$"
)


def _heading_over_company(block: list[tuple[Line, int, int]], line: Line, folded: str) -> bool:
    """A block's first line that is one word alone (a role the page gives the buyer, in no
    label table: "Franchisé", "Adhérent", "Locataire"), right over a line that names a company
    with its legal form: the block's heading, not the company's name."""
    if not re.fullmatch(r"[a-z][a-z'-]{2,24}\s*:?", folded) or LEGAL_FORM.search(folded):
        return False
    if len(block) < 3 or block[0][0] is not line:
        return False
    nxt, start, end = block[1]
    return bool(LEGAL_FORM.search(nxt.folded[start:end]))


def _block_by_shape(ctx: Context) -> None:
    """No label: the buyer's block found by position and shape, as window envelopes place it
    (the right half of the first page's top, French standard NF EN ISO 269 windows): 2 to 7
    left-aligned lines, a name, then a street, then a postcode and town. Taken only when one
    block fits; two candidates, or none in the right half, leave the debtor to the integrator."""
    page = ctx.pages.get(1)
    if page is None:
        return
    open_blocks: list[list[tuple[Line, Segment]]] = []
    for line in ctx.lines:
        if line.page != 1 or line.top > 0.5 * page.height:
            continue
        for segment in line.segments:
            for block in open_blocks:
                last_line, last = block[-1]
                gap = line.top - last_line.bottom
                if abs(segment.x0 - last.x0) < 8 and -1 <= gap < 1.3 * last_line.height:
                    block.append((line, segment))
                    break
            else:
                open_blocks.append([(line, segment)])
    candidates = []
    for block in open_blocks:
        block = [(line, seg) for line, seg in block if _readable(seg.text)]
        folded = [seg.folded.strip() for _, seg in block]
        postal_at = [i for i, text in enumerate(folded) if _postal(text)]
        if not 2 <= len(block) <= 7 or not postal_at or postal_at[0] == 0:
            continue
        lines_before = folded[: postal_at[0]]
        if any(_NOT_ADDRESS.search(text) for text in lines_before):
            continue
        if not re.search(r"[a-z]{2}", lines_before[0]) or L_DELIVERY.match(lines_before[0]):
            continue
        if _names_the_seller(ctx, lines_before[0], {id(line) for line, _ in block}):
            continue
        candidates.append(block)
    right = [b for b in candidates if b[0][1].x0 >= 0.45 * page.width]
    sender = _return_address(ctx)
    if sender is not None:
        # A letter's return address over its window (German DIN 5008, some French issuers):
        # the block right under it is the recipient, on whichever side it stands (and not
        # the sender's own block, which may stand in the right half).
        under = [
            b
            for b in candidates
            if 0 <= b[0][0].top - sender.bottom < 4 * sender.height + 10
            and abs(b[0][1].x0 - sender.segments[0].x0) < 15
        ]
        if under:
            right = under
    factor = UNLABELLED
    if not right and sender is None:
        # No block in the right-hand window: a window on the left (DIN 5008, Nordic and many
        # English-language layouts) holds the buyer's, below the letterhead. Taken only when one
        # block stands there, starting below the page's top and under other text; shown, not
        # trusted: nothing but its place says it is the buyer's.
        right = [b for b in candidates if _left_window(ctx, b)]
        factor = LEFT_WINDOW
    if len(right) != 1:
        return
    ctx.block = [(line, seg.start, seg.end) for line, seg in right[0]]
    ctx.block_factor = factor


def _left_window(ctx: Context, block: list[tuple[Line, Segment]]) -> bool:
    page = ctx.pages[1]
    first, segment = block[0]
    if segment.x0 >= 0.45 * page.width or not 0.13 * page.height <= first.top < 0.4 * page.height:
        return False
    # The letterhead above it, on the same side: a window is never the page's first text.
    return any(
        line.page == 1 and line.bottom < first.top - 5 and line.segments[0].x0 < 0.45 * page.width
        for line in ctx.lines
    )


# A seller's legal mentions: the company they name is the seller, whatever block repeats it.
_LEGAL = re.compile(
    r"siret|siren|\brcs\b|capital|\bhrb\b|amtsgericht|ust-?idnr|registro|\biban\b|\bsitz\b"
)


def _names_the_seller(ctx: Context, name: str, block: set[int]) -> bool:
    """A block whose first line is the company a legal mention names (a footer's "Brandt GmbH
    · Amtsgericht … · USt-IdNr."): the seller's own address, not the buyer's."""
    name = name.strip(" ,.")
    if len(name) < 6:
        return False
    return any(
        id(line) not in block and _LEGAL.search(line.folded) and name in line.folded
        for line in ctx.lines
    )


# A return address on one line: "Brandt GmbH · Industriestraße 14 · 70565 Stuttgart".
# (OCR reads the small "·" as ":" or "-" now and then.)
_RETURN_SEPARATOR = re.compile(r"\s[·•|:]\s|\s-\s")
_RETURN_POSTAL = re.compile(r"[·•|:-]\s*(?:[a-z]{1,2}-)?\d{4,5}\s+[a-z]")


def _return_address(ctx: Context) -> Line | None:
    page = ctx.pages.get(1)
    if page is None:
        return None
    for line in ctx.lines:
        if line.page != 1 or line.top > 0.4 * page.height or len(line.segments) != 1:
            continue
        folded = line.folded
        if (
            len(_RETURN_SEPARATOR.findall(folded)) >= 2
            and _RETURN_POSTAL.search(folded)
            and not _NOT_ADDRESS.search(folded)
        ):
            return line
    return None


def _collect_block(ctx: Context, index: int, label: Segment, after: int) -> None:
    line = label.line
    block: list[tuple[Line, int, int]] = []
    rest = line.text[after : label.end]
    if rest.strip(" :"):
        start = after + len(rest) - len(rest.lstrip(" :"))
        block.append((line, start, label.end))
    x0 = label.x0
    previous = line
    for other in ctx.lines[index + 1 : index + 30]:
        if other.page != line.page:
            break
        gap = other.top - previous.bottom
        if gap > 2.2 * max(previous.height, other.height):
            break
        aligned = [s for s in other.segments if abs(s.x0 - x0) < 15]
        if not aligned:
            continue
        segment = aligned[0]
        if (
            match_label(L_DEBTOR, segment.folded)
            or L_NUMBER.match(segment.folded)
            or L_DELIVERY.match(segment.folded)
        ):
            break
        block.append((other, segment.start, segment.end))
        previous = other
        if len(block) >= 12:
            break
    ctx.block = block


# Liechtenstein's postcodes (Swiss Post's numbering, 9485 Nendeln to 9498 Planken) and its
# dialling code.
_LIECHTENSTEIN_CODE = re.compile(r"^94(?:8[5-9]|9[0-8])$")
_LIECHTENSTEIN_PHONE = re.compile(r"(?<![\w-])(?:\+|00)\s?423[\s.)/-]*\d")
# The country prefixes European mail put before a postcode ("B-1050 Bruxelles", "L-1741
# Luxembourg", "D-80331 München"), by the countries' vehicle signs or their ISO codes; some
# countries still write theirs ("LT-01103 Vilnius", "LV-1050 Rīga", "HR-10000 Zagreb").
_POSTAL_PREFIXES = {
    "a": "AT",
    "at": "AT",
    "b": "BE",
    "be": "BE",
    "ch": "CH",
    "d": "DE",
    "de": "DE",
    "e": "ES",
    "es": "ES",
    "f": "FR",
    "fr": "FR",
    "fl": "LI",
    "li": "LI",
    "i": "IT",
    "it": "IT",
    "l": "LU",
    "lu": "LU",
    "mc": "MC",
    "s": "SE",
    "se": "SE",
    "n": "NO",
    "no": "NO",
    "dk": "DK",
    "fi": "FI",
    "p": "PT",
    "pt": "PT",
    "pl": "PL",
    "cz": "CZ",
    "sk": "SK",
    "gr": "GR",
    "h": "HU",
    "hu": "HU",
    "hr": "HR",
    "si": "SI",
    "ro": "RO",
    "bg": "BG",
    "ee": "EE",
    "lv": "LV",
    "lt": "LT",
}
# Towns of the countries that write four-digit postcodes, by the names French and English
# invoices give them (folded): their country, where the page has no country line.
_FOUR_DIGIT_TOWNS = {
    town: country
    for country, towns in (
        (
            "BE",
            "bruxelles, brussel, brussels, ixelles, uccle, schaerbeek, anderlecht, etterbeek, "
            "jette, woluwe-saint-lambert, woluwe-saint-pierre, forest, saint-gilles, zaventem, "
            "anvers, antwerpen, gand, gent, liege, namur, charleroi, mons, louvain, leuven, "
            "louvain-la-neuve, bruges, brugge, wavre, ottignies, tournai, mouscron, arlon, "
            "nivelles, waterloo, hasselt, malines, mechelen, ostende, oostende, courtrai, "
            "kortrijk, verviers, seraing, dinant, bastogne",
        ),
        (
            "CH",
            "geneve, geneva, genf, lausanne, zurich, berne, bern, bale, basel, fribourg, "
            "neuchatel, sion, lugano, montreux, vevey, nyon, morges, renens, carouge, meyrin, "
            "yverdon-les-bains, la chaux-de-fonds, delemont, bienne, biel, lucerne, luzern, "
            "winterthur, zoug, zug, saint-gall, st. gallen, st-gall",
        ),
        (
            "LU",
            "luxembourg, esch-sur-alzette, differdange, dudelange, ettelbruck, diekirch, strassen",
        ),
        ("AT", "vienne, wien, salzbourg, salzburg, innsbruck, graz, linz, klagenfurt"),
    )
    for town in re.split(r",\s*", towns)
}
# Monaco's postcodes are in La Poste's numbering ("98000 Monaco"), as a French department's.
_MONACO_CODE = re.compile(r"^980\d\d$")


# Streets as German, Italian and Spanish addresses write them (folded text): on a page in French
# or English, what a five-digit postcode with no country line belongs to. A French street puts
# its number first ("4 place du Marché"); "Goethestraße 12", "Am Hafen 3", "Via Roma 12" and
# "Calle Mayor 5" are not in France.
_STREET_COUNTRIES = (
    (
        "DE",
        re.compile(
            # "Straße" as a scan may read it: "Strake", "StraBe" (folded "strabe"), "Strak$e".
            r"(?:[a-z]{3}(?:stra\S{1,2}e|gasse|weg|allee|platz|damm|ufer)|\bstra\S{1,2}e"
            r"|\bstr\.)\s*\d+\s*[a-z]?$"
            r"|^(?:am|an der|auf der|auf dem|im|in der|zum|zur)\s+[^\W\d_].*\s\d+\s*[a-z]?$"
        ),
    ),
    ("IT", re.compile(r"^(?:via|viale|piazza|piazzale|corso|largo|vicolo)\s+[^\W\d_].*\d")),
    (
        "ES",
        re.compile(
            r"^(?:calle|c/|avenida|avda\.?|plaza|paseo|carrer|avinguda|passeig|camino|ronda)"
            r"\s*[^\W\d_].*\d"
        ),
    ),
)


def _street_country(address: list[tuple[Line, int, int]]) -> str | None:
    """The country whose way of writing a street one of the block's lines has, when only one
    country's does."""
    found = {
        country
        for line, start, end in address
        for country, street in _STREET_COUNTRIES
        if street.search(line.folded[start:end].strip(" ,"))
    }
    return found.pop() if len(found) == 1 else None


def debtor(ctx: Context) -> None:
    if not ctx.block:
        return
    fields = ctx.reading.fields
    layout = LAYOUT * ctx.block_factor
    address: list[tuple[Line, int, int]] = []
    postal: tuple[Line, int, int, re.Match[str]] | None = None
    uk_postal: tuple[Line, int, int, re.Match[str]] | None = None  # or an Irish Eircode
    country_of_postal: str | None = None
    foreign_form = False  # a US or "City, postcode, country" line: never France by default
    pin = False  # an Indian "City, State, PIN" line
    for index, (line, start, end) in enumerate(ctx.block):
        folded = line.folded[start:end].strip()
        text = line.text[start:end].strip()
        if not _readable(text) or L_ANY_FIELD.search(folded):
            continue
        if "debtor.company_name" not in fields:
            if _REFERENCE.match(folded):
                continue  # "Code client : CLI-00871" over the name
            if _heading_over_company(ctx.block, line, folded):
                continue  # "Franchisé", "Locataire" over "Boulangerie du Port SARL"
            if _LABEL_ALONE.fullmatch(folded):
                continue  # "Votre société :", a label the page gives the block: no name
            name = text.strip(" ,;:|[]")
            company = _COMPANY_CONTACT.match(name)
            if company and LEGAL_FORM.search(v.fold(company.group("company"))):
                # Odoo's "Atelier Brun SAS, Claire Morel": the company, then its contact.
                name = company.group("company")
            fields["debtor.company_name"] = ctx.found(line, start, end, name, layout)
            individual = bool(CIVILITY.match(folded)) and not LEGAL_FORM.search(folded)
            fields["debtor.company_type"] = ctx.found(
                line, start, end, "individual" if individual else "company", layout
            )
            if not individual and _person(name) and not _business_numbers(ctx.block):
                # "Jean Dupont", "DUPONT Claire": a person's name and nothing of a business. A
                # consumer, most likely, but a sole trader bills under their name too: shown,
                # never trusted (a consumer's claim has no fixed indemnity, a shorter limit).
                kind = fields["debtor.company_type"]
                kind.value = "individual"
                kind.confidence = min(kind.confidence, UNTRUSTED)
            continue
        country = COUNTRIES.get(folded.strip(" ,."))
        if country is None and pin and text.strip(" ,.") == "IN":
            # India's code alone on its line, only under a PIN line: an English "in" left on a
            # line of its own by the layout is no country.
            country = "IN"
        if country:
            fields["debtor.address.country"] = ctx.found(line, start, end, country, layout)
            continue
        dutch = POSTAL_NL.match(text)
        match = POSTAL_FR.match(folded) or dutch or POSTAL_OTHER.match(folded)
        if (
            match
            and postal is None
            and match.re is POSTAL_OTHER
            and _postal_below(ctx.block[index + 1 :])
        ):
            # "2000 Route des Lucioles" over "06410 Biot", "1600 Amphitheatre Pkwy" over
            # "Mountain View, CA 94043": four digits before a street's name are its number.
            address.append((line, start, end))
            continue
        if match and postal is None:
            postal = (line, start, end, match)
            if dutch:
                country_of_postal = "NL"
            continue
        match = (
            POSTAL_CITY_FIRST.match(folded.strip(" ,"))
            or POSTAL_IN.match(folded.strip(" ,"))
            or _us_postal(folded.strip(" ,"))
            or POSTAL_CA.match(folded.strip(" ,"))
            or POSTAL_AU.match(folded.strip(" ,"))
        )
        if match and postal is None:
            postal = (line, start, end, match)
            foreign_form = True
            pin = match.re is POSTAL_IN
            groups = match.groupdict()
            if match.re is POSTAL_CA:
                country_of_postal = "CA"
            elif match.re is POSTAL_AU:
                country_of_postal = "AU"
            elif groups.get("country") and groups["country"].upper() in COUNTRIES.values():
                country_of_postal = groups["country"].upper()
            elif groups.get("state") in US_STATES:
                country_of_postal = "US"
            continue
        uk = POSTAL_UK.match(folded.strip(" ,")) or POSTAL_IE.match(folded.strip(" ,"))
        if uk and postal is None:
            uk_postal = (line, start, end, uk)
            postal = uk_postal
            continue
        both = _STREET_AND_POSTAL.match(folded)
        if postal is None and both and (both.group("mark") or STREET.search(both.group("street"))):
            # "4 place du Marché 21000 Dijon", "Zone artisanale, 21000 Dijon" on one line: the
            # street, then the postcode's line.
            lead = len(line.text[start:end]) - len(line.text[start:end].lstrip())
            at = start + lead + both.start("postal")
            town = POSTAL_FR.match(line.folded[at:end].strip())
            if town:
                address.append((line, start, start + lead + both.end("street")))
                postal = (line, at, end, town)
                continue
        if postal is None:
            address.append((line, start, end))
    if postal is not None and postal is uk_postal:
        # British (and Irish) order: the town on its line (or before the postcode), then the
        # postcode.
        line, start, end, match = postal
        offset = start + (len(line.text[start:end]) - len(line.text[start:end].lstrip()))
        code_start, code_end = offset + match.start("code"), offset + match.end("code")
        code = line.text[code_start:code_end].upper()
        if match.re is POSTAL_IE:
            code = code.translate(EIRCODE_DIGITS)
        fields["debtor.address.postal_code"] = ctx.found(line, code_start, code_end, code, layout)
        if match.group("city"):
            city_start, city_end = offset + match.start("city"), offset + match.end("city")
            city_line: tuple[Line, int, int] | None = (line, city_start, city_end)
        else:
            city_line = address.pop() if len(address) >= 2 else None
        if city_line is not None:
            cl, cs, ce = city_line
            fields["debtor.address.city"] = ctx.found(
                cl, cs, ce, cl.text[cs:ce].strip(" ,|[]"), layout
            )
        if "debtor.address.country" not in fields:
            fields["debtor.address.country"] = Found(
                "IE" if match.re is POSTAL_IE else "GB",
                fields["debtor.address.postal_code"].confidence * DERIVED,
                line.page,
                fields["debtor.address.postal_code"].box,
                "postal_code",
            )
    elif postal is not None:
        line, start, end, match = postal
        offset = start + (len(line.text[start:end]) - len(line.text[start:end].lstrip()))
        code_start, code_end = offset + match.start("code"), offset + match.end("code")
        city_start = offset + match.start("city")
        fields["debtor.address.postal_code"] = ctx.found(
            line, code_start, code_end, match.group("code").upper(), layout
        )
        city = line.text[city_start : offset + match.end("city")].strip(" ,|[]")
        # An Italian province after the town: "20121 Milano (MI)".
        city = re.sub(r"\s*\([A-Za-z]{2}\)$", "", city)
        fields["debtor.address.city"] = ctx.found(line, city_start, end, city, layout)
        derived_country = country_of_postal
        code = match.group("code")
        prefix = re.match(r"\s*([a-z]{1,2})-", line.folded[start:end])
        if prefix and prefix.group(1) in _POSTAL_PREFIXES:
            # Liechtenstein's "FL-9490 Vaduz" included: its codes are in the Swiss range, its
            # prefix is its own.
            derived_country = _POSTAL_PREFIXES[prefix.group(1)]
        elif _MONACO_CODE.match(code) and not foreign_form:
            derived_country = "MC"
        elif _LIECHTENSTEIN_CODE.match(code) and not foreign_form:
            # A code of Liechtenstein's (9485-9498, Swiss Post's numbering) with no country
            # line: Liechtenstein where the page counts in francs or prints its dialling code
            # (+423); else no country (in German, not Austria's either).
            francs = any(re.search(r"\bchf\b", other.folded) for other in ctx.lines)
            dialling = any(_LIECHTENSTEIN_PHONE.search(other.folded) for other in ctx.lines)
            derived_country = "LI" if francs or dialling else None
        elif POSTAL_PL.match(code):
            derived_country = "PL"
        elif POSTAL_PT.match(code):
            derived_country = "PT"
        elif not foreign_form and len(match.group("code")) == 5:
            # Five digits are a French, German, Italian or Spanish code: a letter written in
            # one of the latter three to an address with no country line is posted at home
            # (a border-crossing address names its country); an Italian province after the
            # town ("Torino (TO)") says Italy whatever the language.
            # On a page in French or English, a German, Italian or Spanish street says where.
            province = re.search(r"\([A-Za-z]{2}\)\s*$", line.text[city_start:end])
            derived_country = (
                "IT"
                if province
                else EURO_AREA.get(ctx.other_language or "") or _street_country(address) or "FR"
            )
        elif not foreign_form and len(match.group("code")) == 4 and ctx.other_language == "de":
            # Four digits on a letter in German with no country line: posted at home in
            # Austria, or in Switzerland where the page counts in francs.
            francs = any(re.search(r"\bchf\b", other.folded) for other in ctx.lines)
            derived_country = "CH" if francs else "AT"
        elif not foreign_form and len(match.group("code")) == 4:
            # Four digits and no country line on a page in French or English: Belgium,
            # Switzerland, Luxembourg or Austria share the form; a town that is only one
            # of theirs says which, any other leaves the country out.
            derived_country = _FOUR_DIGIT_TOWNS.get(v.fold(city).strip(" ,."))
        if "debtor.address.country" not in fields and derived_country is not None:
            fields["debtor.address.country"] = Found(
                derived_country,
                fields["debtor.address.postal_code"].confidence * DERIVED,
                line.page,
                fields["debtor.address.postal_code"].box,
                "postal_code",
            )
    streets = [
        i
        for i, (ln, s, e) in enumerate(address)
        if STREET.search(ln.folded[s:e].strip()) and not _NO_STREET.match(ln.folded[s:e].strip())
    ]
    if streets and streets[0] > 0:
        # A contact's name or a building above the street ("Jean Martin", then "4 place du
        # Marché"): the street is the first line of the address; the line under it, or else
        # the one above, the second.
        first = streets[0]
        address = [address[first], *address[first + 1 : first + 2], *address[:first]]
    for n, (line, start, end) in enumerate(address[:2]):
        fields[f"debtor.address.line{n + 1}"] = ctx.found(
            line, start, end, line.text[start:end].strip(" ,|[]"), layout
        )
    if address and not streets:
        line, start, end = address[0]
        if CIVILITY.match(line.folded[start:end].strip()):
            # A contact's name first and no street read under it (a scan that broke the
            # street's line): the name is shown as the first line, never trusted as one.
            contact = fields["debtor.address.line1"]
            contact.confidence = min(contact.confidence, UNTRUSTED)
    if ctx.other_language is not None and ctx.doc.method == "ocr":
        # "Bäckerei", "Köln", "García" read by models without those letters come out as
        # "Backerei", "Koln", "Garcia": shown, never trusted as written. Read with the
        # language's own model, a name is trusted when it shows such a letter; one without
        # may still have lost its accents (the model misses them on a poor scan, "Panaderia
        # Garcia"), so it is not trusted either.
        for name in ("company_name", "address.line1", "address.line2", "address.city"):
            found = fields.get(f"debtor.{name}")
            if found is None:
                continue
            spelt = any(ch.isalpha() and not ch.isascii() for ch in str(found.value))
            if ctx.other_alphabet or not spelt:
                found.confidence = min(found.confidence, UNTRUSTED)


def identifiers(ctx: Context, user_siret: str | None) -> None:
    fields = ctx.reading.fields
    seller: list[Found] = []
    debtor: list[Found] = []
    seller_sirens: set[str] = set()
    debtor_sirens: list[Found] = []
    seller_vat: list[Found] = []
    debtor_vat: list[Found] = []
    emails: list[Found] = []
    phones: list[Found] = []
    for line in ctx.lines:
        folded = line.folded
        label = L_SIRET.search(folded)
        candidates = v.find_sirets(folded[label.end() :], labelled=True) if label else []
        shift = label.end() if label else 0
        if not candidates:
            candidates, shift = v.find_sirets(folded, labelled=False), 0
        for start, end, digits, valid in candidates:
            start, end = start + shift, end + shift
            factor = (LABELLED if label else LAYOUT) * (1.0 if valid else BAD_CHECKSUM)
            found = ctx.found(line, start, end, digits, factor)
            (debtor if _buyer_number(ctx, line, start) else seller).append(
                _as_block(ctx, line, start, found)
            )
        siren = L_SIREN.search(folded)
        for start, end, digits, valid in v.find_sirens(folded[siren.end() :]) if siren else []:
            start, end = start + siren.end(), end + siren.end()  # type: ignore[union-attr]
            if not _buyer_number(ctx, line, start):
                seller_sirens.add(digits)
                continue
            found = ctx.found(line, start, end, digits, LABELLED)
            if not valid:
                # A SIREN whose Luhn check fails (a misprint, a misread digit): shown, not sent.
                found.confidence = min(found.confidence, UNTRUSTED)
            debtor_sirens.append(found)
        for start, end, number, valid in v.find_vat_numbers(folded):
            labelled = bool(L_VAT.search(folded[:start]))
            factor = (LABELLED if labelled else LAYOUT) * (1.0 if valid else BAD_CHECKSUM)
            found = ctx.found(line, start, end, number, factor)
            (debtor_vat if _buyer_number(ctx, line, start) else seller_vat).append(
                _as_block(ctx, line, start, found)
            )
        if ctx.other_language == "es":
            # A Spanish invoice prints its parties' NIF without "ES": the VAT number all the
            # same, taken when its check character holds.
            for start, end, number in v.find_spanish_nifs(folded):
                found = ctx.found(line, start, end, number, LABELLED)
                (debtor_vat if _debtor_side(ctx, line, start) else seller_vat).append(found)
        for start, end, email in v.find_emails(folded):
            if _debtor_side(ctx, line, start):
                emails.append(
                    _as_block(ctx, line, start, ctx.found(line, start, end, email, LABELLED))
                )
        phone_label = L_PHONE.search(folded)
        for start, end, phone in v.find_phones(folded):
            before = folded[:start]
            if L_FAX.search(before[-12:]):
                continue
            if _debtor_side(ctx, line, start) and (phone_label or ctx.in_block(line, start)):
                phones.append(
                    _as_block(ctx, line, start, ctx.found(line, start, end, phone, LABELLED))
                )
    # Only SIRETs whose checksum holds can refuse an invoice as another company's: a misprint
    # (or a misread digit) must not turn the user's own invoice away.
    ctx.reading.seller_sirets = list(
        dict.fromkeys(f.value for f in seller if v.clean_siret(f.value) is not None)
    )
    if seller:
        mine = [f for f in seller if f.value == user_siret]
        fields["seller.siret"] = (mine or sorted(seller, key=lambda f: -f.confidence))[0]
    if seller_vat:
        fields["seller.vat_number"] = max(seller_vat, key=lambda f: f.confidence)
    # The seller's company, by its SIRETs, SIRENs, French VAT numbers and the user's own SIRET:
    # a number of it read on the buyer's side (a block that took in a line of the seller's, a
    # footer's mention) is never the debtor's.
    seller_sirens |= {str(f.value)[:9] for f in seller}
    seller_sirens |= {str(f.value)[4:] for f in seller_vat if str(f.value).startswith("FR")}
    if user_siret:
        seller_sirens.add(user_siret[:9])
    debtor = [f for f in debtor if str(f.value)[:9] not in seller_sirens]
    debtor_sirens = [f for f in debtor_sirens if f.value not in seller_sirens]
    if debtor:
        fields["debtor.siret"] = max(debtor, key=lambda f: f.confidence)
    if debtor_sirens:
        fields["debtor.siren"] = max(debtor_sirens, key=lambda f: f.confidence)
        siret = fields.get("debtor.siret")
        if siret is not None and str(siret.value)[:9] != fields["debtor.siren"].value:
            # The buyer's SIRET and SIREN name two companies: one of them is misread.
            for found in (siret, fields["debtor.siren"]):
                found.confidence = min(found.confidence, UNTRUSTED)
    if debtor_vat:
        fields["debtor.vat_number"] = max(debtor_vat, key=lambda f: f.confidence)
    if emails:
        fields["debtor.email"] = emails[0]
    if phones:
        fields["debtor.phone"] = phones[0]


def _as_block(ctx: Context, line: Line, start: int, found: Found) -> Found:
    """A number or contact read inside the debtor's block is trusted no more than the block."""
    if ctx.block_factor < UNLABELLED and ctx.in_block(line, start):
        found.confidence = min(found.confidence, LAYOUT * ctx.block_factor)
    return found


def _buyer_number(ctx: Context, line: Line, start: int) -> bool:
    """Whether a company number (SIRET, SIREN, VAT number) is the buyer's: in its block, or
    labelled as the client's or the addressee's ("SIREN client", "Votre SIRET")."""
    if ctx.in_block(line, start):
        return True
    return bool(L_BUYER_NUMBER.search(line.folded[max(0, start - 40) : start]))


def _debtor_side(ctx: Context, line: Line, start: int) -> bool:
    if ctx.in_block(line, start):
        return True
    return bool(L_DEBTOR_CONTEXT.search(line.folded[max(0, start - 40) : start]))
