"""Damaged files, read-only directories, full disks: detected, set aside, marks recovered, one-line notice."""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import subprocess

import pytest
from store_helpers import article

from briefing.store import Store, StoreError

FEED = "https://news.example/feed.xml"
N_MARKS = 1500


def ids(n: int, prefix: str = "id") -> list[str]:
    return [f"{prefix}-{i:05d}" for i in range(n)]


def make_store(path) -> None:
    """A store with cached articles and many marks, closed so its backup is current."""
    with Store.open(path) as s:
        s.upsert_articles([article(i) for i in range(20)], feed_url=FEED)
        s.set_read(ids(N_MARKS))
        for aid in ids(N_MARKS)[::50]:
            s.set_starred(aid)


def assert_all_marks(store: Store) -> None:
    marks = store.marks(ids(N_MARKS))
    assert all(m.read for m in marks.values())
    assert [aid for aid, m in marks.items() if m.starred] == ids(N_MARKS)[::50]


def garbage(path) -> None:
    data = bytearray(path.read_bytes())
    page = 4096
    rng = random.Random(4)
    for p in range(2, len(data) // page, 3):  # every third page after the first two
        start = p * page + 200
        data[start : start + 900] = bytes(rng.randrange(256) for _ in range(900))
    path.write_bytes(bytes(data))


def truncate(path) -> None:
    size = path.stat().st_size
    with path.open("r+b") as fh:
        fh.truncate(size // 2)


def not_sqlite(path) -> None:
    path.write_bytes(b"this is a shopping list, not a database\n" * 300)


def zero_header(path) -> None:
    with path.open("r+b") as fh:
        fh.write(b"\x00" * 100)


@pytest.mark.parametrize("damage", [garbage, truncate, not_sqlite, zero_header])
def test_damaged_marks_file_is_set_aside_and_marks_recovered(tmp_path, damage):
    make_store(tmp_path)
    damage(tmp_path / "marks.sqlite3")
    with Store.open(tmp_path) as store:
        assert len(store.notices) == 1
        notice = store.notices[0]
        assert "damaged" in notice and "recovered" in notice and "\n" not in notice
        assert_all_marks(store)
        # the cache was not touched
        assert len(store.headlines()) == 20
    aside = [
        p
        for p in tmp_path.iterdir()
        if p.name.startswith("marks.sqlite3.damaged-") and not p.name.endswith(("-wal", "-shm"))
    ]
    assert len(aside) == 1
    # the fresh file is healthy
    conn = sqlite3.connect(tmp_path / "marks.sqlite3")
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def test_marks_newer_than_the_backup_are_salvaged_from_the_damaged_file(tmp_path):
    make_store(tmp_path)
    old_backup = (tmp_path / "marks.backup-1.sqlite3").read_bytes()
    with Store.open(tmp_path) as s:
        s.set_read(["a-late-1", "a-late-2"])
        s.set_starred("a-late-3")
    (tmp_path / "marks.backup-1.sqlite3").write_bytes(old_backup)  # the backup predates the late marks
    # damage the last page only (the late ids sort before "id-", so they live in the first leaf)
    data = bytearray((tmp_path / "marks.sqlite3").read_bytes())
    data[-2000:] = b"\xff" * 2000
    (tmp_path / "marks.sqlite3").write_bytes(bytes(data))
    with Store.open(tmp_path) as store:
        assert "damaged" in store.notices[0]
        m = store.marks(["a-late-1", "a-late-2", "a-late-3"])
        assert m["a-late-1"].read and m["a-late-2"].read and m["a-late-3"].starred
        assert_all_marks(store)


def test_damage_without_a_backup_keeps_what_can_be_salvaged(tmp_path):
    make_store(tmp_path)
    for p in tmp_path.glob("marks.backup-*"):
        p.unlink()
    data = bytearray((tmp_path / "marks.sqlite3").read_bytes())
    data[-2000:] = b"\xff" * 2000
    (tmp_path / "marks.sqlite3").write_bytes(bytes(data))
    with Store.open(tmp_path) as store:
        assert "salvaged" in store.notices[0]
        marks = store.marks(ids(N_MARKS))
        kept = sum(m.read for m in marks.values())
        assert 0 < kept < N_MARKS


@pytest.mark.parametrize("damage", [garbage, truncate, not_sqlite, zero_header])
def test_damaged_cache_is_rebuilt_and_marks_kept(tmp_path, damage):
    make_store(tmp_path)
    damage(tmp_path / "briefing.sqlite3")
    with Store.open(tmp_path) as store:
        assert len(store.notices) == 1 and "article cache was damaged" in store.notices[0]
        assert store.headlines() == []
        assert_all_marks(store)
        store.upsert_articles([article(1)], feed_url=FEED)
        assert len(store.search("harbour")) == 1
    assert any(p.name.startswith("briefing.sqlite3.damaged-") for p in tmp_path.iterdir())


def test_empty_marks_file_is_restored_from_backup(tmp_path):
    make_store(tmp_path)
    (tmp_path / "marks.sqlite3").write_bytes(b"")
    with Store.open(tmp_path) as store:
        assert "restored" in store.notices[0]
        assert_all_marks(store)


def test_backup_is_kept_current_and_rotated(tmp_path):
    with Store.open(tmp_path) as s:
        s.backup_interval = 0.0
        s.set_starred("fresh")
        conn = sqlite3.connect(tmp_path / "marks.backup-1.sqlite3")
        assert conn.execute("SELECT starred FROM marks WHERE article_id = 'fresh'").fetchone() == (1,)
        conn.close()
    # a day later, the generations shift
    old = tmp_path / "marks.backup-1.sqlite3"
    os.utime(old, (old.stat().st_mtime - 2 * 86400,) * 2)
    with Store.open(tmp_path):
        pass
    assert (tmp_path / "marks.backup-2.sqlite3").exists()


def test_corruption_found_while_in_use_is_handled_at_next_start(tmp_path):
    make_store(tmp_path)
    (tmp_path / "briefing.sqlite3.damaged").touch()
    with Store.open(tmp_path) as store:
        assert "failed while in use" in store.notices[0]
    assert not (tmp_path / "briefing.sqlite3.damaged").exists()


def _make_read_only(path) -> bool:
    if os.geteuid() != 0:
        path.chmod(0o555)
        return True
    if shutil.which("chattr") is None:
        return False
    return subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode == 0


def _make_writable(path) -> None:
    if os.geteuid() == 0:
        subprocess.run(["chattr", "-i", str(path)], capture_output=True)
    path.chmod(0o755)


def test_read_only_data_directory(tmp_path):
    make_store(tmp_path)
    if not _make_read_only(tmp_path):
        pytest.skip("cannot make a directory read-only here")
    try:
        with pytest.raises(StoreError) as info:
            Store.open(tmp_path)
        assert "cannot write to the data directory" in str(info.value) and "\n" not in str(info.value)
        store = Store.open_or_fallback(tmp_path)
        try:
            assert store.in_memory
            assert "will not be saved" in store.notices[0]
            assert len(store.headlines()) == 20  # what was stored is still shown
            assert_all_marks(store)
            store.set_read(["new-mark"])  # works, in memory
            assert store.marks(["new-mark"])["new-mark"].read
        finally:
            store.close()
    finally:
        _make_writable(tmp_path)


def test_unusable_data_directory_falls_back_to_memory(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    with pytest.raises(StoreError, match="cannot create the data directory"):
        Store.open(blocker / "data")
    with Store.open_or_fallback(blocker / "data") as store:
        assert store.in_memory and store.headlines() == []
        store.upsert_articles([article(1)], feed_url=FEED)
        assert len(store.search("harbour")) == 1


def test_full_disk_gives_a_one_line_error_and_the_store_keeps_working(tmp_path):
    with Store.open(tmp_path) as store:
        store.upsert_articles([article(1)], feed_url=FEED)
        pages = store._cache.execute("PRAGMA page_count").fetchone()[0]
        store._cache.execute(f"PRAGMA max_page_count = {pages}")  # SQLite now answers SQLITE_FULL
        big = [article(i, body="lorem ipsum dolor " * 2000) for i in range(2, 40)]
        with pytest.raises(StoreError, match="disk is full") as info:
            store.upsert_articles(big, feed_url=FEED)
        assert "\n" not in str(info.value)
        # nothing half-written, and reads and marks still work
        assert [h.id for h in store.headlines()] == [article(1).id]
        store.set_read([article(1).id])
        assert store.unread_total() == 0


def test_deferred_cache_check_rebuilds_a_damaged_cache_in_place(tmp_path):
    make_store(tmp_path)
    with Store.open(tmp_path) as s:
        s.upsert_articles([article(i, body="filler text " * 400) for i in range(100, 160)], feed_url=FEED)
    garbage(tmp_path / "briefing.sqlite3")
    with Store.open(tmp_path, check_cache=False) as store:
        assert store.notices == []  # not checked yet
        notice = store.verify_cache()
        assert notice is not None and "article cache was damaged" in notice and notice in store.notices
        assert store.headlines() == []
        store.upsert_articles([article(1)], feed_url=FEED)
        assert len(store.search("harbour")) == 1
        assert_all_marks(store)
        assert store.verify_cache() is None  # the fresh cache is fine
    assert any(p.name.startswith("briefing.sqlite3.damaged-") for p in tmp_path.iterdir())


def test_memory_store_is_usable_from_threads():
    import threading

    with Store.open_memory() as store:
        store.upsert_articles([article(i) for i in range(40)], feed_url=FEED)
        errors = []

        def work(k: int) -> None:
            try:
                for i in range(k, 40, 4):
                    store.set_read([article(i).id])
                    store.headlines(unread_only=True, limit=5)
                    store.search("harbour")
                    store.upsert_articles([article(100 + i)], feed_url=FEED)
            except Exception as exc:  # reported below
                errors.append(exc)

        threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
        assert store.unread_total() == 40  # the 40 added by the threads


def test_backup_follows_marks_within_the_interval(tmp_path):
    import time

    with Store.open(tmp_path) as s:
        s.backup_interval = 0.3
        s.set_read(["first"])
        time.sleep(0.35)
        s.set_read(["first-b"])
        s.set_read(["second"])  # within the interval: a timer writes the backup shortly
        deadline = time.monotonic() + 10
        found = None
        while time.monotonic() < deadline:
            conn = sqlite3.connect(tmp_path / "marks.backup-1.sqlite3")
            found = conn.execute("SELECT read FROM marks WHERE article_id = 'second'").fetchone()
            conn.close()
            if found:
                break
            time.sleep(0.05)
        assert found == (1,)
