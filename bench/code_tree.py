"""A seeded code tree of about N MB for throughput benchmarks: code, docs, configs, logs, data.

What a product repository holds, by share of bytes: source code (Python, JavaScript,
TypeScript, Go, Java; 44%), Markdown docs (8%), YAML/JSON configs (5%), application logs
(10%) and data files (CSV exports, JSON fixtures, JSON Lines events, SQL dumps; 33%), plus a
small `support/` folder written by the quality corpus's own writers (bench/quality/generate.py:
.env files, notebooks, mail threads, key files). A few code and config files carry a planted
credential or a customer's contact; most data files are full of customer records; decoys
(example.com addresses, masked cards, hashes) are sprinkled where real code has them.

Every planted value comes from the quality corpus's `Forge` (bench/quality/plants.py):
invented customer emails at realistic domains, Indian/US/UK phone numbers, Luhn-valid cards,
IBANs, Aadhaar numbers with a valid Verhoeff digit, PAN, SSN, AWS keys, GitHub tokens... Faker
and the forge are called a few thousand times to fill pools; files are then assembled from
the pools with one seeded `random.Random`, so 200 MB takes seconds and the same seed gives
the same tree, byte for byte.

The tree is its own (empty) git repository: bharosa lists a work tree's files with git,
and `bench/.cache/` is ignored by the project's own `.gitignore`.

    python bench/code_tree.py [--megabytes 200] [--seed N]   # prints the tree's path
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH / "quality"))

import generate  # noqa: E402  (bench/quality/generate.py)
from plants import Forge, Plant  # noqa: E402  (bench/quality/plants.py)

DEFAULT_SEED = 20261124
DEFAULT_MEGABYTES = 200
CACHE = BENCH / ".cache"
# Share of the tree's bytes, by kind of file.
SHARES = {
    "python": 0.14,
    "javascript": 0.08,
    "typescript": 0.08,
    "go": 0.07,
    "java": 0.07,
    "markdown": 0.08,
    "config": 0.05,
    "log": 0.10,
    "csv": 0.11,
    "json": 0.06,
    "jsonl": 0.06,
    "sql": 0.10,
}
# Median file size and the (min, max) it is clipped to, in bytes, by kind of file.
SIZES = {
    "code": (6_000, 400, 120_000),
    "markdown": (4_000, 300, 60_000),
    "config": (1_500, 200, 20_000),
    "log": (400_000, 20_000, 8_000_000),
    "data": (300_000, 5_000, 12_000_000),
}
_EPOCH = datetime(2023, 1, 1)
_LOCALES = ("en_IN", "en_IN", "en_US", "en_US", "en_GB", "de_DE", "fr_FR")
_IBAN_LOCALES = ("de_DE", "fr_FR", "en_GB")
_VERBS = (  # noqa: SIM905 (a word list reads better as one string)
    "get load fetch build parse render validate apply compute sync send update create "
    "delete resolve merge encode decode refresh archive export import schedule notify "
    "charge refund"
).split()
_NOUNS = (  # noqa: SIM905 (a word list reads better as one string)
    "order invoice customer payment refund cart shipment address coupon ledger account "
    "session token webhook report profile catalog product price tax discount wallet payout "
    "settlement subscription plan quota event batch cache queue retry config tenant region "
    "warehouse"
).split()
_TYPES = ("str", "int", "float", "bool", "dict[str, Any]", "list[str]", "Order", "Customer")
_TS_TYPES = ("string", "number", "boolean", "Order", "Customer", "Record<string, unknown>")
_GO_TYPES = ("string", "int", "int64", "float64", "bool", "[]byte", "*Order", "time.Time")
_JAVA_TYPES = ("String", "int", "long", "double", "boolean", "Order", "List<String>", "Instant")
_SERVICES = (  # noqa: SIM905 (a word list reads better as one string)
    "checkout billing orders payments notify catalog search identity kyc ledger shipping "
    "support analytics gateway inventory"
).split()
_LEVELS = ("INFO", "INFO", "INFO", "INFO", "DEBUG", "DEBUG", "WARN", "ERROR")
_CODE_PLANT_KINDS = ("secret", "secret", "secret", "email", "email", "phone", "card", "iban")


@dataclass(frozen=True)
class TreeInfo:
    """What was generated: where, from which settings, how many files and bytes."""

    root: str
    megabytes: int
    seed: int
    generator: str
    files: int
    bytes: int
    seconds: float


@dataclass(frozen=True)
class Person:
    """One invented customer; each field is kept raw and encoded for JSON and SQL."""

    fields: dict[str, str]
    json: dict[str, str]
    sql: dict[str, str]


class Pools:
    """Seeded material that files are assembled from: words, sentences, people, plants."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.forge = Forge(seed)
        fake = self.forge.fake("en_US")
        self.sentences = [str(fake.sentence(nb_words=self.rng.randint(5, 16))) for _ in range(800)]
        self.words = [str(word) for word in fake.words(nb=600)]
        self.cities = [str(self.forge.fake(loc).city()) for loc in _LOCALES for _ in range(40)]
        self.names = [self.forge.person(loc) for loc in _LOCALES for _ in range(150)]
        self.companies = [str(fake.company()) for _ in range(150)]
        self.emails = [self.forge.email(self.pick(_LOCALES)).text for _ in range(1200)]
        self.phones = [self.forge.phone(loc).text for loc in ("en_IN", "en_US", "en_GB") * 200]
        self.cards = [self.forge.card("en_US").text for _ in range(500)]
        self.ibans = [self.forge.iban(self.pick(_IBAN_LOCALES)).text for _ in range(300)]
        self.aadhaar = [self.forge.aadhaar("en_IN").text for _ in range(400)]
        self.pans = [self.forge.pan("en_IN").text for _ in range(200)]
        self.ssns = [self.forge.ssn("en_US").text for _ in range(200)]
        secrets = (self.forge.secret("en_US") for _ in range(250))
        self.secrets = [plant for plant in secrets if "\n" not in plant.text]
        self.decoys = [
            plant
            for kind in ("email", "email", "card", "phone", "secret")
            for plant in (self.forge.negative(kind, "en_US") for _ in range(120))
            if "\n" not in plant.text
        ]
        self.moments = [
            (_EPOCH + timedelta(seconds=self.rng.randrange(3 * 365 * 86400))).isoformat()
            for _ in range(3000)
        ]
        self.amounts = [f"{self.rng.randint(99, 2_500_000) / 100:.2f}" for _ in range(1000)]
        self.people = [self.person() for _ in range(3000)]
        self.code_blocks = {
            language: [maker(self) for _ in range(500)] for language, maker in BLOCKS.items()
        }
        self.log_messages = [log_message(self) for _ in range(6000)]

    def pick(self, options: tuple[str, ...] | list[str]) -> str:
        return self.rng.choice(options)

    def ident(self, style: str = "snake") -> str:
        """An identifier such as `refund_order`, `refundOrder` or `RefundOrder`."""
        verb, noun = self.pick(_VERBS), self.pick(_NOUNS)
        if style == "snake":
            return f"{verb}_{noun}"
        if style == "camel":
            return verb + noun.title()
        return verb.title() + noun.title()

    def sentence(self) -> str:
        return self.pick(self.sentences)

    def person(self) -> Person:
        fields = {
            "name": self.pick(self.names),
            "email": self.pick(self.emails),
            "phone": self.pick(self.phones),
            "city": self.pick(self.cities),
            "card_number": self.pick(self.cards),
            "iban": self.pick(self.ibans),
            "aadhaar": self.pick(self.aadhaar),
            "pan": self.pick(self.pans),
            "ssn": self.pick(self.ssns),
            "created_at": self.pick(self.moments),
            "amount": self.pick(self.amounts),
            "company": self.pick(self.companies),
        }
        return Person(
            fields,
            {key: json.dumps(value, ensure_ascii=False) for key, value in fields.items()},
            {key: "'" + value.replace("'", "''") + "'" for key, value in fields.items()},
        )

    def plant(self) -> Plant:
        """A customer value or credential to leave in code (rarely, as real code does)."""
        kind = self.pick(_CODE_PLANT_KINDS)
        if kind == "secret":
            return self.rng.choice(self.secrets)
        values = {"email": self.emails, "phone": self.phones, "card": self.cards}
        text = self.pick(values.get(kind, self.ibans))
        return Plant(kind, text, text, True, "pool", f"customer_{kind}")

    def decoy(self) -> Plant:
        return self.rng.choice(self.decoys)


