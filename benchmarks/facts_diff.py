"""Guard for speed work on the facts engine: the key facts of every evaluation article, written to a file and
compared with a later run, so a faster engine can be shown to give exactly the same output.

    python benchmarks/facts_diff.py --write /tmp/facts-before.jsonl   # before the change
    python benchmarks/facts_diff.py --check /tmp/facts-before.jsonl   # after it: lists every article that differs

The file holds eval-derived output: keep it outside the repository.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path

from common import eval_dir, plain_article  # benchmarks/common.py (this folder is on sys.path when run as a script)

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SETS = ["summaries/cnndm-summeval.json", "ner/conll2003-valid.json", "quotes/polnear-dev.json"]


def facts_lines() -> list[str]:
    """One JSON line per evaluation article: its id and all its key facts."""
    from briefing.facts import extract

    folder = eval_dir()
    lines = []
    for rel in SETS:
        path = folder / rel
        if not path.exists():
            continue
        for item in json.loads(path.read_text(encoding="utf-8")):
            facts = extract(plain_article(item))
            lines.append(json.dumps({"set": rel, "id": str(item["id"]), **asdict(facts)}, ensure_ascii=False))
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = parser.add_mutually_exclusive_group(required=True)
    mode.add_argument("--write", type=Path, help="write the facts of every eval article here")
    mode.add_argument("--check", type=Path, help="compare with a file written before; exit 1 on any difference")
    args = parser.parse_args()
    if not eval_dir().exists():
        print(f"skipped: no evaluation sets at {eval_dir()} (set BRIEFING_EVAL_DIR)")
        return 0
    lines = facts_lines()
    if args.write:
        args.write.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"wrote the facts of {len(lines)} articles to {args.write}")
        return 0
    before = args.check.read_text(encoding="utf-8").splitlines()
    if len(before) != len(lines):
        print(f"article count differs: {len(before)} before, {len(lines)} now")
        return 1
    differ = 0
    for old, new in zip(before, lines, strict=True):
        if old == new:
            continue
        differ += 1
        a, b = json.loads(old), json.loads(new)
        fields = [k for k in a if a[k] != b.get(k)]
        print(f"{a['set']} {a['id']}: {', '.join(fields)}")
        for k in fields[:3]:
            print(f"    before {k}: {json.dumps(a[k], ensure_ascii=False)[:300]}")
            print(f"    now    {k}: {json.dumps(b[k], ensure_ascii=False)[:300]}")
    print(f"{len(lines) - differ} of {len(lines)} articles give the same facts; {differ} differ")
    return 1 if differ else 0


if __name__ == "__main__":
    raise SystemExit(main())
