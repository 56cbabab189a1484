"""The labeled quality corpus: files of many types with planted values and look-alikes.

Source code and its comments (Python, JavaScript), Markdown, logs, CSV/TSV, JSON, YAML,
SQL, .env files, notebooks, mail threads and key files are written with seeded Faker data
in the locales below. Every planted value is labeled with path, line, column and kind:
positives must be reported, negatives (look-alikes) must not. The same seed gives the same
corpus, byte for byte.

    python bench/quality/generate.py [--out bench/quality/data] [--per-kind 220] [--seed N]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import json
import shutil
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from plants import KINDS, LANGUAGE, LOCALE_KINDS, LOCALES, PHONE_REGIONS, Forge, Plant

DEFAULT_SEED = 20261124
DEFAULT_PER_KIND = 220
_EPOCH = datetime(2021, 1, 1)
DEFAULT_OUT = Path(__file__).resolve().parent / "data"
CORPUS_DIR, TRUTH_FILE, CONFIG_FILE = "corpus", "truth.json", "bharosa.toml"
# How prose mentions a positive, per language and kind; True marks a template whose words
# say what the value is (needed for bare digit runs, which are ids without a label).
TEMPLATES: dict[str, dict[str, list[tuple[str, bool]]]] = {
    "en": {
        "email": [
            ("Customer {name} <{v}> asked for a refund.", False),
            ("Reply sent to {v} at {time}.", False),
            ("Contact: {v}", False),
            ("Forwarded from {v}: parcel not delivered.", False),
            ("Please update the billing email to {v}.", True),
        ],
        "phone": [
            ("Called {name} back on {v} about the refund.", False),
            ("Mobile: {v}", True),
            ("Customer phone {v} (verified by OTP).", True),
            ("WhatsApp {v} for delivery updates.", True),
            ("Reach {name} on {v} after 6pm.", False),
            ("tel {v}", True),
        ],
        "card": [
            ("Paid with card {v}, declined twice.", True),
            ("{name} read out {v} over chat.", False),
            ("Visa {v} charged twice on {date}.", True),
            ("Card number: {v}", True),
            ("Refund to {v} pending.", False),
        ],
        "iban": [
            ("Refund to IBAN {v}.", True),
            ("Bank details for {name}: {v}", True),
            ("Payout account {v} ({company}).", True),
            ("Transfer from {v} not matched.", False),
        ],
        "ssn": [
            ("SSN {v} on file for {name}.", True),
            ("Social Security Number: {v}", True),
            ("{name}, SSN: {v}", True),
            ("W-9 received from {name}, {v}.", False),
        ],
        "aadhaar": [
            ("Aadhaar {v} verified for {name}.", True),
            ("Aadhaar No: {v}", True),
            ("eKYC done with UID {v}.", True),
            ("KYC document {v} uploaded by {name}.", False),
        ],
        "pan": [
            ("PAN {v} linked to {name}.", True),
            ("PAN card: {v}", True),
            ("TDS deducted under {v} for {name}.", False),
            ("Income tax PAN {v}", True),
        ],
        "gstin": [
            ("GSTIN: {v}", True),
            ("Seller GSTIN {v}, {city}.", True),
            ("Invoice billed to {company} ({v}).", False),
            ("GST number {v}", True),
        ],
        "nino": [
            ("NI number: {v}", True),
            ("National Insurance No. {v} for {name}.", True),
            ("Payroll record {name} {v}", False),
            ("NINO {v}", True),
        ],
        "secret": [
            ("Use {v} for the staging deploy.", False),
            ("API key: {v}", True),
            ("token={v}", True),
        ],
    },
    "de": {
        "email": [("Kunde {name} ({v}) bittet um Rückruf.", False), ("E-Mail: {v}", True)],
        "phone": [
            ("Rückruf an {name} unter {v}.", False),
            ("Telefon: {v}", True),
            ("Handy {v}", True),
            ("Tel. {v}", True),
        ],
        "card": [("Kreditkarte {v} wurde abgelehnt.", True), ("Kartennummer: {v}", True)],
        "iban": [
            ("Bitte überweisen Sie auf {v}.", False),
            ("IBAN: {v}", True),
            ("Kontoverbindung {name}: {v}", True),
        ],
    },
    "fr": {
        "email": [
            ("Client {name} ({v}) demande un remboursement.", False),
            ("Courriel : {v}", True),
        ],
        "phone": [
            ("Rappeler {name} au {v}.", False),
            ("Téléphone : {v}", True),
            ("Portable : {v}", True),
            ("Tél. : {v}", True),
        ],
        "card": [("Carte bancaire {v} refusée.", True), ("Numéro de carte : {v}", True)],
        "iban": [
            ("Virement vers {v}.", False),
            ("IBAN : {v}", True),
            ("RIB de {name} : {v}", True),
        ],
    },
    "ja": {
        "email": [("{name}様 メール: {v}", True), ("お問い合わせ元 {v}", False)],
        "phone": [("{name}様 電話: {v}", True), ("携帯 {v}", True), ("折り返し先 {v}", False)],
        "card": [("カード番号 {v}", True), ("{name}様のカード {v} 決済エラー", True)],
    },
    "hi": {
        "email": [("ग्राहक {name} का ईमेल: {v}", True), ("{v} से शिकायत मिली", False)],
        "phone": [
            ("ग्राहक {name}, मोबाइल: {v}", True),
            ("फोन {v} पर संपर्क करें", True),
            ("{name} को {v} पर कॉल किया", False),
        ],
        "card": [("कार्ड नंबर {v}", True)],
        "aadhaar": [("आधार संख्या {v}", True), ("आधार: {v}", True)],
        "pan": [("पैन: {v}", True), ("पैन कार्ड {v}", True)],
        "gstin": [("जीएसटी नंबर {v}", True), ("GSTIN {v}", True)],
    },
}


@dataclass(frozen=True, slots=True)
class Label:
    """Where a planted value is: 1-based line and column of its first character."""

    path: str
    line: int
    column: int
    kind: str
    value: str
    positive: bool
    note: str


@dataclass
class Corpus:
    """The files written and the labels of everything planted in them."""

    root: Path
    files: list[str] = field(default_factory=list)
    labels: list[Label] = field(default_factory=list)

    @property
    def positives(self) -> list[Label]:
        return [label for label in self.labels if label.positive]

    @property
    def negatives(self) -> list[Label]:
        return [label for label in self.labels if not label.positive]


class Builder:
    """Chooses what to write next so every kind reaches its target count."""

    def __init__(self, root: Path, seed: int, per_kind: int, negatives_per_kind: int) -> None:
        self.forge = Forge(seed)
        self.corpus = Corpus(root)
        self.targets = {True: per_kind, False: negatives_per_kind}
        self.counts: dict[bool, Counter[str]] = {True: Counter(), False: Counter()}

    def deficit(self, kind: str, positive: bool) -> float:
        target = self.targets[positive]
        return max(0, target - self.counts[positive][kind]) / target

    def done(self) -> bool:
        return all(self.deficit(kind, p) == 0 for kind in KINDS for p in (True, False))

    def choose_locale(self) -> str:
        weights = [
            0.2 + sum(self.deficit(k, True) + self.deficit(k, False) for k in LOCALE_KINDS[loc])
            for loc in LOCALES
        ]
        return self.forge.rng.choices(LOCALES, weights)[0]

    def choose_writer(self) -> Callable[[Sheet], None]:
        secret_need = self.deficit("secret", True) + self.deficit("secret", False)
        weights = [1.0 + (3.0 * secret_need if w in SECRET_WRITERS else 0.0) for w in WRITERS]
        return self.forge.rng.choices(WRITERS, weights)[0]


class Sheet:
    """One file being written: its lines, and the labels of what was planted where."""

    def __init__(self, builder: Builder, locale: str, index: int) -> None:
        self.builder = builder
        self.forge = builder.forge
        self.rng = builder.forge.rng
        self.locale = locale
        self.lang = LANGUAGE[locale]
        self.index = index
        self.path = ""
        self.lines: list[str] = []
        self.labels: list[Label] = []
        self._keys: dict[str, str] = {}

    def key(self, kind: str) -> str:
        """The field name this file uses for `kind` (one per file, as real files do)."""
        if kind not in self._keys:
            self._keys[kind] = self.forge.key(kind, self.locale)
        return self._keys[kind]

    def name_file(self, *options: str) -> None:
        """Pick the file's path from `options`; `{i}` is the file's number."""
        self.path = self.rng.choice(options).format(i=self.index, loc=self.locale.lower())

    def positive(self, kind: str) -> Plant:
        return self.forge.positive(kind, self.locale)

    def negative(self, kind: str) -> Plant:
        return self.forge.negative(kind, self.locale)

    def negative_like(self, first: Plant) -> Plant:
        """Another look-alike of the same sort as `first`, for a column of them."""
        for _ in range(200):
            plant = self.negative(first.kind)
            if plant.note == first.note and plant.key == first.key:
                return plant
        return first

    def pii_kinds(self, count: int, with_secret: bool = False) -> list[str]:
        kinds = [*LOCALE_KINDS[self.locale], *(["secret"] if with_secret else [])]
        return self._weighted(kinds, count, positive=True)

    def decoy_kinds(self, count: int) -> list[str]:
        return self._weighted([*LOCALE_KINDS[self.locale], "secret"], count, positive=False)

    def _weighted(self, kinds: list[str], count: int, positive: bool) -> list[str]:
        chosen: list[str] = []
        pool = list(kinds)
        while pool and len(chosen) < count:
            weights = [0.05 + self.builder.deficit(kind, positive) for kind in pool]
            kind = self.rng.choices(pool, weights)[0]
            chosen.append(kind)
            pool.remove(kind)
        return chosen

    def person(self) -> str:
        return self.forge.person(self.locale)

    def add(self, text: str, *plants: Plant) -> None:
        """Append `text` (one or more lines) and label each plant where it first appears.

        Plants are found in order, each at or after the line of the one before it.
        """
        chunk = text.split("\n")
        at = 0
        for plant in plants:
            for offset in range(at, len(chunk)):
                column = chunk[offset].find(plant.value)
                if column >= 0:
                    break
            else:
                raise ValueError(f"{self.path}: {plant.value!r} is not in the text written")
            at = offset
            self.labels.append(
                Label(
                    self.path,
                    len(self.lines) + offset + 1,
                    column + 1,
                    plant.kind,
                    plant.value,
                    plant.positive,
                    plant.note,
                )
            )
            self.builder.counts[plant.positive][plant.kind] += 1
        self.lines.extend(chunk)

    def prose(self, plant: Plant) -> str:
        """A sentence in the file's language that mentions the plant."""
        if not plant.positive:
            return plant.phrase.format(v=plant.text)
        table = TEMPLATES.get(self.lang, {})
        options = table.get(plant.kind) or TEMPLATES["en"][plant.kind]
        if plant.needs_label:
            options = [o for o in options if o[1]] or [
                o for o in TEMPLATES["en"][plant.kind] if o[1]
            ]
        template = self.rng.choice(options)[0]
        fake = self.forge.fake(self.locale)
        return template.format(
            v=plant.text,
            name=self.person(),
            company=fake.company(),
            city=fake.city(),
            date=self.moment().date().isoformat(),
            time=self.moment().time().isoformat(timespec="seconds"),
        )

    def moment(self) -> datetime:
        """A time in 2021-2025, from the seed alone (Faker's recent dates follow the clock)."""
        return _EPOCH + timedelta(
            seconds=self.rng.randrange(5 * 365 * 86400),
            microseconds=self.rng.randrange(1000) * 1000,
        )

    def filler(self) -> str:
        """A sentence of invented prose with no values in it."""
        return str(self.forge.fake(self.locale).sentence(nb_words=self.rng.randint(6, 14)))


