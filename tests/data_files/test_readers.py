"""Structured readers on real files: exact cells and fields, malformed input, no crashes."""

from __future__ import annotations

import datetime
import io
import json
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from unittest.mock import patch

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from bharosa.detectors.structured import json as json_reader
from bharosa.detectors.structured.cells import Cell, FieldDecl, Item, Reader, ReaderLimits
from bharosa.detectors.structured.csv import read_csv
from bharosa.detectors.structured.json import read_json, read_jsonl
from bharosa.detectors.structured.notebook import read_notebook
from bharosa.detectors.structured.parquet import read_parquet
from bharosa.detectors.structured.sql import read_sql
from bharosa.detectors.structured.xlsx import read_xlsx
from bharosa.detectors.structured.yaml import read_yaml
from bharosa.notices import Notice
from tests.conftest import REPO_ROOT

DATA = REPO_ROOT / "tests" / "fixtures" / "data"
REALISTIC = REPO_ROOT / "tests" / "fixtures" / "realistic"
LIMITS = ReaderLimits()
READERS: list[Reader] = [
    read_csv, read_json, read_jsonl, read_notebook, read_yaml, read_sql, read_xlsx, read_parquet,
]  # fmt: skip


def items(
    reader: Reader, data: bytes, path: str = "f", limits: ReaderLimits = LIMITS
) -> list[Item]:
    return list(reader(io.BytesIO(data), path, limits))


def cells(found: list[Item]) -> list[tuple[str, int, int | None, str | None, int | None]]:
    return [(c.value, c.line, c.column, c.field, c.row) for c in found if isinstance(c, Cell)]


def fields(found: list[Item]) -> list[tuple[str, int, str | None]]:
    return [(d.name, d.line, d.table) for d in found if isinstance(d, FieldDecl)]


def notices(found: list[Item]) -> list[str]:
    return [n.code for n in found if isinstance(n, Notice)]


# CSV


def test_pandas_export_with_index_quotes_and_a_newline_in_a_field() -> None:
    found = items(read_csv, (DATA / "pandas_export.csv").read_bytes(), "p.csv")
    assert fields(found)[:2] == [("customer_id", 1, None), ("name", 1, None)]
    got = cells(found)
    assert ("aarav.mehta@kavyatextiles.in", 2, 21, "email", 1) in got
    assert ("moved to Pune\nin March", 3, 79, "notes", 2) in got
    # The row after the quoted newline starts on line 5.
    assert ("d.okafor@brightwaterfoods.com", 5, 23, "email", 3) in got
    assert ("0", 2, 1, None, 1) in got


def test_headerless_csv_keeps_positions() -> None:
    found = items(read_csv, b"1,x,priya@kavyatextiles.in\n2,y,rahul@sunridge.in\n", "h.csv")
    assert fields(found) == []
    assert cells(found)[2] == ("priya@kavyatextiles.in", 1, 5, None, 1)


@pytest.mark.parametrize(
    ("data", "path", "expected"),
    [
        (
            b"\xef\xbb\xbfname;email\nAnu;anu@kavyatextiles.in\n",
            "s.csv",
            ("anu@kavyatextiles.in", 2, 5),
        ),
        (b"name\temail\nAnu\tanu@kavyatextiles.in\n", "t.tsv", ("anu@kavyatextiles.in", 2, 5)),
        (
            "name,email\r\nAnu,anu@kavyatextiles.in\r\n".encode("utf-16"),
            "u.csv",
            ("anu@kavyatextiles.in", 2, 5),
        ),
    ],
)
def test_dialects_boms_and_utf16(data: bytes, path: str, expected: tuple[str, int, int]) -> None:
    got = [(c.value, c.line, c.column) for c in items(read_csv, data, path) if isinstance(c, Cell)]
    assert expected in got


def test_header_only_csv_declares_fields() -> None:
    assert fields(items(read_csv, b"name,email,phone\n", "e.csv")) == [
        ("name", 1, None), ("email", 1, None), ("phone", 1, None),
    ]  # fmt: skip


