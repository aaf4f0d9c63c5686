"""The full story on demand: fetch an article's page and replace its teaser with the extracted text.

:func:`fetch_full_text` is what the app's `t` key and the per-feed "full text on refresh" setting call. Pages
are fetched by :class:`briefing.fetch.http.Fetcher`, with the limits used for feeds (one total deadline around
headers, body and redirects; a size cap after decompression; at most `max_redirects` redirects, followed by
hand), and every url and redirect hop is vetted by :mod:`briefing.fetch.urlsafety`: only http/https, and no
private or loopback address (in any spelling, and after DNS resolution) unless
``Settings.allow_private_addresses`` is set. A page that cannot be fetched or holds no article text gives a
one-line `error` and no article: the caller keeps the teaser.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Protocol

from briefing.config import Settings
from briefing.fetch.http import PAGE_ACCEPT, Fetcher
from briefing.fetch.urlsafety import check_url_resolved
from briefing.model import Article
from briefing.sources.html_page import HtmlPageError, article_from_html
from briefing.textsafe import clean_line

if TYPE_CHECKING:
    import httpx

UrlCheck = Callable[[str], Awaitable[str | None]]

_HTML_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "application/xml", "text/xml")


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


class SharedFetcher(Protocol):
    """What :class:`briefing.fetch.http.Fetcher` offers here (its connection and per-host limits hold)."""

    async def fetch(self, url: str, *, accept: str = ..., url_check: Any = None) -> Any: ...


#: A shared fetcher, or a callable fetching one page: ``await f(url, url_check)`` gives a :class:`FetchedPage`
#: or raises :class:`FetchError` (this is how :mod:`briefing.fetch.refresh` passes its own).
PageFetcher = SharedFetcher | Callable[[str, UrlCheck], Awaitable[FetchedPage]]


async def fetch_full_text(
    article: Article,
    *,
    settings: Settings | None = None,
    client: httpx.AsyncClient | None = None,
    fetcher: PageFetcher | None = None,
    url_check: UrlCheck | None = None,
) -> FullTextResult:
    """Fetch `article.url`, extract its story, and return a new Article with ``full_text=True``.

    Fetching uses `fetcher` (a :class:`~briefing.fetch.http.Fetcher` shared with the refresh, or a callable
    ``(url, url_check) -> FetchedPage``), else a Fetcher of its own on `client` (or a fresh client). Extraction
    runs in a worker thread.

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
    if fetcher is None:
        async with Fetcher(settings, client=client) as own:
            return await _via(own, url, check)
    if hasattr(fetcher, "fetch"):
        return await _via(fetcher, url, check)
    return await fetcher(url, check)  # type: ignore[operator]


async def _via(fetcher: SharedFetcher, url: str, check: UrlCheck) -> FetchedPage:
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


def _line(text: str) -> str:
    return clean_line(text)[:300]
