#!/usr/bin/env python3
"""Throughput of the Python bindings against the CLI on the same pages, one core each.

    .venv/bin/python scripts/bench-bindings.py [DIR_OR_FILES...] [--limit N]

Defaults to the HTML pages under ../shared/eval/extraction. Prints articles per second
for `dateline analyze` (one process, reading the files) and for
`dateline.analyze_many(..., threads=1)` (bytes already in memory, plus the cost of
turning each document into a Python dict), and the bindings' overhead.
"""

import argparse
import gzip
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def collect(args, limit):
    paths = []
    for a in args or [str(ROOT.parent / "shared" / "eval" / "extraction")]:
        p = Path(a)
        paths += sorted(x for x in p.rglob("*.html*") if x.is_file()) if p.is_dir() else [p]
    return paths[:limit]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("paths", nargs="*")
    ap.add_argument("--limit", type=int, default=400)
    ap.add_argument("--bin", default=str(ROOT / "target" / "release" / "dateline"))
    a = ap.parse_args()
    import dateline

    paths = collect(a.paths, a.limit)
    blobs = []
    for p in paths:
        data = p.read_bytes()
        blobs.append({"content": gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data,
                      "name": str(p), "content_type": "html"})
    t = time.perf_counter()
    cpu = time.process_time()
    out = subprocess.run(
        ["taskset", "-c", "0", a.bin, "analyze", *map(str, paths)],
        capture_output=True, text=True,
    )
    cli_wall = time.perf_counter() - t
    cli_docs = out.stdout.count("\n")
    t = time.perf_counter()
    docs = dateline.analyze_many(blobs, threads=1, on_error="return")
    py_wall = time.perf_counter() - t
    ok = sum(1 for d in docs if "error" not in d)
    cli_rate = cli_docs / cli_wall
    py_rate = ok / py_wall
    print(f"pages: {len(paths)}  cli docs: {cli_docs}  bindings docs: {ok}")
    print(f"cli:      {cli_rate:8.1f} articles/s (1 core, wall {cli_wall:.2f}s)")
    print(f"bindings: {py_rate:8.1f} articles/s (1 thread, wall {py_wall:.2f}s)")
    print(f"overhead of the bindings: {100 * (cli_rate / py_rate - 1):+.1f}%")
    del cpu


if __name__ == "__main__":
    sys.exit(main())
