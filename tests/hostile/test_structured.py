"""Hostile data files: nesting deep enough to break a recursive parser, a field of tens of
megabytes, truncated and corrupt files of every structured format, and an XLSX zip bomb."""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.data_files.test_readers import make_parquet, make_workbook
from tests.hostile.conftest import PRIYA, RAHUL, bharosa

DEPTH = 200_000


def _notebook(inner: str) -> str:
    return (
        '{"cells": [{"cell_type": "code", "execution_count": 1, "metadata": {"x": '
        + inner
        + f'}}, "outputs": [], "source": ["owner = \\"{PRIYA}\\""]}}], "metadata": {{}}, '
        '"nbformat": 4, "nbformat_minor": 5}'
    )


DEEP = {
    # name: (content, line of the planted value)
    "deep.json": ("[" * DEPTH + f'"{PRIYA}"' + "]" * DEPTH, 1),
    "deep-object.json": ('{"a":' * DEPTH + f'"{PRIYA}"' + "}" * DEPTH, 1),
    "deep.jsonl": ("[" * DEPTH + "]" * DEPTH + f'\n{{"email": "{PRIYA}"}}\n', 2),
    "deep.ipynb": (_notebook("[" * DEPTH + "]" * DEPTH), 1),
    "deep.yaml": ("".join("  " * i + "- \n" for i in range(5000)) + f"contact: {PRIYA}\n", 5001),
    "deep-flow.yaml": ("k: " + "[" * DEPTH + f'"{PRIYA}"' + "]" * DEPTH + "\n", 1),
    "deep.sql": ("SELECT " + "(" * DEPTH + "1" + ")" * DEPTH + f";\n-- owner {PRIYA}\n", 2),
}


@pytest.mark.parametrize("name", list(DEEP))
def test_deep_nesting_neither_crashes_nor_slows_to_a_hang(tree: Path, name: str) -> None:
    """200,000 levels of nesting (5,000 for block YAML) in JSON, JSON Lines, a notebook, YAML
    and SQL: no recursion error, no time quadratic in the depth (the hang guard would end
    it), and the value beside the nesting is found."""
    content, line = DEEP[name]
    (tree / name).write_text(content)
    outcome = bharosa("scan", str(tree), "--format", "json", cwd=tree)
    assert outcome.code == 1
    assert (name, line) in outcome.found()


