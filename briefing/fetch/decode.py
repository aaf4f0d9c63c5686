"""Bounded decompression of HTTP bodies (gzip, deflate, brotli).

httpx's own decoders inflate a whole chunk at once (a 1 MB gzip bomb yields a 67 MB first chunk), so the
fetcher reads raw bytes and decodes them here, never producing more than ``STEP`` bytes per call, so that a
size cap stops a bomb at most one step past the cap.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator

STEP = 64 * 1024


class DecodeError(Exception):
    """The body cannot be decoded; the message is one line for the user."""


class BodyTooLarge(Exception):
    """The body grew past the cap."""


try:  # brotli is optional: without it, "br" is not offered in Accept-Encoding.
    import brotli as _brotli
except ImportError:  # pragma: no cover - depends on the environment
    _brotli = None

HAVE_BROTLI = _brotli is not None


def accept_encoding() -> str:
    """The Accept-Encoding value for the encodings this module can bound."""
    return "gzip, deflate, br" if HAVE_BROTLI else "gzip, deflate"


class _Zlib:
    def __init__(self, wbits: int, *, deflate: bool = False) -> None:
        self._wbits = wbits
        self._deflate = deflate
        self._started = False
        self._d = zlib.decompressobj(wbits)

    def feed(self, data: bytes) -> Iterator[bytes]:
        if self._deflate and not self._started and data:
            # "deflate" is meant to be zlib-wrapped, but many servers send raw deflate: sniff the header.
            self._started = True
            if not _looks_like_zlib(data):
                self._d = zlib.decompressobj(-zlib.MAX_WBITS)
        try:
            while data:
                if self._d.eof:
                    rest = self._d.unused_data
                    if not rest.strip(b"\x00"):
                        return
                    # Another gzip member follows (concatenated gzip is legal).
                    self._d = zlib.decompressobj(self._wbits)
                    data = rest
                out = self._d.decompress(data, STEP)
                data = self._d.unconsumed_tail
                if out:
                    yield out
        except zlib.error as exc:
            raise DecodeError(f"corrupt compressed body ({exc})") from None

    def flush(self) -> Iterator[bytes]:
        try:
            while not self._d.eof:
                out = self._d.decompress(self._d.unconsumed_tail, STEP)
                if not out:
                    break
                yield out
        except zlib.error as exc:
            raise DecodeError(f"corrupt compressed body ({exc})") from None


def _looks_like_zlib(data: bytes) -> bool:
    if len(data) < 2:
        return True
    cmf, flg = data[0], data[1]
    return cmf & 0x0F == 8 and (cmf << 8 | flg) % 31 == 0


class _Brotli:
    def __init__(self) -> None:
        assert _brotli is not None
        self._d = _brotli.Decompressor()

    def feed(self, data: bytes) -> Iterator[bytes]:
        try:
            out = self._d.process(data, output_buffer_limit=STEP)
            if out:
                yield out
            # With the output limit reached, the decompressor holds more: drain it step by step.
            while not self._d.can_accept_more_data():
                out = self._d.process(b"", output_buffer_limit=STEP)
                if not out:
                    break
                yield out
        except _brotli.error as exc:
            raise DecodeError(f"corrupt brotli body ({exc})") from None

    def flush(self) -> Iterator[bytes]:
        return iter(())


class _Identity:
    def feed(self, data: bytes) -> Iterator[bytes]:
        if data:
            yield data

    def flush(self) -> Iterator[bytes]:
        return iter(())


def _decoder(name: str):
    if name in ("gzip", "x-gzip"):
        return _Zlib(16 + zlib.MAX_WBITS)
    if name == "deflate":
        return _Zlib(zlib.MAX_WBITS, deflate=True)
    if name == "br" and HAVE_BROTLI:
        return _Brotli()
    if name in ("identity", ""):
        return _Identity()
    raise DecodeError(f"unsupported content encoding {name[:40]!r}")


class BoundedDecoder:
    """Decode a body through its Content-Encoding layers, raising BodyTooLarge past ``max_bytes``.

    Every layer is capped too, so a stacked encoding cannot expand unseen in the middle.
    """

    def __init__(self, content_encoding: str | None, max_bytes: int) -> None:
        names = [p.strip().lower() for p in (content_encoding or "").split(",") if p.strip()]
        if len(names) > 3:
            raise DecodeError("too many content encodings")
        # Encodings are listed in the order applied: decode in reverse.
        self._layers = [_decoder(n) for n in reversed(names)] or [_Identity()]
        self._max = max_bytes
        self._sizes = [0] * len(self._layers)
        self._chunks: list[bytes] = []
        self._total = 0

    def feed(self, data: bytes) -> None:
        self._push(0, data, final=False)

    def finish(self) -> bytes:
        self._push(0, b"", final=True)
        return b"".join(self._chunks)

    @property
    def size(self) -> int:
        return self._total

    def _push(self, level: int, data: bytes, *, final: bool) -> None:
        if level == len(self._layers):
            self._total += len(data)
            if self._total > self._max:
                raise BodyTooLarge
            self._chunks.append(data)
            return
        layer = self._layers[level]
        outs = layer.feed(data) if data else iter(())
        for out in outs:
            self._count(level, out)
            self._push(level + 1, out, final=False)
        if final:
            for out in layer.flush():
                self._count(level, out)
                self._push(level + 1, out, final=False)
            self._push(level + 1, b"", final=True)

    def _count(self, level: int, out: bytes) -> None:
        self._sizes[level] += len(out)
        if self._sizes[level] > self._max:
            raise BodyTooLarge