# Writers -------------------------------------------------------------------------------


def camel(key: str) -> str:
    """`AWS_SECRET_ACCESS_KEY` -> `awsSecretAccessKey`; other keys are kept."""
    if key.isupper() or "_" not in key:
        words = key.lower().split("_") if key.isupper() else [key]
    else:
        words = key.split("_")
    return words[0] + "".join(w[:1].upper() + w[1:] for w in words[1:])


def snake(key: str) -> str:
    return key.lower() if key.isupper() else key


def unique(taken: Iterable[str], name: str) -> str:
    """`name`, or `name_2`, `name_3`... if a field of the record already has it."""
    existing = set(taken)
    candidate, number = name, 2
    while candidate in existing:
        candidate, number = f"{name}_{number}", number + 1
    return candidate


def single_line(plant: Plant) -> bool:
    return "\n" not in plant.text


def write_csv(sheet: Sheet) -> None:
    """A customer export: a column per kind, plus look-alike columns (dates, order ids...)."""
    delimiter = "\t" if sheet.rng.random() < 0.15 else ","
    ext = "tsv" if delimiter == "\t" else "csv"
    sheet.name_file(
        "data/exports/customers_{i}." + ext,
        "reports/monthly/kyc_{i}." + ext,
        "analytics/raw/signups_{i}." + ext,
        "tests/fixtures/customers_{i}." + ext,
        "migrations/data/crm_{loc}_{i}." + ext,
    )
    kinds = sheet.pii_kinds(sheet.rng.randint(2, 4))
    decoys = [sheet.negative(kind) for kind in sheet.decoy_kinds(sheet.rng.randint(1, 2))]
    header: list[str] = []
    for name in ["id", "name", *[sheet.key(kind) for kind in kinds], *[d.key for d in decoys]]:
        header.append(unique(header, name))
    sheet.add(_csv_row(header, delimiter))
    for row in range(sheet.rng.randint(6, 22)):
        plants: list[Plant] = []
        cells = [str(1000 + row), sheet.person()]
        for kind in kinds:
            if sheet.rng.random() < 0.08:
                cells.append("")
                continue
            plant = sheet.positive(kind)
            plants.append(plant)
            cells.append(plant.text)
        for first in decoys:
            plant = first if row == 0 else sheet.negative_like(first)
            if single_line(plant):
                plants.append(plant)
                cells.append(plant.text)
            else:
                cells.append("")
        sheet.add(_csv_row(cells, delimiter), *plants)