def test_csv_memory_stays_bounded(tmp_path: Path) -> None:
    path = tmp_path / "big.csv"
    row = "12345,Anu Rao,anu.rao@kavyatextiles.in,+91 98201 37645,Pune\n"
    with path.open("w") as handle:
        handle.write("id,name,email,mobile,city\n")
        for _ in range(12_000_000 // len(row)):
            handle.write(row)
    tracemalloc.start()
    with path.open("rb") as handle:
        count = sum(1 for item in read_csv(handle, "big.csv", LIMITS) if isinstance(item, Cell))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert count == 5 * (12_000_000 // len(row))
    assert peak < 4 << 20


# JSON, JSONL


def test_django_fixture_records_are_rows() -> None:
    found = items(read_json, (REALISTIC / "django_fixture.json").read_bytes(), "d.json")
    got = cells(found)
    assert ("meenakshi.s@thanjavurhandlooms.in", 8, 19, "email", 1) in got
    assert ("qa@example.com", 21, 19, "email", 2) in got
    assert ("email", 8, None) in fields(found)


def test_json_arrays_of_objects_name_tables() -> None:
    data = b'{"customers": [{"email": "a@kavyatextiles.in"}, {"email": "b@kavyatextiles.in"}]}'
    found = items(read_json, data, "a.json")
    assert [(c.value, c.row, c.table) for c in found if isinstance(c, Cell)] == [
        ("a@kavyatextiles.in", 1, "customers"),
        ("b@kavyatextiles.in", 2, "customers"),
    ]
    assert ("email", 1, "customers") in fields(found)


def test_json_escapes_keys_as_data_and_schemas() -> None:
    data = b'{"priya@kavyatextiles.in": {"note": "caf\\u00e9 \\ud83d\\ude00"}}'
    got = cells(items(read_json, data, "k.json"))
    assert got[0][0] == "priya@kavyatextiles.in"
    assert got[1][0] == "café 😀"
    schema = b'{"type": "object", "properties": {"email": {"type": "string"}}}'
    assert ("email", 1, None) in fields(items(read_json, schema, "s.json"))


def test_jsonl_continues_after_a_bad_line() -> None:
    data = (
        b'{"email": "a@kavyatextiles.in"}\n{broken, c@kavyatextiles.in\n'
        b'{"email": "b@kavyatextiles.in"}\n'
    )
    found = items(read_jsonl, data, "e.jsonl")
    assert [(c.value, c.line, c.column, c.field, c.row) for c in found if isinstance(c, Cell)] == [
        ("a@kavyatextiles.in", 1, 12, "email", 1),
        ("{broken, c@kavyatextiles.in", 2, 1, None, 2),
        ("b@kavyatextiles.in", 3, 12, "email", 3),
    ]
    # Last, after every cell: the pipeline reads as text only what no cell covered.
    assert isinstance(found[-1], Notice) and found[-1].code == "malformed"
    assert notices(found) == ["malformed"]


# Notebooks


def test_notebook_printed_dataframe_becomes_columns() -> None:
    found = items(read_notebook, (REALISTIC / "churn.ipynb").read_bytes(), "c.ipynb")
    got = cells(found)
    assert ("harpreet.gill@punjabspices.co.in", 24, 30, "email", 1) in got
    assert ("+46 70 123 45 67", 26, 64, "mobile", 3) in got
    assert ("df.shape", 36, 6, None, None) in got
    assert ("mobile", 23, None) in fields(found)


def test_notebook_html_dataframe() -> None:
    html = (
        '<table border="1" class="dataframe">\n<thead>\n<tr style="text-align: right;">\n'
        "<th></th>\n<th>name</th>\n<th>email</th>\n</tr>\n</thead>\n<tbody>\n<tr>\n<th>0</th>\n"
        "<td>Anu Rao</td>\n<td>anu.rao@kavyatextiles.in</td>\n</tr>\n</tbody>\n</table>"
    )
    notebook = {
        "cells": [{"cell_type": "code", "execution_count": 1, "metadata": {}, "source": ["df"],
                   "outputs": [{"output_type": "execute_result", "execution_count": 1,
                                "metadata": {},
                                "data": {"text/html": html.splitlines(keepends=True),
                                         "image/png": "iVBORw0KGgo="}}]}],
        "metadata": {}, "nbformat": 4, "nbformat_minor": 5,
    }  # fmt: skip
    text = json.dumps(notebook, indent=1).encode()
    found = items(read_notebook, text, "h.ipynb")
    emails = [c for c in found if isinstance(c, Cell) and "@" in c.value]
    assert [(c.value, c.field, c.row) for c in emails] == [("anu.rao@kavyatextiles.in", "email", 1)]
    line = text.decode().splitlines()[emails[0].line - 1]
    assert "anu.rao@kavyatextiles.in" in line
    assert not any(isinstance(c, Cell) and "iVBOR" in c.value for c in found)


# YAML


def test_yaml_records_comments_and_block_scalars() -> None:
    found = items(read_yaml, (DATA / "customers.yaml").read_bytes(), "c.yaml")
    got = cells(found)
    assert ("kavya.rao@tarangmedia.in", 4, 12, "email", 1) in got
    assert ("+46 70 318 22 95", 8, 14, "mobile", 2) in got
    assert ("Seed data for the staging environment.", 1, 3, None, None) in got
    text = b"notes: |\n  call 98201 37645\n  after six\nactive: true\n"
    assert cells(items(read_yaml, text, "b.yaml")) == [
        ("call 98201 37645\nafter six\n", 2, None, "notes", None)
    ]


def test_billion_laughs_is_not_expanded() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in "bcdefghi":
        previous = chr(ord(level) - 1)
        lines.append(f"{level}: &{level} [" + ",".join([f"*{previous}"] * 9) + "]")
    found = items(read_yaml, "\n".join(lines).encode(), "bomb.yaml")
    assert len(found) < 100


# SQL


def test_mysqldump_columns_and_rows() -> None:
    found = items(read_sql, (DATA / "mysqldump.sql").read_bytes(), "d.sql")
    assert ("email", 11, "customers") in fields(found)
    assert ("action", 25, "audit_log") in fields(found)
    got = [(c.value, c.line, c.field, c.row) for c in found if isinstance(c, Cell)]
    assert ("rahul.v@sunridgelogistics.co.in", 19, "email", 2) in got
    assert ("VIP, don't call before 10", 19, "note", 1) in got
    assert ("MySQL dump 10.13  Distrib 8.0.36, for Linux (x86_64)", 1, None, None) in got


def test_pg_dump_copy_blocks() -> None:
    data = (
        b"CREATE TABLE public.orders (id integer, email text, note text);\n"
        b"COPY public.orders (id, email, note) FROM stdin;\n"
        b"1\tpriya@kavyatextiles.in\tline\\none\n2\t\\N\tx\n\\.\n"
    )
    found = items(read_sql, data, "p.sql")
    got = [(c.value, c.line, c.column, c.field, c.row) for c in found if isinstance(c, Cell)]
    assert ("priya@kavyatextiles.in", 3, 3, "email", 1) in got
    assert ("line\none", 3, 26, "note", 1) in got
    assert not any(c[0] == "\\N" for c in got)


@pytest.mark.parametrize("text", [b"(", b" \n;", b"\n\nCOMMIT;", b"-- a comment"])
def test_sql_whose_last_token_ends_the_text_is_not_cut_off(text: bytes) -> None:
    # The tokenizer meets the last token before it knows the text ends there: it must
    # read on and find the end, not call the token unterminated.
    assert notices(items(read_sql, text, "t.sql")) == []


@pytest.mark.parametrize("reader", [read_json, read_sql])
def test_whitespace_longer_than_a_token_may_be_keeps_lines(reader: Reader) -> None:
    # Longer than a token may be, and across the end of the first block read.
    gap = b" \n" * 40_000
    limits = ReaderLimits(max_cell_chars=16)
    data = (
        b'{"email":' + gap + b'"anu@kavyatextiles.in"}'
        if reader is read_json
        else b"INSERT INTO t (email) VALUES" + gap + b"('anu@kavyatextiles.in');"
    )
    found = [c for c in items(reader, data, "t", limits) if isinstance(c, Cell)]
    assert [(c.line, c.column) for c in found] == [(40_001, 2 if reader is read_json else 3)]


# XLSX


def make_workbook() -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Customers"
    sheet.append(["Name", "Email", "DOB", "Orders"])
    sheet.append(["Anu Rao", "anu.rao@kavyatextiles.in", datetime.date(1987, 4, 23), 3.0])
    sheet.append(["Ravi K", "ravi.k@sunridgelogistics.co.in", None, "=1+1"])
    workbook.create_sheet("Empty")
    raw = workbook.create_sheet("Raw")
    raw.append(["priya@kavyatextiles.in", 42])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_every_sheet() -> None:
    found = items(read_xlsx, make_workbook(), "b.xlsx")
    got = [
        (c.value, c.line, c.column, c.field, c.row, c.table) for c in found if isinstance(c, Cell)
    ]
    assert ("anu.rao@kavyatextiles.in", 2, 2, "Email", 1, "Customers") in got
    assert ("1987-04-23", 2, 3, "DOB", 1, "Customers") in got
    assert ("3", 2, 4, "Orders", 1, "Customers") in got
    assert ("priya@kavyatextiles.in", 1, 1, None, 1, "Raw") in got
    assert ("Email", 1, "Customers") in fields(found)


def test_missing_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(__import__("sys").modules, "openpyxl", None)
    monkeypatch.setitem(__import__("sys").modules, "pyarrow.parquet", None)
    assert notices(items(read_xlsx, b"", "a.xlsx")) == ["extra-missing"]
    assert notices(items(read_parquet, b"", "a.parquet")) == ["extra-missing"]


# Parquet


def make_parquet() -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table(
        {
            "email": ["anu.rao@kavyatextiles.in", None, "ravi.k@sunridgelogistics.co.in"],
            "orders": [3, 5, None],
            "address": [
                {"city": "Pune", "pin": "411038"},
                None,
                {"city": "Delhi", "pin": "110001"},
            ],
            "phones": [["+91 98201 37645"], [], ["+91 94330 51872", "+91 90041 22873"]],
        }
    )
    buffer = io.BytesIO()
    pq.write_table(table, buffer, row_group_size=2)
    return buffer.getvalue()


def test_parquet_values_by_row() -> None:
    found = items(read_parquet, make_parquet(), "c.parquet")
    got = [(c.value, c.row, c.field) for c in found if isinstance(c, Cell)]
    assert ("ravi.k@sunridgelogistics.co.in", 3, "email") in got
    assert ("Pune", 1, "address.city") in got
    assert ("+91 90041 22873", 3, "phones") in got
    assert [name for name, _, _ in fields(found)] == ["email", "orders", "address", "phones"]


# Every reader, any bytes


@settings(max_examples=60, deadline=None)
@given(data=st.binary(max_size=2000), index=st.integers(0, len(READERS) - 1))
def test_no_exception_escapes_any_reader(data: bytes, index: int) -> None:
    list(READERS[index](io.BytesIO(data), "fuzz", LIMITS))


@settings(max_examples=80, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(max_size=30),
        lambda children: (
            st.lists(children, max_size=4)
            | st.dictionaries(st.text(max_size=8), children, max_size=4)
        ),
        max_leaves=20,
    )
)
def test_every_json_string_value_comes_out(document: object) -> None:
    text = json.dumps(document, indent=1, ensure_ascii=False).encode()
    values = [c.value for c in items(read_json, text, "g.json") if isinstance(c, Cell)]
    expected: list[str] = []

    def strings(node: object) -> None:
        if isinstance(node, str):
            expected.append(node)
        elif isinstance(node, list):
            for child in node:
                strings(child)
        elif isinstance(node, dict):
            for child in node.values():
                strings(child)

    strings(document)
    for value in expected:
        assert value in values


# Reading only the lines an edit wants (history's partial read)


class _Wanted:
    """Lines wanted by number (a LineFilter)."""

    def __init__(self, lines: set[int]) -> None:
        self.lines = lines

    def touch(self, first: int, last: int) -> bool:
        return any(first <= line <= last for line in self.lines)

    def first_from(self, line: int) -> int | None:
        return min((wanted for wanted in self.lines if wanted >= line), default=None)


_ROW_TEXTS = [
    "Asha Iyer,asha.iyer@pallavitextiles.in",
    '"Menon, Ravi",ravi@kaveriexports.co.in',
    '"two\nlines",neel@saffronlogistics.in',
    '"three\nline\nnote",meera.das@lotusfabrics.in',
    "",
    'x"y,9820137645',
    "plain,row",
]


@settings(max_examples=200, deadline=None)
@given(
    rows=st.lists(st.sampled_from(_ROW_TEXTS), max_size=12),
    wanted=st.sets(st.integers(1, 16), max_size=3),
    crlf=st.booleans(),
)
def test_a_partial_csv_read_gives_the_full_reads_cells_near_the_wanted_lines(
    rows: list[str], wanted: set[int], crlf: bool
) -> None:
    text = "name,contact\n" + "".join(f"{row}\n" for row in rows)
    data = text.replace("\n", "\r\n").encode() if crlf else text.encode()
    full = [c for c in items(read_csv, data, "c.csv") if isinstance(c, Cell)]
    limits = ReaderLimits(wanted_lines=_Wanted(wanted))
    part = [c for c in items(read_csv, data, "c.csv", limits) if isinstance(c, Cell)]
    # Every cell read is one the full read gives, on the same line and row; none near a
    # wanted line is left out.
    assert all(cell in full for cell in part)
    assert all(cell in part for cell in full if _Wanted(wanted).touch(cell.line - 1, cell.line + 1))


@settings(max_examples=200, deadline=None)
@given(
    lines=st.lists(
        st.sampled_from(['{"email": "asha.iyer@pallavitextiles.in"}', '{"n": 1}', "", "not json"]),
        max_size=12,
    ),
    wanted=st.sets(st.integers(1, 14), max_size=3),
)
def test_a_partial_jsonl_read_gives_the_full_reads_cells_near_the_wanted_lines(
    lines: list[str], wanted: set[int]
) -> None:
    data = "".join(f"{line}\n" for line in lines).encode()
    full = [c for c in items(read_jsonl, data, "e.jsonl") if isinstance(c, Cell)]
    limits = ReaderLimits(wanted_lines=_Wanted(wanted))
    part = [c for c in items(read_jsonl, data, "e.jsonl", limits) if isinstance(c, Cell)]
    near = [c for c in full if _Wanted(wanted).touch(c.line - 1, c.line + 1)]
    assert part == near


# Array elements of every kind the JSON reader may or may not pass over.
_JSON_ELEMENTS: list[object] = [
    {"id": 1, "email": "asha.iyer@pallavitextiles.in", "active": True},
    {"id": 2, "email": "ravi@kaveriexports.co.in", "note": None},
    {"active": False, "note": None},  # no cell
    {"id": 3, "fields": {"email": "neel@saffronlogistics.in"}},  # nested
    {"note": "see {ticket}", "email": "meera.das@lotusfabrics.in"},  # a brace in a string
    {"id": 4, "phone": "9820137645"},  # a key no record before it had
    {"name": 'O"Brien', "email": "obrien@kaveriexports.co.in"},  # an escape
    {"name": "Asha \U0001f600", "email": "asha.iyer@pallavitextiles.in"},  # outside the BMP
    {"id": 5, "bio": "x" * 1100},  # a long string
    {"Asha.Iyer@pallavitextiles.in": "owner"},  # a key that is data
    {},
    7,
]


def _json_text(elements: list[object], layout: str, wrapped: bool) -> bytes:
    rows: object = {"rows": elements} if wrapped else elements
    if layout in ("lines", "pairs"):
        texts = [json.dumps(e, ensure_ascii=False) for e in elements]
        per_line = 1 if layout == "lines" else 2
        lines = [", ".join(texts[i : i + per_line]) for i in range(0, len(texts), per_line)]
        text = "[\n" + ",\n".join(lines) + "\n]"
        return (f'{{"rows": {text}}}' if wrapped else text).encode()
    indent = None if layout == "one line" else int(layout)
    return json.dumps(rows, indent=indent, ensure_ascii=False).encode()


@settings(max_examples=300, deadline=None)
@given(
    # Mostly records that may be passed over, so that runs of them are common.
    elements=st.lists(st.sampled_from(_JSON_ELEMENTS[:2] * 6 + _JSON_ELEMENTS), max_size=60),
    layout=st.sampled_from(["one line", "lines", "pairs", "1", "2", "4"]),
    wrapped=st.booleans(),
    wanted=st.sets(st.integers(1, 300), max_size=3),
)
# Two records a line: a run may start next to a wanted line, and end mid-line.
@example(elements=_JSON_ELEMENTS[:1] * 8, layout="pairs", wrapped=False, wanted={2})
@example(elements=_JSON_ELEMENTS[:1] * 9, layout="pairs", wrapped=False, wanted=set())
def test_a_partial_json_read_gives_the_full_reads_cells_near_the_wanted_lines(
    elements: list[object], layout: str, wrapped: bool, wanted: set[int]
) -> None:
    data = _json_text(elements, layout, wrapped)
    full = items(read_json, data, "r.json")
    # Gaps of any length are passed over here, not only those worth it.
    with patch.object(json_reader, "_MIN_GAP_LINES", 1):
        part = items(read_json, data, "r.json", ReaderLimits(wanted_lines=_Wanted(wanted)))
    full_cells = [c for c in full if isinstance(c, Cell)]
    part_cells = [c for c in part if isinstance(c, Cell)]
    # Every cell read is one the full read gives, on the same line and row; none near a
    # wanted line is left out, nor the cells before and after such a one (the scan of an
    # edit reads them for context). Keys are declared where the full read declares them.
    assert all(cell in full_cells for cell in part_cells)
    near = [
        index
        for index, cell in enumerate(full_cells)
        if _Wanted(wanted).touch(cell.line - 1, cell.line + 1)
    ]
    needed = {index + step for index in near for step in (-1, 0, 1)}
    assert all(full_cells[i] in part_cells for i in needed if 0 <= i < len(full_cells))
    assert [i for i in full if not isinstance(i, Cell)] == [
        i for i in part if not isinstance(i, Cell)
    ]


def test_a_partial_json_read_passes_over_records_far_from_the_wanted_lines() -> None:
    records = [{"id": i, "email": f"cust{i}@kaveriexports.co.in"} for i in range(1, 101)]
    data = json.dumps({"customers": records}, indent=2).encode()
    line = next(n for n, text in enumerate(data.decode().splitlines(), 1) if "cust50@" in text)
    full = items(read_json, data, "c.json")
    found = items(read_json, data, "c.json", ReaderLimits(wanted_lines=_Wanted({line})))
    rows = sorted({row for *_, row in cells(found) if row is not None})
    # Read: the first record (it declares the keys), the first and last records of each
    # run passed over (2 and 49, 51 and 100) and the record on the wanted line. The rows
    # keep their numbers.
    assert rows == [1, 2, 49, 50, 51, 100]
    assert ("cust50@kaveriexports.co.in", line, 17, "email", 50) in cells(found)
    assert fields(found) == fields(full)


def test_a_partial_csv_read_passes_over_rows_far_from_the_wanted_lines() -> None:
    rows = "".join(f"{i},cust{i}@kaveriexports.co.in\n" for i in range(1, 101))
    data = f"id,email\n{rows}".encode()
    limits = ReaderLimits(wanted_lines=_Wanted({50}))
    found = items(read_csv, data, "c.csv", limits)
    assert fields(found) == [("id", 1, None), ("email", 1, None)]
    assert [(line, row) for _, line, _, _, row in cells(found)][::2] == [
        (49, 48), (50, 49), (51, 50)
    ]  # fmt: skip


_SQL_ROWS = [
    "(1, 'Asha Iyer', 'asha.iyer@pallavitextiles.in')",
    "(2, 'O\\'Brien', 'ravi@kaveriexports.co.in')",
    "(3, NULL, '9820137645') /* moved */",
    "(4,\n 'two lines', 'neel@saffronlogistics.in')",
    "(5, 'Ravi (HQ)', 'ravi@kaveriexports.co.in')",
    "(6, 'Meera Das', 'meera.das@lotusfabrics.in')",
    "(7, 'Neel', '9820137645'), (8, NULL, 'neel@saffronlogistics.in')",
]
_COPY_ROWS = ["5\tMeera Das\tmeera.das@lotusfabrics.in", "6\t\\N\tline\\nbreak"]


@settings(max_examples=200, deadline=None)
@given(
    # Mostly plain rows, so that runs of them are common.
    inserted=st.lists(st.sampled_from(_SQL_ROWS[-2:] * 3 + _SQL_ROWS), min_size=1, max_size=30),
    copied=st.lists(st.sampled_from(_COPY_ROWS), max_size=6),
    wanted=st.sets(st.integers(1, 60), max_size=3),
)
def test_a_partial_sql_read_gives_the_full_reads_cells_near_the_wanted_lines(
    inserted: list[str], copied: list[str], wanted: set[int]
) -> None:
    dump = (
        "CREATE TABLE t (id int, name text, contact text);\n"
        "INSERT INTO t (id, name, contact) VALUES\n  " + ",\n  ".join(inserted) + ";\n"
        "COPY public.t (id, name, contact) FROM stdin;\n" + "".join(f"{r}\n" for r in copied)
        + "\\.\n"
    )  # fmt: skip
    data = dump.encode()
    full = [c for c in items(read_sql, data, "d.sql") if isinstance(c, Cell)]
    limits = ReaderLimits(wanted_lines=_Wanted(wanted))
    part = [c for c in items(read_sql, data, "d.sql", limits) if isinstance(c, Cell)]
    assert all(cell in full for cell in part)
    assert all(cell in part for cell in full if _Wanted(wanted).touch(cell.line - 1, cell.line + 1))


def test_csv_lines_break_where_the_stream_breaks_them_in_the_sniffed_head_too() -> None:
    # U+2028 and a form feed are no line breaks to the csv module: a value holding one is
    # one row, in the first 64 KiB (read to sniff the dialect) as past them.
    row = "Ravi\u2028Menon,ravi@kaveriexports.co.in\fx\n"
    filler = "".join(f"{i},cust{i}@kaveriexports.co.in\n" for i in range(3000))
    data = f"name,email\n{row}{filler}{row}".encode()
    found = [c for c in items(read_csv, data, "c.csv") if isinstance(c, Cell)]
    values = [(c.value, c.line, c.row) for c in found if c.value.startswith("Ravi")]
    assert values == [("Ravi\u2028Menon", 2, 1), ("Ravi\u2028Menon", 3003, 3002)]


def _sql_rows(names: list[str]) -> bytes:
    rows = ",\n".join(
        f"  ({i}, '{name}', 'cust{i}@kaveriexports.co.in')" for i, name in enumerate(names, 1)
    )
    return f"INSERT INTO t (id, name, email) VALUES\n{rows};\n".encode()


def _json_rows(names: list[str]) -> bytes:
    records = [
        {"id": i, "name": name, "email": f"cust{i}@kaveriexports.co.in"}
        for i, name in enumerate(names, 1)
    ]
    lines = ",\n".join(json.dumps(record, ensure_ascii=False) for record in records)
    return f"[\n{lines}\n]".encode()


@pytest.mark.parametrize(
    ("reader", "write", "row"), [(read_sql, _sql_rows, 1001), (read_json, _json_rows, 780)]
)
def test_utf16_columns_after_a_character_outside_the_bmp_that_a_block_read_carried_over(
    reader: Reader, write: Callable[[list[str]], bytes], row: int
) -> None:
    # The readers read 64 KiB blocks and search each for characters outside the BMP once:
    # a row near the end of the first block, still unread when the next block comes, keeps
    # its UTF-16 columns (one more than the code point column after the emoji).
    names = ["Asha Iyer"] * 2400
    names[row - 1] = "Asha \U0001f600 Iyer"
    data = write(names)
    assert 50_000 < data.index("\U0001f600".encode()) < 65_536 < len(data)
    email = next(
        c
        for c in items(reader, data, "t")
        if isinstance(c, Cell) and c.value.startswith(f"cust{row}@")
    )
    assert email.column_utf16 == email.column + 1
