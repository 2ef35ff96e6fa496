#!/usr/bin/env python3
"""Per-page comparison of the fast finder and trafilatura, and simulated cascades.

Benchmark-only helper (never run by cargo test). Inputs: prediction folders written by
`examples/eval_extraction GOLD fast DIR` and `... trafilatura DIR`, and the traces
(`DATELINE_TRACE_EXTRACT=1`, stderr) of the fast run, one per dataset:

    scripts/cascade_report.py EVAL_DIR FAST_PRED TRAF_PRED TRACE_DIR

Prints, per dataset, both finders' scores and the cascade score and fast-path share
for a grid of confidence thresholds, using the reference scorers' per-page methods.
"""
import json, os, sys, itertools
from pathlib import Path

ev, fastd, trafd, traced = map(Path, sys.argv[1:5])
sys.path.insert(0, "/work/shared/eval/scorers")
import eval_extraction as aebm, eval_wcxb as wcm, eval_snippets as snm


def traces(name):
    out = {}
    for line in (traced / f"trace_fast_{name}.tsv").read_text().splitlines():
        parts = line.split("\t")
        if parts[0] != "trace" or len(parts) < 4:
            continue
        out[parts[1]] = dict(kv.split("=") for kv in parts[3].split())
    return out


def aeb_rows():
    gt = json.loads((ev / "scrapinghub-aeb/ground-truth.json").read_text())
    f = json.loads((fastd / "scrapinghub-aeb.json").read_text())
    t = json.loads((trafd / "scrapinghub-aeb.json").read_text())
    rows = {}
    for k in gt:
        true = gt[k].get("articleBody") or ""
        rows[k] = (aebm.doc_counts(true, f.get(k, {}).get("articleBody")),
                   aebm.doc_counts(true, t.get(k, {}).get("articleBody")))
    return rows


def aeb_agg(counts):
    return aebm.aggregate(counts, [False] * len(counts))["f1"]


def wcxb_rows():
    gold = wcm.load_gold(ev / "wcxb")
    f = wcm.load_pred(fastd / "wcxb.json")
    t = wcm.load_pred(trafd / "wcxb.json")
    return {k: (wcm.score_page(g, f.get(k), set())["F1"], wcm.score_page(g, t.get(k), set())["F1"])
            for k, g in gold.items()}


def wc_agg(xs):
    return sum(xs) / len(xs)


def snip_rows():
    gold = json.loads((ev / "trafilatura-eval/evaldata.json").read_text())
    f = json.loads((fastd / "trafilatura-eval.json").read_text())
    t = json.loads((trafd / "trafilatura-eval.json").read_text())
    rows = {}
    for url, g in gold.items():
        key = g.get("file")
        row = []
        for pred in (f, t):
            v = pred.get(key) or pred.get(url) or {}
            r = snm.score({url: g}, {key: {"articleBody": v.get("articleBody", "")}})
            row.append((r["TP"], r["FN"], r["FP"], r["TN"]))
        rows[key] = tuple(row)
    return rows


def sn_agg(xs):
    tp = sum(x[0] for x in xs); fn = sum(x[1] for x in xs); fp = sum(x[2] for x in xs)
    p = tp / (tp + fp) if tp + fp else 0; r = tp / (tp + fn) if tp + fn else 0
    return 2 * p * r / (p + r) if p + r else 0


def ok(tr, c):
    return (tr and int(tr["chars"]) >= c[0] and int(tr["paragraphs"]) >= c[1]
            and float(tr["link_density"]) <= c[2] and float(tr["coverage"]) >= c[3]
            and float(tr.get("chrome_prose", 0)) <= c[4])


sets = {"scrapinghub-aeb": (aeb_rows, aeb_agg), "wcxb": (wcxb_rows, wc_agg),
        "trafilatura-eval": (snip_rows, sn_agg)}
grid = list(itertools.product([300, 400, 600, 800], [2, 3, 4], [0.3, 0.4], [0.5, 0.6, 0.7, 0.8], [100.0]))
results = {}
for name, (rows_f, agg) in sets.items():
    tr = traces(name)
    rows = rows_f()
    keys = sorted(rows)
    fast = agg([rows[k][0] for k in keys]); traf = agg([rows[k][1] for k in keys])
    print(f"{name}: fast {fast:.3f} trafilatura {traf:.3f} pages {len(keys)} traced {len(tr)}")
    for c in grid:
        sel = [rows[k][0] if ok(tr.get(k), c) else rows[k][1] for k in keys]
        share = sum(1 for k in keys if ok(tr.get(k), c)) / len(keys)
        results.setdefault(c, {})[name] = (agg(sel), share)
print("min_chars min_par max_ld min_cov | aeb (share) | wcxb (share) | snippets (share)")
for c, r in sorted(results.items(), key=lambda x: -sum(v[1] for v in x[1].values())):
    floor = [float(x) for x in os.environ.get("FLOOR", "0.955,0.93,0.92").split(",")]
    if all(n in r for n in sets) and r["scrapinghub-aeb"][0] >= floor[0] and r["wcxb"][0] >= floor[1] and r["trafilatura-eval"][0] >= floor[2]:
        print(c, " | ".join(f"{r[n][0]:.3f} ({r[n][1]:.2f})" for n in sets))

# Pages on the fast path that lose most against trafilatura (for error analysis).
import os
if os.environ.get("SHOW"):
    c = tuple(float(x) for x in os.environ["SHOW"].split(","))
    for name, (rows_f, agg) in sets.items():
        tr = traces(name); rows = rows_f()
        def val(x):
            if name == "scrapinghub-aeb":
                tp, fp, fn = x; return tp, (tp / (tp + fp) if tp + fp else 0), (tp / (tp + fn) if tp + fn else 0)
            if name == "wcxb":
                return x, 0, 0
            tp, fn, fp, tn = x; return (tp + tn) / max(1, tp + fn + fp + tn), fp, fn
        diffs = []
        for k, (f, t) in rows.items():
            if ok(tr.get(k), c):
                diffs.append((val(f)[0] - val(t)[0], k, val(f), val(t)))
        diffs.sort()
        print(name)
        for d in diffs[:12]:
            print(f"  {d[0]:+.3f} {d[1]} fast={tuple(round(x,3) for x in d[2])} traf={tuple(round(x,3) for x in d[3])} {tr.get(d[1])}")