def _csv_row(cells: list[str], delimiter: str) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\n").writerow(cells)
    return buffer.getvalue().rstrip("\n")


def write_json(sheet: Sheet) -> None:
    """An API response or fixture: records with camelCase keys, nested contact details."""
    sheet.name_file(
        "fixtures/customers_{i}.json",
        "api/samples/get_customer_{i}.json",
        "web/src/mocks/users_{i}.json",
        "tests/data/orders_{i}.json",
    )
    plants: list[Plant] = []
    meta = [sheet.negative(kind) for kind in sheet.decoy_kinds(2)]
    document: dict[str, object] = {}
    for plant in meta:
        if single_line(plant):
            document[unique(document, camel(plant.key))] = plant.text
            plants.append(plant)
    kinds = sheet.pii_kinds(sheet.rng.randint(2, 4))
    records = []
    for number in range(sheet.rng.randint(2, 6)):
        record: dict[str, object] = {"id": 5000 + number, "fullName": sheet.person()}
        nested: dict[str, object] = {}
        for kind in kinds:
            plant = sheet.positive(kind)
            plants.append(plant)
            nest = kind in ("phone", "iban", "card") and sheet.rng.random() < 0.5
            (nested if nest else record)[camel(sheet.key(kind))] = plant.text
        if nested:
            record["billing"] = nested
        decoy = sheet.negative(sheet.decoy_kinds(1)[0])
        if single_line(decoy):
            record[unique(record, camel(decoy.key))] = decoy.text
            plants.append(decoy)
        records.append(record)
    document["data"] = records
    sheet.add(json.dumps(document, indent=2, ensure_ascii=False), *_in_dump_order(plants, document))