# Code blocks ---------------------------------------------------------------------------


def python_block(p: Pools) -> str:
    """A function, method-carrying class, or test, as Python modules have them."""
    name, arg, other = p.ident(), p.pick(_NOUNS), p.pick(_NOUNS) + "_id"
    body = [
        f"    {p.pick(_NOUNS)} = {arg}.{p.ident()}({other})",
        f'    if not {arg}:\n        raise ValueError("{p.sentence()}")',
        f"    for item in {arg}.{p.pick(_NOUNS)}s:\n"
        f'        logger.debug("{p.pick(_VERBS)} %s for %s", item, {other})',
        f"    result[{other!r}] = {p.rng.randint(0, 500)}",
        f"    # {p.sentence()}",
        f"    {p.pick(_NOUNS)}_count += len({arg}.{p.pick(_NOUNS)}s)",
    ]
    statements = p.rng.sample(body, p.rng.randint(3, len(body)))
    shape = p.rng.randrange(3)
    if shape == 0:
        head = f"def {name}({arg}: {p.pick(_TYPES)}, {other}: int = 0) -> {p.pick(_TYPES)}:"
        lines = [head, f'    """{p.sentence()}"""', *statements, f"    return {arg}"]
    elif shape == 1:
        cls = p.ident("pascal")
        lines = [f"class {cls}:", f'    """{p.sentence()}"""', ""]
        lines.append(f"    def __init__(self, {arg}: {p.pick(_TYPES)}) -> None:")
        lines.append(f"        self.{arg} = {arg}")
        for _ in range(p.rng.randint(1, 3)):
            lines += ["", f"    def {p.ident()}(self, {other}: int) -> None:"]
            lines += ["    " + line.replace("\n", "\n    ") for line in statements]
    else:
        lines = [f"def test_{name}({p.pick(_NOUNS)}_factory) -> None:"]
        lines.append(f"    {arg} = {p.pick(_NOUNS)}_factory(status={p.pick(_VERBS)!r})")
        lines += [f"    assert {arg}.{p.pick(_NOUNS)} == {p.rng.randint(0, 99)}" for _ in range(3)]
    return "\n".join(lines) + "\n\n\n"


