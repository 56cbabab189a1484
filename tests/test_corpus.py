"""A thousand generated files: every planted customer email found where it is, no decoy."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import run_cli
from tests.corpus import STAFF_DOMAIN, build_corpus


def test_every_planted_email_is_found_and_no_decoy(tmp_path: Path) -> None:
    corpus = build_corpus(tmp_path / "corpus", files=1000)
    (corpus.root / ".bharosa.toml").write_text(f'[allow]\ndomains = ["{STAFF_DOMAIN}"]\n')
    assert len(corpus.planted) > 1000
    assert corpus.decoys
    out = tmp_path / "report.json"
    result = run_cli(
        ["scan", str(corpus.root), "--format", "json", "-o", str(out), "--show-values"]
    )
    assert result.code == 1
    report = json.loads(out.read_text())
    other_kinds = {f["kind"] for f in report["findings"]} - {"email"}
    # Faker's prose, IPs and dates around the addresses are no other kind of personal data.
    assert not other_kinds & {"phone", "card", "iban", "ssn", "aadhaar"}, other_kinds
    # Header-only CSVs give notes (a schema, no values): not findings of planted values.
    values = [f for f in report["findings"] if f["kind"] == "email" and f["severity"] != "note"]
    found = {(f["path"], f["line"], f["value"]) for f in values}
    missed = corpus.planted - found
    extra = found - corpus.planted
    assert not missed, sorted(missed)[:5]
    assert not extra, sorted(extra)[:5]
    assert report["summary"]["files"] == 1002
    assert report["summary"]["suppressed_by_config"] > 0
