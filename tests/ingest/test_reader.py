"""Reading delimited files: encodings, delimiters, quoting and row numbers."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.ingest.reader import DelimitedFile, MalformedFileError


def _read(path: Path) -> tuple[list[str], list[tuple[int, list[str]]]]:
    with DelimitedFile(path) as file:
        return file.header, [(r.row_number, r.fields) for r in file.records()]


def test_reader_strips_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbfId,Name\r\n1,Acme\r\n")

    header, records = _read(path)

    assert header == ["Id", "Name"]
    assert records == [(2, ["1", "Acme"])]


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        ("name;website\nAcme, Inc.;acme.com\n", ";"),
        ("name\twebsite\nAcme; Inc.\tacme.com\n", "\t"),
        ('name,website\n"Acme; Inc.",acme.com\n', ","),
    ],
)
def test_reader_detects_delimiter(tmp_path: Path, text: str, delimiter: str) -> None:
    path = tmp_path / "accounts.csv"
    path.write_text(text, encoding="utf-8")

    with DelimitedFile(path) as file:
        detected = file.delimiter
        records = [record.fields for record in file.records()]

    assert detected == delimiter
    assert len(records[0]) == 2


def test_reader_counts_quoted_line_breaks_as_one_row(tmp_path: Path) -> None:
    path = tmp_path / "multiline.csv"
    path.write_text('id,notes\n1,"first\nsecond\nthird"\n\n2,plain\n', encoding="utf-8")

    _, records = _read(path)

    assert records == [(2, ["1", "first\nsecond\nthird"]), (4, ["2", "plain"])]


def test_reader_rejects_truncated_quote(tmp_path: Path) -> None:
    path = tmp_path / "truncated.csv"
    path.write_text('id,notes\n1,ok\n2,"never closed\n3,more\n', encoding="utf-8")

    with pytest.raises(MalformedFileError) as caught:
        _read(path)

    assert str(caught.value).startswith(
        "row 3: a quoted field starting on line 3 is not closed"
    )


def test_reader_rejects_non_utf8_byte(tmp_path: Path) -> None:
    content = b"id,name\n1,Acme\n2,Soci\xe9t\xe9\n"
    path = tmp_path / "latin1.csv"
    path.write_bytes(content)
    offset = content.index(b"\xe9")

    with pytest.raises(MalformedFileError) as caught:
        _read(path)

    assert str(caught.value) == (
        f"row 3 (line 3, byte offset {offset}): byte 0xE9 is not valid UTF-8; "
        "save the file as UTF-8"
    )


def test_reader_locates_bad_byte_inside_quoted_field(tmp_path: Path) -> None:
    content = b'\xef\xbb\xbfid,notes\n1,"line one\nline \xff two"\n'
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    offset = content.index(b"\xff")

    with pytest.raises(MalformedFileError) as caught:
        _read(path)

    assert str(caught.value).startswith(
        f"row 2 (line 3, byte offset {offset}): byte 0xFF"
    )


def test_reader_rejects_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_text("", encoding="utf-8")

    with pytest.raises(MalformedFileError) as caught:
        _read(path)

    assert "row 1: the file is empty" in str(caught.value)