def javascript_block(p: Pools) -> str:
    """A function, async handler or class, as a Node or browser module has them."""
    name, arg = p.ident("camel"), p.pick(_NOUNS)
    body = [
        f"  const {p.pick(_NOUNS)} = await api.{p.ident('camel')}({arg}.id);",
        f"  if (!{arg}) {{ throw new Error('{p.sentence()}'); }}",
        f"  for (const item of {arg}.{p.pick(_NOUNS)}s) {{ total += item.amount; }}",
        f"  logger.info(`{p.pick(_VERBS)} ${{{arg}.id}}`);",
        f"  // {p.sentence()}",
        f"  state.{p.pick(_NOUNS)} = {{ ...state.{p.pick(_NOUNS)}, ready: true }};",
    ]
    statements = p.rng.sample(body, p.rng.randint(2, len(body)))
    if p.rng.random() < 0.6:
        lines = [
            f"/** {p.sentence()} */",
            f"export async function {name}({arg}, options = {{}}) {{",
        ]
        lines += [*statements, f"  return {arg};", "}"]
    else:
        lines = [f"export class {p.ident('pascal')} {{", f"  constructor({arg}) {{"]
        lines += [f"    this.{arg} = {arg};", "  }"]
        for _ in range(p.rng.randint(1, 3)):
            lines += [f"  async {p.ident('camel')}({arg}) {{", *["  " + s for s in statements]]
            lines.append("  }")
        lines.append("}")
    return "\n".join(lines) + "\n\n"


