"""What the benchmark scripts share: where the evaluation sets are, and a plain Article made from an eval item."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def eval_dir() -> Path:
    """`$BRIEFING_EVAL_DIR`, else `../shared/eval` beside the repo (a worktree one level deeper looks up too)."""
    env = os.environ.get("BRIEFING_EVAL_DIR")
    if env:
        return Path(env)
    candidates = [ROOT.parent / "shared" / "eval", ROOT.parent.parent / "shared" / "eval"]
    return next((c for c in candidates if c.is_dir()), candidates[0])


def plain_article(item: dict):
    """An eval item as an Article with no parsing beyond a split on blank lines (the baseline's input)."""
    from briefing.model import Article, Block

    text = item.get("text") or ""
    return Article(
        id=str(item["id"]),
        title=item.get("title") or "",
        source=item.get("source") or "",
        blocks=tuple(Block(p.strip()) for p in text.split("\n\n") if p.strip()),
    )
