"""Detection quality of bharosa on the labeled corpus, beside detect-secrets and Presidio.

Generates the corpus (generate.py; reused when its settings match), scans it with bharosa
(`--show-values`, read from the pipe, never written down), detect-secrets (its Python
API, default plugins and filters) and Presidio's analyzer (pattern and checksum
recognizers), and prints per kind: precision, recall, F1, TP/FP/FN and how many labeled
look-alikes each tool reported. A detection counts when its path, line and kind match a
planted value and the values overlap.

    pip install -r bench/quality/requirements.txt && python bench/quality/run.py
"""

from __future__ import annotations

import argparse
import bisect
import json
import subprocess
import sys
import time
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from generate import (
    CONFIG_FILE,
    CORPUS_DIR,
    DEFAULT_OUT,
    DEFAULT_PER_KIND,
    DEFAULT_SEED,
    TRUTH_FILE,
    Corpus,
    Label,
    corpus_settings,
    generate,
    read_truth,
    summarize,
)
from plants import KINDS, PHONE_REGIONS, VALIDATED_KINDS

# Targets of the evaluation, for the kinds with a checksum or registry to validate against.
RECALL_TARGET, PRECISION_TARGET, LOOKALIKE_TARGET = 0.98, 0.97, 0.01
# Presidio entity types and the kinds they stand for.
PRESIDIO_KINDS = {
    "EMAIL_ADDRESS": "email",
    "PHONE_NUMBER": "phone",
    "CREDIT_CARD": "card",
    "IBAN_CODE": "iban",
    "US_SSN": "ssn",
    "IN_AADHAAR": "aadhaar",
    "IN_PAN": "pan",
    "IN_GSTIN": "gstin",
    "UK_NINO": "nino",
}
# Presidio reports a score per result; these are the thresholds it is scored at.
PRESIDIO_THRESHOLDS = tuple(round(0.1 * step, 1) for step in range(10))
# The spaCy component that stands in for a lemmatizer when no trained model is installed.
_LOWER_LEMMA = "bench_lower_case_lemma"


@dataclass(frozen=True, slots=True)
class Detection:
    """One value a tool reported: where, as what, and how sure it was."""

    path: str
    line: int
    kind: str
    value: str
    score: float = 1.0


@dataclass
class KindScore:
    """Counts for one kind: planted positives found, false alarms, look-alikes reported."""

    kind: str
    positives: int = 0
    found: int = 0
    detections: int = 0
    false_alarms: int = 0
    lookalikes: int = 0
    lookalikes_reported: int = 0
    missed: list[Label] = field(default_factory=list)
    false: list[Detection] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return (self.detections - self.false_alarms) / self.detections if self.detections else 0.0

    @property
    def recall(self) -> float:
        return self.found / self.positives if self.positives else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def lookalike_rate(self) -> float:
        return self.lookalikes_reported / self.lookalikes if self.lookalikes else 0.0


def fold(text: str) -> str:
    """Letters and digits only, case-folded, digits of every script read as ASCII."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(
        str(unicodedata.digit(ch)) if ch.isdigit() else ch.casefold() for ch in text if ch.isalnum()
    )


def overlaps(label: str, found: str, min_share: float) -> bool:
    """One value contains the other, and the shorter is at least `min_share` of the longer."""
    a, b = fold(label), fold(found)
    short, long = sorted((a, b), key=len)
    return len(short) >= 4 and short in long and len(short) >= min_share * len(long)


def matches(label: Label, detection: Detection) -> bool:
    # A private key is labeled by its header line; tools report the block or the header.
    return overlaps(label.value, detection.value, 0.0 if label.kind == "secret" else 0.5)


def score(
    corpus: Corpus, detections: Iterable[Detection], kinds: Sequence[str]
) -> dict[str, KindScore]:
    """Per-kind counts of `detections` against the corpus's labels, for `kinds` only."""
    scores = {kind: KindScore(kind) for kind in kinds}
    positives_at: dict[tuple[str, int, str], list[Label]] = defaultdict(list)
    lookalikes_at: dict[tuple[str, int], list[Label]] = defaultdict(list)
    for label in corpus.labels:
        if label.kind not in scores:
            continue
        if label.positive:
            positives_at[label.path, label.line, label.kind].append(label)
            scores[label.kind].positives += 1
        else:
            lookalikes_at[label.path, label.line].append(label)
            scores[label.kind].lookalikes += 1
    found: set[Label] = set()
    reported: set[Label] = set()
    seen: set[tuple[str, int, str, str]] = set()
    for detection in detections:
        key = (detection.path, detection.line, detection.kind, fold(detection.value))
        if detection.kind not in scores or key in seen:
            continue
        seen.add(key)
        kind_score = scores[detection.kind]
        kind_score.detections += 1
        hits = [
            label
            for label in positives_at.get((detection.path, detection.line, detection.kind), [])
            if matches(label, detection)
        ]
        found.update(hits)
        if not hits:
            kind_score.false_alarms += 1
            kind_score.false.append(detection)
        for label in lookalikes_at.get((detection.path, detection.line), []):
            if overlaps(label.value, detection.value, 0.0):
                reported.add(label)
    for label in corpus.labels:
        if label.kind not in scores:
            continue
        if label.positive and label in found:
            scores[label.kind].found += 1
        elif label.positive:
            scores[label.kind].missed.append(label)
        elif label in reported:
            scores[label.kind].lookalikes_reported += 1
    return scores


