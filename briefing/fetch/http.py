"""A polite, bounded HTTP fetcher for feeds and article pages.

One :class:`Fetcher` wraps an ``httpx.AsyncClient`` and guarantees, whatever a server sends:

- at most ``Settings.concurrency`` requests in flight and ``Settings.per_host_connections`` per host;
- connect and read timeouts, and ONE total deadline (``Settings.feed_deadline``) over headers, body,
  redirects and the retry, so a server trickling a byte every half second cannot hold a slot;
- redirects followed by hand: at most ``Settings.max_redirects``, loops detected, every hop http(s) only and
  passed through an optional ``url_check`` hook (which returns a refusal reason, e.g. a private address);
- the body read raw and decompressed here with bounded decoders (gzip, deflate, brotli), capped at
  ``Settings.max_bytes`` after decompression;
- conditional GET (ETag / Last-Modified), one retry with backoff on 5xx and timeouts, 429 Retry-After honoured
  when short and reported otherwise.

Failures never raise: they come back as a :class:`FetchResult` with a one-line ``error``.
"""

from __future__ import annotations

import asyncio
import email.utils
import inspect
import random
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from briefing import __version__
from briefing.config import Settings
from briefing.fetch.decode import BodyTooLarge, BoundedDecoder, DecodeError, accept_encoding

if TYPE_CHECKING:
    import httpx

USER_AGENT = f"briefing/{__version__} (+terminal news reader)"
FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/rdf+xml, "
    "application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.8, */*;q=0.5"
)
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"
REDIRECT_CODES = frozenset({301, 302, 303, 307, 308})

#: A hook that vets a URL before it is requested; it returns (or awaits to) a refusal reason, or None.
UrlCheck = Callable[[str], "str | Awaitable[str | None] | None"]


async def _vet(check: UrlCheck | None, url: str) -> str | None:
    refusal = scheme_refusal(url)
    if refusal is None and check is not None:
        refusal = check(url)
        if inspect.isawaitable(refusal):
            refusal = await refusal
    return refusal


@dataclass(slots=True)
class FetchResult:
    """What one fetch gave: a body (status 2xx), nothing new (304), or a one-line ``error``."""

    url: str
    final_url: str
    status: int | None
    body: bytes | None
    etag: str | None
    last_modified: str | None
    error: str | None
    elapsed: float
    content_type: str | None = None
    #: Seconds the server asked us to wait (429/503 Retry-After), when we did not wait.
    retry_after: float | None = None
    #: True when the server moved the feed permanently (every hop was 301/308).
    permanent_redirect: bool = False

    @property
    def ok(self) -> bool:
        """A body arrived."""
        return self.error is None and self.body is not None

    @property
    def not_modified(self) -> bool:
        return self.error is None and self.status == 304


class _Failure(Exception):
    """Ends a fetch with a one-line error."""

    def __init__(self, message: str, *, status: int | None = None, retry: bool = False) -> None:
        super().__init__(message)
        self.status = status
        self.retry = retry
        self.retry_after: float | None = None


def _fmt_seconds(s: float) -> str:
    return f"{s:g} s" if s >= 1 else f"{s:.2g} s"


def _short(text: str, limit: int = 120) -> str:
    line = " ".join(str(text).split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):g} MB"


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds from a Retry-After header (delta-seconds or an HTTP date); None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(min(int(value), 10**7))
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    now_dt = datetime.fromtimestamp(now if now is not None else time.time(), UTC)
    return max(0.0, (when - now_dt).total_seconds())


def host_key(url: str) -> str:
    """The per-host key used to bound connections: lowercase host and port."""
    try:
        parts = urlsplit(url)
        return f"{(parts.hostname or '').lower()}:{parts.port or ''}"
    except ValueError:
        return url