def _in_dump_order(plants: list[Plant], document: object) -> list[Plant]:
    """The plants in the order their texts appear in the dumped document."""
    order: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            for item in node.values():
                walk(item)
        elif isinstance(node, list):
            for item in node:
                walk(item)
        elif isinstance(node, str):
            order.append(node)

    walk(document)
    remaining = list(plants)
    ordered: list[Plant] = []
    for text in order:
        for plant in remaining:
            if text == plant.text or text.startswith(plant.text + "\n"):
                ordered.append(plant)
                remaining.remove(plant)
                break
    return ordered + remaining


def write_credentials_json(sheet: Sheet) -> None:
    """A service's credentials file: keys as JSON strings (private keys with `\\n` escapes)."""
    sheet.name_file(
        "config/credentials_{i}.json",
        "deploy/service-account-{i}.json",
        ".vscode/settings_{i}.json",
    )
    plants: list[Plant] = []
    document: dict[str, object] = {"project": sheet.forge.company_slug(sheet.locale)}
    for _ in range(sheet.rng.randint(2, 4)):
        plant = sheet.positive("secret")
        text = plant.text + ("\n" if "PRIVATE KEY" in plant.text else "")
        document[unique(document, camel(plant.key))] = text
        plants.append(plant)
    for kind in sheet.decoy_kinds(2):
        plant = sheet.negative(kind)
        document[unique(document, camel(plant.key))] = plant.text
        plants.append(plant)
    sheet.add(json.dumps(document, indent=2, ensure_ascii=False), *_in_dump_order(plants, document))


def _yaml_scalar(text: str) -> str:
    plain = all(ch.isalnum() or ch in "@.-_ /:" for ch in text) and not text[:1].isdigit()
    return text if plain and ": " not in text else json.dumps(text, ensure_ascii=False)


