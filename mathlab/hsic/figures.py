"""Figures of mathlab.hsic, registered for scripts/make_figures.py.

Su Jianlin's post "HSIC简介:一个有意思的判断相关性的思路" (2019) argues in formulas only; these
figures illustrate its claims rather than reproduce a plot from it, and show where mathlab
corrects them:

* ``hsic_gallery``: HSIC detects non-linear dependence that Pearson's r misses (the post's main
  point). Unlike the post's wording, HSIC = 0 <=> independence needs a characteristic kernel
  (Gaussian here), and raw HSIC is not comparable across kernels or bandwidths, so the panels
  show normalised HSIC and p-values.
* ``hsic_null``: the gamma, permutation and spectral null distributions of n HSIC_b agree, i.e.
  the tests the post does not discuss are calibrated.
* ``hsic_power``: power against n on a dependence with zero correlation.
* ``hsic_tests_power``: size and power of the tests beyond one pair, which the post does not
  discuss: joint independence of three variables (dHSIC), conditional independence given z
  (KCI, RCIT) and the k-sample test, against the strength of the effect.

The post has no large-n figure either: it stops at the O(n^2) sample estimate tr(KHLH)/n^2.
Two figures show what mathlab adds at scale:

* ``hsic_scale_accuracy``: error of the random-Fourier-feature and Nystrom estimates against
  exact HSIC_b as the number of features grows, for four kinds of dependence (computed here,
  seeded, in a few seconds).
* ``hsic_scale_timing``: wall time against n for exact, dense-numpy, hyppo, RFF, Nystrom and
  block HSIC. Timing is not deterministic, so the figure is drawn from the table that
  ``benchmarks/bench_hsic_scale.py`` measured and committed (benchmarks/results/hsic_scale.csv).
"""

from __future__ import annotations

import csv
import warnings
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from scipy import stats

from .._figures import FigureSpec
from ._null_moments import CalibrationWarning
from .independence import hsic_test
from .statistics import hsic

__all__ = ["FIGURES", "relationships", "summarise", "gallery_figure", "null_figure",
           "power_figure", "tests_power_curves", "tests_power_figure", "AccuracySweep", "TimingTable", "accuracy_sweep", "read_timings",
           "TIMING_CSV"]


# --------------------------------------------------------------------------- exact HSIC

