"""The full story on demand: fetch an article's page and replace its teaser with the extracted text.

:func:`fetch_full_text` is what the app's `t` key and the per-feed "full text on refresh" setting call. The
fetch keeps the limits used for feeds (one total deadline around headers, body and redirects; a size cap
after decompression; at most `max_redirects` redirects, followed by hand) and checks every hop with
:mod:`briefing.fetch.urlsafety`: only http/https, and no private or loopback address (in any spelling, and
after DNS resolution) unless ``Settings.allow_private_addresses`` is set. A page that cannot be fetched or
holds no article text gives a one-line `error` and no article: the caller keeps the teaser.
"""

from __future__ import annotations

import asyncio
import zlib
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from typing import Any, Protocol
from urllib.parse import urljoin

import httpx

from briefing.config import Settings
from briefing.fetch.urlsafety import check_url_resolved
from briefing.model import Article
from briefing.sources.html_page import HtmlPageError, article_from_html
from briefing.textsafe import clean_line

UrlCheck = Callable[[str], Awaitable[str | None]]

_HTML_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "application/xml", "text/xml")
_USER_AGENT = "briefing/0.1 (terminal news reader; full text on request)"
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"


class FetchError(Exception):
    """A page could not be fetched; the message is one line for the user."""


@dataclass(frozen=True, slots=True)
class FetchedPage:
    url: str
    status: int
    content_type: str | None
    body: bytes


@dataclass(frozen=True, slots=True)
class FullTextResult:
    """The article with its full story (`article`), or why not (`error`, one line)."""

    article: Article | None
    error: str | None = None


class PageFetcher(Protocol):
    """What :func:`fetch_full_text` fetches with: :class:`briefing.fetch.http.Fetcher` (shared with the feed
    refresh, so its connection and per-host limits hold for pages too), or anything with the same `fetch`."""

    async def fetch(self, url: str, *, accept: str = ..., url_check: UrlCheck | None = None) -> Any: ...


async def fetch_full_text(
    article: Article,
    *,
    settings: Settings | None = None,
    client: httpx.AsyncClient | None = None,
    fetcher: PageFetcher | None = None,
    url_check: UrlCheck | None = None,
) -> FullTextResult:
    """Fetch `article.url`, extract its story, and return a new Article with ``full_text=True``.

    The new article keeps the id, feed, url and (when the feed gave them) title, author and published date of
    the original; its blocks, links and credit come from the page. Never raises for network or page problems.
    `url_check` replaces the default check of every url and hop (:func:`check_url_resolved` with
    ``settings.allow_private_addresses``).
    """
    settings = settings or Settings()
    url = article.url
    if not url:
        return FullTextResult(None, "this article has no link to fetch")

    async def default_check(candidate: str) -> str | None:
        return await check_url_resolved(
            candidate, allow_private=settings.allow_private_addresses, timeout=settings.connect_timeout
        )

    check = url_check or default_check

    try:
        page = await _get(url, settings, check, fetcher, client)
        kind = (page.content_type or "text/html").split(";", 1)[0].strip().lower()
        if kind not in _HTML_TYPES:
            raise FetchError(f"not a web page ({_line(kind)[:60]})")
    except FetchError as exc:
        return FullTextResult(None, _line(f"cannot fetch the full text: {exc}"))
    try:
        extracted = await asyncio.to_thread(
            article_from_html,
            page.body,
            url=page.url,
            content_type=page.content_type,
            max_bytes=settings.max_bytes,
        )
    except HtmlPageError as exc:
        return FullTextResult(None, _line(f"cannot read the page: {exc}"))
    if extracted is None:
        return FullTextResult(None, "the page holds no article text; keeping the teaser")
    return FullTextResult(merge_full_text(article, extracted, page.url))


async def _get(
    url: str, settings: Settings, check: UrlCheck, fetcher: PageFetcher | None, client: httpx.AsyncClient | None
) -> FetchedPage:
    """Fetch with the given fetcher, else the shared :mod:`briefing.fetch.http` one, else the fallback here."""
    if fetcher is None:
        try:
            from briefing.fetch.http import Fetcher  # type: ignore[import-not-found]
        except ImportError:  # the shared fetcher is not in this build: the minimal one below
            if client is not None:
                return await fetch_page(client, url, settings=settings, url_check=check)
            async with new_client(settings) as own:
                return await fetch_page(own, url, settings=settings, url_check=check)
        async with Fetcher(settings, client=client) as shared:
            return await _via(shared, url, check)
    return await _via(fetcher, url, check)