def write_yaml(sheet: Sheet) -> None:
    """Application config with credentials, or seed data with customers."""
    if sheet.rng.random() < 0.5:
        sheet.name_file(
            "config/settings_{i}.yaml",
            "deploy/helm/values-{i}.yaml",
            ".github/workflows/deploy_{i}.yml",
            "k8s/secrets-{i}.yaml",
        )
        sheet.add(f"# {sheet.filler()}")
        sheet.add(f"service: {sheet.forge.company_slug(sheet.locale)}")
        sheet.add("settings:")
        used: list[str] = []
        for kind in [*sheet.pii_kinds(sheet.rng.randint(2, 4), with_secret=True), "secret"]:
            plant = sheet.positive(kind)
            name = unique(used, snake(plant.key))
            used.append(name)
            if "\n" in plant.text:
                body = "\n".join("    " + line for line in plant.text.split("\n"))
                sheet.add(f"  {name}: |\n{body}", plant)
            elif kind == "secret":
                sheet.add(f"  {name}: {_yaml_scalar(plant.text)}", plant)
            else:
                sheet.add(f"  # {sheet.prose(plant)}", plant)
        for kind in sheet.decoy_kinds(3):
            plant = sheet.negative(kind)
            if single_line(plant):
                name = unique(used, snake(plant.key))
                used.append(name)
                sheet.add(f"  {name}: {_yaml_scalar(plant.text)}", plant)
        return
    sheet.name_file("db/seeds/customers_{i}.yaml", "fixtures/users_{i}.yml")
    sheet.add("customers:")
    kinds = sheet.pii_kinds(sheet.rng.randint(2, 4))
    for _ in range(sheet.rng.randint(3, 8)):
        sheet.add(f"  - name: {_yaml_scalar(sheet.person())}")
        names = [snake(sheet.key(kind)) for kind in kinds]
        for kind, name in zip(kinds, names, strict=False):
            plant = sheet.positive(kind)
            sheet.add(f"    {name}: {_yaml_scalar(plant.text)}", plant)
        plant = sheet.negative(sheet.decoy_kinds(1)[0])
        if single_line(plant):
            sheet.add(f"    {unique(names, snake(plant.key))}: {_yaml_scalar(plant.text)}", plant)


def write_env(sheet: Sheet) -> None:
    """A dotenv file: credentials, harmless settings and placeholders."""
    sheet.name_file(
        "apps/web_{i}/.env.production", "deploy/{loc}_{i}/.env", "services/api_{i}/.env.local"
    )
    sheet.add(f"# {sheet.filler()}")
    sheet.add(f"APP_NAME={sheet.forge.company_slug(sheet.locale)}")
    plants = [sheet.positive("secret") for _ in range(sheet.rng.randint(2, 5))]
    plants += [sheet.negative(kind) for kind in sheet.decoy_kinds(2)]
    plants += [sheet.negative("secret") for _ in range(sheet.rng.randint(0, 2))]
    if sheet.rng.random() < 0.4:
        plants.append(sheet.positive(sheet.pii_kinds(1)[0]))
    sheet.rng.shuffle(plants)
    for plant in plants:
        key = plant.key.upper()
        if "\n" in plant.text:
            # A key in a dotenv file is one quoted line with backslash-n escapes.
            escaped = plant.text.replace("\n", "\\n")
            sheet.add(f'{key}="{escaped}"', plant)
        elif plant.positive and plant.kind != "secret":
            sheet.add(f"# owner: {sheet.prose(plant)}", plant)
        else:
            sheet.add(f"{key}={plant.text}", plant)
    sheet.add(f"PORT={sheet.rng.choice(['3000', '8000', '8080'])}")


def write_python(sheet: Sheet) -> None:
    """A module with constants, a fixture dict, comments and a test-like function."""
    sheet.name_file(
        "app/services/billing_{i}.py",
        "scripts/backfill_{i}.py",
        "src/shop/notify_{i}.py",
        "tests/test_checkout_{i}.py",
    )
    sheet.add(f'"""{sheet.filler()}"""')
    sheet.add("\nfrom __future__ import annotations\n\nimport os\n")
    for kind in sheet.decoy_kinds(2):
        plant = sheet.negative(kind)
        if single_line(plant):
            sheet.add(f'{plant.key.upper()} = "{plant.text}"', plant)
    for _ in range(sheet.rng.randint(0, 2)):
        plant = sheet.positive("secret")
        if single_line(plant):
            sheet.add(f'{plant.key.upper()} = "{plant.text}"', plant)
        else:
            sheet.add(f'{plant.key.upper()} = """{plant.text}\n"""', plant)
    kinds = sheet.pii_kinds(sheet.rng.randint(2, 4))
    sheet.add("")
    for kind in kinds[:2]:
        plant = sheet.positive(kind)
        sheet.add(f"# {sheet.prose(plant)}", plant)
    sheet.add("SAMPLE_CUSTOMER = {")
    sheet.add(f'    "name": "{sheet.person()}",')
    for kind in kinds:
        plant = sheet.positive(kind)
        sheet.add(f'    "{snake(sheet.key(kind))}": "{plant.text}",', plant)
    sheet.add("}\n")
    sheet.add("\ndef main() -> None:")
    plant = sheet.positive(sheet.rng.choice(kinds))
    sheet.add(f'    """{sheet.prose(plant)}"""', plant)
    sheet.add('    print(os.environ.get("SHOP_ENV", "dev"), SAMPLE_CUSTOMER["name"])')


