"""Reference values from the O(n^2) numba pass, shared by the tests of the fast algorithms."""

from mathlab.hsic import _pairs
from mathlab.hsic.statistics import n_blocks


def centred_square_sum_by_pairs(pair, sums):
    """sum_{i != j} (Kc_ij Lc_ij)^2 by the serial pass over the pairs (the gamma test's)."""
    a, cx, b, cy, degree, coef0, shift_x, shift_y = pair.pass_args
    rk, rl = sums.rows_k + sums.diag_k, sums.rows_l + sums.diag_l
    n = pair.n
    return 2.0 * _pairs.centred_square_sum_serial(a, cx, b, cy, degree, coef0, shift_x,
                                                  shift_y, rk / n, rl / n, rk.sum() / n**2,
                                                  rl.sum() / n**2, n_blocks(n)).sum()
