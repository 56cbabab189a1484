"""Every structured reader, on any bytes and on damaged valid files: the reader contract holds.

No exception escapes (the pipeline catches none), every item is a cell, field or notice
of a known code, placed on a line, and no value is longer than the limits allow.
"""

from __future__ import annotations

import io
import json
import zipfile
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bharosa.config import Config
from bharosa.detectors.structured.cells import Cell, ReaderLimits
from bharosa.notices import Notice
from bharosa.pipeline import ScanResult, scan_content
from bharosa.rules.loading import load_rules
from bharosa.scanner import Scanner
from tests.property.conftest import budget
from tests.property.mutations import hostile_bytes, mutated
from tests.property.reader_contract import TIGHT_LIMITS, check_items, read_all
from tests.property.seeds import CASE_NAMES, case_named, seeds_of

LIMITS = ReaderLimits()
TEXT_CASES = tuple(name for name in CASE_NAMES if name not in ("xlsx", "parquet"))


@pytest.mark.parametrize("name", CASE_NAMES)
def test_seed_files_are_read_whole(name: str) -> None:
    # The seeds are valid: what is mutated below starts from a file the reader reads fully.
    case = case_named(name)
    for seed in seeds_of(name):
        items = read_all(case, seed, LIMITS)
        check_items(items, case.path, LIMITS)
        assert any(isinstance(item, Cell) for item in items)


@pytest.mark.parametrize("name", CASE_NAMES)
@budget(ci=100, deep=3000)
@given(data=hostile_bytes())
def test_any_bytes_keep_the_reader_contract(name: str, data: bytes) -> None:
    case = case_named(name)
    check_items(read_all(case, data, LIMITS), case.path, LIMITS)


@pytest.mark.parametrize("name", CASE_NAMES)
@budget(ci=100, deep=3000)
@given(data=st.data())
def test_damaged_files_keep_the_reader_contract(name: str, data: st.DataObject) -> None:
    # Valid files truncated, bit-flipped, with bytes and format pieces inserted: for XLSX
    # and Parquet, damaged zip members, central directories and footers.
    case = case_named(name)
    damaged = data.draw(mutated(seeds_of(name)), label="damaged")
    limits = data.draw(st.sampled_from([LIMITS, TIGHT_LIMITS]), label="limits")
    check_items(read_all(case, damaged, limits), case.path, limits)


@cache
def _scanner() -> Scanner:
    return Scanner(Config(root=Path()), load_rules())


@pytest.mark.parametrize("name", CASE_NAMES)
@budget(ci=25, deep=500)
@given(data=st.data())
def test_the_pipeline_scans_damaged_files_without_an_exception(
    name: str, data: st.DataObject
) -> None:
    # Past the reader: cells through the detectors, the text fallback, masking.
    case = case_named(name)
    damaged = data.draw(mutated(seeds_of(name)) | hostile_bytes(), label="damaged")
    result = ScanResult()
    scan_content(case.path, damaged, _scanner(), result)
    assert all(finding.line >= 1 for finding in result.findings)


@pytest.mark.parametrize("name", TEXT_CASES)
@budget(ci=40, deep=1000)
@given(data=st.data())
def test_every_prefix_of_a_valid_file_keeps_the_reader_contract(
    name: str, data: st.DataObject
) -> None:
    # A download cut short: every prefix of a valid file reads without an exception.
    seed = data.draw(st.sampled_from(seeds_of(name)), label="seed")
    cut = data.draw(st.integers(min_value=0, max_value=len(seed)), label="cut")
    case = case_named(name)
    check_items(read_all(case, seed[:cut], LIMITS), case.path, LIMITS)


def test_an_archive_needing_an_unknown_zip_version_is_a_notice() -> None:
    # zipfile raises NotImplementedError for it, which once ended the whole scan.
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
    data = bytearray(buffer.getvalue())
    data[data.find(b"PK\x01\x02") + 6] = 124  # "version needed to extract": 12.4
    found = read_all(case_named("xlsx"), bytes(data), LIMITS)
    assert [(n.code, n.message) for n in found if isinstance(n, Notice)] == [
        (
            "malformed",
            "not a readable XLSX archive (zip file version 12.4); the rest is read as text",
        )
    ]