def write_javascript(sheet: Sheet) -> None:
    """A front-end or Node module: constants, an object literal, comments."""
    ext = sheet.rng.choice(["js", "ts", "jsx", "mjs"])
    sheet.name_file(
        "web/src/lib/checkout_{i}." + ext,
        "frontend/src/api/client_{i}." + ext,
        "scripts/seed_{i}." + ext,
    )
    sheet.add(f"// {sheet.filler()}")
    for kind in sheet.decoy_kinds(2):
        plant = sheet.negative(kind)
        if single_line(plant):
            sheet.add(f'const {camel(plant.key)} = "{plant.text}";', plant)
    if sheet.rng.random() < 0.6:
        plant = sheet.positive("secret")
        if single_line(plant):
            sheet.add(f'const {camel(plant.key)} = "{plant.text}";', plant)
        else:
            sheet.add(f"const {camel(plant.key)} = `{plant.text}`;", plant)
    kinds = sheet.pii_kinds(sheet.rng.randint(2, 4))
    plant = sheet.positive(kinds[0])
    sheet.add(f"/* {sheet.prose(plant)} */", plant)
    sheet.add("export const demoCustomer = {")
    sheet.add(f'  name: "{sheet.person()}",')
    for kind in kinds:
        plant = sheet.positive(kind)
        sheet.add(f"  {camel(sheet.key(kind))}: '{plant.text}',", plant)
    sheet.add("};")
    plant = sheet.positive(sheet.rng.choice(kinds))
    sheet.add(f"// {sheet.prose(plant)}", plant)


def write_markdown(sheet: Sheet) -> None:
    """A support ticket, runbook or incident note: prose, a table, a code block."""
    sheet.name_file(
        "docs/support/ticket-{i}.md",
        "docs/runbooks/refunds-{i}.md",
        "incidents/{i}-postmortem.md",
        "projects/p{i}/README.md",
    )
    sheet.add(f"# {sheet.filler().rstrip('.')}\n")
    for _ in range(sheet.rng.randint(2, 5)):
        sheet.add(sheet.filler())
        kind = sheet.pii_kinds(1)[0]
        plant = sheet.positive(kind)
        sheet.add(sheet.prose(plant), plant)
        decoy = sheet.negative(sheet.decoy_kinds(1)[0])
        if single_line(decoy):
            sheet.add(f"{sheet.filler()} ({sheet.prose(decoy)})", decoy)
        sheet.add("")
    kinds = sheet.pii_kinds(2)
    sheet.add(f"| name | {' | '.join(kinds)} |")
    sheet.add("|" + " --- |" * (len(kinds) + 1))
    for _ in range(sheet.rng.randint(2, 5)):
        plants = [sheet.positive(kind) for kind in kinds]
        cells = " | ".join(p.text for p in plants)
        sheet.add(f"| {sheet.person()} | {cells} |", *plants)
    if sheet.rng.random() < 0.3:
        plant = sheet.positive("secret")
        sheet.add(f"\n```\n{plant.key.upper()}={plant.text}\n```", plant)


def write_log(sheet: Sheet) -> None:
    """Application log lines with request ids, timings and the odd customer detail."""
    sheet.name_file("logs/app-{i}.log", "var/log/worker-{i}.log", "logs/payments/{i}.log")
    for _ in range(sheet.rng.randint(12, 30)):
        stamp = sheet.moment().isoformat(timespec="milliseconds") + "Z"
        head = f"{stamp} {sheet.rng.choice(['INFO', 'INFO', 'WARN', 'DEBUG'])}"
        roll = sheet.rng.random()
        if roll < 0.45:
            plant = sheet.positive(sheet.pii_kinds(1, with_secret=True)[0])
            if not single_line(plant):
                continue
            field_name = camel(plant.key) if plant.kind != "secret" else "auth"
            line = sheet.rng.choice(
                [
                    f"{head} [checkout] {field_name}={plant.text} status=ok",
                    f"{head} [notify] {sheet.prose(plant)}",
                    f'{head} [api] payload={{"{field_name}": "{plant.text}"}}',
                ]
            )
            sheet.add(line, plant)
        elif roll < 0.8:
            plant = sheet.negative(sheet.decoy_kinds(1)[0])
            if not single_line(plant):
                continue
            sheet.add(
                f"{head} [worker] {sheet.prose(plant)} took {sheet.rng.randint(2, 900)}ms", plant
            )
        else:
            sheet.add(f"{head} [http] GET /health 200 {sheet.rng.randint(1, 40)}ms")


