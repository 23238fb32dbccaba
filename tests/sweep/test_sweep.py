"""Bad and extreme values for every public function: a clear error or a finite valid result.

The cases and the rules are in :mod:`tests.sweep.harness`. The suite runs a fixed subset (two bad
values per parameter, rotated so every bad value of a kind is used somewhere; known hangs are
left to the full run because each costs the whole budget and a worker restart). The full sweep
runs with ``MATHLAB_SWEEP=full`` here, or as ``benchmarks/bench_sweep.py``. Cases in
``known_failures.py`` are expected to fail (strict: a fixed case must leave the list).
"""

import importlib
import inspect
import os

import pytest

from . import harness
from .known_failures import KNOWN_FAILURES

FULL = os.environ.get("MATHLAB_SWEEP") == "full"
TOOLKITS = ("rope", "gluing", "hsic")


def _selected():
    cases = harness.all_cases()
    if FULL:
        return cases
    return harness.subset([c for c in cases
                           if not KNOWN_FAILURES.get(c.id, "").startswith("timeout")])


def _params():
    for case in _selected():
        if case.id in KNOWN_FAILURES:
            yield pytest.param(case.id, id=case.id, marks=pytest.mark.xfail(
                strict=True, reason=f"known failure: {KNOWN_FAILURES[case.id]}"))
        else:
            yield pytest.param(case.id, id=case.id)


@pytest.fixture(scope="module")
def worker():
    w = harness.Worker()
    yield w
    w.stop()


@pytest.mark.parametrize("case_id", list(_params()))
def test_bad_value(worker, case_id):
    outcome = worker.run(harness.parse_case_id(case_id))
    assert outcome["kind"] in harness.GOOD, f"{outcome['kind']}: {outcome.get('detail')}"


def _resolve(dotted: str):
    obj = importlib.import_module(".".join(dotted.split(".")[:2]))
    for part in dotted.split(".")[2:]:
        obj = getattr(obj, part)
    return obj


def test_every_public_name_is_swept_or_exempt():
    swept = {t.function for t in harness.TARGETS.values()}
    missing = [f"mathlab.{toolkit}.{name}" for toolkit in TOOLKITS
               for name in importlib.import_module(f"mathlab.{toolkit}").__all__
               if f"mathlab.{toolkit}.{name}" not in swept | set(harness.EXEMPT)]
    assert not missing, f"public names without a sweep target or an exemption: {missing}"


def test_swept_parameters_cover_each_signature():
    by_function: dict[str, set] = {}
    for target in harness.TARGETS.values():
        by_function.setdefault(target.function, set()).update(target.params)
    problems = []
    for function, swept in by_function.items():
        obj = _resolve(function)
        signature = inspect.signature(obj)
        names = {p.name for p in signature.parameters.values() if p.name not in ("self", "cls")}
        keywords = any(p.kind is p.VAR_KEYWORD for p in signature.parameters.values())
        skipped = set(harness.NOT_SWEPT.get(function, {}))
        if not names <= swept | skipped or not (swept <= names or keywords):
            problems.append(f"{function}: signature {sorted(names)}, swept {sorted(swept)}, "
                            f"not swept {sorted(skipped)}")
    assert not problems, problems


def test_known_failures_name_existing_cases():
    ids = {c.id for c in harness.all_cases()}
    stale = sorted(set(KNOWN_FAILURES) - ids)
    assert not stale, f"entries of known_failures.py that are no longer cases: {stale}"


def test_case_ids_are_unique_and_parse_back():
    cases = harness.all_cases()
    assert len({c.id for c in cases}) == len(cases)
    assert all(harness.parse_case_id(c.id) == c for c in cases)


def test_subset_uses_every_bad_value_of_each_kind():
    used = {(harness.TARGETS[c.target].params[c.param], c.label)
            for c in harness.subset(harness.all_cases())}
    every = {(kind, bad.label) for t in harness.TARGETS.values()
             for kind in set(t.params.values()) for bad in harness.KINDS[kind]}
    assert every - used == set()