def test_values_after_doubled_quotes_keep_their_columns() -> None:
    # Values are looked for near where they can start (linear time on long rows): one that
    # cannot be found verbatim (quotes doubled) does not lose the columns after it.
    row = '1,"said ""hi""",anu.rao@kavyatextiles.in,,,"x"\n'
    found = read_all(case_named("csv"), row.encode() * 3, LIMITS)
    placed = [(c.value, c.line, c.column) for c in found if isinstance(c, Cell)][:4]
    assert placed == [
        ("1", 1, 1),
        ('said "hi"', 1, None),
        ("anu.rao@kavyatextiles.in", 1, 17),
        ("x", 1, 45),
    ]


_NOTEBOOK_HTML = json.dumps(
    {
        "cells": [
            {
                "cell_type": "code",
                "source": [],
                "outputs": [
                    {
                        "data": {
                            "text/html": [
                                "<p>" + "c" * 20,
                                "d" * 20 + "</p><table><tbody><tr><td>" + "e" * 20,
                                "f" * 20 + "</td>",
                            ]
                        }
                    }
                ],
            }
        ]
    }
)


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("json", b'{"' + b"anu.rao@kavyatextiles.in " * 3 + b'": 1}'),
        ("jsonl", b'{"' + b"anu.rao@kavyatextiles.in " * 3 + b'": 1}\n'),
        ("yaml", b"# " + b"comment " * 10 + b"\n" + b"anu.rao@kavyatextiles.in " * 3 + b": 1\n"),
        ("sql", b"-- " + b"comment " * 10 + b"\n/* " + b"block " * 10 + b"*/\n"),
        ("notebook", _NOTEBOOK_HTML.encode()),
    ],
    ids=["json-key", "jsonl-key", "yaml-key-and-comment", "sql-comments", "notebook-html"],
)
def test_keys_comments_and_html_text_are_cut_like_values(name: str, data: bytes) -> None:
    # They are cells too: once they escaped the limit that bounds every value.
    found = read_all(case_named(name), data, TIGHT_LIMITS)
    check_items(found, case_named(name).path, TIGHT_LIMITS)
    assert any(isinstance(c, Cell) and len(c.value) == TIGHT_LIMITS.max_cell_chars for c in found)


def test_a_table_cell_outside_a_body_row_has_no_row_number() -> None:
    # Rows are counted in <tbody>: a <td> before it was once numbered row 0.
    html = "<table><td>anu.rao@kavyatextiles.in</td><tbody><tr><td>x</td></tr></tbody></table>"
    notebook = {"cells": [{"outputs": [{"data": {"text/html": [html]}}]}]}
    found = read_all(case_named("notebook"), json.dumps(notebook).encode(), LIMITS)
    check_items(found, case_named("notebook").path, LIMITS)
    assert [(c.value, c.row) for c in found if isinstance(c, Cell)] == [
        ("anu.rao@kavyatextiles.in", None),
        ("x", 1),
    ]


def test_a_new_row_closes_a_cell_left_open() -> None:
    # `<td>a<tr>text`: the text once went to column -1 of the new row.
    html = "<table><tbody><tr><td>a<tr>anu.rao@kavyatextiles.in<td>x</td></tr></tbody></table>"
    notebook = {"cells": [{"outputs": [{"data": {"text/html": [html]}}]}]}
    found = read_all(case_named("notebook"), json.dumps(notebook).encode(), LIMITS)
    check_items(found, case_named("notebook").path, LIMITS)
    cells = [(c.value, c.row, c.column_index) for c in found if isinstance(c, Cell)]
    assert sorted(cells, key=str) == [
        ("a", 1, 0),
        ("anu.rao@kavyatextiles.in", None, None),
        ("x", 2, 0),
    ]
