"""Sweep cases that fail today, grouped by function, with the outcome observed.

Each entry is a bug: the case should raise a ValueError naming the parameter or return a
finite valid result. The sweep marks these cases xfail(strict=True): once a case is fixed the
test reports XPASS as a failure, and the entry must be deleted. Regenerate with
``python benchmarks/bench_sweep.py --write-known`` and review the diff.
"""

KNOWN_FAILURES: dict[str, str] = {}