def scheme_refusal(url: str) -> str | None:
    """Why a URL may not be fetched on scheme grounds (None when it is plain http/https)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return "invalid url"
    if parts.scheme.lower() not in ("http", "https"):
        return "not an http(s) url"
    if not parts.hostname:
        return "url has no host"
    return None


class Fetcher:
    """Fetch URLs within the limits of ``settings``; use as ``async with Fetcher(settings) as f``.

    ``client`` may be an existing ``httpx.AsyncClient`` (it is then not closed here); ``url_check`` vets every
    URL and redirect hop; ``retry_backoff`` is the base delay before the single retry; ``max_retry_after`` is
    the longest Retry-After we wait for (longer ones are reported in the result instead).
    """

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        client: httpx.AsyncClient | None = None,
        url_check: UrlCheck | None = None,
        retry_backoff: float = 1.0,
        max_retry_after: float = 10.0,
        user_agent: str = USER_AGENT,
    ) -> None:
        self.settings = settings or Settings()
        self._client = client
        self._own_client = client is None
        self.url_check = url_check
        self.retry_backoff = retry_backoff
        self.max_retry_after = max_retry_after
        self.user_agent = user_agent
        self._slots = asyncio.Semaphore(max(1, self.settings.concurrency))
        self._hosts: dict[str, asyncio.Semaphore] = {}
        self._planned: dict[str, int] = {}

    async def __aenter__(self) -> Fetcher:
        if self._client is None:
            self._client = make_client(self.settings, user_agent=self.user_agent)
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        if self._own_client and self._client is not None:
            await self._client.aclose()
            self._client = None

    def plan(self, urls: Iterable[str]) -> None:
        """Announce urls about to be fetched (a refresh's feeds). The last of them to each host asks the
        server to close the connection afterwards: a connection kept open with nothing more to fetch from its
        host only idles in the pool, which httpcore scans in full, twice over, for every request."""
        for url in urls:
            key = host_key(url)
            self._planned[key] = self._planned.get(key, 0) + 1

    def _last_planned(self, url: str) -> bool:
        """Count a fetch of a planned url; True when it is the last one planned for its host."""
        key = host_key(url)
        left = self._planned.get(key)
        if left is None:
            return False
        if left <= 1:
            del self._planned[key]
            return True
        self._planned[key] = left - 1
        return False

    def _host_slot(self, url: str) -> asyncio.Semaphore:
        key = host_key(url)
        sem = self._hosts.get(key)
        if sem is None:
            sem = self._hosts[key] = asyncio.Semaphore(max(1, self.settings.per_host_connections))
        return sem

    async def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        accept: str = FEED_ACCEPT,
        url_check: UrlCheck | None = None,
        max_bytes: int | None = None,
        deadline: float | None = None,
    ) -> FetchResult:
        """GET ``url`` (conditional when validators are given); never raises for network or server trouble."""
        if self._client is None:
            await self.__aenter__()
        check = url_check or self.url_check
        limit = max_bytes if max_bytes is not None else self.settings.max_bytes
        budget = deadline if deadline is not None else self.settings.feed_deadline
        started = time.monotonic()
        result = FetchResult(url, url, None, None, etag, last_modified, None, 0.0)
        refusal = await _vet(check, url)
        if refusal:
            result.error = f"refused {_short(url, 80)}: {refusal}"
            return result
        # Host slot first: feeds queued behind a busy host must not hold global slots others could use.
        async with self._host_slot(url), self._slots:
            started = time.monotonic()
            close = self._last_planned(url)
            try:
                async with asyncio.timeout(budget):
                    await self._attempts(result, etag, last_modified, accept, check, limit, budget, close)
            except TimeoutError:
                result.error = f"timed out after {_fmt_seconds(budget)}"
                result.body = None
            except _Failure as exc:
                result.error = str(exc)
                result.status = exc.status if exc.status is not None else result.status
                result.retry_after = exc.retry_after
                result.body = None
        result.elapsed = time.monotonic() - started
        return result

    async def _attempts(
        self,
        result: FetchResult,
        etag: str | None,
        last_modified: str | None,
        accept: str,
        check: UrlCheck | None,
        limit: int,
        budget: float,
        close: bool = False,
    ) -> None:
        """Run the request, and the single retry when it is worth one and time remains."""
        loop = asyncio.get_running_loop()
        end = loop.time() + budget
        attempt = 0
        while True:
            try:
                await self._once(result, etag, last_modified, accept, check, limit, close)
                return
            except _Failure as exc:
                if not exc.retry or attempt >= 1:
                    raise
                attempt += 1
                wait = exc.retry_after
                if wait is None:
                    wait = self.retry_backoff * (1 + random.random() * 0.5)
                if loop.time() + wait >= end:
                    raise  # no time left for a retry: report what happened
                await asyncio.sleep(wait)

    async def _once(
        self,
        result: FetchResult,
        etag: str | None,
        last_modified: str | None,
        accept: str,
        check: UrlCheck | None,
        limit: int,
        close: bool = False,
    ) -> None:
        import httpx

        assert self._client is not None
        url = result.url
        seen = {url}
        permanent = True
        headers = {"Accept": accept, "Accept-Encoding": accept_encoding(), "User-Agent": self.user_agent}
        if close:
            headers["Connection"] = "close"
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        for hop in range(self.settings.max_redirects + 1):
            try:
                request = self._client.build_request("GET", url, headers=headers)
                response = await self._client.send(request, stream=True, follow_redirects=False)
            except httpx.TimeoutException as exc:
                if isinstance(exc, httpx.ConnectTimeout):
                    message = f"connect timed out after {_fmt_seconds(self.settings.connect_timeout)}"
                else:
                    message = f"read timed out after {_fmt_seconds(self.settings.read_timeout)}"
                raise _Failure(message, retry=True) from None
            except httpx.InvalidURL as exc:
                raise _Failure(f"invalid url: {_short(str(exc))}") from None
            except httpx.UnsupportedProtocol:
                raise _Failure(f"refused {_short(url, 80)}: not an http(s) url") from None
            except httpx.HTTPError as exc:
                raise _Failure(_network_error(exc)) from None
            try:
                status = response.status_code
                result.final_url = url
                result.status = status
                if status in REDIRECT_CODES and "location" in response.headers:
                    permanent = permanent and status in (301, 308)
                    target = _join(url, response.headers["location"])
                    if target is None:
                        raise _Failure("redirect to an invalid url", status=status)
                    refusal = await _vet(check, target)
                    if refusal:
                        raise _Failure(f"refused redirect to {_short(target, 80)} ({refusal})", status=status)
                    if target in seen:
                        raise _Failure("redirect loop", status=status)
                    if hop == self.settings.max_redirects:
                        raise _Failure(f"more than {self.settings.max_redirects} redirects", status=status)
                    seen.add(target)
                    url = target
                    continue
                result.permanent_redirect = permanent and hop > 0
                await self._finish(result, response, limit)
                return
            finally:
                await response.aclose()
        raise _Failure(f"more than {self.settings.max_redirects} redirects")  # pragma: no cover

    async def _finish(self, result: FetchResult, response: httpx.Response, limit: int) -> None:
        import httpx

        status = response.status_code
        result.content_type = response.headers.get("content-type")
        if status == 304:
            result.etag = response.headers.get("etag") or result.etag
            result.last_modified = response.headers.get("last-modified") or result.last_modified
            result.body = None
            return
        if status >= 400:
            wait = parse_retry_after(response.headers.get("retry-after"))
            # 5xx is retried once; 429 only when the server says how long to wait (and it is short).
            retry = status >= 500 or (status == 429 and wait is not None)
            message = _status_line(response)
            if status in (429, 503) and wait is not None and wait > self.max_retry_after:
                message += f" (retry after {wait:.0f} s)"
                retry = False
            failure = _Failure(message, status=status, retry=retry)
            failure.retry_after = wait if status in (429, 503) else None
            raise failure
        if not 200 <= status < 300:
            raise _Failure(_status_line(response), status=status)
        length = response.headers.get("content-length")
        if length and length.strip().isdigit() and int(length) > limit and not response.headers.get("content-encoding"):
            raise _Failure(f"response over {_mb(limit)}", status=status)
        try:
            decoder = BoundedDecoder(response.headers.get("content-encoding"), limit)
            raw = 0
            async for chunk in response.aiter_raw():
                raw += len(chunk)
                if raw > limit:
                    raise BodyTooLarge
                decoder.feed(chunk)
            body = decoder.finish()
        except BodyTooLarge:
            raise _Failure(f"response over {_mb(limit)}", status=status) from None
        except DecodeError as exc:
            raise _Failure(str(exc), status=status) from None
        except httpx.TimeoutException:
            message = f"read timed out after {_fmt_seconds(self.settings.read_timeout)}"
            raise _Failure(message, status=status, retry=True) from None
        except httpx.HTTPError as exc:
            raise _Failure(_network_error(exc), status=status) from None
        result.body = body
        result.etag = response.headers.get("etag")
        result.last_modified = response.headers.get("last-modified")


def _join(base: str, location: str) -> str | None:
    try:
        target = urljoin(base, location.strip())
    except ValueError:
        return None
    return target or None


def _status_line(response: httpx.Response) -> str:
    import httpx

    reason = httpx.codes.get_reason_phrase(response.status_code) or _short(response.reason_phrase or "", 40)
    return f"HTTP {response.status_code} {reason}".rstrip()


def _network_error(exc: BaseException) -> str:
    import socket
    import ssl

    chain, seen = [], set()
    cur: BaseException | None = exc
    while cur is not None and id(cur) not in seen:
        seen.add(id(cur))
        chain.append(cur)
        cur = cur.__cause__ or cur.__context__
    for e in chain:
        if isinstance(e, ConnectionRefusedError):
            return "connection refused"
        if isinstance(e, socket.gaierror):
            return "unknown host"
        if isinstance(e, ssl.SSLError):
            return f"TLS error: {_short(str(e), 80)}"
    text = " ".join(_short(str(e)) for e in chain[:1]) or type(exc).__name__
    if "Connection refused" in text or "All connection attempts failed" in text:
        return "connection refused"
    if "Name or service not known" in text or "getaddrinfo" in text:
        return "unknown host"
    name = type(exc).__name__
    if name == "ConnectError":
        return f"cannot connect: {text}"
    if name == "RemoteProtocolError":
        return f"protocol error: {text}"
    return f"{name}: {text}"


def skip_httpx_cli() -> None:
    """Keep httpx from importing its command-line tool, which pulls in rich and click when they are
    installed (they are, for the app): a tenth of a second or more at the start of every `briefing refresh`
    for a tool we never run. ``httpx.main`` then becomes httpx's own stub (its fallback when the tool's
    dependencies are missing). Python's convention: None in sys.modules makes that import fail at once."""
    import sys

    if "httpx" not in sys.modules:
        sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]


def make_client(settings: Settings, *, user_agent: str = USER_AGENT) -> httpx.AsyncClient:
    """An AsyncClient with our timeouts and connection bounds (the fetcher adds the per-host bound)."""
    skip_httpx_cli()
    import httpx

    limits = httpx.Limits(
        max_connections=max(1, settings.concurrency),
        max_keepalive_connections=max(1, settings.concurrency),
        keepalive_expiry=15.0,
    )
    timeout = httpx.Timeout(
        connect=settings.connect_timeout,
        read=settings.read_timeout,
        write=settings.read_timeout,
        pool=settings.feed_deadline,
    )
    client = httpx.AsyncClient(
        limits=limits,
        timeout=timeout,
        follow_redirects=False,
        headers={"User-Agent": user_agent},
        max_redirects=settings.max_redirects,
    )
    from briefing.fetch.netbackend import use_asyncio_streams

    use_asyncio_streams(client)  # a cheaper network layer under httpx (see the module)
    return client


async def fetch_one(url: str, settings: Settings | None = None, **kwargs) -> FetchResult:
    """Fetch a single URL with a short-lived client (for `briefing URL` and tests)."""
    async with Fetcher(settings) as fetcher:
        return await fetcher.fetch(url, **kwargs)
