#!/usr/bin/env python3
"""Builds a .warc.gz of HTTP response records from saved HTML pages (plain or .gz),
repeating every page COPIES times under changed URLs, for ingest throughput and memory
measurements (docs/EVALUATION.md).

usage: make_warc.py OUT.warc.gz COPIES DIR...
"""
import gzip
import os
import sys
import uuid


def pages(dirs):
    for d in dirs:
        for root, _, files in sorted(os.walk(d)):
            for f in sorted(files):
                if not (f.endswith(".html") or f.endswith(".html.gz") or f.endswith(".htm")):
                    continue
                p = os.path.join(root, f)
                data = open(p, "rb").read()
                if f.endswith(".gz"):
                    data = gzip.decompress(data)
                yield os.path.relpath(p, d), data


def record(url, body):
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n" % len(body) + body
    head = (
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: %s\r\n"
        "WARC-Date: 2026-11-29T00:00:00Z\r\nWARC-Record-ID: <urn:uuid:%s>\r\n"
        "Content-Type: application/http; msgtype=response\r\nContent-Length: %d\r\n\r\n"
        % (url, uuid.uuid4(), len(http))
    ).encode()
    return head + http + b"\r\n\r\n"


def main():
    out, copies, dirs = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
    n = 0
    with open(out, "wb") as f:
        for k in range(copies):
            for rel, body in pages(dirs):
                url = "https://copy%d.example/%s" % (k, rel.replace(os.sep, "/"))
                f.write(gzip.compress(record(url, body)))
                n += 1
    print("%d records" % n, file=sys.stderr)


if __name__ == "__main__":
    main()