def relationships(n: int = 300, seed: int = 0) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Deterministic samples of classic relationships (all but "linear" have small |r|)."""
    rng = np.random.default_rng(seed)
    u = rng.uniform(-1, 1, n)
    t = rng.uniform(0, 2 * np.pi, n)
    noise = rng.normal(size=(6, n))
    cx, cy = rng.integers(0, 4, n), rng.integers(0, 4, n)
    cy = np.where((cx + cy) % 2 == 0, cy, (cy + 1) % 4)  # checkerboard cells
    sign = rng.choice([-1.0, 1.0], n)
    return {
        "linear": (u, u + 0.4 * noise[0]),
        "parabola": (u, u**2 + 0.08 * noise[1]),
        "circle": (np.cos(t) + 0.05 * noise[2], np.sin(t) + 0.05 * noise[3]),
        "sine": (u, np.sin(4 * np.pi * u) + 0.3 * noise[4]),
        "checkerboard": (cx + rng.uniform(0, 1, n), cy + rng.uniform(0, 1, n)),
        "cross (X)": (u, sign * u + 0.05 * noise[5]),
        "heteroscedastic": (u, np.abs(u) * rng.normal(size=n)),
        "independent": (rng.normal(size=n), rng.normal(size=n)),
    }


def summarise(name: str, x: np.ndarray, y: np.ndarray):
    """Pearson r, distance correlation (from the distance-kernel HSIC), nHSIC and p-value."""
    from .plot import DependenceSummary

    return DependenceSummary(
        name=name, x=x, y=y, pearson=float(stats.pearsonr(x, y).statistic),
        dcor=float(np.sqrt(max(hsic(x, y, kernel="distance", normalize=True), 0.0))),
        hsic_normalized=hsic(x, y, normalize=True), pvalue=hsic_test(x, y).pvalue)


def gallery_figure():
    """Gallery of relationships with r, dCor, normalised HSIC and the gamma-test p-value."""
    from .plot import plot_gallery

    return plot_gallery([summarise(k, *v) for k, v in relationships().items()])


def null_figure(n: int = 100, draws: int = 4000, seed: int = 1):
    """Null distributions of n HSIC_b: permutation and spectral histograms, gamma density."""
    from .plot import plot_null_distributions

    rng = np.random.default_rng(seed)
    x, y = rng.normal(size=n), rng.exponential(size=n)
    gamma = hsic_test(x, y, method="gamma_gretton")
    perm = hsic_test(x, y, method="permutation", n_permutations=draws, random_state=seed)
    spec = hsic_test(x, y, method="spectral", n_permutations=draws, random_state=seed)
    return plot_null_distributions(
        gamma.statistic, {"permutation": perm.null_distribution,
                          "spectral": spec.null_distribution},
        gamma.details["shape"], gamma.details["scale"],
        title=f"independent x ~ N(0,1), y ~ Exp(1), n = {n}\np-values: gamma "
              f"{gamma.pvalue:.2f}, permutation {perm.pvalue:.2f}, spectral {spec.pvalue:.2f}")


def power_curves(ns=(10, 20, 30, 45, 60, 80, 100), reps: int = 200, seed: int = 2):
    """Power at level 0.05 of Pearson, distance correlation and HSIC on y = x^2 + noise."""
    rng = np.random.default_rng(seed)
    powers = {"Pearson r (t-test)": [], "distance correlation (permutation, 199)": [],
              "HSIC, Gaussian kernel (gamma)": []}
    for n in ns:
        hits = np.zeros(3)
        for r in range(reps):
            x = rng.uniform(-1, 1, n)
            y = x**2 + 0.3 * rng.normal(size=n)
            hits[0] += stats.pearsonr(x, y).pvalue <= 0.05
            hits[1] += hsic_test(x, y, kernel="distance", method="permutation",
                                 n_permutations=199, random_state=r).pvalue <= 0.05
            with warnings.catch_warnings():   # n = 10, 20: single points weigh 20% and more
                warnings.simplefilter("ignore", CalibrationWarning)
                hits[2] += hsic_test(x, y).pvalue <= 0.05
        for key, h in zip(powers, hits):
            powers[key].append(h / reps)
    return list(ns), powers, reps


def power_figure():
    """Power against n for Pearson, distance correlation and HSIC."""
    from .plot import plot_power

    ns, powers, reps = power_curves()
    return plot_power(ns, powers, reps=reps,
                      title=r"$y = x^2 + 0.3\,\varepsilon$, $x\sim U(-1, 1)$ (zero correlation)")


def tests_power_curves(n: int = 100, reps: int = 100, seed: int = 3):
    """Rejection rates at level 0.05 of dhsic_test, kci_test and ksample_test against effect size.

    * joint: a, b ~ N(0, 1), c = s sign(ab)|e| + (1 - s) e' (pairwise independent for every s,
      jointly dependent for s > 0); dHSIC with permutation (199) and gamma nulls.
    * conditional: z ~ N(0, 1), x = sin(1.5 z) + 0.4 e1, y = 0.5 z + cos z + 0.4 e2 + s x;
      KCI (gamma) and RCIT.
    * k-sample: three samples of n/2 points, N(0, 1), N(0, 1) and N(0, (1 + s)^2); gamma null.
    """
    from .conditional import kci_test
    from .joint import dhsic_test
    from .ksample import ksample_test

    rng = np.random.default_rng(seed)
    joint_s = (0.0, 0.2, 0.4, 0.6, 0.8)
    cond_s = (0.0, 0.1, 0.2, 0.3, 0.45)
    scale_s = (0.0, 0.15, 0.3, 0.45, 0.6)
    joint = {"dHSIC, permutation (199)": [], "dHSIC, gamma": []}
    cond = {"KCI (gamma)": [], "RCIT": []}
    ks = {"k-sample HSIC (gamma)": []}
    for s in joint_s:
        hits = np.zeros(2)
        for r in range(reps):
            a, b = rng.normal(size=n), rng.normal(size=n)
            c = s * np.sign(a * b) * np.abs(rng.normal(size=n)) + (1 - s) * rng.normal(size=n)
            hits[0] += dhsic_test(a, b, c, n_permutations=199, random_state=r).pvalue <= 0.05
            hits[1] += dhsic_test(a, b, c, method="gamma").pvalue <= 0.05
        for key, h in zip(joint, hits):
            joint[key].append(h / reps)
    for s in cond_s:
        hits = np.zeros(2)
        for r in range(reps):
            z = rng.normal(size=n)
            x = np.sin(1.5 * z) + 0.4 * rng.normal(size=n)
            y = 0.5 * z + np.cos(z) + 0.4 * rng.normal(size=n) + s * x
            hits[0] += kci_test(x, y, z).pvalue <= 0.05
            hits[1] += kci_test(x, y, z, method="rcit", random_state=r).pvalue <= 0.05
        for key, h in zip(cond, hits):
            cond[key].append(h / reps)
    for s in scale_s:
        hits = 0
        for _ in range(reps):
            samples = (rng.normal(size=n // 2), rng.normal(size=n // 2),
                       (1 + s) * rng.normal(size=n // 2))
            hits += ksample_test(*samples).pvalue <= 0.05
        ks["k-sample HSIC (gamma)"].append(hits / reps)
    return [(f"joint independence of (a, b, c), n = {n}", "s (c depends on sign(ab))",
             joint_s, joint),
            (f"x independent of y given z?, n = {n}", "s (y depends on x given z)", cond_s, cond),
            (f"3 samples, n = {n // 2} each", "s (third sample scaled by 1 + s)", scale_s, ks)], reps


def tests_power_figure():
    """Size (effect 0) and power of dHSIC, KCI/RCIT and the k-sample test."""
    from .plot import plot_power_panels

    panels, reps = tests_power_curves()
    return plot_power_panels(panels, reps=reps)


# --------------------------------------------------------------------------- HSIC at scale

TIMING_CSV = Path(__file__).resolve().parents[2] / "benchmarks" / "results" / "hsic_scale.csv"

KINDS = ("linear", "quadratic", "sine", "independent")


@dataclass(frozen=True)
class AccuracySweep:
    """Mean absolute error of feature estimates of HSIC_b, per dependence kind and size.

    Attributes
    ----------
    n, n_seeds : int
        Sample size and number of seeds (features / inducing draws) averaged over.
    kinds : tuple of str
    exact : ndarray, shape (kinds,)
        Exact HSIC_b (mathlab.hsic.hsic, median-heuristic bandwidths).
    rff_features, nystrom_inducing : ndarray
        The sizes swept.
    rff_error, nystrom_error : ndarray, shape (kinds, sizes)
        Mean over seeds of |estimate - exact|.
    """

    n: int
    n_seeds: int
    kinds: tuple[str, ...]
    exact: np.ndarray
    rff_features: np.ndarray
    nystrom_inducing: np.ndarray
    rff_error: np.ndarray
    nystrom_error: np.ndarray


def dependent_pair(kind: str, n: int, rng):
    """Samples (x, y) with a named dependence: linear, quadratic, sine or independent."""
    x = rng.normal(size=n)
    noise = rng.normal(size=n)
    if kind == "linear":
        return x, x + 0.5 * noise
    if kind == "quadratic":
        return x, x ** 2 + 0.3 * noise
    if kind == "sine":
        return x, np.sin(3 * x) + 0.3 * noise
    if kind == "independent":
        return x, noise
    raise ValueError(f"kind must be one of {', '.join(map(repr, KINDS))}; got {kind!r}")


def accuracy_sweep(*, n: int = 300, seeds: int = 8, random_state: int = 2019) -> AccuracySweep:
    """Error of hsic_rff and hsic_nystrom against exact HSIC_b as the features grow."""
    from .bandwidth import median_heuristic
    from .features import hsic_nystrom, hsic_rff

    rff_sizes = np.array([8, 16, 32, 64, 128, 256, 512, 1024, 2048])
    nys_sizes = np.array([2, 4, 8, 16, 32, 64, 128, 256])
    rng = np.random.default_rng(random_state)
    exact = np.empty(len(KINDS))
    rff_err = np.empty((len(KINDS), rff_sizes.size))
    nys_err = np.empty((len(KINDS), nys_sizes.size))
    for k, kind in enumerate(KINDS):
        x, y = dependent_pair(kind, n, rng)
        sx, sy = median_heuristic(x), median_heuristic(y)
        exact[k] = hsic(x, y, sigma=sx, sigma_y=sy)
        for j, d in enumerate(rff_sizes):
            rff_err[k, j] = np.mean([abs(hsic_rff(x, y, n_features=int(d), sigma=sx, sigma_y=sy,
                                                  random_state=s) - exact[k])
                                     for s in range(seeds)])
        for j, m in enumerate(nys_sizes):
            nys_err[k, j] = np.mean([abs(hsic_nystrom(x, y, n_inducing=int(m), sigma=sx,
                                                      sigma_y=sy, random_state=s) - exact[k])
                                     for s in range(seeds)])
    return AccuracySweep(n, seeds, KINDS, exact, rff_sizes, nys_sizes, rff_err, nys_err)


@dataclass(frozen=True)
class TimingTable:
    """A measured timing table (one row per method and n)."""

    method: tuple[str, ...]
    n: tuple[int, ...]
    seconds: tuple[float, ...]
    peak_mb: tuple[float, ...]
    rel_error: tuple[float, ...]

    def methods(self) -> list[str]:
        """Method names in order of first appearance."""
        return list(dict.fromkeys(self.method))

    def series(self, method: str):
        """(n, seconds) arrays of one method, sorted by n."""
        rows = sorted((n, s) for m, n, s in zip(self.method, self.n, self.seconds) if m == method)
        return np.array([r[0] for r in rows], float), np.array([r[1] for r in rows], float)


def read_timings(path=TIMING_CSV) -> TimingTable:
    """Read benchmarks/results/hsic_scale.csv (columns method,n,seconds,peak_mb,rel_error)."""
    path = Path(path)
    try:
        with path.open(newline="") as handle:
            rows = list(csv.DictReader(handle))
    except OSError as exc:
        raise ValueError(f"cannot read the timing table {str(path)!r}: {exc.strerror}; run "
                         "benchmarks/bench_hsic_scale.py to measure it") from exc
    required = {"method", "n", "seconds", "peak_mb", "rel_error"}
    if not rows or not required <= set(rows[0]):
        raise ValueError(f"{str(path)!r} must have the columns {sorted(required)} and rows")
    try:
        return TimingTable(tuple(r["method"] for r in rows), tuple(int(r["n"]) for r in rows),
                           tuple(float(r["seconds"]) for r in rows),
                           tuple(float(r["peak_mb"]) for r in rows),
                           tuple(float(r["rel_error"]) for r in rows))
    except ValueError as exc:
        raise ValueError(f"{str(path)!r} has a malformed row: {exc}") from exc


def _accuracy_figure():
    from .plot import plot_accuracy

    return plot_accuracy(accuracy_sweep())


FAST_CSV = TIMING_CSV.parent / "hsic_fast.csv"
_FAST_SERIES = {  # (method, kernel, dim) of benchmarks/results/hsic_fast.csv -> curve name
    ("gauss_transform 1e-10", "gaussian", "1"): "gauss_transform",
    ("mathlab sorted", "distance", "1"): "sorted",
    ("dcor mergesort", "distance", "1"): "dcor",
}


def read_fast_timings(path=FAST_CSV) -> TimingTable:
    """The curves of benchmarks/results/hsic_fast.csv drawn with the scale timings: the Gauss
    transform (tol 1e-10), the sorted distance-kernel sums and dcor (columns section, method,
    kernel, dim, n, seconds, ...); an empty table when the file is absent."""
    path = Path(path)
    if not path.exists():
        return TimingTable((), (), (), (), ())
    with path.open(newline="") as handle:
        rows = [r for r in csv.DictReader(handle)
                if (r.get("method"), r.get("kernel"), r.get("dim")) in _FAST_SERIES]
    try:
        return TimingTable(tuple(_FAST_SERIES[(r["method"], r["kernel"], r["dim"])]
                                 for r in rows), tuple(int(r["n"]) for r in rows),
                           tuple(float(r["seconds"]) for r in rows),
                           tuple(float("nan") for _ in rows),
                           tuple(float(r["rel_error"] or "nan") for r in rows))
    except ValueError as exc:
        raise ValueError(f"{str(path)!r} has a malformed row: {exc}") from exc


def _timing_figure():
    from .plot import plot_timing

    scale, fast = read_timings(), read_fast_timings()
    return plot_timing(TimingTable(*(a + b for a, b in zip(
        (scale.method, scale.n, scale.seconds, scale.peak_mb, scale.rel_error),
        (fast.method, fast.n, fast.seconds, fast.peak_mb, fast.rel_error)))))


FIGURES = (
    FigureSpec("hsic_gallery", gallery_figure, caption=(
        "Eight relationships with Pearson r, distance correlation, normalised Gaussian-kernel "
        "HSIC and the HSIC gamma-test p-value. HSIC and dCor detect the non-linear ones that r "
        "misses; the post's 'HSIC = 0 iff independent' holds only for characteristic kernels "
        "such as this Gaussian one.")),
    FigureSpec("hsic_null", null_figure, caption=(
        "Null distribution of n HSIC_b for one independent sample: permutation and spectral "
        "histograms against Gretton's gamma approximation. The three agree, so the p-values "
        "the post does not discuss are calibrated.")),
    FigureSpec("hsic_power", power_figure, caption=(
        "Power at level 0.05 against n on y = x^2 + noise, where the correlation is zero: "
        "Pearson's test stays near its level (slightly above: its t-test assumes "
        "independence, not zero correlation), while HSIC and distance correlation gain power "
        "with n.")),
    FigureSpec("hsic_tests_power", tests_power_figure, caption=(
        "Rejection rates at level 0.05 of the tests beyond one pair (100 samples per point): "
        "dHSIC on three variables that are pairwise independent but jointly dependent for "
        "s > 0, KCI and RCIT for dependence of y on x given z (x and y both depend on z), and "
        "the k-sample test on three samples, one scaled. At s = 0 the curves start at or below "
        "the level (KCI and RCIT are conservative at this n). The post treats one pair of "
        "variables only.")),
    FigureSpec(
        name="hsic_scale_accuracy",
        make=_accuracy_figure,
        caption=("Mean absolute error of random-Fourier-feature (left) and Nystrom (right) "
                 "estimates of the biased HSIC against the exact value, n = 300, four kinds of "
                 "dependence, 8 seeds each. RFF error falls like D^(-1/2) (Monte Carlo); "
                 "Nystrom error falls much faster in one dimension (5 to 8 orders of magnitude "
                 "by m = 256), as the Gaussian kernel's spectrum decays quickly. The post has no such figure: it stops at the "
                 "O(n^2) estimate."),
    ),
    FigureSpec(
        name="hsic_scale_timing",
        make=_timing_figure,
        caption=("Wall time against n (log-log) for exact O(n^2) HSIC, a dense numpy "
                 "tr(KHLH), hyppo, and mathlab's linear-time RFF (D = 128), Nystrom (m = 128) "
                 "and block (B = 50) estimates on one-dimensional pairs, measured by "
                 "benchmarks/bench_hsic_scale.py, with the exact fast paths measured by "
                 "benchmarks/bench_hsic_fast.py: the Gaussian-kernel HSIC by the fast Gauss "
                 "transform (tol 1e-10) and the distance-kernel HSIC by sorting, against dcor's "
                 "O(n log n) distance covariance (single thread), on a shared 2-core machine; "
                 "the figure is drawn from the committed tables benchmarks/results/"
                 "hsic_scale.csv and hsic_fast.csv, not timed when figures are made."),
    ),
)
