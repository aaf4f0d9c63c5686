"""Key facts measured on human-labelled news: runs `briefing facts --format json` on the development sets in
../shared/eval (or $BRIEFING_EVAL_DIR) and scores each with the set's own score.py; prints one table.

    python benchmarks/facts_eval.py            # needs: pip install rouge-score (for the summaries set)
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from common import eval_dir  # benchmarks/common.py (this folder is on sys.path when run as a script)

ROOT = Path(__file__).resolve().parents[1]
SETS = [
    ("summaries", "summaries/cnndm-summeval.json"),
    ("entities", "ner/conll2003-valid.json"),
    ("quotes", "quotes/polnear-dev.json"),
]


def run_facts(data: Path, out: Path) -> None:
    env = dict(os.environ, PYTHONPATH=str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", ""))
    with out.open("w", encoding="utf-8") as fh:
        subprocess.run(
            [sys.executable, "-m", "briefing", "facts", str(data), "--format", "json", "--sentences", "3"],
            stdout=fh,
            check=True,
            cwd=ROOT,
            env=env,
        )


def score(folder: Path, kind: str, data: Path, facts: Path) -> dict:
    res = subprocess.run(
        [sys.executable, str(folder / "score.py"), kind, str(data), str(facts), "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(res.stdout)


def main() -> int:
    folder = eval_dir()
    if not (folder / "score.py").exists():
        print(f"skipped: no evaluation sets at {folder} (set BRIEFING_EVAL_DIR)")
        return 0
    rows: list[tuple[str, str, str, str]] = []
    with tempfile.TemporaryDirectory() as tmp:
        for kind, rel in SETS:
            data = folder / rel
            if not data.exists():
                rows.append((kind, "-", "missing", "-"))
                continue
            if kind == "summaries":
                try:
                    import rouge_score  # noqa: F401
                except ImportError:
                    rows.append((kind, "-", "skipped: pip install rouge-score", "-"))
                    continue
            out = Path(tmp) / f"{kind}.json"
            run_facts(data, out)
            r = score(folder, kind, data, out)
            if kind == "summaries":
                o, b = r["ours"], r["lead3"]
                for k in ("R1", "R2", "RLsum"):
                    rows.append((kind, k, f"{o[k]:.2f}", f"Lead-3 {b[k]:.2f}"))
                rows.append((kind, "beats Lead-3 (R2 and RL)", str(r["beats_lead3"]), "goal True"))
            elif kind == "entities":
                goals = {"people": 0.85, "organizations": 0.75, "places": 0.85, "any type": None}
                for k, goal in goals.items():
                    v = r[k]
                    rows.append(
                        (kind, k, f"P {v['P']:.3f} R {v['R']:.3f} F1 {v['F1']:.3f}", f"goal F1 {goal}" if goal else "")
                    )
            else:
                rows.append((kind, "recall / precision", f"{r['recall']:.3f} / {r['precision']:.3f}", "goal .95 / .80"))
                rows.append((kind, "speaker accuracy", f"{r['speaker_accuracy']}", "goal .85"))
    width = [max(len(row[i]) for row in rows) for i in range(4)]
    print(" | ".join(h.ljust(w) for h, w in zip(("set", "measure", "briefing", "baseline / goal"), width, strict=True)))
    print("-+-".join("-" * w for w in width))
    for row in rows:
        print(" | ".join(c.ljust(w) for c, w in zip(row, width, strict=True)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