def typescript_block(p: Pools) -> str:
    """An interface and a typed function, or a service class."""
    iface, arg = p.ident("pascal"), p.pick(_NOUNS)
    lines = [f"export interface {iface} {{"]
    lines += [f"  {p.pick(_NOUNS)}: {p.pick(_TS_TYPES)};" for _ in range(p.rng.randint(2, 7))]
    lines += ["}", ""]
    lines.append(f"/** {p.sentence()} */")
    lines.append(
        f"export function {p.ident('camel')}({arg}: {iface}): Promise<{p.pick(_TS_TYPES)}> {{"
    )
    lines += [
        f"  const {p.pick(_NOUNS)}: {p.pick(_TS_TYPES)} = {arg}.{p.pick(_NOUNS)};",
        f"  return client.{p.pick(_VERBS)}<{iface}>(`/api/{p.pick(_NOUNS)}s/${{{arg}.id}}`);",
        "}",
    ]
    return "\n".join(lines) + "\n\n"


def go_block(p: Pools) -> str:
    """A struct with a method, or a function with Go's error handling."""
    name, arg = p.ident("pascal"), p.pick(_NOUNS)
    lines = [f"// {name} {p.sentence().lower()}"]
    if p.rng.random() < 0.4:
        lines.append(f"type {name} struct {{")
        for _ in range(p.rng.randint(2, 6)):
            field_name = p.pick(_NOUNS).title()
            lines.append(f'\t{field_name} {p.pick(_GO_TYPES)} `json:"{field_name.lower()}"`')
        lines += ["}", ""]
    lines.append(
        f"func (s *Service) {name}(ctx context.Context, {arg} {p.pick(_GO_TYPES)}) error {{"
    )
    for _ in range(p.rng.randint(1, 4)):
        lines += [
            f"\t{p.pick(_NOUNS)}, err := s.store.{p.ident('pascal')}(ctx, {arg})",
            "\tif err != nil {",
            f'\t\treturn fmt.Errorf("{p.pick(_VERBS)} {p.pick(_NOUNS)}: %w", err)',
            "\t}",
            f'\ts.log.Info("{p.sentence()}", "{p.pick(_NOUNS)}", {arg})',
        ]
    lines += ["\treturn nil", "}"]
    return "\n".join(lines) + "\n\n"


def java_block(p: Pools) -> str:
    """A method of a service class, with its Javadoc."""
    arg = p.pick(_NOUNS)
    lines = ["    /**", f"     * {p.sentence()}", "     */"]
    if p.rng.random() < 0.3:
        lines.append(f'    @GetMapping("/{p.pick(_NOUNS)}s/{{id}}")')
    lines.append(
        f"    public {p.pick(_JAVA_TYPES)} {p.ident('camel')}({p.pick(_JAVA_TYPES)} {arg}) {{"
    )
    for _ in range(p.rng.randint(1, 5)):
        lines += [
            f"        var {p.pick(_NOUNS)} = repository.{p.ident('camel')}({arg});",
            f"        if ({arg} == null) {{",
            f'            throw new IllegalStateException("{p.sentence()}");',
            "        }",
            f'        log.debug("{p.pick(_VERBS)} {{}}", {arg});',
        ]
    lines += [f"        return {arg};", "    }"]
    return "\n".join(lines) + "\n\n"


BLOCKS: dict[str, Callable[[Pools], str]] = {
    "python": python_block,
    "javascript": javascript_block,
    "typescript": typescript_block,
    "go": go_block,
    "java": java_block,
}


# Files -----------------------------------------------------------------------------------


def fill(p: Pools, pool: list[str], size: int) -> str:
    """Random blocks from `pool`, joined until they reach `size` characters."""
    parts: list[str] = []
    total = 0
    while total < size:
        block = p.rng.choice(pool)
        parts.append(block)
        total += len(block)
    return "".join(parts)


def plant_lines(p: Pools, comment: str, constant: Callable[[str, str], str]) -> str:
    """A planted value (in one of twenty files) and a decoy (in one of eight), or nothing."""
    lines = []
    if p.rng.random() < 0.05:
        plant = p.plant()
        if p.rng.random() < 0.5:
            lines.append(constant(plant.key, plant.text))
        else:
            lines.append(f"{comment} {p.sentence()} {plant.text}")
    if p.rng.random() < 0.12:
        decoy = p.decoy()
        lines.append(f"{comment} e.g. {decoy.text}")
    return "\n".join(lines) + "\n" if lines else ""


