"""Loading files and folders: dispatch, walking, bad inputs, encodings, caps, ids."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from briefing.sources import SourceError
from briefing.sources.loader import iter_files, load_file, load_paths, missing_paths

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "fixtures"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_missing_path_raises_one_line_error(tmp_path):
    ok = write(tmp_path / "a.txt", "Title\n\nBody text here.")
    assert missing_paths([ok, tmp_path / "nope.txt"]) == [str(tmp_path / "nope.txt")]
    with pytest.raises(SourceError) as err:
        load_paths([ok, tmp_path / "nope.txt"])
    message = str(err.value)
    assert "nope.txt" in message and "\n" not in message


def test_folder_walk_is_sorted_recursive_and_skips_hidden(tmp_path):
    write(tmp_path / "b.txt", "Bee\n\nBody b.")
    write(tmp_path / "a" / "z.md", "# Zed\n\nBody z.")
    write(tmp_path / "a" / "y.txt", "Why\n\nBody y.")
    write(tmp_path / ".hidden.txt", "Hidden\n\nNo.")
    write(tmp_path / ".git" / "x.txt", "Git\n\nNo.")
    write(tmp_path / "notes.docx", "Not an article type")
    files = [p.relative_to(tmp_path).as_posix() for p in iter_files([tmp_path])]
    assert files == ["a/y.txt", "a/z.md", "b.txt"]
    result = load_paths([tmp_path])
    assert [a.title for a in result.articles] == ["Why", "Zed", "Bee"]
    assert result.warnings == []


def test_symlink_loop_is_walked_once(tmp_path):
    write(tmp_path / "news" / "one.txt", "One\n\nThe first story.")
    (tmp_path / "news" / "loop").symlink_to(tmp_path / "news", target_is_directory=True)
    (tmp_path / "news" / "up").symlink_to(tmp_path, target_is_directory=True)
    result = load_paths([tmp_path])
    assert [a.title for a in result.articles] == ["One"]


def test_fifo_is_skipped_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    write(tmp_path / "real.txt", "Real\n\nA real story.")
    result = load_paths([tmp_path])
    assert [a.title for a in result.articles] == ["Real"]
    assert result.warnings == [f"skipped {fifo}: not a regular file"]
    assert load_file(fifo).warnings == [f"skipped {fifo}: not a regular file"]


def test_device_and_directory_given_as_files(tmp_path):
    zero = tmp_path / "zero.txt"
    zero.symlink_to("/dev/zero")
    assert load_file(zero).warnings == [f"skipped {zero}: not a regular file"]
    folder = tmp_path / "folder.txt"
    folder.mkdir()
    assert load_file(folder).warnings == [f"skipped {folder}: is a directory"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file(tmp_path):
    f = write(tmp_path / "secret.txt", "Secret\n\nBody.")
    f.chmod(0)
    assert load_file(f).warnings == [f"skipped {f}: permission denied"]


def test_size_cap(tmp_path):
    big = write(tmp_path / "big.txt", "Big\n\n" + "word " * 5000)
    result = load_paths([big], max_bytes=10_000)
    assert result.articles == []
    assert result.warnings == [f"skipped {big}: larger than 10000 bytes"]
    assert len(load_paths([big]).articles) == 1


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("pic.txt", b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "PNG image"),
        ("nul.txt", b"Title\n\nhas a \x00 byte", "binary file"),
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b" \n\t\n  \n", "empty file"),
        ("blank.md", b"\n\n", "empty file"),
        (
            "noise.txt",
            bytes(range(1, 32)) * 20 + b"\xff\xfe\xfd" * 10,
            "not UTF-8 and does not look like text",
        ),
        ("bad16.txt", b"\xff\xfeT\x00i\x00\x00\xd8", "invalid UTF-16 text"),
    ],
)
def test_bad_files_give_one_line_warnings(tmp_path, name, data, reason):
    f = tmp_path / name
    f.write_bytes(data)
    result = load_file(f)
    assert result.articles == []
    assert result.warnings == [f"skipped {f}: {reason}"]


def test_latin1_and_utf16_files_decode(tmp_path):
    latin = tmp_path / "cafe.txt"
    latin.write_bytes("Café reopens\n\nThe café’s façade was cleaned.".encode("cp1252"))
    utf16 = tmp_path / "notes.md"
    utf16.write_bytes("# Résumé\n\nBudget: €1.2 million.".encode("utf-16"))
    bom8 = tmp_path / "bom.txt"
    bom8.write_bytes("\ufeffNaïve title\n\nBody.".encode())
    result = load_paths([tmp_path])
    assert result.warnings == []
    by_title = {a.title: a for a in result.articles}
    assert by_title["Café reopens"].text == "The café’s façade was cleaned."
    assert by_title["Résumé"].text == "Budget: €1.2 million."
    assert "Naïve title" in by_title
    assert by_title["Café reopens"].extra["encoding"] == "cp1252"
    assert by_title["Résumé"].extra["encoding"] == "utf-16"
    assert "encoding" not in by_title["Naïve title"].extra


def test_ids_are_content_based_and_duplicates_dropped(tmp_path):
    a = write(tmp_path / "x" / "a.txt", "Same story\n\nSame body.")
    b = write(tmp_path / "y" / "b.txt", "Same story\n\nSame body.")
    c = write(tmp_path / "y" / "c.txt", "Same story\n\nA different body.")
    first = load_paths([tmp_path])
    assert [x.path for x in first.articles] == [str(a), str(c)]
    assert first.warnings == [f"skipped {b}: same article as {a}"]
    again = load_paths([tmp_path])
    assert [x.id for x in again.articles] == [x.id for x in first.articles]
    assert first.articles[0].id != first.articles[1].id


def test_mtime_is_the_estimated_published_time(tmp_path):
    f = write(tmp_path / "undated.txt", "No date here\n\nNothing says when this happened.")
    os.utime(f, (1_767_225_600, 1_767_225_600))  # 2026-01-01T00:00:00Z
    article = load_file(f).articles[0]
    assert article.published_estimated is True
    assert article.published.isoformat() == "2026-01-01T00:00:00+00:00"


def test_unknown_extension_given_explicitly_is_sniffed(tmp_path):
    f = write(tmp_path / "README", "Plain title\n\nPlain body.")
    g = write(tmp_path / "data.dat", '{"title": "From JSON", "text": "Body."}')
    assert [a.title for a in load_paths([f, g]).articles] == ["Plain title", "From JSON"]


def test_fixtures_folder_opens_with_warnings_only_for_bad_files():
    result = load_paths([FIXTURES])
    titles = {a.title for a in result.articles}
    assert {
        "Ferry crews vote to strike over rota changes",
        "Old Mill bridge reopens after repairs",
        "Council approves cycle lane on Quarry Road",
        "Market hall gets a new roof",
        "Dredging starts in the outer basin",
        "Recycling collection moves to Fridays",
        "Café owners welcome the new square",
        "Résumé of the meeting",
    } <= titles
    assert all(w.count("\n") == 0 for w in result.warnings)
    warned = {w.split(":")[0].removeprefix("skipped ") for w in result.warnings}
    assert {Path(w).name for w in warned} == {
        "binary.txt",
        "blank.md",
        "broken.json",
        "empty.txt",
        "not-articles.json",
        "photo-saved-as.md",
        "truncated.rss",
        "entity-bomb.xml",
        "no-text.html",
    }
    assert all("/bad/" in w or "/hostile/" in w for w in warned)
