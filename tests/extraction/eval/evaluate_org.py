"""Score the organisations and the money measures ``extract`` finds on ``articles_org/``.

Run: ``.venv/bin/python -m tests.extraction.eval.evaluate_org``

Fifteen invented articles (71-85) about companies, business associations, agencies, development
banks, international bodies and parties, written and annotated in ``gold_org.json`` before the
organisation extractor ever ran on them. Per file the gold lists:

- ``organisations``: what a careful editor would file, each with ``name``, ``kind`` (company,
  business association, government, development, international, party, other), ``country``
  (alpha-2 or null) and ``also`` (other names it goes by: its acronym, its name without a legal
  suffix). Left out on purpose: People's Committees and Councils, Party Committees, provincial
  departments and boards, embassies, the credited news outlet.
- ``money``: each figure as ``[text, measure]`` in text order, a figure with its conversion in
  brackets ("VND 1.2 trillion (US$50 million)") once.

Organisations are scored as sets per article, micro-averaged: a found organisation matches a gold
one when any of its forms (name, short name, aliases) equals any of the gold's (name, ``also``),
folded. Of the matched, the kind and country are reported as accuracies. Money measures are scored
in order: the i-th figure found against the i-th gold figure when their texts agree.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from archive.extraction import extract
from archive.extraction.money import MEASURES
from archive.extraction.organisations import KINDS
from tests.extraction.eval.evaluate import Accuracy, FieldScore, name_key

EVAL_DIR = Path(__file__).resolve().parent
ARTICLES_DIR = EVAL_DIR / "articles_org"
GOLD_PATH = EVAL_DIR / "gold_org.json"
# The gold writes kinds and measures as an editor reads them: the extractor's codes, as labels
# (a kind's label is its code in words; the measures' labels are extraction/money.MEASURES).
KIND_LABELS = {kind: kind.replace("_", " ") for kind in KINDS}
MEASURE_LABELS = MEASURES


def evaluate() -> dict:
    gold_all = json.loads(GOLD_PATH.read_text(encoding="utf-8"))
    score = FieldScore()
    kinds, countries, measures, money_count = Accuracy(), Accuracy(), Accuracy(), FieldScore()
    errors: list[str] = []
    for filename, gold in sorted(gold_all.items()):
        found = extract((ARTICLES_DIR / filename).read_text(encoding="utf-8"))
        unmatched = list(found.organisations)
        for want in gold["organisations"]:
            keys = {name_key(form) for form in (want["name"], *want.get("also", ()))}
            match = next(
                (
                    org
                    for org in unmatched
                    if keys & {name_key(f) for f in (org.name, org.short_name, *org.aliases) if f}
                ),
                None,
            )
            if match is None:
                score.false_negatives += 1
                errors.append(f"{filename:<40} missed    {want['name']}")
                continue
            unmatched.remove(match)
            score.true_positives += 1
            kinds.total += 1
            countries.total += 1
            if KIND_LABELS.get(match.kind) == want["kind"]:
                kinds.correct += 1
            else:
                errors.append(f"{filename:<40} kind      {want['name']}: {match.kind}")
            if match.country == want["country"]:
                countries.correct += 1
            else:
                errors.append(
                    f"{filename:<40} country   {want['name']}: want {want['country']}, "
                    f"got {match.country}"
                )
        for org in unmatched:
            score.false_positives += 1
            errors.append(f"{filename:<40} spurious  {org.name}")
        found_money = [(m.text, getattr(m, "measure", None)) for m in found.money]
        want_money = gold["money"]
        money_count.true_positives += min(len(found_money), len(want_money))
        money_count.false_positives += max(0, len(found_money) - len(want_money))
        money_count.false_negatives += max(0, len(want_money) - len(found_money))
        for (text, measure), (want_text, want_measure) in zip(
            found_money, want_money, strict=False
        ):
            measures.total += 1
            if text == want_text and MEASURE_LABELS.get(measure) == want_measure:
                measures.correct += 1
            else:
                errors.append(
                    f"{filename:<40} measure   want {want_text!r} {want_measure}, "
                    f"got {text!r} {measure}"
                )
        if len(found_money) != len(want_money):
            errors.append(
                f"{filename:<40} figures   want {len(want_money)}, got {len(found_money)}: "
                f"{[t for t, _ in found_money]}"
            )
    return {
        "organisations": score,
        "kind": kinds,
        "country": countries,
        "measure": measures,
        "figures": money_count,
        "errors": errors,
    }


def main() -> int:
    report = evaluate()
    score = report["organisations"]
    print(
        f"organisations  P {score.precision:.3f}  R {score.recall:.3f}  F1 {score.f1:.3f}"
        f"  (TP {score.true_positives}, FP {score.false_positives}, FN {score.false_negatives})"
    )
    for name in ("kind", "country", "measure"):
        accuracy = report[name]
        print(f"{name:<14} {accuracy.rate:.3f}  ({accuracy.correct}/{accuracy.total})")
    figures = report["figures"]
    print(f"figures count  F1 {figures.f1:.3f}")
    print(f"\nerrors ({len(report['errors'])}):")
    for error in report["errors"]:
        print("  " + error)
    return 0


if __name__ == "__main__":
    sys.exit(main())