def total(scores: dict[str, KindScore]) -> KindScore:
    """All kinds added up (micro-averaged)."""
    overall = KindScore("overall")
    for kind_score in scores.values():
        overall.positives += kind_score.positives
        overall.found += kind_score.found
        overall.detections += kind_score.detections
        overall.false_alarms += kind_score.false_alarms
        overall.lookalikes += kind_score.lookalikes
        overall.lookalikes_reported += kind_score.lookalikes_reported
    return overall


def table(scores: dict[str, KindScore]) -> str:
    """The per-kind table with an overall row."""
    header = (
        f"  {'kind':<9}{'positives':>10}{'TP':>7}{'FP':>6}{'FN':>6}"
        f"{'precision':>11}{'recall':>8}{'F1':>8}   look-alikes reported"
    )
    rows = [header]
    for kind_score in [*scores.values(), total(scores)]:
        s = kind_score
        rows.append(
            f"  {s.kind:<9}{s.positives:>10}{s.found:>7}{s.false_alarms:>6}"
            f"{s.positives - s.found:>6}{s.precision:>11.3f}{s.recall:>8.3f}{s.f1:>8.3f}"
            f"   {s.lookalikes_reported:>4}/{s.lookalikes:<5} ({100 * s.lookalike_rate:.1f}%)"
        )
    return "\n".join(rows)


def examples(scores: dict[str, KindScore], count: int) -> str:
    """A few misses and false alarms per kind, for reading why."""
    lines = []
    for s in scores.values():
        for label in s.missed[:count]:
            lines.append(
                f"  missed {s.kind:<8} {label.path}:{label.line} {label.note}: {label.value!r}"
            )
        for found in s.false[:count]:
            lines.append(f"  false  {s.kind:<8} {found.path}:{found.line}: {found.value!r}")
    return "\n".join(lines)


# bharosa --------------------------------------------------------------------------------


def run_bharosa(out: Path, corpus: Corpus) -> tuple[list[Detection], int]:
    """bharosa's findings on the corpus's files, and how many findings name a field only.

    A field-level finding (a schema field with no values, or a field holding only
    placeholders) reports a column, not a value, so it is counted apart. Raw values stay
    in this process's memory.
    """
    # The corpus is git-ignored, so its files are named: a directory scan would list none.
    command = [
        sys.executable,
        "-m",
        "bharosa",
        "scan",
        "--config",
        str(out / CONFIG_FILE),
        "--format",
        "json",
        "--show-values",
        "--no-progress",
        *corpus.files,
    ]
    completed = subprocess.run(
        command, cwd=out / CORPUS_DIR, capture_output=True, text=True, check=False
    )
    if completed.returncode not in (0, 1):
        raise SystemExit(f"bharosa exited with {completed.returncode}: {completed.stderr.strip()}")
    report = json.loads(completed.stdout)
    values, fields = [], 0
    for item in report["findings"]:
        if item["severity"] == "note" or "placeholder-values" in item.get("reasons", []):
            fields += 1
            continue
        values.append(Detection(item["path"], item["line"], item["kind"], item.get("value") or ""))
    return values, fields


def bharosa_version() -> str:
    from importlib.metadata import version

    return version("bharosa")


# detect-secrets -------------------------------------------------------------------------


def run_detect_secrets(root: Path, corpus: Corpus) -> list[Detection] | None:
    """detect-secrets' findings with its default plugins and filters, or None if missing."""
    try:
        from detect_secrets.core.secrets_collection import SecretsCollection
        from detect_secrets.settings import default_settings
    except ImportError:
        return None
    collection = SecretsCollection(root=str(root))
    with default_settings():
        for path in corpus.files:
            collection.scan_file(path)
    return [
        Detection(filename, secret.line_number, "secret", secret.secret_value or "")
        for filename, secret in collection
    ]