def python_file(p: Pools, size: int) -> str:
    head = f'"""{p.sentence()}"""\n\nfrom __future__ import annotations\n\nimport logging\n'
    head += "from typing import Any\n\nlogger = logging.getLogger(__name__)\n"
    head += plant_lines(p, "#", lambda key, value: f"{key.upper()} = {json.dumps(value)}") + "\n\n"
    return head + fill(p, p.code_blocks["python"], size - len(head))


def javascript_file(p: Pools, size: int) -> str:
    head = f"// {p.sentence()}\nimport {{ api }} from '../lib/api';\nimport logger from './log';\n"
    head += plant_lines(p, "//", lambda key, value: f"const {key} = {json.dumps(value)};") + "\n"
    return head + fill(p, p.code_blocks["javascript"], size - len(head))


def typescript_file(p: Pools, size: int) -> str:
    head = f"// {p.sentence()}\nimport {{ client }} from '@/lib/http';\n"
    head += plant_lines(p, "//", lambda key, value: f"export const {key} = {json.dumps(value)};")
    return head + "\n" + fill(p, p.code_blocks["typescript"], size - len(head))


def go_file(p: Pools, size: int) -> str:
    head = f"// Package {p.pick(_NOUNS)} {p.sentence().lower()}\npackage {p.pick(_NOUNS)}\n\n"
    head += 'import (\n\t"context"\n\t"fmt"\n\t"time"\n)\n\n'
    head += plant_lines(p, "//", lambda key, value: f"const {key} = {json.dumps(value)}") + "\n"
    return head + fill(p, p.code_blocks["go"], size - len(head))


def java_file(p: Pools, size: int) -> str:
    cls = p.ident("pascal") + "Service"
    head = f"package com.{p.pick(_NOUNS)}.{p.pick(_NOUNS)};\n\nimport java.time.Instant;\n"
    head += f"import java.util.List;\n\n/** {p.sentence()} */\n@Service\npublic class {cls} {{\n"
    head += plant_lines(
        p, "    //", lambda key, value: f"    static final String {key} = {json.dumps(value)};"
    )
    return head + "\n" + fill(p, p.code_blocks["java"], size - len(head)) + "}\n"


def markdown_file(p: Pools, size: int) -> str:
    """A design doc, runbook or support note: headings, prose, lists, code, tables."""
    parts = [f"# {p.sentence().rstrip('.')}\n\n"]
    total = len(parts[0])
    while total < size:
        roll = p.rng.random()
        if roll < 0.45:
            chunk = " ".join(p.rng.choices(p.sentences, k=p.rng.randint(2, 7))) + "\n\n"
        elif roll < 0.6:
            chunk = f"## {p.sentence().rstrip('.')}\n\n"
        elif roll < 0.75:
            items = p.rng.choices(p.sentences, k=p.rng.randint(2, 6))
            chunk = "".join(f"- {item}\n" for item in items) + "\n"
        elif roll < 0.85:
            language = p.pick(list(BLOCKS))
            chunk = f"```{language}\n{p.rng.choice(p.code_blocks[language])}```\n\n"
        elif roll < 0.93:
            rows = p.rng.sample(p.people, p.rng.randint(2, 5))
            chunk = "| name | city | amount |\n| --- | --- | --- |\n" + "".join(
                f"| {r.fields['name']} | {r.fields['city']} | {r.fields['amount']} |\n"
                for r in rows
            )
            chunk += "\n"
        elif roll < 0.97:
            chunk = f"Example: `{p.decoy().text}`\n\n"
        else:
            person = p.rng.choice(p.people).fields
            chunk = f"Reported by {person['name']} ({person['email']}, {person['phone']}).\n\n"
        parts.append(chunk)
        total += len(chunk)
    return "".join(parts)


