#!/usr/bin/env python3
"""Run dateline over WARC files with PySpark; write articles, events and quotes as Parquet.

    spark-submit examples/spark/dateline_spark.py --input warc-paths.txt --out out/ \
        [--partitions N] [--threads-per-task 1]

`--input` is a text file with one WARC path per line (local paths, file://, or any
filesystem pyarrow can open: s3://, hdfs://, gs://); it may itself be on such a
filesystem when Spark can read it. Output under `--out`:

    articles/                      one row per article
    events/event_date=YYYY-MM-DD/  one row per event, partitioned by the event's date
    quotes/                        one row per quote
    skipped.json                   records skipped, by reason (from Spark accumulators)

Executors need the `dateline` wheel installed (pip install it on the cluster image, or
ship it with `--py-files` as a zip of the installed package for the same platform).
See docs/SCALE.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import tempfile
from urllib.parse import urlparse

REASONS = ("read_failed", "malformed_record", "analysis_failed")


def local_copy(path: str) -> tuple[str, bool]:
    """A local path for `path`; copies remote files (s3://, hdfs://, …) to a temp file."""
    scheme = urlparse(path).scheme
    if scheme in ("", "file"):
        return (urlparse(path).path if scheme == "file" else path), False
    import pyarrow.fs as pafs  # only needed for remote inputs

    fs, inner = pafs.FileSystem.from_uri(path)
    fd, tmp = tempfile.mkstemp(suffix=os.path.basename(inner))
    with os.fdopen(fd, "wb") as out, fs.open_input_stream(inner) as src:
        shutil.copyfileobj(src, out, 1 << 20)
    return tmp, True


def process_partition(paths, counters, threads: int, batch: int = 64):
    """Yields (table, row) pairs for every WARC path of the partition."""
    import dateline
    from dateline import tables

    def flush(records):
        for doc in dateline.analyze_many(records, threads=threads, on_error="return"):
            if "error" in doc:
                counters["analysis_failed"].add(1)
                continue
            yield "articles", tables.article_row(doc)
            for row in tables.event_rows(doc):
                yield "events", row
            for row in tables.quote_rows(doc):
                yield "quotes", row

    for path in paths:
        path = path.strip()
        if not path:
            continue
        try:
            local, temporary = local_copy(path)
        except Exception:  # unreadable input: count it, go on with the others
            counters["read_failed"].add(1)
            continue
        try:
            pending = []
            for rec in dateline.read_warc(local, errors="return"):
                if "error" in rec:
                    counters["malformed_record"].add(1)
                    continue
                rec["path"] = path
                pending.append(rec)
                if len(pending) >= batch:
                    yield from flush(pending)
                    pending = []
            if pending:
                yield from flush(pending)
        except Exception:
            counters["read_failed"].add(1)
        finally:
            if temporary:
                os.unlink(local)


def schemas():
    from pyspark.sql import types as T

    s, i, d, l_ = T.StringType(), T.LongType(), T.DoubleType(), T.ArrayType(T.StringType())
    articles = T.StructType([
        T.StructField("article_id", s), T.StructField("path", s),
        T.StructField("record_offset", i), T.StructField("url", s),
        T.StructField("title", s), T.StructField("published", s), T.StructField("site", s),
        T.StructField("language", s), T.StructField("authors", l_), T.StructField("text", s),
    ])
    events = T.StructType([
        T.StructField("article_id", s), T.StructField("event_index", i),
        T.StructField("cameo", s), T.StructField("plover", s), T.StructField("goldstein", d),
        T.StructField("quad_class", i), T.StructField("source_code", s),
        T.StructField("target_code", s), T.StructField("source_entity", s),
        T.StructField("target_entity", s), T.StructField("event_date", s),
        T.StructField("date_basis", s), T.StructField("location", s),
        T.StructField("polarity", s), T.StructField("modality", s),
        T.StructField("sentence", i), T.StructField("evidence", s),
        T.StructField("evidence_start", i), T.StructField("evidence_end", i),
        T.StructField("rule", s), T.StructField("confidence", d),
    ])
    quotes = T.StructType([
        T.StructField("article_id", s), T.StructField("quote_index", i),
        T.StructField("speaker", s), T.StructField("speaker_entity", i),
        T.StructField("kind", s), T.StructField("cue", s), T.StructField("content", s),
        T.StructField("content_start", i), T.StructField("content_end", i),
        T.StructField("confidence", d),
    ])
    return {"articles": articles, "events": events, "quotes": quotes}


def run(spark, input_list: str, out: str, partitions: int | None, threads: int) -> dict:
    sc = spark.sparkContext
    counters = {r: sc.accumulator(0) for r in REASONS}
    paths = sc.textFile(input_list).filter(lambda p: p.strip())
    if partitions:
        paths = paths.repartition(partitions)
    rows = paths.mapPartitions(lambda it: process_partition(it, counters, threads)).cache()
    sch = schemas()
    cols = {name: [f.name for f in st.fields] for name, st in sch.items()}

    def frame(name):
        data = rows.filter(lambda kv: kv[0] == name).map(
            lambda kv: tuple(kv[1][c] for c in cols[name])
        )
        return spark.createDataFrame(data, sch[name])

    frame("articles").write.mode("overwrite").parquet(os.path.join(out, "articles"))
    events = frame("events")
    from pyspark.sql import functions as F

    events = events.withColumn(
        "event_date_part", F.coalesce(F.substring("event_date", 1, 10), F.lit("unknown"))
    )
    events.write.mode("overwrite").partitionBy("event_date_part").parquet(
        os.path.join(out, "events")
    )
    frame("quotes").write.mode("overwrite").parquet(os.path.join(out, "quotes"))
    rows.unpersist()
    skipped = {r: c.value for r, c in counters.items()}
    with open(os.path.join(out, "skipped.json"), "w") as f:
        json.dump(skipped, f, indent=2)
    return skipped


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--input", required=True, help="text file listing WARC paths, one per line")
    ap.add_argument("--out", required=True, help="output directory (local or Hadoop-compatible)")
    ap.add_argument("--partitions", type=int, default=None)
    ap.add_argument("--threads-per-task", type=int, default=1)
    args = ap.parse_args(argv)
    from pyspark.sql import SparkSession

    spark = SparkSession.builder.appName("dateline").getOrCreate()
    try:
        skipped = run(spark, args.input, args.out, args.partitions, args.threads_per_task)
        print(json.dumps({"skipped": skipped}))
    finally:
        spark.stop()


if __name__ == "__main__":
    main()
