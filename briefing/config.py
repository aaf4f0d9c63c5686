"""Configuration: where things live and what the user subscribed to.

The config is a TOML file in the platform's config directory (``--config`` / ``BRIEFING_CONFIG`` override it);
the data (the SQLite store) lives in the platform's data directory (``--data-dir`` / ``BRIEFING_DATA_DIR``).
Nothing is created at import time.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

import platformdirs

APP_NAME = "briefing"


class ConfigError(Exception):
    """The config file exists but cannot be used; the message is one line for the user."""


@dataclass(frozen=True, slots=True)
class FeedConfig:
    url: str
    name: str | None = None
    category: str | None = None
    #: Fetch every new article's page for its full text during refresh.
    full_text: bool = False


@dataclass(frozen=True, slots=True)
class Settings:
    concurrency: int = 16
    per_host_connections: int = 2
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    #: Total time one feed (headers, body and redirects) may take.
    feed_deadline: float = 30.0
    max_bytes: int = 10 * 1024 * 1024
    max_redirects: int = 5
    refresh_interval_minutes: int = 0
    auto_full_text: bool = False
    #: Allow article pages on private/loopback addresses (off by default, as Miniflux and FreshRSS do).
    allow_private_addresses: bool = False
    retention_days: int = 90
    max_articles_per_feed: int = 2000
    mark_read_on_open: bool = True
    summary_sentences: int = 3


@dataclass(frozen=True, slots=True)
class Config:
    """Everything the app needs to know before it starts."""

    config_path: Path
    data_dir: Path
    feeds: tuple[FeedConfig, ...] = ()
    settings: Settings = field(default_factory=Settings)

    @property
    def store_path(self) -> Path:
        return self.data_dir / "briefing.sqlite3"

    def with_feeds(self, feeds: tuple[FeedConfig, ...]) -> Config:
        return replace(self, feeds=feeds)


def default_config_path() -> Path:
    env = os.environ.get("BRIEFING_CONFIG")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "config.toml"


def default_data_dir() -> Path:
    env = os.environ.get("BRIEFING_DATA_DIR")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def load_config(config_path: Path | None = None, data_dir: Path | None = None) -> Config:
    """Read the config file (a missing file is an empty config)."""
    path = config_path or default_config_path()
    data = data_dir or default_data_dir()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Config(config_path=path, data_dir=data)
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"cannot read config {path}: {exc}") from None
    import tomllib  # only when there is a file to read (it costs a first launch ~17 ms)

    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config {path} is not valid TOML: {exc}") from None
    return parse_config(raw, path, data)


def parse_config(raw: dict, path: Path, data_dir: Path) -> Config:
    """Build a Config from parsed TOML, checking types."""
    feeds = []
    for i, item in enumerate(raw.get("feeds", []) or []):
        if not isinstance(item, dict) or not isinstance(item.get("url"), str):
            raise ConfigError(f"config {path}: feeds[{i}] needs a url")
        feeds.append(
            FeedConfig(
                url=item["url"],
                name=_opt_str(item.get("name")),
                category=_opt_str(item.get("category")),
                full_text=bool(item.get("full_text", False)),
            )
        )
    settings_raw = raw.get("settings", {}) or {}
    if not isinstance(settings_raw, dict):
        raise ConfigError(f"config {path}: [settings] must be a table")
    defaults = Settings()
    kwargs = {}
    for name in Settings.__dataclass_fields__:
        if name in settings_raw:
            value = settings_raw[name]
            expected = type(getattr(defaults, name))
            if expected is float and isinstance(value, int) and not isinstance(value, bool):
                value = float(value)
            if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
                raise ConfigError(f"config {path}: settings.{name} must be {expected.__name__}")
            kwargs[name] = value
    return Config(config_path=path, data_dir=data_dir, feeds=tuple(feeds), settings=Settings(**kwargs))


def _opt_str(value: object) -> str | None:
    return value if isinstance(value, str) and value.strip() else None