def config_file(p: Pools, size: int) -> tuple[str, str]:
    """A Kubernetes manifest, CI workflow or app settings file; returns (extension, text)."""
    service = p.pick(_SERVICES)
    secret = p.rng.choice(p.secrets) if p.rng.random() < 0.1 else None
    if p.rng.random() < 0.6:
        lines = [
            "apiVersion: apps/v1",
            "kind: Deployment",
            f"metadata:\n  name: {service}\n  labels:\n    app: {service}",
            "spec:",
            f"  replicas: {p.rng.randint(1, 6)}",
            "  template:",
            "    spec:",
            "      containers:",
            f"        - name: {service}",
            f"          image: registry.internal/{service}:1.{p.rng.randint(0, 40)}",
            "          env:",
        ]
        total = sum(map(len, lines))
        while total < size:
            lines.append(f"            - name: {p.ident().upper()}")
            lines.append(f'              value: "{p.pick(p.words)}-{p.rng.randint(1, 999)}"')
            total += len(lines[-1]) + len(lines[-2])
        if secret is not None:
            lines.append(f"            - name: {secret.key}")
            lines.append(f"              value: {json.dumps(secret.text)}")
        return "yaml", "\n".join(lines) + "\n"
    settings: dict[str, object] = {"service": service, "version": f"1.{p.rng.randint(0, 60)}.0"}
    total = 0
    while total < size:
        section = {
            "limit": p.rng.randint(0, 10_000),
            p.pick(_NOUNS): p.pick(p.words),
            "enabled": p.rng.random() < 0.5,
        }
        settings[f"{p.ident('camel')}{len(settings)}"] = section
        total += 90  # about what one section takes, indented
    if secret is not None:
        settings[secret.key] = secret.text
    return "json", json.dumps(settings, indent=2) + "\n"


def log_message(p: Pools) -> str:
    """One log message; one in twenty-five names a customer, one in 500 leaks a token."""
    roll = p.rng.random()
    if roll < 0.002:
        return f"[http] Authorization header rejected: Bearer {p.rng.choice(p.secrets).text}"
    if roll < 0.04:
        person = p.rng.choice(p.people).fields
        email, phone = person["email"], person["phone"]
        return p.pick(
            [
                f"[notify] sent receipt to {email} order={p.rng.randint(10**6, 10**7)}",
                f"[kyc] OTP sent to {phone} attempt={p.rng.randint(1, 3)}",
                f"[checkout] payment failed for {email}: card declined",
            ]
        )
    request = f"{p.rng.getrandbits(64):016x}"
    return p.pick(
        [
            f"[http] GET /api/{p.pick(_NOUNS)}s/{p.rng.randint(1, 99999)} 200 "
            f"{p.rng.randint(1, 900)}ms req={request}",
            f"[worker] {p.ident()} done in {p.rng.randint(1, 5000)}ms batch={request[:6]}",
            f"[db] slow query on {p.pick(_NOUNS)}s took {p.rng.randint(200, 9000)}ms",
            f"[cache] {p.pick(_NOUNS)} miss key={request}",
            f"[scheduler] {p.sentence()}",
        ]
    )


def log_file(p: Pools, size: int) -> str:
    start = _EPOCH + timedelta(days=p.rng.randrange(900))
    day, clock = start.date().isoformat(), p.rng.randrange(86_400 * 1000)
    parts: list[str] = []
    total = 0
    while total < size:
        batch = zip(
            p.rng.choices(_LEVELS, k=256),
            p.rng.choices(p.log_messages, k=256),
            p.rng.choices(range(4000), k=256),
            strict=True,
        )
        for level, message, step in batch:
            clock = (clock + step) % (86_400 * 1000)
            seconds, millis = divmod(clock, 1000)
            line = (
                f"{day}T{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}."
                f"{millis:03d}Z {level} {message}\n"
            )
            parts.append(line)
            total += len(line)
    return "".join(parts)


# Data files: a schema is the columns a table has; about a third have no customer data.
_SCHEMAS: dict[str, tuple[str, ...]] = {
    "customers": ("name", "email", "phone", "city", "created_at"),
    "payments": ("email", "card_number", "amount", "created_at"),
    "kyc": ("name", "aadhaar", "pan", "phone", "city"),
    "payouts": ("name", "company", "iban", "amount", "created_at"),
    "us_customers": ("name", "email", "ssn", "city"),
    "products": ("company", "amount", "created_at"),
    "metrics": ("city", "amount", "created_at"),
}


def rows(p: Pools, size: int, render: Callable[[int, Person], str]) -> Iterator[str]:
    """Rendered rows of people until they reach `size` characters."""
    total, number = 0, 0
    while total < size:
        for person in p.rng.choices(p.people, k=256):  # in batches: one call, 256 picks
            number += 1
            row = render(number, person)
            total += len(row)
            yield row
            if total >= size:
                return


