"""Flatten dateline documents into table rows (articles, events, quotes).

Used by the Spark example and usable from any batch engine (Ray, Dask, pandas).
Every row carries ``article_id`` = ``<content_hash>`` of the page plus its source, so
rows from different tables join, and each event keeps its evidence text and offsets.
"""

from __future__ import annotations

ARTICLE_COLUMNS = [
    "article_id", "path", "record_offset", "url", "title", "published", "site",
    "language", "authors", "text",
]
EVENT_COLUMNS = [
    "article_id", "event_index", "cameo", "plover", "goldstein", "quad_class",
    "source_code", "target_code", "source_entity", "target_entity", "event_date",
    "date_basis", "location", "polarity", "modality", "sentence", "evidence",
    "evidence_start", "evidence_end", "rule", "confidence",
]
QUOTE_COLUMNS = [
    "article_id", "quote_index", "speaker", "speaker_entity", "kind", "cue", "content",
    "content_start", "content_end", "confidence",
]


def _utf8_slice(text: str, span) -> str:
    b = text.encode("utf-8")
    return b[span[0]:span[1]].decode("utf-8", errors="replace")


def _value(field):
    return None if field is None else field.get("value")


def article_id(doc: dict) -> str:
    src = doc["article"]["source"]
    offset = src.get("record_offset")
    return f"{src.get('content_hash', '')}:{src['path']}" + ("" if offset is None else f"@{offset}")


def article_row(doc: dict) -> dict:
    a = doc["article"]
    return {
        "article_id": article_id(doc),
        "path": a["source"]["path"],
        "record_offset": a["source"].get("record_offset"),
        "url": _value(a.get("url")),
        "title": _value(a.get("title")),
        "published": _value(a.get("published")),
        "site": _value(a.get("site")),
        "language": _value(a.get("language")),
        "authors": list(a.get("authors") or []),
        "text": a["text"],
    }


def _entity_name(doc: dict, idx):
    if idx is None:
        return None
    ents = doc.get("entities") or []
    return ents[idx]["name"] if 0 <= idx < len(ents) else None


def event_rows(doc: dict) -> list[dict]:
    text = doc["article"]["text"]
    aid = article_id(doc)
    rows = []
    for i, e in enumerate(doc.get("events") or []):
        ev = (e.get("evidence") or [[0, 0]])[0]
        date = e.get("date") or {}
        loc = e.get("location") or {}
        rows.append({
            "article_id": aid,
            "event_index": i,
            "cameo": e["cameo"],
            "plover": e.get("plover"),
            "goldstein": float(e.get("goldstein", 0.0)),
            "quad_class": int(e.get("quad_class", 0)),
            "source_code": (e.get("source") or {}).get("code"),
            "target_code": (e.get("target") or {}).get("code"),
            "source_entity": _entity_name(doc, (e.get("source") or {}).get("entity")),
            "target_entity": _entity_name(doc, (e.get("target") or {}).get("entity")),
            "event_date": date.get("value"),
            "date_basis": date.get("basis"),
            "location": loc.get("name"),
            "polarity": e.get("polarity"),
            "modality": e.get("modality"),
            "sentence": int(e.get("sentence", 0)),
            "evidence": _utf8_slice(text, ev),
            "evidence_start": int(ev[0]),
            "evidence_end": int(ev[1]),
            "rule": e.get("rule"),
            "confidence": float(e.get("confidence", 0.0)),
        })
    return rows


def quote_rows(doc: dict) -> list[dict]:
    text = doc["article"]["text"]
    aid = article_id(doc)
    rows = []
    for i, q in enumerate(doc.get("quotes") or []):
        sp = q.get("speaker") or {}
        if sp.get("kind") == "entity":
            speaker, speaker_entity = _entity_name(doc, sp.get("entity")), sp.get("entity")
        elif sp.get("kind") == "anonymous":
            speaker, speaker_entity = sp.get("description"), None
        else:
            speaker, speaker_entity = None, None
        cue = q.get("cue")
        rows.append({
            "article_id": aid,
            "quote_index": i,
            "speaker": speaker,
            "speaker_entity": speaker_entity,
            "kind": q.get("kind"),
            "cue": None if cue is None else _utf8_slice(text, cue),
            "content": _utf8_slice(text, q["content"]),
            "content_start": int(q["content"][0]),
            "content_end": int(q["content"][1]),
            "confidence": float(q.get("confidence", 0.0)),
        })
    return rows
