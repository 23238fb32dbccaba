"""Kernels, Gram matrices and input preparation: conventions of spec section 2, errors of issue 4."""

import numpy as np
import pytest
from scipy.spatial.distance import cdist

from mathlab.hsic import gram
from mathlab.hsic.kernels import encode_labels, prepare_samples


X = np.array([[0.0, 0.0], [3.0, 4.0], [1.0, 0.0]])


def test_gaussian_and_laplace_conventions():
    d = cdist(X, X)
    assert np.allclose(gram(X, "gaussian", sigma=2.0), np.exp(-d**2 / 8.0), rtol=1e-15)
    assert np.allclose(gram(X, "laplace", sigma=2.0), np.exp(-d / 2.0), rtol=1e-15)
    # default bandwidth: median of the pairwise distances {5, 1, sqrt(20)} = sqrt(20)
    assert gram(X)[0, 1] == pytest.approx(np.exp(-25.0 / 40.0), rel=1e-14)


def test_linear_polynomial_distance_delta_by_hand():
    assert gram(X, "linear")[1, 2] == 3.0
    assert gram(X, "polynomial", degree=3, coef0=2.0)[1, 1] == (25.0 + 2.0) ** 3
    # distance-induced kernel with x0 = 0: (|x| + |x'| - |x - x'|)/2
    assert gram(X, "distance")[1, 2] == pytest.approx((5.0 + 1.0 - np.sqrt(20.0)) / 2, rel=1e-15)
    labels = ["a", ("t", 1), "a", 3]
    k = gram(labels, "delta")
    assert k.tolist() == [[1, 0, 1, 0], [0, 1, 0, 0], [1, 0, 1, 0], [0, 0, 0, 1]]


def test_callable_kernel_is_used_as_given():
    k = gram(X, lambda a, b: (a @ b.T) ** 2)
    assert np.array_equal(k, (X @ X.T) ** 2)


@pytest.mark.parametrize("call, match", [
    (lambda: gram(X, "rbf"), "kernel must be one of"),
    (lambda: gram(X, "linear", sigma=1.0), "sigma is only used by the gaussian"),
    (lambda: gram(X, "gaussian", degree=2), "only used by the polynomial"),
    (lambda: gram(X, "gaussian", sigma=-1.0), "sigma must be > 0"),
    (lambda: gram(X, "polynomial", degree=0), "degree must be an integer >= 1"),
    (lambda: gram(X, "polynomial", gamma=1.0), "unknown keyword"),
    (lambda: gram(np.ones(5)), "constant"),
    (lambda: gram(X, lambda a, b: np.ones((2, 2))), "must return an array of shape"),
    (lambda: gram([1.0, float("nan"), 2.0], "delta"), "NaN is not a valid category"),
    (lambda: gram([[1.0], [np.inf]], "linear"), "finite"),
])
def test_bad_input_names_the_problem(call, match):
    with pytest.raises(ValueError, match=match):
        call()


def test_prepare_samples_contract():
    a, b = prepare_samples([1, 2, 3], np.ones((3, 2)), min_samples=3)
    assert a.shape == (3, 1) and b.shape == (3, 2) and a.dtype == np.float64
    with pytest.raises(ValueError, match="same number of samples; got 3 and 2"):
        prepare_samples([1, 2, 3], [1, 2], min_samples=2)
    with pytest.raises(ValueError, match="at least 4 samples"):
        prepare_samples([1, 2, 3], [1, 2, 3], min_samples=4)
    with pytest.raises(ValueError, match="y must contain only finite"):
        prepare_samples([1, 2, 3], [1, np.nan, 3], min_samples=2)


def test_encode_labels_rows_and_order():
    codes = encode_labels("y", np.array([[1, 2], [3, 4], [1, 2]]))
    assert codes.ravel().tolist() == [0.0, 1.0, 0.0]
    with pytest.raises(ValueError, match="hashable"):
        encode_labels("y", [{1}, {2}])
