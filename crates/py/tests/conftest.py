import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]

STORY = (
    "Storm closes port of Valdora\n\n"
    "VALDORA (Dateline Wire) - A storm closed the port on Monday, officials said.\n\n"
    "\u201cWe expect to reopen on Wednesday,\u201d harbour master Ines Cardo said.\n\n"
    "Please enter your comment!\n"
)


def html_page(title: str, sentence: str) -> str:
    return (
        f"<html><head><title>{title}</title></head><body><nav>Home | World</nav>"
        f"<p>{sentence}</p><p>The mayor said repairs would take a week.</p></body></html>"
    )


def warc_record(kind: str, uri: str, block: bytes) -> bytes:
    head = (
        f"WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\n"
        f"WARC-Record-ID: <urn:uuid:{abs(hash((kind, uri))):032x}>\r\n"
        f"WARC-Date: 2024-05-01T10:00:00Z\r\n"
        f"Content-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {len(block)}\r\n\r\n"
    ).encode()
    return head + block + b"\r\n\r\n"


def write_warc(path: Path, pages: list[tuple[str, str]]) -> Path:
    """Writes a WARC file with a warcinfo record and one HTML response per page."""
    data = warc_record("warcinfo", "", b"software: dateline tests")
    for i, (title, sentence) in enumerate(pages):
        body = html_page(title, sentence).encode()
        http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + body
        data += warc_record("response", f"https://news.example/{i}", http)
    path.write_bytes(data)
    return path


@pytest.fixture
def story() -> str:
    return STORY


@pytest.fixture
def warc_file(tmp_path: Path) -> Path:
    return write_warc(
        tmp_path / "crawl.warc",
        [
            ("Bridge closes for repairs", "The council voted on Monday to close the bridge."),
            ("Bridge reopens early", "The bridge reopened on Friday, two days early."),
        ],
    )


@pytest.fixture
def dateline_bin() -> str:
    """The CLI binary (DATELINE_BIN, else the workspace build), for comparisons."""
    env = os.environ.get("DATELINE_BIN")
    if env:
        return env
    for profile in ("release", "debug"):
        p = ROOT / "target" / profile / "dateline"
        if p.exists():
            return str(p)
    found = shutil.which("dateline")
    if found:
        return found
    subprocess.run(["cargo", "build", "-p", "dateline-cli"], cwd=ROOT, check=True)
    return str(ROOT / "target" / "debug" / "dateline")