# Presidio -------------------------------------------------------------------------------


def build_presidio(regions: Sequence[str]) -> tuple[Any, str]:
    """Presidio's analyzer with the recognizers for our kinds, and how it was set up.

    A trained spaCy pipeline is used when one is installed; otherwise a blank English
    tokenizer whose lemmas are the lower-cased tokens, so context words still count.
    """
    import spacy
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.nlp_engine import SpacyNlpEngine
    from presidio_analyzer.predefined_recognizers import (
        CreditCardRecognizer,
        EmailRecognizer,
        IbanRecognizer,
        InAadhaarRecognizer,
        InGstinRecognizer,
        InPanRecognizer,
        PhoneRecognizer,
        UkNinoRecognizer,
        UsSsnRecognizer,
    )
    from spacy.language import Language
    from spacy.tokens import Doc

    try:
        nlp = spacy.load("en_core_web_sm")
        mode = "pattern and checksum recognizers; spaCy en_core_web_sm for context lemmas"
    except OSError:
        if _LOWER_LEMMA not in Language.factories:

            @Language.component(_LOWER_LEMMA)
            def lower_case_lemma(doc: Doc) -> Doc:
                for token in doc:
                    token.lemma_ = token.lower_
                return doc

        nlp = spacy.blank("en")
        nlp.add_pipe(_LOWER_LEMMA)
        mode = (
            "pattern and checksum recognizers only (no trained spaCy model installed: "
            "blank English tokenizer, lemmas = lower-cased tokens)"
        )

    class PreloadedSpacy(SpacyNlpEngine):
        """Presidio's spaCy engine around a pipeline built here, with no model download."""

        def load(self) -> None:
            self.nlp = {"en": nlp}  # type: ignore[assignment]

    # The email recognizer's public suffix list: the copy shipped with tldextract, offline.
    import tldextract.tldextract

    tldextract.tldextract.TLD_EXTRACTOR = tldextract.tldextract.TLDExtract(
        cache_dir=None, suffix_list_urls=()
    )
    engine = PreloadedSpacy(models=[{"lang_code": "en", "model_name": "preloaded"}])
    engine.load()
    recognizers = [
        EmailRecognizer(),
        PhoneRecognizer(supported_regions=tuple(regions)),
        CreditCardRecognizer(),
        IbanRecognizer(),
        UsSsnRecognizer(),
        InAadhaarRecognizer(),
        InPanRecognizer(),
        InGstinRecognizer(),
        UkNinoRecognizer(),
    ]
    registry = RecognizerRegistry(recognizers=recognizers, supported_languages=["en"])
    analyzer = AnalyzerEngine(registry=registry, nlp_engine=engine, supported_languages=["en"])
    return analyzer, mode


def run_presidio(root: Path, corpus: Corpus) -> tuple[list[Detection], str] | None:
    """Presidio's results on every file (all scores), or None if it is not installed."""
    try:
        analyzer, mode = build_presidio(PHONE_REGIONS)
    except ImportError:
        return None
    detections = []
    for path in corpus.files:
        text = (root / path).read_text(encoding="utf-8")
        starts = [0] + [at + 1 for at, ch in enumerate(text) if ch == "\n"]
        for result in analyzer.analyze(text=text, language="en", entities=list(PRESIDIO_KINDS)):
            detections.append(
                Detection(
                    path,
                    bisect.bisect_right(starts, result.start),
                    PRESIDIO_KINDS[result.entity_type],
                    text[result.start : result.end],
                    float(result.score),
                )
            )
    return detections, mode


def best_thresholds(
    corpus: Corpus, detections: list[Detection], kinds: Sequence[str]
) -> dict[str, tuple[float, float]]:
    """Per kind, the score threshold that gives Presidio its best F1, and that F1."""
    best: dict[str, tuple[float, float]] = {kind: (0.0, -1.0) for kind in kinds}
    for threshold in PRESIDIO_THRESHOLDS:
        kept = [d for d in detections if d.score >= threshold]
        for kind, kind_score in score(corpus, kept, kinds).items():
            if kind_score.f1 > best[kind][1]:
                best[kind] = (threshold, kind_score.f1)
    return best


# Main -----------------------------------------------------------------------------------


