"""Files -> Documents: discovery, decoding, JSONL, whole-file errors, batches."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from reportgraph import ids
from reportgraph.errors import InputError
from reportgraph.ingest import SUPPORTED_SUFFIXES, discover, read_all, read_file, read_text
from reportgraph.models import Failure

ARTICLE = "Shelling hit the old market on Friday.\n\nThe governor said four people were hurt.\n"


def _code(call: object) -> str:
    with pytest.raises(InputError) as info:
        call()  # type: ignore[operator]
    return info.value.code


# --- discover ---------------------------------------------------------------------------


def test_discover_walks_sorted_and_skips_hidden_and_unknown(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    (tmp_path / "b" / "z.md").write_text("x")
    (tmp_path / "b" / "a.HTML").write_text("x")
    (tmp_path / "a.txt").write_text("x")
    (tmp_path / "notes.pdf").write_text("x")
    (tmp_path / ".secret.txt").write_text("x")
    (tmp_path / ".hidden" / "c.txt").write_text("x")
    found = discover([tmp_path])
    assert [p.relative_to(tmp_path).as_posix() for p in found] == ["a.txt", "b/a.HTML", "b/z.md"]
    assert discover([tmp_path]) == found  # deterministic
    # named explicitly, a hidden file is read; a file named twice is listed once
    assert discover([tmp_path / ".secret.txt", tmp_path / "a.txt", tmp_path]) == [
        tmp_path / ".secret.txt",
        tmp_path / "a.txt",
        tmp_path / "b" / "a.HTML",
        tmp_path / "b" / "z.md",
    ]
    assert set(SUPPORTED_SUFFIXES) == {".txt", ".md", ".markdown", ".html", ".htm", ".jsonl"}


def test_discover_errors(tmp_path: Path) -> None:
    (tmp_path / "report.pdf").write_text("x")
    assert _code(lambda: discover([tmp_path / "report.pdf"])) == "RG103"
    assert _code(lambda: discover([tmp_path / "missing.txt"])) == "RG101"


# --- plain files ------------------------------------------------------------------------


def test_read_txt_and_reread_is_identical(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(ARTICLE.replace("\n", "\r\n").encode("utf-8"))
    [doc], failures = read_file(path)
    assert failures == []
    assert doc.text == ARTICLE  # newlines normalised, nothing else changed
    assert doc.id == ids.document_id(ARTICLE)
    assert doc.path == str(path)
    assert doc.source_format == "txt"
    assert doc.decode_note is None
    assert read_file(path) == ([doc], [])


def test_read_markdown_keeps_text(tmp_path: Path) -> None:
    text = "# Bridge closed\n\n*Reporters* saw [the bridge](https://x.example) close.\n"
    path = tmp_path / "b.markdown"
    path.write_text(text, encoding="utf-8")
    [doc], _ = read_file(path)
    assert doc.text == text
    assert doc.title == "Bridge closed"
    assert doc.source_format == "md"


def test_utf8_bom_stripped(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + ARTICLE.encode("utf-8"))
    [doc], _ = read_file(path)
    assert doc.text == ARTICLE
    assert doc.decode_note == "UTF-8 BOM stripped"


def test_cp1252_detected(tmp_path: Path) -> None:
    text = "Officials said the \u201ctruce\u201d held \u2014 the caf\u00e9 reopened.\n"
    path = tmp_path / "legacy.txt"
    path.write_bytes(text.encode("cp1252"))
    [doc], _ = read_file(path)
    assert doc.text == text
    assert doc.decode_note == "decoded as cp1252"


def test_invalid_utf8_bytes_replaced(tmp_path: Path) -> None:
    path = tmp_path / "broken.txt"
    path.write_bytes("The caf\u00e9 was shelled.".encode() + b" \xff\xfe " + b"End.\n")
    [doc], _ = read_file(path)
    assert doc.text.startswith("The caf\u00e9 was shelled.")
    assert doc.text.count("\ufffd") == 2
    assert doc.decode_note == "2 invalid byte sequences replaced"


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "image.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    assert _code(lambda: read_file(path)) == "RG104"
    noisy = tmp_path / "noisy.txt"
    noisy.write_bytes(bytes([1, 2, 3, 4, 5, 6, 7, 65]) * 50)
    assert _code(lambda: read_file(noisy)) == "RG104"


@pytest.mark.parametrize("content", [b"", b"  \n\t\r\n  "])
def test_empty_and_whitespace_only(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    assert _code(lambda: read_file(path)) == "RG105"


def test_unknown_suffix_missing_and_too_large(tmp_path: Path) -> None:
    odd = tmp_path / "a.docx"
    odd.write_text(ARTICLE)
    assert _code(lambda: read_file(odd)) == "RG103"
    assert _code(lambda: read_file(tmp_path / "gone.txt")) == "RG101"
    big = tmp_path / "big.txt"
    big.write_text(ARTICLE)
    assert _code(lambda: read_file(big, max_bytes=10)) == "RG106"


def test_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "locked.txt"
    path.write_text(ARTICLE)
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):
            # running as root: chmod 000 does not deny reading, so simulate the denial
            def denied(self: Path) -> bytes:
                raise PermissionError(13, "Permission denied", str(self))

            monkeypatch.setattr(Path, "read_bytes", denied)
        assert _code(lambda: read_file(path)) == "RG102"
    finally:
        path.chmod(0o644)


# --- read_text --------------------------------------------------------------------------


def test_read_text_core() -> None:
    doc = read_text(ARTICLE, path="mem://1", publisher=" The  Wire ", url="https://w.example/1")
    assert doc.id == ids.document_id(ARTICLE)
    assert doc.publisher == "The Wire"
    assert doc.published is None
    assert [s.kind for s in doc.segments] == ["body"]
    assert read_text(ARTICLE.replace("\n", "\r"), path="mem://2").id == doc.id
    assert _code(lambda: read_text(" \n", path="mem://3")) == "RG105"


# --- JSONL ------------------------------------------------------------------------------


def _jsonl(tmp_path: Path) -> Path:
    lines = [
        json.dumps(
            {
                "text": "Storm hits the coast\n\nWinds of 120 km/h were recorded.",
                "title": "Storm hits the coast",
                "url": "https://news.example/storm",
                "publisher": "Example News",
                "date": "2024-09-14",
            }
        ),
        '{"text": "broken line',
        "",
        json.dumps({"url": "https://news.example/no-text"}),
        json.dumps({"text": "Second story: the dam held.", "date": 20240915}),
        json.dumps(["not", "an", "object"]),
        json.dumps({"text": "   "}),
        json.dumps({"text": "Third story: rains eased."}),
    ]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_jsonl_records_and_line_failures(tmp_path: Path) -> None:
    path = _jsonl(tmp_path)
    docs, failures = read_file(path)
    assert [d.path for d in docs] == [f"{path}#L1", f"{path}#L8"]
    first = docs[0]
    assert first.source_format == "jsonl"
    assert first.title == "Storm hits the coast"
    assert first.publisher == "Example News"
    assert first.url == "https://news.example/storm"
    assert first.published is not None and first.published.isoformat() == "2024-09-14"
    assert first.segments[0].kind == "title"
    assert [(f.line, f.code) for f in failures] == [
        (2, "RG107"),
        (4, "RG108"),
        (5, "RG108"),
        (6, "RG107"),
        (7, "RG105"),
    ]
    assert all(f.path == str(path) for f in failures)
    assert "text" in failures[1].message


# --- read_all ---------------------------------------------------------------------------


def test_read_all_never_aborts_and_deduplicates(tmp_path: Path) -> None:
    (tmp_path / "one.txt").write_text(ARTICLE)
    (tmp_path / "copy.md").write_text(ARTICLE)  # same text -> same id -> kept once
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "bin.txt").write_bytes(b"\x00\x01\x02")
    jsonl = _jsonl(tmp_path)
    docs, failures = read_all([tmp_path, tmp_path / "missing.txt"])
    assert len({d.id for d in docs}) == len(docs)
    assert sum(d.text == ARTICLE for d in docs) == 1
    assert len(docs) == 3  # the article once + two JSONL records
    whole = {(Path(f.path).name, f.code) for f in failures if f.line is None}
    assert whole == {("empty.txt", "RG105"), ("bin.txt", "RG104"), ("missing.txt", "RG101")}
    assert sum(f.path == str(jsonl) for f in failures) == 5
    assert all(isinstance(f, Failure) for f in failures)
    assert read_all([tmp_path, tmp_path / "missing.txt"]) == (docs, failures)
