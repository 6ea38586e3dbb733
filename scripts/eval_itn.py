#!/usr/bin/env python
"""Exact match of the display text (voc.text.itn) on the hand-written gold forms in tests/data/itn.

PYTHONPATH=$PWD python scripts/eval_itn.py            # every gold file, each scored apart
PYTHONPATH=$PWD python scripts/eval_itn.py --errors   # also print each miss

A space in the gold display column stands for any space: the display text puts a no-break space
inside "200 000", before "₽" and before "%" (docs/itn.md); the comparison folds it to a space.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from voc.text.itn import NBSP, display_text  # noqa: E402

GOLD = ROOT / "tests" / "data" / "itn"


def read_gold(path: Path) -> list[tuple[str, str, str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        language, spoken, display = line.split("\t")
        rows.append((language, spoken, display))
    return rows


def score(rows: list[tuple[str, str, str]], errors: bool) -> tuple[int, int]:
    right = 0
    for language, spoken, expected in rows:
        got = display_text(spoken, language).text.replace(NBSP, " ")
        if got == expected:
            right += 1
        elif errors:
            print(f"  {language} {spoken!r}\n     want {expected!r}\n     got  {got!r}")
    return right, len(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--errors", action="store_true")
    parser.add_argument("files", nargs="*", help="gold files (default: every *.tsv in tests/data/itn)")
    args = parser.parse_args()
    paths = [Path(f) for f in args.files] or sorted(GOLD.glob("*.tsv"))
    for path in paths:
        rows = read_gold(path)
        by_language = {lang: [r for r in rows if r[0] == lang] for lang in sorted({r[0] for r in rows})}
        right, total = score(rows, args.errors)
        parts = "  ".join(f"{lang}={score(sub, False)[0]}/{len(sub)}" for lang, sub in by_language.items())
        print(f"{path.name:<14} forms={total:<4} exact={right / total:.3f}  {parts}")


if __name__ == "__main__":
    main()
