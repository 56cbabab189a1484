"""Small valid files of every structured format, the seeds that inputs are mutated from.

Each holds invented customer data at invented domains, and the features its reader has
to follow: quoting and multi-line values (CSV), nesting and escapes (JSON), anchors,
block scalars and comments (YAML), CREATE/INSERT/COPY (SQL), printed and HTML DataFrames
(notebooks), several sheets (XLSX), structs and lists (Parquet). The fuzz targets in
`bench/fuzz/` start from the same files.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

from bharosa.detectors.structured.cells import Reader
from bharosa.detectors.structured.csv import read_csv
from bharosa.detectors.structured.json import read_json, read_jsonl
from bharosa.detectors.structured.notebook import read_notebook
from bharosa.detectors.structured.parquet import read_parquet
from bharosa.detectors.structured.sql import read_sql
from bharosa.detectors.structured.xlsx import read_xlsx
from bharosa.detectors.structured.yaml import read_yaml

CSV = (
    "id,name,email,mobile,aadhaar,notes\n"
    "1,Anu Rao,anu.rao@kavyatextiles.in,+91 98450 12873,2341 2341 2346,\n"
    '2,"Okafor, Musa",m.okafor@brightwaterfoods.com,+44 7700 900461,,"said ""call me""\n'
    'after 6"\n'
    "3,Léa Moreau,lea.moreau@atelier-valmont.fr,,,日本語 ok 😀\n"
)
TSV = (
    "customer_id\tfull_name\tcard_number\tiban\n"
    "C-001\tPriya Sharma\t4539 5787 6362 1486\tDE89 3704 0044 0532 0130 00\n"
    "C-002\tRahul Verma\t5425233430109903\tGB29NWBK60161331926819\n"
)
JSON = json.dumps(
    {
        "customers": [
            {"id": 1, "email": "priya.sharma@kavyatextiles.in", "phone": "+91 98450 12873"},
            {
                "id": 2,
                "fields": {"email": "rahul.verma84@sunridgelogistics.co.in", "pan": "ABCPE1234F"},
                "tags": ["vip", None, True, 3.5],
            },
        ],
        "m.okafor@brightwaterfoods.com": {"card": "4539 5787 6362 1486"},
        "note": 'line\nbreak \u00e9 \\ "quoted" \U0001f600',
    },
    indent=1,
    ensure_ascii=False,
)
JSONL = "\n".join(
    json.dumps(record)
    for record in (
        {"email": "anu.rao@kavyatextiles.in", "aadhaar": "234123412346"},
        {"email": "lea.moreau@atelier-valmont.fr", "mobile": "+33 6 12 34 56 78"},
        [1, "two", {"iban": "GB29NWBK60161331926819"}],
    )
)
YAML = """\
# contact: support@kavyatextiles.in
defaults: &defaults
  country: IN
customers:
  - <<: *defaults
    name: Anu Rao
    email: anu.rao@kavyatextiles.in   # primary
    phones: ["+91 98450 12873", '+44 7700 900461']
  - name: "Okafor, Musa"
    email: m.okafor@brightwaterfoods.com
    address: |
      12 Harbour Road
      Lagos
    m.okafor@brightwaterfoods.com: {card: 4539578763621486}
