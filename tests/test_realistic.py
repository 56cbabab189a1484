"""Files written by hand, as others write them: every value found, nothing else."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import REPO_ROOT, run_cli

REALISTIC = REPO_ROOT / "tests" / "fixtures" / "realistic"

EXPECTED = {
    # A Django fixture: one real-looking customer, one test user on reserved values
    # (its "Test" first name is a placeholder, its last name is still a name).
    ("django_fixture.json", 6, "name"),
    ("django_fixture.json", 7, "name"),
    ("django_fixture.json", 20, "name"),
    ("django_fixture.json", 8, "email"),
    ("django_fixture.json", 9, "phone"),
    ("django_fixture.json", 10, "dob"),
    ("django_fixture.json", 11, "pan"),
    ("django_fixture.json", 23, "dob"),
    # Application logs: a card in a payment line, a phone in an SMS error; not the order id,
    # the IP, the version, the latency or the commit.
    ("checkout.log", 2, "card"),
    ("checkout.log", 4, "phone"),
    # A support ticket export: IBAN, email and Aadhaar typed by customers into free text.
    ("support_tickets.csv", 2, "iban"),
    ("support_tickets.csv", 2, "email"),
    ("support_tickets.csv", 3, "aadhaar"),
    # A notebook whose output printed a dataframe of customers: names, emails, mobiles.
    ("churn.ipynb", 24, "name"),
    ("churn.ipynb", 25, "name"),
    ("churn.ipynb", 26, "name"),
    ("churn.ipynb", 24, "email"),
    ("churn.ipynb", 24, "phone"),
    ("churn.ipynb", 25, "email"),
    ("churn.ipynb", 25, "phone"),
    ("churn.ipynb", 26, "email"),
    ("churn.ipynb", 26, "phone"),
}


def test_hand_written_files(tmp_path: Path) -> None:
    out = tmp_path / "report.json"
    result = run_cli(["scan", str(REALISTIC), "--format", "json", "-o", str(out)])
    assert result.code == 1
    findings = json.loads(out.read_text())["findings"]
    found = {(f["path"], f["line"], f["kind"]) for f in findings}
    assert found == EXPECTED
