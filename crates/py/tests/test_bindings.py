"""The Python bindings as a user calls them."""

import json
import os
import subprocess

import pytest

import dateline


def test_analyze_text_returns_the_cli_schema(story):
    doc = dateline.analyze(story, name="story.txt")
    assert doc["schema_version"] == dateline.SCHEMA_VERSION
    article = doc["article"]
    assert article["title"]["value"] == "Storm closes port of Valdora"
    assert article["source"]["path"] == "story.txt"
    assert "Please enter" not in article["text"]
    assert [r["reason"] for r in article["removed"]] == ["comment_form"]
    for layer in ("sentences", "tokens", "entities", "timexes", "quotes", "events"):
        assert layer in doc


def test_analyze_options_override_detection(story):
    doc = dateline.analyze(
        story.encode(), url="https://news.example/a", published="2021-03-01", site="Example"
    )
    a = doc["article"]
    assert a["published"] == {"value": "2021-03-01", "source": "user"}
    assert a["url"]["value"] == "https://news.example/a"
    assert a["site"]["value"] == "Example"


def test_analyze_html_with_content_type():
    html = b"<div><p>The council met on Monday and voted to close the old bridge.</p></div>"
    doc = dateline.analyze(html, content_type="html")
    assert doc["article"]["source"]["format"] == "html"
    assert "voted to close" in doc["article"]["text"]


def test_bad_inputs_raise_with_the_input_named(story):
    with pytest.raises(dateline.DatelineError, match=r"mine\.bin: binary data"):
        dateline.analyze(b"\x00\x01\x02PNG\x00", name="mine.bin")
    with pytest.raises(dateline.DatelineError, match="published `soon` is not an ISO 8601"):
        dateline.analyze(story, published="soon")
    with pytest.raises(dateline.DatelineError, match="empty.txt: extract: no article text"):
        dateline.analyze("A title\n\nPlease enter your comment!\n", name="empty.txt")
    with pytest.raises(TypeError):
        dateline.analyze(42)
    with pytest.raises(dateline.DatelineError, match="No such file|no such file"):
        dateline.read_warc("/nonexistent/crawl.warc")


def test_analyze_many_matches_analyze_and_handles_errors(story):
    items = [story, story.replace("Monday", "Tuesday"), {"content": story, "name": "dict.txt"}]
    many = dateline.analyze_many(items, threads=2)
    one = [dateline.analyze(story, name="<item 0>")]
    assert many[0] == one[0]
    assert many[2]["article"]["source"]["path"] == "dict.txt"
    assert "Tuesday" in many[1]["article"]["text"]

    bad = [story, b"\x00\x00\x00binary"]
    with pytest.raises(dateline.DatelineError, match=r"<item 1>: binary data"):
        dateline.analyze_many(bad)
    bad = [story, "A title\n\nShare this article\n"]
    assert len(dateline.analyze_many(bad, on_error="skip")) == 1
    returned = dateline.analyze_many(bad, on_error="return")
    assert returned[1]["input"] == "<item 1>" and "no article text" in returned[1]["error"]


def test_read_warc_yields_records_with_offsets(warc_file):
    records = dateline.read_warc(str(warc_file))
    recs = list(records)
    assert [r["url"] for r in recs] == ["https://news.example/0", "https://news.example/1"]
    data = warc_file.read_bytes()
    for r in recs:
        assert data[r["offset"]:].startswith(b"WARC/1.0\r\nWARC-Type: response")
        assert r["content"].startswith(b"<html>")
    stats = records.stats()
    assert stats["records"] == 3 and stats["pages"] == 2


def test_read_warc_reports_malformed_records_and_goes_on(tmp_path, warc_file):
    good = warc_file.read_bytes()
    broken = b"WARC/1.0\r\nWARC-Type: response\r\nContent-Length: nope\r\n\r\njunk\r\n\r\n"
    path = tmp_path / "mixed.warc"
    path.write_bytes(broken + good)
    out = list(dateline.read_warc(str(path), errors="return"))
    assert "error" in out[0] and out[0]["offset"] == 0
    assert "Content-Length" in out[0]["error"]
    assert len([r for r in out if "error" not in r]) == 2
    with pytest.raises(dateline.DatelineError, match=r"mixed.warc \(at byte 0\)"):
        list(dateline.read_warc(str(path)))


def test_bindings_and_cli_give_the_same_documents(warc_file, tmp_path, story, dateline_bin):
    cli = subprocess.run(
        [dateline_bin, "analyze", str(warc_file)], capture_output=True, check=True, text=True
    )
    cli_docs = [json.loads(line) for line in cli.stdout.splitlines()]
    py_docs = dateline.analyze_many(list(dateline.read_warc(str(warc_file))), threads=2)
    assert py_docs == cli_docs

    path = tmp_path / "story.txt"
    path.write_text(story)
    cli = subprocess.run(
        [dateline_bin, "analyze", "--published", "2024-01-02", str(path)],
        capture_output=True, check=True, text=True,
    )
    py = dateline.analyze(path.read_bytes(), name=str(path), published="2024-01-02")
    assert py == json.loads(cli.stdout)


def test_analyze_many_is_safe_in_a_forked_worker(story):
    dateline.analyze_many([story] * 4, threads=2)
    pid = os.fork()
    if pid == 0:  # child: a fresh pool per call, so no dead threads from the parent
        try:
            docs = dateline.analyze_many([story] * 4, threads=2)
            os._exit(0 if len(docs) == 4 else 1)
        except BaseException:
            os._exit(2)
    _, status = os.waitpid(pid, 0)
    assert os.WEXITSTATUS(status) == 0
