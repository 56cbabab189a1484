"""Readers place every value where it stands: its line and column (in code points and in
UTF-16 units) point at its first character, whatever blocks the text was read in."""

from __future__ import annotations

import io
import re
from unittest import mock

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bharosa.detectors.structured import json as json_reader
from bharosa.detectors.structured import sql
from bharosa.detectors.structured.cells import Cell, ReaderLimits
from tests.property.conftest import budget

# Plain, BMP and astral characters, and line breaks inside values and between them.
_VALUE_PIECES = st.sampled_from(["a", "Z9", " ", "é", "中", "😀", "𝒜b", "\n", "@", "-"])
_VALUES = st.lists(_VALUE_PIECES, min_size=1, max_size=6).map("".join)
_GAPS = st.sampled_from([", ", ",", ",\n  ", " , ", ",\n"])


def _utf16_units(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _check_placed(text: str, cell: Cell) -> None:
    line_text = text.split("\n")[cell.line - 1]
    assert cell.column is not None
    before = line_text[: cell.column - 1]
    assert line_text[cell.column - 1 :].startswith(cell.value.split("\n")[0]), cell
    assert (cell.column_utf16 or cell.column) == _utf16_units(before) + 1, cell


@pytest.mark.parametrize("block", [5, 64, 64 * 1024])
@budget(ci=150, deep=5_000)
@given(
    rows=st.lists(st.lists(_VALUES, min_size=1, max_size=4), min_size=1, max_size=6),
    gaps=st.lists(_GAPS, min_size=1, max_size=4),
    lead=st.sampled_from(["", "😀\n", "-- 中😀\n"]),
)
def test_sql_values_are_placed_where_they_stand(
    block: int, rows: list[list[str]], gaps: list[str], lead: str
) -> None:
    tuples = [
        "(" + "".join(f"{gaps[i % len(gaps)] if i else ''}'{v}'" for i, v in enumerate(row)) + ")"
        for row in rows
    ]
    text = lead + "INSERT INTO people VALUES " + ",\n".join(tuples) + ";\n"  # noqa: S608
    # Small blocks: values and the lines before them are read across many refills.
    with mock.patch.object(sql, "_BLOCK", block):
        items = list(sql.read_sql(io.BytesIO(text.encode()), "dump.sql", ReaderLimits()))
    cells = [item for item in items if isinstance(item, Cell) and item.table == "people"]
    assert [cell.value for cell in cells] == [value for row in rows for value in row]
    for cell in cells:
        _check_placed(text, cell)


_JSON_PIECES = st.sampled_from(["a", "Z9", " ", "é", "中", "😀", "𝒜b", "@"])
_JSON_VALUES = st.lists(_JSON_PIECES, min_size=1, max_size=6).map("".join)


@pytest.mark.parametrize("reader", ["json", "jsonl"])
@pytest.mark.parametrize("block", [5, 64 * 1024])
@budget(ci=150, deep=5_000)
@given(
    rows=st.lists(st.lists(_JSON_VALUES, min_size=1, max_size=4), min_size=1, max_size=6),
    gap=st.sampled_from([" ", "", "\n  ", "\t"]),
)
def test_json_values_are_placed_where_they_stand(
    reader: str, block: int, rows: list[list[str]], gap: str
) -> None:
    # A JSON Lines record stays on its line.
    gap = gap if reader == "json" else gap.replace("\n", "")
    records = [
        "{" + f",{gap}".join(f'"k{i}":{gap}"{v}"' for i, v in enumerate(row)) + "}" for row in rows
    ]
    if reader == "json":
        text = '{"😀 people": [' + f",{gap}".join(records) + "]}\n"
        read = json_reader.read_json
    else:
        text = "\n".join(records) + "\n"
        read = json_reader.read_jsonl
    with mock.patch.object(json_reader, "_BLOCK", block):
        items = list(read(io.BytesIO(text.encode()), "people.json", ReaderLimits()))
    # The key with an astral character is a cell too (a key that is no plain name).
    cells = [item for item in items if isinstance(item, Cell) and item.field is not None]
    assert [cell.value for cell in cells] == [value for row in rows for value in row]
    for cell in cells:
        _check_placed(text, cell)


# Items of VALUES rows: plain ones, and every kind a row read in one match must leave to
# the tokenizer (doubled quotes, escapes, prefixes, calls, comments, odd numbers, line
# breaks, astral characters, Unicode spaces).
_SQL_ITEMS = st.sampled_from(
    [
        "'Asha'", "''", "'a,b)'", "'--x'", "'/*'", "12", "-5", "1.5", "1e5", "NULL", "DEFAULT",
        "'it''s'", "'a\\'b'", "E'x\\ty'", "N'中'", "NOW()", "(1)", "12abc", "1.", "--5",
        "/* c */ 3", "'😀'", "'a\nb'", "\xa04", "#x\n5", "\t'b'\t", "x$1", "-", "'é'",
    ]
)  # fmt: skip
_SQL_SEPARATORS = st.sampled_from([",", ", ", " ,\t", ",\n", ",\xa0"])


@budget(ci=300, deep=20_000)
@given(
    rows=st.lists(st.lists(_SQL_ITEMS, max_size=5), min_size=1, max_size=5),
    separators=st.lists(_SQL_SEPARATORS, min_size=1, max_size=3),
    block=st.sampled_from([7, 64 * 1024]),
)
def test_rows_read_in_one_match_give_what_their_tokens_give(
    rows: list[list[str]], separators: list[str], block: int
) -> None:
    tuples = [
        "("
        + "".join(f"{separators[i % len(separators)] if i else ''}{v}" for i, v in enumerate(row))
        + ")"
        for row in rows
    ]
    text = "CREATE TABLE t (a text, b text);\nINSERT INTO t VALUES " + ",".join(tuples) + ";\n"
    data = text.encode("utf-8")

    def read() -> list[object]:
        with mock.patch.object(sql, "_BLOCK", block):
            return list(sql.read_sql(io.BytesIO(data), "dump.sql", ReaderLimits()))

    in_one_match = read()
    with mock.patch.object(sql, "_SIMPLE_ROW", re.compile("(?!)")):
        token_by_token = read()
    assert in_one_match == token_by_token


# Pieces of JSON texts, valid and not: members read in one match and every neighbour
# that must be left to the tokens (escapes, line breaks, nesting, stray colons and commas).
_JSON_TEXT_PIECES = st.sampled_from(
    [
        '"email": "anu@kavyatextiles.in"', '"n": 12', '"n":-1.5e3', '"ok": true', '"x": null',
        '"k":"v",', '"k" : "v" ,', '"😀": "中"', '"a\\"b": 1', '"s": "a\\nb"', '"k":\n"v"',
        '"k": 12abc', '"k": 1.', '"k": nul', '"k": "', '"k": {', '"k": [', "{", "}", "[", "]",
        ",", ":", " ", "\n", "\t", '"v"', "7", "true", '"very long key with spaces": 1',
    ]
)  # fmt: skip


@pytest.mark.parametrize("reader", ["json", "jsonl"])
@budget(ci=400, deep=30_000)
@given(
    pieces=st.lists(_JSON_TEXT_PIECES, max_size=20),
    block=st.sampled_from([6, 64 * 1024]),
)
# A member cut by the end of a block: its number goes on in the next one.
@example(pieces=['"n": 12345678'], block=6)
def test_members_read_in_one_match_give_what_their_tokens_give(
    reader: str, pieces: list[str], block: int
) -> None:
    text = "[{" + "".join(pieces) + "}]" if reader == "json" else "{" + "".join(pieces) + "}\n"
    data = text.encode("utf-8")
    read = json_reader.read_json if reader == "json" else json_reader.read_jsonl

    def items() -> list[object]:
        with mock.patch.object(json_reader, "_BLOCK", block):
            return list(read(io.BytesIO(data), "people.json", ReaderLimits()))

    in_one_match = items()
    with mock.patch.object(json_reader, "_MEMBER", re.compile("(?!)")):
        token_by_token = items()
    assert in_one_match == token_by_token


@pytest.mark.parametrize("block", range(2, 12))
@pytest.mark.parametrize("members", [True, False])
def test_a_number_cut_by_a_block_is_read_whole(block: int, members: bool) -> None:
    # `-1.5e-3` cut after `e` or `e-` looks like `-1.5` and a stray letter.
    text = '[{"n": -1.5e-3, "m": 10.25}, 7e5]\n'
    never = re.compile("(?!)")
    with (
        mock.patch.object(json_reader, "_BLOCK", block),
        mock.patch.object(json_reader, "_MEMBER", json_reader._MEMBER if members else never),
    ):
        items = list(json_reader.read_json(io.BytesIO(text.encode()), "n.json", ReaderLimits()))
    assert [item.value for item in items if isinstance(item, Cell)] == ["-1.5e-3", "10.25", "7e5"]


@pytest.mark.parametrize("block", range(2, 12))
def test_an_sql_number_cut_by_a_block_is_read_whole(block: int) -> None:
    text = "INSERT INTO t VALUES (-1.5e-3, 10.25 ), (7e5\n);\n"
    with mock.patch.object(sql, "_BLOCK", block):
        items = list(sql.read_sql(io.BytesIO(text.encode()), "t.sql", ReaderLimits()))
    assert [item.value for item in items if isinstance(item, Cell)] == ["-1.5e-3", "10.25", "7e5"]
