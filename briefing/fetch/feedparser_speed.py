"""Make feedparser cheaper in the parse workers, without changing what it returns.

feedparser still parses every byte; :func:`install` only swaps three of its helpers for faster equivalents:

- its SAX driver: the same expat reader (same features: no external entities), with expat's ``buffer_text``
  on, so a run of text broken by entity references (``&lt;p&gt;`` in every RSS description) reaches
  feedparser as one piece instead of one call per piece (feedparser joins the pieces anyway);
- the ``copy.deepcopy`` of a content element's parameters (a flat dict of strings, copied for every title and
  description: the generic deepcopy costs a tenth of a parse) becomes a plain copy when the dict is flat;
- its url joining (run against the current base at every element, with the same arguments over and over)
  is memoised: it is a pure function of two strings;
- ``FeedParserDict`` lookups (``[]``, ``get``, ``in``, assignment) of keys that are neither legacy aliases
  nor its computed keys go straight to ``dict`` (for such keys its own methods end up doing just that, after
  a chain of checks and, for a missing key, a raised and caught KeyError).

:func:`uninstall` restores feedparser's own helpers (the tests compare both on real feeds).
"""

from __future__ import annotations

import copy as _copy
import functools
from typing import Any
from xml.sax import expatreader

_saved: dict[str, Any] = {}
_FLAT = (str, int, float, bool, type(None))


class _BufferedExpatParser(expatreader.ExpatParser):
    """The standard library's expat SAX reader, with adjacent character data delivered in one call."""

    def reset(self) -> None:
        super().reset()
        self._parser.buffer_text = True
        self._parser.buffer_size = 64 * 1024


def create_parser(*args: Any, **kwargs: Any) -> expatreader.ExpatParser:
    """The SAX driver entry point (``xml.sax.make_parser`` imports this module by name and calls it)."""
    return _BufferedExpatParser(*args, **kwargs)


class _Copy:
    """Stands in for the ``copy`` module inside feedparser.mixin (which only calls ``deepcopy``)."""

    def __init__(self, dict_type: type) -> None:
        self._dict_type = dict_type

    def deepcopy(self, value: Any, memo: Any = None) -> Any:
        if type(value) is self._dict_type and all(isinstance(v, _FLAT) for v in value.values()):
            return self._dict_type(value)  # same keys, immutable values: nothing deeper to copy
        return _copy.deepcopy(value, memo)

    def __getattr__(self, name: str) -> Any:
        return getattr(_copy, name)


def _memo_join(join: Any) -> Any:
    cached = functools.lru_cache(maxsize=512)(join)

    def memo_join(base: Any, uri: Any) -> Any:
        if type(base) is str and type(uri) is str:
            return cached(base, uri)
        return join(base, uri)

    return memo_join


_DICT_METHODS = ("__getitem__", "get", "__contains__", "__setitem__")


def _fast_dict_methods(cls: type) -> dict[str, Any]:
    """Methods for FeedParserDict that use dict's own for every key its methods do not treat specially."""
    special = frozenset(cls.keymap) | {"category", "enclosures", "license", "updated", "updated_parsed"}
    own = {name: cls.__dict__[name] for name in _DICT_METHODS}
    d_getitem, d_get, d_contains, d_setitem = dict.__getitem__, dict.get, dict.__contains__, dict.__setitem__

    def __getitem__(self: dict, key: Any) -> Any:
        if key in special:
            return own["__getitem__"](self, key)
        return d_getitem(self, key)

    def get(self: dict, key: Any, default: Any = None) -> Any:
        if key in special:
            return own["get"](self, key, default)
        return d_get(self, key, default)

    def __contains__(self: dict, key: Any) -> bool:
        if key in special:
            return own["__contains__"](self, key)
        return d_contains(self, key)

    def __setitem__(self: dict, key: Any, value: Any) -> None:
        if key in special:
            own["__setitem__"](self, key, value)
        else:
            d_setitem(self, key, value)

    return {"__getitem__": __getitem__, "get": get, "__contains__": __contains__, "__setitem__": __setitem__}


def install() -> bool:
    """Swap the helpers in (idempotent; cheap to call before every parse). A feedparser whose insides differ
    from the ones these helpers were written for is left as it is (False): slower, never wrong."""
    if _saved:
        return True
    try:
        _install()
    except (AttributeError, KeyError, ImportError):
        uninstall()
        return False
    return True


def _install() -> None:
    import feedparser.api
    import feedparser.mixin
    from feedparser.util import FeedParserDict

    _saved["dict"] = {name: FeedParserDict.__dict__[name] for name in _DICT_METHODS}
    for name, method in _fast_dict_methods(FeedParserDict).items():
        setattr(FeedParserDict, name, method)

    _saved["parsers"] = feedparser.api.PREFERRED_XML_PARSERS
    _saved["copy"] = feedparser.mixin.copy
    _saved["urljoin"] = feedparser.mixin._urljoin
    feedparser.api.PREFERRED_XML_PARSERS = [__name__, *_saved["parsers"]]
    feedparser.mixin.copy = _Copy(FeedParserDict)
    feedparser.mixin._urljoin = _memo_join(_saved["urljoin"])


def uninstall() -> None:
    """Put feedparser's own helpers back (those that were swapped)."""
    if not _saved:
        return
    import feedparser.api
    import feedparser.mixin
    from feedparser.util import FeedParserDict

    for name, method in _saved.get("dict", {}).items():
        setattr(FeedParserDict, name, method)
    if "parsers" in _saved:
        feedparser.api.PREFERRED_XML_PARSERS = _saved["parsers"]
    if "copy" in _saved:
        feedparser.mixin.copy = _saved["copy"]
    if "urljoin" in _saved:
        feedparser.mixin._urljoin = _saved["urljoin"]
    _saved.clear()


def installed() -> bool:
    return bool(_saved)
