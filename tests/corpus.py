"""A seeded generator of a tree of files with planted, invented customer emails.

Every planted customer address is recorded with its path and line; decoys (reserved
domains, no-reply and bot addresses, the company's own staff domain) are planted too and
must never be reported.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from faker import Faker

STAFF_DOMAIN = "leakyshop.in"
_TLDS = ("com", "in", "co.in", "co.uk", "de", "fr", "io", "net", "org", "com.au", "jp")


@dataclass
class Corpus:
    """What was planted where."""

    root: Path
    planted: set[tuple[str, int, str]] = field(default_factory=set)
    decoys: set[str] = field(default_factory=set)


class _Planter:
    def __init__(self, seed: int) -> None:
        self.fake = Faker(["en_US", "en_IN", "de_DE", "fr_FR"])
        self.fake.seed_instance(seed)
        self.random = random.Random(seed)

    def customer_email(self) -> str:
        company = _ascii(self.fake.unique.company())
        slug = "".join(ch if ch.isalnum() else "-" for ch in company)
        slug = "-".join(part for part in slug.split("-") if part)[:40].strip("-") or "acme"
        first = "".join(ch for ch in _ascii(self.fake.first_name()) if ch.isalnum()) or "anu"
        last = "".join(ch for ch in _ascii(self.fake.last_name()) if ch.isalnum()) or "rao"
        local = self.random.choice(
            [f"{first}.{last}", f"{first}{self.random.randint(1, 99)}", f"{first[0]}.{last}"]
        )
        return f"{local}@{slug}.{self.random.choice(_TLDS)}"

    def decoy(self) -> str:
        name = self.fake.user_name().lower()
        return self.random.choice(
            [
                f"{name}@example.com",
                f"{name}@mail.example.org",
                f"{name}@shop.test",
                f"{name}@host.invalid",
                f"{name}@dev.localhost",
                "noreply@" + self.fake.domain_name(),
                "no-reply@notifications." + self.fake.domain_name(),
                f"{self.random.randint(10_000, 99_999)}+{name}@users.noreply.github.com",
                f"{name}@{STAFF_DOMAIN}",
                f"{name}@support.{STAFF_DOMAIN}",
            ]
        )


def _ascii(text: str) -> str:
    return text.lower().encode("ascii", "ignore").decode()


def _python(p: _Planter, emails: list[str], decoys: list[str]) -> list[str]:
    lines = ['"""Module generated for the corpus."""', "", "import os", ""]
    for email in emails:
        lines.append(f"CONTACT_{len(lines)} = {email!r}  # owner")
    for decoy in decoys:
        lines.append(f"# example: {decoy}")
    lines += ["", "def main() -> None:", "    print(os.getcwd())", ""]
    return lines


def _javascript(p: _Planter, emails: list[str], decoys: list[str]) -> list[str]:
    lines = ["// generated", "export const users = ["]
    lines += [f"  {{ id: {i}, mail: '{e}' }}," for i, e in enumerate(emails)]
    lines += ["];", *[f"/* sample: <{d}> */" for d in decoys]]
    return lines


def _csv(p: _Planter, emails: list[str], decoys: list[str]) -> list[str]:
    rows = ["id,name,email,city"]
    everything = emails + decoys
    p.random.shuffle(everything)
    for i, email in enumerate(everything):
        rows.append(f'{i},"{p.fake.name()}",{email},{p.fake.city().replace(",", " ")}')
    return rows


def _json(p: _Planter, emails: list[str], decoys: list[str]) -> list[str]:
    records = [
        {"id": i, "email": e, "note": p.fake.sentence()} for i, e in enumerate(emails + decoys)
    ]
    return json.dumps(records, indent=2, ensure_ascii=False).splitlines()


def _yaml(p: _Planter, emails: list[str], decoys: list[str]) -> list[str]:
    lines = ["customers:"]
    for email in emails + decoys:
        lines += [f"  - name: {p.fake.name()}", f"    email: {email}"]
    return lines


def _markdown(p: _Planter, emails: list[str], decoys: list[str]) -> list[str]:
    lines = [f"# {p.fake.catch_phrase()}", ""]
    for email in emails + decoys:
        lines += [p.fake.paragraph(), "", f"Write to [{email}](mailto:{email}) for details.", ""]
    return lines


def _log(p: _Planter, emails: list[str], decoys: list[str]) -> list[str]:
    lines = []
    for email in emails + decoys:
        stamp = p.fake.date_time_this_decade().isoformat()
        lines.append(f"{stamp} INFO user={email} action=login ip={p.fake.ipv4()}")
        lines.append(f"{stamp} DEBUG cache hit ratio={p.random.random():.3f}")
    return lines


_WRITERS: dict[str, Callable[[_Planter, list[str], list[str]], list[str]]] = {
    "py": _python,
    "js": _javascript,
    "csv": _csv,
    "json": _json,
    "yaml": _yaml,
    "md": _markdown,
    "log": _log,
}


def build_corpus(root: Path, files: int = 1000, seed: int = 20261124) -> Corpus:
    """Write `files` files under `root` (plus one UTF-16 file) and record what is where."""
    planter = _Planter(seed)
    corpus = Corpus(root)
    kinds = sorted(_WRITERS)
    for index in range(files):
        kind = kinds[index % len(kinds)]
        emails = [planter.customer_email() for _ in range(planter.random.randint(0, 3))]
        decoys = [planter.decoy() for _ in range(planter.random.randint(0, 3))]
        path = f"dir{index % 17:02d}/sub{index % 5}/file{index:04d}.{kind}"
        lines = _WRITERS[kind](planter, emails, decoys)
        _write(corpus, path, lines, emails, decoys, "utf-8")
    emails = [planter.customer_email() for _ in range(3)]
    _write(
        corpus,
        "windows/contacts-utf16.txt",
        [f"Kontakt: {e}" for e in emails],
        emails,
        [],
        "utf-16",
    )
    return corpus


def _write(
    corpus: Corpus, path: str, lines: list[str], emails: list[str], decoys: list[str], encoding: str
) -> None:
    target = corpus.root / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(("\n".join(lines) + "\n").encode(encoding))
    for number, line in enumerate(lines, start=1):
        for email in emails:
            if email in line:
                corpus.planted.add((path, number, email))
    corpus.decoys.update(decoys)