def test_a_huge_csv_field_is_cut_with_a_notice_and_later_rows_are_read(tree: Path) -> None:
    """A quoted field of 40 MB is cut to the cell limit with a `truncated` notice; the rows
    after it are read as rows, so the value in the next one is found in its column."""
    filler = "lorem ipsum dolor sit amet " * ((40 << 20) // 27)
    (tree / "export.csv").write_text(f'id,notes,email\n1,"{filler}",x\n2,short,{PRIYA}\n')
    outcome = bharosa("scan", str(tree), "--format", "json", cwd=tree)
    assert outcome.code == 1
    assert ("export.csv", 3) in outcome.found()
    assert ("export.csv", "truncated") in outcome.notices()
    assert [c["field"] for c in outcome.report["columns"]] == ["email"]


def _planted(text: str) -> Callable[[], bytes]:
    """The text with the planted value where it says EMAIL."""
    return lambda: text.replace("EMAIL", PRIYA).encode()


def _half(make: Callable[[], bytes]) -> Callable[[], bytes]:
    def half() -> bytes:
        data = make()
        return data[: len(data) // 2]

    return half


def _zip_without_a_workbook() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "not a workbook")
    return buffer.getvalue()


def _corrupt_parquet_footer() -> bytes:
    data = make_parquet()
    return data[:-12] + b"\xff" * 8 + data[-4:]


def _truncated_notebook() -> bytes:
    cells = [
        {"cell_type": "markdown", "metadata": {}, "source": [f"Account owner: {PRIYA}\n"]},
        {"cell_type": "code", "execution_count": 1, "metadata": {}, "outputs": [],
         "source": ["df = load('customers.csv')\n", "df.head()\n"]},
    ]  # fmt: skip
    text = json.dumps({"cells": cells, "metadata": {}, "nbformat": 4}, indent=1)
    return text[: text.index("df.head")].encode()


# name, content, the notice it must get, lines where the planted value is still found.
CORRUPT: list[tuple[str, Callable[[], bytes], str, set[int]]] = [
    ("truncated.json", _planted('{"rows": [\n {"email": "EMAIL"},\n {"em'), "malformed", {2}),
    ("trailing-comma.json", _planted('{"email": "EMAIL",\n "ids": [1, 2,]}'), "malformed", {1}),
    ("unclosed.json", _planted('{"email": "EMAIL",\n "x": ' + "[" * 100_000), "malformed", {1}),
    ("garbage.json", _planted("\x00\x01\x02garbage EMAIL"), "malformed", set()),
    ("log.jsonl", _planted('{"to": "EMAIL"}\n{"EMAIL"\n{"to": "EMAIL"}'), "malformed", {1, 2, 3}),
    ("flow.yaml", _planted("a: [1, 2\nb: EMAIL\n"), "malformed", {2}),
    ("tabs.yaml", _planted("contact: EMAIL\na:\n\t- tab\n"), "malformed", {1}),
    ("quote.yaml", _planted("contact: EMAIL\nkey: 'open\n"), "malformed", {1}),
    ("dump.sql", _planted("-- owner EMAIL\nINSERT INTO t VALUES ('never closed"), "malformed", {1}),
    ("schema.sql", _planted("-- owner EMAIL\nCREATE TABLE t (a int, /* open"), "malformed", {1}),
    ("truncated.ipynb", _truncated_notebook, "malformed", {7}),
    ("ragged.csv", _planted("a,b\n1,2,3\n4\x005,6\n7,EMAIL\n"), "nul-bytes", {4}),
    ("truncated.xlsx", _half(make_workbook), "malformed", set()),
    ("random.xlsx", lambda: b"random bytes", "malformed", set()),
    ("no-workbook.xlsx", _zip_without_a_workbook, "malformed", set()),
    ("truncated.parquet", lambda: make_parquet()[:-100], "malformed", set()),
    ("footer.parquet", _corrupt_parquet_footer, "malformed", set()),
    ("fake.parquet", lambda: b"PAR1 not really", "malformed", set()),
]  # fmt: skip


@pytest.mark.parametrize(
    ("name", "content", "notice", "lines"),
    [
        *CORRUPT,
        # The reader gives up on the line of its last value: the rest of it is read as text.
        ("minified.json", _planted('{"id": "k-1093" "email": "EMAIL"}'), "malformed", {1}),
    ],
    ids=[case[0] for case in CORRUPT] + ["minified.json"],
)
def test_truncated_and_corrupt_files_of_every_format_are_noticed(
    tree: Path, name: str, content: Callable[[], bytes], notice: str, lines: set[int]
) -> None:
    """A truncated or corrupt file of each structured format gets a notice naming it; what
    its reader read before the damage is kept, a text format is read as text from there (so
    the planted value is still found, and found once), and the file beside it is scanned."""
    (tree / name).write_bytes(content())
    (tree / "notes.txt").write_text(f"escalation contact: {RAHUL}\n")
    outcome = bharosa("scan", str(tree), "--format", "json", cwd=tree)
    assert outcome.code == 1
    assert (name, notice) in outcome.notices()
    assert ("notes.txt", 1) in outcome.found()
    assert outcome.lines(name) == sorted(lines)


def _zeros(total: int) -> Iterator[bytes]:
    block = b"\0" * (1 << 20)
    for _ in range(total // len(block)):
        yield block


def _deflated_sheet(size: int, force_zip64: bool) -> bytes:
    archive_bytes = io.BytesIO()
    with (
        zipfile.ZipFile(archive_bytes, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=force_zip64) as member,
    ):
        for block in _zeros(size):
            member.write(block)
    return archive_bytes.getvalue()


def test_an_xlsx_zip_bomb_is_refused_and_a_lying_header_cannot_inflate_it(tree: Path) -> None:
    """A workbook of under 2 MB that inflates to 600 MB is refused before anything is
    decompressed (`too-large`); one whose header understates its member's size cannot make
    zipfile inflate past it (`malformed`); the file beside them is scanned."""
    bomb = _deflated_sheet(600 << 20, force_zip64=True)
    assert len(bomb) < 2 << 20
    (tree / "bomb.xlsx").write_bytes(bomb)
    liar = bytearray(_deflated_sheet(8 << 20, force_zip64=False))
    central = liar.rfind(b"PK\x01\x02")
    liar[central + 24 : central + 28] = (1000).to_bytes(4, "little")
    (tree / "liar.xlsx").write_bytes(bytes(liar))
    (tree / "notes.txt").write_text(f"escalation contact: {RAHUL}\n")
    outcome = bharosa("scan", str(tree), "--format", "json", cwd=tree)
    assert outcome.code == 1
    assert outcome.found() == {("notes.txt", 1)}
    assert {("bomb.xlsx", "too-large"), ("liar.xlsx", "malformed")} <= outcome.notices()
