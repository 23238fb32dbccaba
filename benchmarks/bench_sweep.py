#!/usr/bin/env python3
"""The full bad-value sweep of mathlab's public API (the test suite runs a fixed subset).

Runs every case of ``tests/sweep/harness.py`` (each public function, constructor and method,
one parameter at a time replaced by NaN, inf, 0, negative, tiny, huge, wrong types, empty or
mis-shaped arrays, huge sizes) in worker processes with a per-case time budget, and prints per
function how many cases passed (a ValueError naming the parameter, or a finite valid result)
and which failed and how. Cases listed in ``tests/sweep/known_failures.py`` are expected to
fail; the exit status is 1 when a case fails that is not listed, or a listed case passes
(remove it from the list).

Usage: python benchmarks/bench_sweep.py [--workers N] [--budget SECONDS] [--only PREFIX]
                                        [--write-known] [--markdown FILE]

--write-known rewrites tests/sweep/known_failures.py from this run's failures (review the diff:
an entry is a bug to fix, not a permission); --markdown writes the failures grouped by function.
"""

from __future__ import annotations

import argparse
import collections
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.sweep import harness  # noqa: E402
from tests.sweep.known_failures import KNOWN_FAILURES  # noqa: E402

KNOWN_PATH = ROOT / "tests" / "sweep" / "known_failures.py"

_HEADER = '''"""Sweep cases that fail today, grouped by function, with the outcome observed.

Each entry is a bug: the case should raise a ValueError naming the parameter or return a
finite valid result. The sweep marks these cases xfail(strict=True): once a case is fixed the
test reports XPASS as a failure, and the entry must be deleted. Regenerate with
``python benchmarks/bench_sweep.py --write-known`` and review the diff.
"""

KNOWN_FAILURES = {
'''


def _short(outcome: dict) -> str:
    text = f"{outcome['kind']}: {outcome.get('detail', '')}".strip()
    return text if len(text) <= 110 else text[:107] + "..."


def write_known(failures: dict[str, dict]) -> None:
    lines = [_HEADER]
    by_target = collections.defaultdict(list)
    for case_id in failures:
        by_target[harness.function_of(case_id)].append(case_id)
    order = {name: i for i, name in enumerate(harness.TARGETS)}
    for target in sorted(by_target, key=lambda t: order.get(t, len(order))):
        lines.append(f"    # {target}\n")
        for case_id in by_target[target]:
            lines.append(f"    {case_id!r}:\n        {_short(failures[case_id])!r},\n")
    lines.append("}\n")
    KNOWN_PATH.write_text("".join(lines))


def markdown(failures: dict[str, dict], results: dict[str, dict], seconds: float) -> str:
    by_target = collections.defaultdict(list)
    for case_id, outcome in failures.items():
        by_target[harness.function_of(case_id)].append((case_id, outcome))
    kinds = collections.Counter(o["kind"] for o in failures.values())
    out = ["# Bad-value sweep: cases that fail today\n",
           f"{len(results)} cases, {len(failures)} failures "
           f"({', '.join(f'{k} {v}' for k, v in kinds.most_common())}); {seconds:.0f} s.\n",
           "A case passes when the call raises ValueError naming the parameter, or returns a "
           "finite result passing the target's check, within the time budget. Reproduce one "
           "case with `python benchmarks/bench_sweep.py --only 'ID'`; the list lives in "
           "tests/sweep/known_failures.py (xfail strict: delete an entry when it is fixed).\n"]
    for target in harness.TARGETS:
        if target not in by_target:
            continue
        cases = by_target[target]
        out.append(f"\n## {target} ({len(cases)})\n")
        for case_id, outcome in cases:
            out.append(f"- `{case_id}`: {_short(outcome)}\n")
    return "".join(out)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--budget", type=float, default=harness.BUDGET)
    parser.add_argument("--only", default="", help="run only case ids starting with this")
    parser.add_argument("--write-known", action="store_true")
    parser.add_argument("--markdown", metavar="FILE")
    parser.add_argument("--verbose", action="store_true", help="print every failure as found")
    args = parser.parse_args(argv)

    cases = [c for c in harness.all_cases() if c.id.startswith(args.only)]
    print(f"{len(cases)} cases on {args.workers} workers, budget {args.budget:g} s per case "
          "(timings on a shared machine are noisy)")

    def progress(case, outcome, done):
        if args.verbose and outcome["kind"] not in harness.GOOD:
            print(f"  {case.id}: {_short(outcome)}", flush=True)

    start = time.perf_counter()
    results = harness.run_cases(cases, workers=args.workers, budget=args.budget,
                                progress=progress)
    seconds = time.perf_counter() - start
    failures = {c.id: results[c.id] for c in cases if results[c.id]["kind"] not in harness.GOOD}

    print(f"\n{'function':<36} {'cases':>5} {'pass':>5} {'fail':>5}  failures by kind")
    for target in harness.TARGETS:
        ids = [c.id for c in cases if c.target == target]
        if not ids:
            continue
        bad = collections.Counter(results[i]["kind"] for i in ids if i in failures)
        print(f"{target:<36} {len(ids):>5} {len(ids) - sum(bad.values()):>5} "
              f"{sum(bad.values()):>5}  {', '.join(f'{k} {v}' for k, v in bad.most_common())}")
    print(f"\n{len(cases)} cases, {len(failures)} failures, {seconds:.1f} s")

    new = sorted(set(failures) - set(KNOWN_FAILURES))
    fixed = sorted(i for i in KNOWN_FAILURES if i in results and i not in failures)
    for case_id in new:
        print(f"NEW FAILURE {case_id}: {_short(failures[case_id])}")
    for case_id in fixed:
        print(f"FIXED (remove from known_failures.py) {case_id}")
    if args.write_known:
        if args.only:
            parser.error("--write-known needs the full run (no --only)")
        write_known(failures)
        print(f"wrote {KNOWN_PATH}")
    if args.markdown:
        Path(args.markdown).write_text(markdown(failures, results, seconds))
        print(f"wrote {args.markdown}")
    return 1 if (new or fixed) and not args.write_known else 0


if __name__ == "__main__":
    sys.exit(main())