async def _via(fetcher: PageFetcher, url: str, check: UrlCheck) -> FetchedPage:
    result = await fetcher.fetch(url, accept=PAGE_ACCEPT, url_check=check)
    if result.error or result.body is None:
        raise FetchError(result.error or f"no page (HTTP {result.status})")
    return FetchedPage(result.final_url, result.status or 200, result.content_type, result.body)


def merge_full_text(article: Article, page: Article, page_url: str | None = None) -> Article:
    """`article` with the story of `page` (its blocks, links, credit and stated title) and ``full_text=True``.

    Kept from `article`: id, feed, url, and its published date, author and title unless the page states
    them better (a title the page states wins; one guessed from its first words does not).
    """
    extra = dict(article.extra)
    if page_url:
        extra["page_url"] = page_url
    return replace(
        article,
        title=article.title if page.extra.get("title_guessed") and article.title else page.title or article.title,
        blocks=page.blocks,
        links=page.links or article.links,
        author=article.author or page.author,
        published=article.published or page.published,
        published_estimated=article.published_estimated if article.published else False,
        credit=page.credit or article.credit,
        caption=page.caption or article.caption,
        full_text=True,
        extra=extra,
    )


def new_client(settings: Settings) -> httpx.AsyncClient:
    """An httpx client with the feed limits (timeouts, bounded connections) and no automatic redirects."""
    timeout = httpx.Timeout(
        connect=settings.connect_timeout, read=settings.read_timeout, write=settings.read_timeout, pool=10.0
    )
    limits = httpx.Limits(max_connections=settings.concurrency, max_keepalive_connections=settings.per_host_connections)
    return httpx.AsyncClient(
        timeout=timeout, limits=limits, follow_redirects=False, headers={"User-Agent": _USER_AGENT}
    )


async def fetch_page(client: httpx.AsyncClient, url: str, *, settings: Settings, url_check: UrlCheck) -> FetchedPage:
    """GET one page within `settings.feed_deadline`, following redirects by hand and checking each hop."""
    try:
        async with asyncio.timeout(settings.feed_deadline):
            if reason := await url_check(url):
                raise FetchError(f"refused {url[:80]}: {reason}")
            for hop in range(settings.max_redirects + 1):
                request = client.build_request(
                    "GET",
                    url,
                    headers={
                        "Accept": PAGE_ACCEPT,
                        "Accept-Encoding": "gzip, deflate",
                    },
                )
                response = await client.send(request, stream=True, follow_redirects=False)
                try:
                    if response.is_redirect and response.headers.get("location"):
                        target = urljoin(str(response.url), response.headers["location"].strip())
                        if reason := await url_check(target):
                            raise FetchError(f"refused redirect to {target[:80]} ({reason})")
                        if hop == settings.max_redirects:
                            break
                        url = target
                        continue
                    return await _read_page(response, settings.max_bytes)
                finally:
                    await response.aclose()
            raise FetchError(f"more than {settings.max_redirects} redirects")
    except TimeoutError:
        raise FetchError(f"timed out after {settings.feed_deadline:g} s") from None
    except httpx.HTTPError as exc:
        raise FetchError(f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__) from None


async def _read_page(response: httpx.Response, max_bytes: int) -> FetchedPage:
    if response.status_code >= 400:
        raise FetchError(f"HTTP {response.status_code} {response.reason_phrase}")
    content_type = response.headers.get("content-type")
    length = response.headers.get("content-length")
    if length and length.isdigit() and int(length) > max_bytes:
        raise FetchError(f"response over {_mb(max_bytes)}")
    encoding = response.headers.get("content-encoding", "identity").strip().lower()
    if encoding in ("gzip", "x-gzip"):
        inflater = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    elif encoding == "deflate":
        inflater = zlib.decompressobj()
    elif encoding in ("identity", ""):
        inflater = None
    else:
        raise FetchError(f"unsupported content encoding {encoding!r}")
    body = bytearray()
    # aiter_raw: the bytes as sent; we inflate ourselves, never more than the cap (a gzip bomb stops here).
    async for chunk in response.aiter_raw():
        if inflater is None:
            body += chunk
        else:
            data = chunk
            while data:
                remaining = max_bytes + 1 - len(body)
                if remaining <= 0:  # never call decompress with 0: zlib reads that as "no limit"
                    break
                try:
                    body += inflater.decompress(data, remaining)
                except zlib.error as exc:
                    raise FetchError(f"damaged {encoding} body ({exc})") from None
                data = inflater.unconsumed_tail
        if len(body) > max_bytes:
            raise FetchError(f"response over {_mb(max_bytes)}")
    return FetchedPage(str(response.url), response.status_code, content_type, bytes(body))


def _mb(n: int) -> str:
    return f"{n / (1024 * 1024):g} MB"


def _line(text: str) -> str:
    return clean_line(text)[:300]