def write_sql(sheet: Sheet) -> None:
    """A seed or dump: CREATE TABLE and multi-row INSERTs, one row a line."""
    sheet.name_file("db/seeds/{i}_customers.sql", "backups/dump_{i}.sql", "migrations/{i}_seed.sql")
    kinds = sheet.pii_kinds(sheet.rng.randint(2, 4))
    columns: list[str] = []
    for kind in kinds:
        # SQL identifiers stay ASCII: a column named in Devanagari or kana becomes `kind_no`.
        name = sheet.key(kind)
        columns.append(unique(columns, name if name.isascii() else f"{kind}_no"))
    decoy = sheet.negative(sheet.decoy_kinds(1)[0])
    columns.append(unique(columns, decoy.key))
    sheet.add(f"-- {sheet.filler()}")
    sheet.add(
        "CREATE TABLE customers (id integer PRIMARY KEY, name text, "
        + ", ".join(f"{c} text" for c in columns)
        + ");"
    )
    sheet.add(f"INSERT INTO customers (id, name, {', '.join(columns)}) VALUES")
    rows = sheet.rng.randint(4, 15)
    for row in range(rows):
        plants = [sheet.positive(kind) for kind in kinds]
        other = decoy if row == 0 else sheet.negative_like(decoy)
        if single_line(other):
            plants.append(other)
        values = ", ".join("'" + p.text.replace("'", "''") + "'" for p in plants)
        end = ";" if row == rows - 1 else ","
        name = sheet.person().replace("'", "''")
        sheet.add(f"  ({row + 1}, '{name}', {values}){end}", *plants)


