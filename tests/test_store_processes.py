"""Two processes at once, and a process killed with SIGKILL in the middle of writing."""

from __future__ import annotations

import os
import signal
import sqlite3

from store_helpers import run_child

from briefing.store import Store

WRITER = """
import sys
from pathlib import Path
from briefing.store import Store
from store_helpers import article
prefix, count = sys.argv[2], int(sys.argv[3])
store = Store.open(Path(sys.argv[1]))
print("ready", flush=True)
for i in range(count):
    store.set_read([f"{prefix}-{i}"])
    if i % 7 == 0:
        store.set_starred(f"{prefix}-{i}")
    if i % 25 == 0:
        store.upsert_articles([article(i, feed="https://" + prefix + ".example/")])
    print(i, flush=True)
store.close()
"""


def child_code() -> str:
    return f"import sys; sys.path.insert(0, {os.path.dirname(__file__)!r})\n" + WRITER


def test_two_processes_writing_marks_lose_nothing(tmp_path):
    Store.open(tmp_path).close()
    proc = run_child(child_code(), str(tmp_path), "child", "300", text=True)
    assert proc.stdout.readline().strip() == "ready"
    with Store.open(tmp_path) as store:
        for i in range(300):
            store.set_read([f"parent-{i}"])
            if i % 7 == 0:
                store.set_starred(f"parent-{i}")
            # read-then-write transactions while the child writes (three flips: ends read)
            for _ in range(3):
                store.toggle_read(f"flip-{i}")
    _out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err
    with Store.open(tmp_path) as store:
        for prefix in ("child", "parent", "flip"):
            marks = store.marks([f"{prefix}-{i}" for i in range(300)])
            assert all(m.read for m in marks.values()), prefix
            if prefix != "flip":
                assert [k for k, m in marks.items() if m.starred] == [f"{prefix}-{i}" for i in range(0, 300, 7)]
        assert len(store.headlines(feed="https://child.example/")) == 12


def test_sigkill_mid_write_loses_nothing_committed(tmp_path):
    proc = run_child(child_code(), str(tmp_path), "k", "100000", text=True)
    assert proc.stdout.readline().strip() == "ready"
    done = -1
    for line in proc.stdout:
        done = int(line)
        if done >= 250:
            break
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    for name in ("marks.sqlite3", "briefing.sqlite3"):
        conn = sqlite3.connect(tmp_path / name)
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)], name
        conn.close()
    with Store.open(tmp_path) as store:
        assert store.notices == []
        marks = store.marks([f"k-{i}" for i in range(done + 1)])
        assert all(m.read for m in marks.values())
        assert all(marks[f"k-{i}"].starred for i in range(0, done + 1, 7))
        assert len(store.headlines()) >= done // 25


def test_several_processes_creating_the_same_fresh_store(tmp_path):
    procs = [run_child(child_code(), str(tmp_path / "fresh"), f"p{k}", "20", text=True) for k in range(3)]
    for proc in procs:
        _out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    with Store.open(tmp_path / "fresh") as store:
        assert store.notices == []
        for k in range(3):
            assert all(m.read for m in store.marks([f"p{k}-{i}" for i in range(20)]).values())


def test_two_stores_in_one_process_on_the_same_files(tmp_path):
    import threading

    a, b = Store.open(tmp_path), Store.open(tmp_path)
    a.backup_interval = b.backup_interval = 0.0  # back up after every write, from both at once
    errors = []

    def work(store: Store, prefix: str) -> None:
        try:
            for i in range(60):
                store.set_read([f"{prefix}-{i}"])
        except Exception as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(s, p)) for s, p in ((a, "a"), (b, "b"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    a.close()
    b.close()
    assert errors == []
    assert a.notices == [] and b.notices == []  # no backup failed
    with Store.open(tmp_path) as store:
        marks = store.marks([f"{p}-{i}" for p in "ab" for i in range(60)])
        assert all(m.read for m in marks.values())
    backup = sqlite3.connect(tmp_path / "marks.backup-1.sqlite3")
    assert backup.execute("SELECT count(*) FROM marks WHERE read = 1").fetchone() == (120,)
    backup.close()
    assert not list(tmp_path.glob("*.tmp-*"))