def csv_file(p: Pools, size: int, table: str) -> str:
    columns = _SCHEMAS[table]
    header = "id," + ",".join(columns) + "\n"

    def render(number: int, person: Person) -> str:
        values = (person.fields[c] for c in columns)
        return f"{number}," + ",".join(f'"{v}"' if "," in v else v for v in values) + "\n"

    return header + "".join(rows(p, size, render))


def json_file(p: Pools, size: int, table: str) -> str:
    columns = _SCHEMAS[table]

    def render(number: int, person: Person) -> str:
        fields = "".join(f',\n    "{c}": {person.json[c]}' for c in columns)
        return f'  {{\n    "id": {number}{fields}\n  }},\n'

    body = "".join(rows(p, size, render))
    return "[\n" + body.removesuffix(",\n") + "\n]\n"


def jsonl_file(p: Pools, size: int, table: str) -> str:
    columns = _SCHEMAS[table]
    event = f"{table}.{p.pick(_VERBS)}"

    def render(number: int, person: Person) -> str:
        fields = "".join(f', "{c}": {person.json[c]}' for c in columns)
        return f'{{"seq": {number}, "event": "{event}"{fields}}}\n'

    return "".join(rows(p, size, render))


def sql_file(p: Pools, size: int, table: str) -> str:
    """A dump: INSERT statements of 100 rows, one row a line, or a pg_dump COPY block."""
    columns = _SCHEMAS[table]
    create = f"CREATE TABLE {table} (id bigint PRIMARY KEY, {' text, '.join(columns)} text);\n"
    if p.rng.random() < 0.5:

        def copy_row(number: int, person: Person) -> str:
            return f"{number}\t" + "\t".join(person.fields[c] for c in columns) + "\n"

        head = f"-- pg_dump\n{create}\nCOPY public.{table} (id, {', '.join(columns)}) FROM stdin;\n"
        return head + "".join(rows(p, size, copy_row)) + "\\.\n"
    insert = f"INSERT INTO {table} (id, {', '.join(columns)}) VALUES\n"

    def insert_row(number: int, person: Person) -> str:
        return f"  ({number}, " + ", ".join(person.sql[c] for c in columns) + ")"

    values = list(rows(p, size, insert_row))
    statements = (
        insert + ",\n".join(values[start : start + 100]) + ";\n"
        for start in range(0, len(values), 100)
    )
    return f"-- mysqldump\n{create}\n" + "".join(statements)


# The tree ----------------------------------------------------------------------------------


def file_size(rng: random.Random, kind: str) -> int:
    """A log-normal size around the kind's median, clipped to its range."""
    median, low, high = SIZES[kind]
    return int(min(high, max(low, median * math.exp(rng.gauss(0, 1.0)))))


def write_files(p: Pools, root: Path, category: str, budget: int) -> tuple[int, int]:
    """Write files of one category until `budget` bytes are written; return (files, bytes)."""
    written = files = 0
    rng = p.rng
    while written < budget:
        files += 1
        service = p.pick(_SERVICES)
        stem = f"{p.ident()}_{files}"
        if category in BLOCKS:
            text = CODE_FILES[category](p, file_size(rng, "code"))
            path = code_path(rng, category, service, stem)
        elif category == "markdown":
            text = markdown_file(p, file_size(rng, "markdown"))
            folder = rng.choice(
                ["docs/design", "docs/runbooks", "support/notes", f"services/{service}/docs"]
            )
            path = f"{folder}/{stem.replace('_', '-')}.md"
        elif category == "config":
            extension, text = config_file(p, file_size(rng, "config"))
            path = f"deploy/{service}/{stem}.{extension}"
        elif category == "log":
            text = log_file(p, min(file_size(rng, "log"), budget - written + 1000))
            path = f"logs/{service}/{service}-{files:04d}.log"
        else:
            table = rng.choice(list(_SCHEMAS))
            size = min(file_size(rng, "data"), budget - written + 1000)
            text = DATA_FILES[category](p, size, table)
            folders = {"csv": "data/exports", "json": "fixtures", "jsonl": "data/events"}
            path = f"{folders.get(category, 'db/dumps')}/{table}_{files:04d}.{category}"
        data = text.encode("utf-8")
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        written += len(data)
    return files, written


