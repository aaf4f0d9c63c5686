"""The domain (everything outside briefing.ui) imports without Textual, so it runs and is tested without a screen."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

from conftest import ROOT

import briefing


def domain_modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages(briefing.__path__, "briefing."):
        if info.name.startswith("briefing.ui") or info.name == "briefing.__main__":
            continue
        names.append(info.name)
    return names


def test_domain_imports_without_textual():
    modules = domain_modules()
    assert {"briefing.model", "briefing.library", "briefing.sources", "briefing.facts"} <= set(modules)
    code = (
        "import importlib, sys\n"
        f"for name in {modules!r}:\n"
        "    importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "", f"domain modules imported Textual: {result.stdout}"


def test_ui_is_the_only_place_that_imports_textual():
    offenders = []
    for path in (ROOT / "briefing").rglob("*.py"):
        rel = path.relative_to(ROOT).as_posix()
        if rel.startswith("briefing/ui/"):
            continue
        text = path.read_text(encoding="utf-8")
        if "import textual" in text or "from textual" in text:
            offenders.append(rel)
    assert offenders == []
