"""Holding Python's cyclic garbage collector off while the app starts.

Starting allocates a few hundred thousand objects that live as long as the app (modules, classes, styles,
widgets) and almost no garbage, yet the collector would walk them over and over: about 80 ms of a 0.5 s launch
(a fifth) at 50,000 articles. The command line calls `hold_gc` before it imports the app, the app calls
`release_gc` once its first frame is painted, and the collector runs again as usual from there.

`release_gc` does nothing unless `hold_gc` was called, so an app run by the tests leaves the collector alone.
"""

from __future__ import annotations

import gc

_held = False


def hold_gc() -> None:
    """Switch the cyclic garbage collector off until `release_gc` (no-op if it is off already)."""
    global _held
    if gc.isenabled():
        gc.disable()
        _held = True


def release_gc() -> None:
    """Switch the collector back on, if `hold_gc` switched it off. Safe to call twice."""
    global _held
    if _held:
        _held = False
        gc.enable()


def gc_held() -> bool:
    """True between `hold_gc` and `release_gc`."""
    return _held
