"""dateline: news in, event data out.

The functions return the same JSON document (as Python dicts) that
``dateline analyze`` prints; see docs/SCHEMA.md.
"""

from ._dateline import (  # noqa: F401
    DatelineError,
    SCHEMA_VERSION,
    analyze,
    analyze_many,
    read_warc,
)

__all__ = ["DatelineError", "SCHEMA_VERSION", "analyze", "analyze_many", "read_warc"]

from . import tables  # noqa: E402,F401
