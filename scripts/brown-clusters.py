#!/usr/bin/env python3
"""Rebuilds knowledge/text/brown_clusters.tsv.gz from spacy-lookups-data (MIT).

    pip download --no-deps spacy-lookups-data==1.0.5 -d /tmp/sld
    python3 scripts/brown-clusters.py /tmp/sld/spacy_lookups_data-1.0.5-py2.py3-none-any.whl

Keeps the 100,000 most frequent words (by the package's en_lexeme_prob) that have a
Brown cluster, without white space, at most 30 characters, most frequent first.
"""
import gzip
import json
import sys
import zipfile

N = 100_000


def table(zf, name):
    return json.loads(gzip.decompress(zf.read(f"spacy_lookups_data/data/{name}.json.gz")))


def main(wheel, out="knowledge/text/brown_clusters.tsv.gz"):
    with zipfile.ZipFile(wheel) as zf:
        cluster = table(zf, "en_lexeme_cluster")
        prob = table(zf, "en_lexeme_prob")
    words = [
        w
        for w in sorted(prob, key=lambda w: (-prob[w], w))
        if cluster.get(w, 0) > 0 and 0 < len(w) <= 30 and not any(c.isspace() for c in w)
    ][:N]
    data = "".join(f"{w}\t{cluster[w]}\n" for w in words).encode()
    with gzip.GzipFile(out, "wb", compresslevel=9, mtime=0) as f:
        f.write(data)
    print(f"wrote {out}: {len(words)} words")


if __name__ == "__main__":
    main(*sys.argv[1:])