def code_path(rng: random.Random, language: str, service: str, stem: str) -> str:
    """Where a source file of `language` lives in a monorepo."""
    if language == "python":
        return f"services/{service}/{service}/{stem}.py"
    if language == "javascript":
        return f"web/{service}/src/{stem}.{rng.choice(['js', 'js', 'mjs', 'jsx'])}"
    if language == "typescript":
        return f"web/{service}/src/{stem}.{rng.choice(['ts', 'ts', 'tsx'])}"
    if language == "go":
        return f"go/internal/{service}/{stem}.go"
    pascal = "".join(part.title() for part in stem.split("_"))
    return f"java/{service}/src/main/java/com/shop/{service}/{pascal}.java"


CODE_FILES: dict[str, Callable[[Pools, int], str]] = {
    "python": python_file,
    "javascript": javascript_file,
    "typescript": typescript_file,
    "go": go_file,
    "java": java_file,
}
DATA_FILES: dict[str, Callable[[Pools, int, str], str]] = {
    "csv": csv_file,
    "json": json_file,
    "jsonl": jsonl_file,
    "sql": sql_file,
}


def generator_digest() -> str:
    """A digest of the code that writes the tree: a changed generator makes a new tree."""
    digest = hashlib.sha256()
    for path in (
        Path(__file__),
        BENCH / "quality" / "plants.py",
        BENCH / "quality" / "generate.py",
    ):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def tree_path(megabytes: int, seed: int) -> Path:
    return CACHE / f"corpus-{megabytes}-{seed}"


def build_tree(root: Path, megabytes: int, seed: int) -> tuple[int, int]:
    """Write the whole tree under `root` (which must not exist); return (files, bytes)."""
    target = megabytes * 1_000_000
    pools = Pools(seed)
    root.mkdir(parents=True)
    support = root / "support" / "quality"
    generate.build_corpus(support, per_kind=max(5, min(40, megabytes // 5)), seed=seed)
    files, written = 0, 0
    for path in support.rglob("*"):
        if path.is_file():
            files, written = files + 1, written + path.stat().st_size
    remaining = max(0, target - written)
    for category, share in SHARES.items():
        count, size = write_files(pools, root, category, int(remaining * share))
        files, written = files + count, written + size
    subprocess.run(["git", "init", "--quiet", str(root)], check=True)
    return files, written


def ensure_tree(megabytes: int, seed: int = DEFAULT_SEED) -> TreeInfo:
    """The cached tree for these settings, generated first if missing or out of date."""
    root = tree_path(megabytes, seed)
    manifest = root.with_name(root.name + ".json")
    digest = generator_digest()
    if manifest.is_file() and root.is_dir():
        info = TreeInfo(**json.loads(manifest.read_text(encoding="utf-8")))
        if info.generator == digest:
            return info
    if root.exists():
        if not manifest.is_file():
            sys.exit(f"{root} exists but was not made by this script (no {manifest.name})")
        shutil.rmtree(root)
    manifest.unlink(missing_ok=True)
    partial = root.with_name(root.name + ".partial")
    if partial.exists():
        shutil.rmtree(partial)  # an interrupted run of this script
    print(f"generating a {megabytes} MB tree (seed {seed}) in {root} ...", file=sys.stderr)
    start = time.perf_counter()
    files, written = build_tree(partial, megabytes, seed)
    partial.rename(root)
    seconds = round(time.perf_counter() - start, 2)
    info = TreeInfo(str(root), megabytes, seed, digest, files, written, seconds)
    manifest.write_text(json.dumps(asdict(info), indent=2) + "\n", encoding="utf-8")
    print(f"generated {files:,} files, {written / 1e6:,.1f} MB in {seconds} s", file=sys.stderr)
    return info


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--megabytes", type=int, default=DEFAULT_MEGABYTES)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args()
    if args.megabytes < 1:
        parser.error("--megabytes must be at least 1")
    print(ensure_tree(args.megabytes, args.seed).root)


if __name__ == "__main__":
    main()
