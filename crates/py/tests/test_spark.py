"""The PySpark example in local mode: same articles and events as `dateline analyze`."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, write_warc

sys.path.insert(0, str(ROOT / "examples" / "spark"))

if os.environ.get("DATELINE_REQUIRE_SPARK") != "1":
    pytest.importorskip("pyspark")

SHARED_WARC = ROOT.parent / "shared" / "eval" / "corpus" / "warc"


def sample_warcs(tmp_path: Path) -> list[Path]:
    """WARC files written from the repository's sample articles."""
    examples = ROOT / "examples"
    html = (examples / "page.html").read_text()
    texts = [(examples / n).read_text() for n in ("wire-story.txt", "quotes-and-dates.txt")]
    paths = [write_warc(tmp_path / "a.warc", [("Lithium pact", "Chile and Argentina signed.")])]
    # A response whose body is a whole sample page, and text samples wrapped as HTML.
    pages = [("Sample page", html.split("<body>")[1].split("</body>")[0])]
    for t in texts:
        title, _, body = t.partition("\n\n")
        paras = "".join(f"<p>{p}</p>" for p in body.split("\n\n") if p.strip())
        pages.append((title, paras))
    paths.append(write_warc(tmp_path / "b.warc", pages))
    return paths


@pytest.fixture(scope="module")
def spark():
    from pyspark.sql import SparkSession

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    s = (
        SparkSession.builder.master("local[2]")
        .appName("dateline-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )
    # Executors import the job's module by name, as `--py-files` ships it on a cluster.
    s.sparkContext.addPyFile(str(ROOT / "examples" / "spark" / "dateline_spark.py"))
    yield s
    s.stop()


def test_spark_job_matches_cli(spark, tmp_path, dateline_bin):
    import dateline_spark
    import pandas as pd
    from dateline import tables

    warcs = [str(p) for p in sample_warcs(tmp_path)]
    if SHARED_WARC.is_dir():
        warcs += sorted(str(p) for p in SHARED_WARC.iterdir() if p.is_file())
    listing = tmp_path / "paths.txt"
    listing.write_text("\n".join(warcs) + "\n")
    out = tmp_path / "out"
    skipped = dateline_spark.run(spark, str(listing), str(out), partitions=2, threads=1)

    cli = subprocess.run([dateline_bin, "analyze", *warcs], capture_output=True, text=True)
    docs = [json.loads(line) for line in cli.stdout.splitlines()]
    assert docs, cli.stderr
    want_articles = sorted(tables.article_row(d)["article_id"] for d in docs)
    want_events = sorted(
        (r["article_id"], r["cameo"], r["source_code"] or "", r["target_code"] or "",
         r["evidence_start"])
        for d in docs for r in tables.event_rows(d)
    )

    articles = pd.read_parquet(out / "articles")
    assert sorted(articles["article_id"]) == want_articles
    titles = set(articles["title"].dropna())
    assert "Lithium pact" in titles
    events = pd.read_parquet(out / "events")
    got_events = sorted(
        (r.article_id, r.cameo, r.source_code or "", r.target_code or "", int(r.evidence_start))
        for r in events.itertuples()
    )
    assert got_events == want_events
    # Malformed records in the shared test files are counted, not fatal.
    assert set(skipped) == {"read_failed", "malformed_record", "analysis_failed"}
    assert json.loads((out / "skipped.json").read_text()) == skipped