def write_notebook(sheet: Sheet) -> None:
    """A Jupyter notebook whose output printed a few rows of customer data."""
    sheet.name_file("notebooks/churn_{i}.ipynb", "analysis/kyc_review_{i}.ipynb")
    kinds = sheet.pii_kinds(sheet.rng.randint(2, 3))
    plants: list[Plant] = []
    printed = ["   name  " + "  ".join(kinds)]
    for row in range(sheet.rng.randint(3, 8)):
        row_plants = [sheet.positive(kind) for kind in kinds]
        plants += row_plants
        printed.append(f"{row}  {sheet.person()}  " + "  ".join(p.text for p in row_plants))
    decoy = sheet.negative(sheet.decoy_kinds(1)[0])
    source_line = f'df = pd.read_csv("exports/customers.csv")  # {sheet.prose(decoy)}'
    cells = [
        {"cell_type": "markdown", "metadata": {}, "source": [f"## {sheet.filler()}"]},
        {
            "cell_type": "code",
            "execution_count": 1,
            "metadata": {},
            "outputs": [],
            "source": ["import pandas as pd\n", source_line],
        },
        {
            "cell_type": "code",
            "execution_count": 2,
            "metadata": {},
            "outputs": [
                {"name": "stdout", "output_type": "stream", "text": [p + "\n" for p in printed]}
            ],
            "source": ["print(df.head())"],
        },
    ]
    notebook = {
        "cells": cells,
        "metadata": {
            "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"}
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    ordered = [decoy, *plants] if single_line(decoy) else plants
    sheet.add(json.dumps(notebook, indent=1, ensure_ascii=False), *ordered)


def write_mail(sheet: Sheet) -> None:
    """A support mail thread pasted into the repository, with a signature block."""
    sheet.name_file("support/inbox/{i}.txt", "notes/escalation-{i}.txt", "docs/feedback/{i}.eml")
    email = sheet.positive("email")
    name = sheet.person()
    sheet.add(f"From: {name} <{email.text}>", email)
    sheet.add(f"Subject: {sheet.filler().rstrip('.')}\n")
    for _ in range(sheet.rng.randint(2, 4)):
        sheet.add(sheet.filler())
        plant = sheet.positive(sheet.pii_kinds(1)[0])
        sheet.add(sheet.prose(plant), plant)
        decoy = sheet.negative(sheet.decoy_kinds(1)[0])
        if single_line(decoy):
            sheet.add(sheet.prose(decoy), decoy)
    sheet.add("\n--")
    sheet.add(name)
    phone = sheet.positive("phone")
    label = {"de": "Tel.:", "fr": "Tél. :", "ja": "電話:", "hi": "मोबाइल:"}.get(
        sheet.lang, "Phone:"
    )
    sheet.add(f"{label} {phone.text}", phone)


def write_key_file(sheet: Sheet) -> None:
    """A key file: a private key (a leak) or a public key (not one)."""
    sheet.name_file("deploy/keys/server_{i}.pem", "certs/signing_{i}.key", "ops/ssh/deploy_{i}")
    if sheet.rng.random() < 0.6:
        plant = sheet.forge.private_key()
    else:
        plant = sheet.negative("secret")
        while "BEGIN PUBLIC KEY" not in plant.text and "ssh-rsa" not in plant.text:
            plant = sheet.negative("secret")
    sheet.add(plant.text, plant)


WRITERS: tuple[Callable[[Sheet], None], ...] = (
    write_csv,
    write_json,
    write_credentials_json,
    write_yaml,
    write_env,
    write_python,
    write_javascript,
    write_markdown,
    write_log,
    write_sql,
    write_notebook,
    write_mail,
    write_key_file,
)
SECRET_WRITERS = frozenset({write_credentials_json, write_yaml, write_env, write_key_file})


def build_corpus(
    root: Path,
    per_kind: int = DEFAULT_PER_KIND,
    seed: int = DEFAULT_SEED,
    negatives_per_kind: int | None = None,
    max_files: int = 5000,
) -> Corpus:
    """Write files under `root` until every kind has `per_kind` positives (and look-alikes)."""
    builder = Builder(root, seed, per_kind, negatives_per_kind or max(1, per_kind // 2))
    index = 0
    seen: set[str] = set()
    while not builder.done() and index < max_files:
        sheet = Sheet(builder, builder.choose_locale(), index)
        builder.choose_writer()(sheet)
        index += 1
        if not sheet.lines:
            continue
        if sheet.path in seen:
            raise ValueError(f"two files at {sheet.path}")
        seen.add(sheet.path)
        path = root / sheet.path
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(sheet.lines) + "\n", encoding="utf-8")
        builder.corpus.files.append(sheet.path)
        builder.corpus.labels.extend(sheet.labels)
    return builder.corpus


def write_truth(corpus: Corpus, path: Path, settings: dict[str, object]) -> None:
    """The ground truth as JSON: settings, files, positives and negatives."""
    document = {
        "settings": settings,
        "files": corpus.files,
        "positives": [asdict(label) for label in corpus.positives],
        "negatives": [asdict(label) for label in corpus.negatives],
    }
    path.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def read_truth(path: Path, root: Path) -> tuple[Corpus, dict[str, object]]:
    """The corpus and settings recorded by `write_truth`."""
    document = json.loads(path.read_text(encoding="utf-8"))
    labels = [Label(**item) for item in [*document["positives"], *document["negatives"]]]
    return Corpus(root, list(document["files"]), labels), dict(document["settings"])


def corpus_settings(per_kind: int, seed: int) -> dict[str, object]:
    """What a corpus depends on: the settings and this generator's own source."""
    source = hashlib.sha256()
    for module in ("generate.py", "plants.py"):
        source.update((Path(__file__).resolve().parent / module).read_bytes())
    return {"seed": seed, "per_kind": per_kind, "generator": source.hexdigest()[:16]}


def generate(out: Path, per_kind: int, seed: int) -> Corpus:
    """A fresh corpus under `out/corpus`, with `out/truth.json` and a bharosa config."""
    corpus_dir = out / CORPUS_DIR
    if corpus_dir.exists():
        # Only a directory this script made is removed: it holds the truth file beside it.
        if not (out / TRUTH_FILE).exists():
            raise SystemExit(f"{corpus_dir} exists and was not made by this script")
        shutil.rmtree(corpus_dir)
    corpus_dir.mkdir(parents=True)
    corpus = build_corpus(corpus_dir, per_kind=per_kind, seed=seed)
    write_truth(corpus, out / TRUTH_FILE, corpus_settings(per_kind, seed))
    regions = ", ".join(f'"{r}"' for r in PHONE_REGIONS)
    (out / CONFIG_FILE).write_text(
        "# The corpus has national phone numbers of these countries.\n"
        f"phone-regions = [{regions}]\n",
        encoding="utf-8",
    )
    return corpus


def summarize(labels: Iterable[Label]) -> str:
    counts = Counter((label.kind, label.positive) for label in labels)
    return ", ".join(f"{kind} {counts[kind, True]}+/{counts[kind, False]}-" for kind in KINDS)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--per-kind", type=int, default=DEFAULT_PER_KIND)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args()
    corpus = generate(args.out, args.per_kind, args.seed)
    print(f"{len(corpus.files)} files under {args.out / CORPUS_DIR}")
    print(summarize(corpus.labels))


if __name__ == "__main__":
    main()
