"""briefing: a terminal news briefing."""

__version__ = "0.1.0"
