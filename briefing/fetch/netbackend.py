"""httpcore's network layer on plain asyncio streams, for the fetcher's httpx client.

httpx (through httpcore) reaches the network through anyio by default. Under asyncio that layer costs more
than the rest of a small request: a cancel scope per read and write, and a dictionary of lambdas rebuilt
every time the connection pool asks whether an idle connection is still usable (it asks for every idle
connection at every request). This backend does the same job with asyncio's own streams: the same timeouts
(``asyncio.timeout``), the same httpcore exceptions (chained to the OS error, as before), TLS through
``StreamWriter.start_tls``. Everything above it (httpx, httpcore's HTTP/1.1 and its pool, our fetcher's
limits) is unchanged.

:func:`use_asyncio_streams` switches an ``httpx.AsyncClient`` to it, when the client's transports are the
ones it knows (otherwise it leaves the client alone).
"""

from __future__ import annotations

import asyncio
import select
import ssl
from collections.abc import Awaitable, Iterable
from typing import Any

import httpcore


def _readable(sock: Any) -> bool:
    """Whether a socket has data (or end of file) waiting; a socket without a descriptor counts as readable
    (the next read returns the end), as in httpcore's own check."""
    fd = sock.fileno() if sock is not None else -1
    if fd < 0:
        return True
    poller = select.poll()
    poller.register(fd, select.POLLIN)
    return bool(poller.poll(0))


class AsyncioStream(httpcore.AsyncNetworkStream):
    """One connection: an asyncio StreamReader/StreamWriter pair."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self._reader = reader
        self._writer = writer

    async def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        try:
            async with asyncio.timeout(timeout):
                return await self._reader.read(max_bytes)
        except TimeoutError:
            raise httpcore.ReadTimeout("read timed out") from None
        except OSError as exc:
            raise httpcore.ReadError(str(exc) or type(exc).__name__) from exc

    async def write(self, buffer: bytes, timeout: float | None = None) -> None:
        if not buffer:
            return
        try:
            async with asyncio.timeout(timeout):
                self._writer.write(buffer)
                await self._writer.drain()
        except TimeoutError:
            raise httpcore.WriteTimeout("write timed out") from None
        except OSError as exc:
            raise httpcore.WriteError(str(exc) or type(exc).__name__) from exc

    async def aclose(self) -> None:
        self._writer.close()

    async def start_tls(
        self, ssl_context: ssl.SSLContext, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.AsyncNetworkStream:
        try:
            async with asyncio.timeout(timeout):
                await self._writer.start_tls(ssl_context, server_hostname=server_hostname)
        except TimeoutError:
            await self.aclose()
            raise httpcore.ConnectTimeout("TLS handshake timed out") from None
        except (OSError, ssl.SSLError) as exc:  # ssl.SSLError is an OSError; named for the reader
            await self.aclose()
            raise httpcore.ConnectError(str(exc) or type(exc).__name__) from exc
        return self

    def get_extra_info(self, info: str) -> Any:
        if info == "ssl_object":
            return self._writer.get_extra_info("ssl_object")
        if info == "client_addr":
            return self._writer.get_extra_info("sockname")
        if info == "server_addr":
            return self._writer.get_extra_info("peername")
        if info == "socket":
            return self._writer.get_extra_info("socket")
        if info == "is_readable":
            # asyncio reads eagerly: an idle connection the server closed (or wrote to) shows as end of file,
            # buffered bytes or a closing transport here, not (only) on the socket.
            if self._reader.at_eof() or self._writer.transport.is_closing():
                return True
            return _readable(self._writer.get_extra_info("socket"))
        return None


class AsyncioBackend(httpcore.AsyncNetworkBackend):
    """Opens :class:`AsyncioStream` connections (TCP, or a Unix socket)."""

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        local = (local_address, 0) if local_address else None
        return await _connected(asyncio.open_connection(host, port, local_addr=local), timeout, socket_options)

    async def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.AsyncNetworkStream:
        return await _connected(asyncio.open_unix_connection(path), timeout, socket_options)

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(seconds)


async def _connected(
    opening: Awaitable[tuple[asyncio.StreamReader, asyncio.StreamWriter]],
    timeout: float | None,
    socket_options: Iterable[Any] | None,
) -> AsyncioStream:
    """Await a connection within `timeout`, with httpcore's exceptions (chained to the OS error)."""
    try:
        async with asyncio.timeout(timeout):
            reader, writer = await opening
    except TimeoutError:
        raise httpcore.ConnectTimeout("connect timed out") from None
    except OSError as exc:
        raise httpcore.ConnectError(str(exc) or type(exc).__name__) from exc
    _apply(writer, socket_options)
    return AsyncioStream(reader, writer)


def _apply(writer: asyncio.StreamWriter, options: Iterable[Any] | None) -> None:
    sock = writer.get_extra_info("socket")
    for option in options or ():
        sock.setsockopt(*option)


def use_asyncio_streams(client: Any) -> bool:
    """Give the connection pools of an httpx.AsyncClient (its transport and any proxy mounts) this backend;
    True when every pool got it. Pools of unknown shape (another httpx, a custom transport) are left as they
    are, so the client always works."""
    transports = [getattr(client, "_transport", None), *getattr(client, "_mounts", {}).values()]
    switched = True
    for transport in transports:
        if transport is None:
            continue
        pool = getattr(transport, "_pool", None)
        if isinstance(pool, httpcore.AsyncConnectionPool) and hasattr(pool, "_network_backend"):
            pool._network_backend = AsyncioBackend()
        else:
            switched = False
    return switched
