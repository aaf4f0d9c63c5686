"""Make untrusted text harmless for a terminal.

Titles, bodies, authors and URLs come from files and feeds. Before display they lose C0/C1 control characters
(ESC, so no ANSI/OSC sequences), bidi overrides and other invisible format characters. The UI never parses them as
markup either: it wraps them in `rich.text.Text` / `textual.content.Content`, never a markup string.
"""

from __future__ import annotations

import re

# C0 controls except \t and \n, DEL, C1 controls; bidi embeddings/overrides/isolates; and a few invisible
# formatting characters that can reorder or hide text.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\u061c\ufeff\ufff9-\ufffb]"
)
#: Line and paragraph separators: terminals draw them differently from how Rich measures them.
_SEPARATORS = re.compile("[\u2028\u2029\x85]")
_ESCAPE_SEQ = re.compile(
    r"\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?"  # OSC ... BEL / ST
    r"|\x1b\[[0-?]*[ -/]*[@-~]"  # CSI
    r"|\x1b[@-Z\\-_]"  # other two-byte escapes
    r"|\x9b[0-?]*[ -/]*[@-~]"  # 8-bit CSI
)


def clean(text: str | None) -> str:
    """Remove escape sequences and unsafe control/format characters; keep newlines and tabs."""
    if not text:
        return ""
    text = _ESCAPE_SEQ.sub("", text)
    text = _SEPARATORS.sub("\n", text)
    return _UNSAFE.sub("", text)


def clean_line(text: str | None) -> str:
    """`clean`, then fold all whitespace (newlines included) to single spaces."""
    return " ".join(clean(text).split())


def safe_url(url: str | None) -> str | None:
    """The url if it is a plain http(s) url with nothing unsafe in it, else None."""
    if not url:
        return None
    url = url.strip()
    if clean(url) != url or any(c.isspace() for c in url):
        return None
    if not re.match(r"(?i)^https?://[^/\s]", url):
        return None
    return url
