"""The Dormand-Prince 5(4) pair shared by the rope's numba integrators (private).

Coefficients of J. R. Dormand and P. J. Prince, "A family of embedded Runge-Kutta formulae",
J. Comput. Appl. Math. 6 (1980) 19-26 (the pair behind scipy's RK45), and the step-size
controller both kernels use. The scalar names serve the unrolled three-state Kolodner kernel;
the arrays serve the loop-based shooting kernel (cases B and D), whose state has 4 or 12
components. Stage 7 is f at the new point (first same as last), so the last row of ``A``
equals ``B``.
"""

import numpy as np

_C2, _C3, _C4, _C5 = 1.0 / 5.0, 3.0 / 10.0, 4.0 / 5.0, 8.0 / 9.0
_A21 = 1.0 / 5.0
_A31, _A32 = 3.0 / 40.0, 9.0 / 40.0
_A41, _A42, _A43 = 44.0 / 45.0, -56.0 / 15.0, 32.0 / 9.0
_A51, _A52, _A53, _A54 = 19372.0 / 6561.0, -25360.0 / 2187.0, 64448.0 / 6561.0, -212.0 / 729.0
_A61, _A62, _A63, _A64, _A65 = (9017.0 / 3168.0, -355.0 / 33.0, 46732.0 / 5247.0, 49.0 / 176.0,
                                -5103.0 / 18656.0)
_B1, _B3, _B4, _B5, _B6 = 35.0 / 384.0, 500.0 / 1113.0, 125.0 / 192.0, -2187.0 / 6784.0, 11.0 / 84.0
# Fifth- minus fourth-order weights: the local error estimate.
_E1, _E3, _E4, _E5, _E6, _E7 = (71.0 / 57600.0, -71.0 / 16695.0, 71.0 / 1920.0,
                                -17253.0 / 339200.0, 22.0 / 525.0, -1.0 / 40.0)

# Step-size control: h_new = h * clip(SAFETY * err^(-1/5), MIN_FACTOR, MAX_FACTOR).
_SAFETY = 0.9
_MIN_FACTOR = 0.2
_MAX_FACTOR = 5.0

C = np.array([0.0, _C2, _C3, _C4, _C5, 1.0, 1.0])
B = np.array([_B1, 0.0, _B3, _B4, _B5, _B6, 0.0])
A = np.array([
    [0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
    [_A21, 0.0, 0.0, 0.0, 0.0, 0.0],
    [_A31, _A32, 0.0, 0.0, 0.0, 0.0],
    [_A41, _A42, _A43, 0.0, 0.0, 0.0],
    [_A51, _A52, _A53, _A54, 0.0, 0.0],
    [_A61, _A62, _A63, _A64, _A65, 0.0],
    B[:6],
])
E = np.array([_E1, 0.0, _E3, _E4, _E5, _E6, _E7])
