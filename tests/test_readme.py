"""The README tells the truth: its test command is what CI runs, and it lists every key."""

from __future__ import annotations

from conftest import ROOT

from briefing.ui.keys import KEYS

README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    command = "python3 -m venv .venv && .venv/bin/pip install -e '.[test]' && .venv/bin/pytest"
    assert command in README
    assert command in ci.splitlines()


def test_readme_lists_every_key():
    for key in KEYS:
        row = f"| {' / '.join(f'`{k}`' for k in key.keys.split(' / '))} | {key.description} | {key.where} |"
        assert row in README, row