def ensure_corpus(out: Path, per_kind: int, seed: int, fresh: bool) -> Corpus:
    """The corpus under `out`, generated again unless one with the same settings is there."""
    truth = out / TRUTH_FILE
    if not fresh and truth.exists() and (out / CORPUS_DIR).is_dir():
        corpus, settings = read_truth(truth, out / CORPUS_DIR)
        if settings == corpus_settings(per_kind, seed):
            return corpus
    return generate(out, per_kind, seed)


def verdict(ours: dict[str, KindScore]) -> list[str]:
    """Which targets bharosa meets, kind by kind."""
    lines = []
    for kind in VALIDATED_KINDS:
        s = ours[kind]
        misses = []
        if s.recall < RECALL_TARGET:
            misses.append(f"recall {s.recall:.3f} < {RECALL_TARGET}")
        if s.precision < PRECISION_TARGET:
            misses.append(f"precision {s.precision:.3f} < {PRECISION_TARGET}")
        lines.append(f"  {kind:<9}{'meets targets' if not misses else '; '.join(misses)}")
    rate = total(ours).lookalike_rate
    status = "meets target" if rate <= LOOKALIKE_TARGET else "misses target"
    lines.append(f"  look-alikes reported: {100 * rate:.2f}% ({status} <= {LOOKALIKE_TARGET:.0%})")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where the corpus is kept")
    parser.add_argument("--per-kind", type=int, default=DEFAULT_PER_KIND)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--fresh", action="store_true", help="generate the corpus again")
    parser.add_argument("--examples", type=int, default=0, help="print N misses per kind")
    parser.add_argument(
        "--skip", action="append", default=[], choices=["detect-secrets", "presidio"]
    )
    args = parser.parse_args()

    started = time.perf_counter()
    corpus = ensure_corpus(args.out, args.per_kind, args.seed, args.fresh)
    root = args.out / CORPUS_DIR
    print(f"corpus: {len(corpus.files)} files under {root} (seed {args.seed})")
    print(f"  planted (positives+/look-alikes-): {summarize(corpus.labels)}")
    print(f"  generated or loaded in {time.perf_counter() - started:.1f} s\n")

    started = time.perf_counter()
    found_by_bharosa, field_findings = run_bharosa(args.out, corpus)
    ours = score(corpus, found_by_bharosa, KINDS)
    print(f"bharosa {bharosa_version()} ({time.perf_counter() - started:.1f} s)")
    print(table(ours))
    print(f"  (and {field_findings} field-level findings: fields with no values or placeholders)")
    print("targets (validated kinds: recall >= 0.98, precision >= 0.97):")
    print("\n".join(verdict(ours)))
    if args.examples:
        print(examples(ours, args.examples))

    print()
    if "detect-secrets" in args.skip:
        print("detect-secrets: skipped")
    else:
        started = time.perf_counter()
        found = run_detect_secrets(root, corpus)
        if found is None:
            print("detect-secrets: not installed")
        else:
            elapsed = time.perf_counter() - started
            print(f"detect-secrets, default plugins and filters ({elapsed:.1f} s)")
            theirs = score(corpus, found, ["secret"])
            print(table(theirs))
            if args.examples:
                print(examples(theirs, args.examples))

    print()
    if "presidio" in args.skip:
        print("Presidio: skipped")
        return
    started = time.perf_counter()
    outcome = run_presidio(root, corpus)
    if outcome is None:
        print("Presidio: not installed (pip install -r bench/quality/requirements.txt)")
        return
    found, mode = outcome
    shared = [kind for kind in KINDS if kind in PRESIDIO_KINDS.values()]
    theirs = score(corpus, found, shared)
    print(f"Presidio analyzer ({time.perf_counter() - started:.1f} s), default score threshold 0")
    print(f"  mode: {mode}; phone regions {', '.join(PHONE_REGIONS)}")
    print(table(theirs))
    if args.examples:
        print(examples(theirs, args.examples))
    best = best_thresholds(corpus, found, shared)
    print("\nF1, bharosa against Presidio (at Presidio's default and at its best score threshold):")
    for kind in shared:
        threshold, best_f1 = best[kind]
        rival = max(theirs[kind].f1, best_f1)
        standing = (
            "ahead" if ours[kind].f1 > rival else "tie" if ours[kind].f1 == rival else "BEHIND"
        )
        print(
            f"  {kind:<9}bharosa {ours[kind].f1:.3f}   Presidio {theirs[kind].f1:.3f}"
            f"   best {best_f1:.3f} at {threshold:.1f}   {standing}"
        )


if __name__ == "__main__":
    main()