---
second: document
"""
SQL = """\
-- mysqldump of shop
CREATE TABLE `customers` (
  `id` int NOT NULL,
  `email` varchar(255) DEFAULT NULL,
  `mobile` varchar(20),
  PRIMARY KEY (`id`)
);
/* seed data */
INSERT INTO `customers` VALUES (1,'anu.rao@kavyatextiles.in','+91 98450 12873'),
  (2,'o\\'brien@brightwaterfoods.com',NULL);
INSERT INTO public.orders (id, card_number) VALUES (7, E'4539 5787 6362 1486');
COPY public.people (id, email, aadhaar) FROM stdin;
1\tlea.moreau@atelier-valmont.fr\t2341 2341 2346
2\t\\N\ttab\\there
\\.
"""


def _notebook() -> str:
    html = (
        '<table border="1" class="dataframe"><thead><tr><th></th><th>email</th>'
        "<th>mobile</th></tr></thead><tbody><tr><th>0</th>"
        "<td>anu.rao@kavyatextiles.in</td><td>+91 98450 12873</td></tr></tbody></table>"
    )
    cells = [
        {"cell_type": "markdown", "metadata": {}, "source": ["# Customers\n", "KYC review"]},
        {
            "cell_type": "code",
            "execution_count": 1,
            "metadata": {},
            "source": ["df = load()\n", "df.head()"],
            "outputs": [
                {
                    "output_type": "execute_result",
                    "execution_count": 1,
                    "metadata": {},
                    "data": {
                        "text/plain": [
                            "                           email           mobile\n",
                            "0       anu.rao@kavyatextiles.in  +91 98450 12873\n",
                            "1  m.okafor@brightwaterfoods.com  +44 7700 900461",
                        ],
                        "text/html": [html],
                    },
                },
                {"output_type": "stream", "name": "stdout", "text": ["aadhaar 2341 2341 2346\n"]},
            ],
        },
    ]
    notebook = {"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    return json.dumps(notebook, indent=1)


def _xlsx() -> bytes:
    import datetime

    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "customers"
    sheet.append(["name", "email", "mobile", "joined", "orders"])
    sheet.append(
        ["Anu Rao", "anu.rao@kavyatextiles.in", "+91 98450 12873", datetime.date(2024, 3, 1), 3.0]
    )
    sheet.append(["Musa Okafor", "m.okafor@brightwaterfoods.com", 447700900461, None, 1.5])
    other = workbook.create_sheet("cards")
    other.append(["4539 5787 6362 1486", "GB29NWBK60161331926819"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _parquet() -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.table(
        {
            "email": ["anu.rao@kavyatextiles.in", None, "m.okafor@brightwaterfoods.com"],
            "orders": [3, 0, 12],
            "address": [{"city": "Pune", "pin": "411001"}, None, {"city": "Lagos", "pin": None}],
            "phones": [["+91 98450 12873"], [], ["+44 7700 900461", "+91 90041 22873"]],
        }
    )
    buffer = io.BytesIO()
    pq.write_table(table, buffer)
    return buffer.getvalue()


@dataclass(frozen=True)
class ReaderCase:
    """A structured reader, a file name it reads, and a valid file to start from."""

    name: str
    reader: Reader
    path: str
    seeds: Callable[[], tuple[bytes, ...]]


def _texts(*texts: str) -> Callable[[], tuple[bytes, ...]]:
    return lambda: tuple(text.encode("utf-8") for text in texts)


CASES: tuple[ReaderCase, ...] = (
    ReaderCase("csv", read_csv, "customers.csv", _texts(CSV, TSV)),
    ReaderCase("tsv", read_csv, "customers.tsv", _texts(TSV, CSV)),
    ReaderCase("json", read_json, "customers.json", _texts(JSON, JSONL)),
    ReaderCase("jsonl", read_jsonl, "customers.jsonl", _texts(JSONL, JSON)),
    ReaderCase("yaml", read_yaml, "customers.yaml", _texts(YAML)),
    ReaderCase("sql", read_sql, "dump.sql", _texts(SQL)),
    ReaderCase("notebook", read_notebook, "review.ipynb", lambda: (_notebook().encode(),)),
    ReaderCase("xlsx", read_xlsx, "customers.xlsx", lambda: (_xlsx(),)),
    ReaderCase("parquet", read_parquet, "customers.parquet", lambda: (_parquet(),)),
)
CASE_NAMES = tuple(case.name for case in CASES)


@cache
def case_named(name: str) -> ReaderCase:
    """The reader case of that name."""
    return next(case for case in CASES if case.name == name)


@cache
def seeds_of(name: str) -> tuple[bytes, ...]:
    """The seed files of a reader case, built once per process."""
    return case_named(name).seeds()
