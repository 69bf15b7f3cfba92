"""Reading delimited text files: encoding, delimiter and records with row numbers.

Row numbers are the rows a spreadsheet shows: the header is row 1 and each
record is one row, even when a quoted field spans several lines.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

DELIMITERS = (",", ";", "\t")

_DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}

# Enough text for the header and a few dozen records of a wide export.
_SAMPLE_BYTES = 256 * 1024
_SAMPLE_RECORDS = 50

# Long text fields of CRM exports can exceed the csv module's default limit
# of 131,072 characters per field.
csv.field_size_limit(16 * 1024 * 1024)


class MalformedFileError(Exception):
    """Error for a file that cannot be read any further; its message names the row."""


@dataclass(frozen=True, slots=True)
class Record:
    """One record of the file: its spreadsheet row number and its fields."""

    row_number: int
    line_number: int
    fields: list[str]


class DelimitedFile:
    """A UTF-8 delimited file, opened for one pass over its records.

    The header is read on opening. `records()` yields the data records and
    skips blank lines, which still count as rows.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.name = path.name
        self.delimiter = detect_delimiter(path)
        self.header: list[str] = []
        self._binary = path.open("rb")
        self._text = io.TextIOWrapper(
            self._binary, encoding="utf-8-sig", errors="strict", newline=""
        )
        self._reader = csv.reader(self._text, delimiter=self.delimiter, strict=True)
        self._row_number = 0
        try:
            self.header = self._read_header()
        except BaseException:
            self.close()
            raise

    @property
    def delimiter_name(self) -> str:
        return _DELIMITER_NAMES[self.delimiter]

    def close(self) -> None:
        self._text.close()

    def __enter__(self) -> DelimitedFile:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def records(self) -> Iterator[Record]:
        """Yield each non-blank data record, raising MalformedFileError on damage."""
        while True:
            record = self._next_record()
            if record is None:
                return
            if record.fields and any(field.strip() for field in record.fields):
                yield record

    def _read_header(self) -> list[str]:
        record = self._next_record()
        if record is None or not any(field.strip() for field in record.fields):
            raise MalformedFileError(
                "row 1: the file is empty; expected a header row with column names"
            )
        return [field.strip() for field in record.fields]

    def _next_record(self) -> Record | None:
        start_line = self._reader.line_num + 1
        try:
            fields = next(self._reader)
        except StopIteration:
            return None
        except UnicodeDecodeError as error:
            raise MalformedFileError(
                describe_decode_error(self.path, self.delimiter)
            ) from error
        except csv.Error as error:
            raise MalformedFileError(
                self._describe_csv_error(error, start_line)
            ) from error
        self._row_number += 1
        return Record(self._row_number, start_line, fields)

    def _describe_csv_error(self, error: csv.Error, start_line: int) -> str:
        row = self._row_number + 1
        if "unexpected end of data" in str(error):
            return (
                f"row {row}: a quoted field starting on line {start_line} is not "
                "closed before the end of the file; the file is truncated or has "
                'an unbalanced double quote (write a literal quote as "")'
            )
        return (
            f"row {row} (line {self._reader.line_num}): malformed CSV: {error}; "
            "quote fields that contain the delimiter, quotes or line breaks"
        )


def detect_delimiter(path: Path) -> str:
    """Return the delimiter among comma, semicolon and tab that fits the file best.

    Each candidate parses the first records of the file. The winner splits the
    header into the most columns among the candidates whose records most often
    have as many fields as the header. A file with one column reads as comma
    separated.
    """
    with path.open("rb") as file:
        sample_bytes = file.read(_SAMPLE_BYTES)
        complete = len(sample_bytes) < _SAMPLE_BYTES
    sample = codecs.decode(sample_bytes, "utf-8-sig", errors="replace")

    best = ","
    best_score = (0.0, 1)
    for delimiter in DELIMITERS:
        records = _sample_records(sample, delimiter, complete)
        if not records or len(records[0]) < 2:
            continue
        width = len(records[0])
        rows = records[1:]
        agreement = sum(len(row) == width for row in rows) / len(rows) if rows else 1.0
        score = (agreement, width)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _sample_records(sample: str, delimiter: str, complete: bool) -> list[list[str]]:
    reader = csv.reader(io.StringIO(sample, newline=""), delimiter=delimiter)
    records: list[list[str]] = []
    try:
        for fields in reader:
            if fields:
                records.append(fields)
            if len(records) > _SAMPLE_RECORDS:
                break
    except csv.Error:
        pass
    # The last record of a cut sample may be cut too.
    if not complete and len(records) > 1:
        records.pop()
    return records


def describe_decode_error(path: Path, delimiter: str) -> str:
    """Describe the first byte of a file that is not UTF-8, with its row and offset."""
    data = path.read_bytes()
    bom = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        data[bom:].decode("utf-8")
    except UnicodeDecodeError as error:
        offset = bom + error.start
    else:
        return "the file is not valid UTF-8; save it as UTF-8"

    prefix = data[bom:offset].decode("utf-8")
    # A sentinel character puts the bad byte's position into the last record
    # that the csv module yields, whether or not the prefix ends a record.
    reader = csv.reader(io.StringIO(prefix + "x", newline=""), delimiter=delimiter)
    row = sum(1 for _ in reader)
    line = prefix.count("\n") + 1
    return (
        f"row {row} (line {line}, byte offset {offset}): byte 0x{data[offset]:02X} "
        "is not valid UTF-8; save the file as UTF-8"
    )
