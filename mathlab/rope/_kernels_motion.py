"""numba time stepper for the chain of rigid links (private).

The rope is ``n = links + 1`` point masses joined by massless rigid links of length ``l``,
written in the frame turning with the ends at angular velocity ``omega`` about the z axis.
Dimensionless units: lengths in L, time in 1/omega_ref, masses in rho L (see
:mod:`mathlab.rope.motion`). With ``d_k = q_{k+1} - q_k`` and ``tau_k`` the tension of link k
divided by its length, node i (inverse mass ``w_i``, 0 for a driven end, which stays put in the
turning frame) accelerates as

    a_i = f_i + w_i (tau_i d_i - tau_{i-1} d_{i-1}),
    f_i = g(t) + omega^2 (q_x, q_y, 0) + 2 omega (u_y, -u_x, 0) + w_i F_i,

(gravity, centrifugal, Coriolis, and the drag F_i on the node's share of its links). The
tensions follow from the links' length constraints differentiated twice, with Baumgarte's
stabilisation C'' + 2 kappa C' + kappa^2 C = 0 of C_k = (|d_k|^2 - l^2) / 2, which is a
symmetric positive definite tridiagonal system

    (w_k + w_{k+1}) |d_k|^2 tau_k - w_{k+1} (d_k . d_{k+1}) tau_{k+1}
        - w_k (d_k . d_{k-1}) tau_{k-1}
        = d_k . (f_{k+1} - f_k) + |u_{k+1} - u_k|^2 + 2 kappa d_k . (u_{k+1} - u_k)
          + kappa^2 (|d_k|^2 - l^2) / 2,

solved in O(n) (Thomas' algorithm; diagonally dominant, so no pivoting). On the constraint
manifold the stabilisation terms vanish and the motion is exactly that of the rigid chain.

Drag acts on each link at its midpoint, on the velocity w normal to the link relative to the
air (still in the laboratory, or turning with the frame): F = -l (c |w_n| + b) w_n, half to each
end node. The reference implementation is :func:`mathlab.rope._chain.rhs` (numpy), used with
``scipy.integrate.solve_ivp`` in the tests and the benchmark.

The integrator is Dormand-Prince 5(4) with the controller of the other rope kernels, first
same as last, landing exactly on the output times. Status codes: 0 ok, 2 step limit reached,
3 step size underflow or a non-finite state.

``params`` = (omega, gx, gy, gz, rotating gravity (0/1), c, b, still air (0/1), kappa, l).
"""

from __future__ import annotations

import math

import numpy as np
from numba import njit

from ._dormand_prince import (_A21, _A31, _A32, _A41, _A42, _A43, _A51, _A52, _A53, _A54,
                              _A61, _A62, _A63, _A64, _A65, _B1, _B3, _B4, _B5, _B6, _C2, _C3,
                              _C4, _C5, _E1, _E3, _E4, _E5, _E6, _E7, _MAX_FACTOR, _MIN_FACTOR,
                              _SAFETY)


@njit(cache=True, inline="always")
def _gravity(t, params):
    """Gravity in the turning frame at time t: fixed, or turning backwards at omega."""
    if params[4] != 0.0:
        c = math.cos(params[0] * t)
        s = math.sin(params[0] * t)
        # Lab gravity is fixed; seen from the frame turning at omega it turns the other way.
        return (c * params[1] + s * params[2], -s * params[1] + c * params[2], params[3])
    return params[1], params[2], params[3]


@njit(cache=True)
def rhs(t, y, inv_mass, params, dy, tau, work):
    """dy/dt for the state y = (q, u) flattened; ``tau`` receives tension / length per link.

    ``work`` is scratch space from :func:`workspace`.
    """
    n = inv_mass.shape[0]
    m = n - 1
    omega = params[0]
    c_drag = params[5]
    b_drag = params[6]
    still = params[7] != 0.0
    kappa = params[8]
    link = params[9]
    off = 3 * n
    gx, gy, gz = _gravity(t, params)
    d = work[0:3 * m]
    f = work[3 * m:3 * m + 3 * n]
    cp = work[3 * m + 3 * n:4 * m + 3 * n]
    sup = work[4 * m + 3 * n:5 * m + 3 * n]
    w2 = omega * omega
    two_w = 2.0 * omega
    for i in range(n):
        if inv_mass[i] == 0.0:
            f[3 * i] = 0.0
            f[3 * i + 1] = 0.0
            f[3 * i + 2] = 0.0
        else:
            f[3 * i] = gx + w2 * y[3 * i] + two_w * y[off + 3 * i + 1]
            f[3 * i + 1] = gy + w2 * y[3 * i + 1] - two_w * y[off + 3 * i]
            f[3 * i + 2] = gz
    for k in range(m):
        j = 3 * k
        d[j] = y[j + 3] - y[j]
        d[j + 1] = y[j + 4] - y[j + 1]
        d[j + 2] = y[j + 5] - y[j + 2]
    if c_drag != 0.0 or b_drag != 0.0:
        for k in range(m):
            j = 3 * k
            wx = 0.5 * (y[off + j] + y[off + j + 3])
            wy = 0.5 * (y[off + j + 1] + y[off + j + 4])
            wz = 0.5 * (y[off + j + 2] + y[off + j + 5])
            if still:
                # the air is still in the lab: relative velocity u + Omega x q at the midpoint
                wx -= omega * 0.5 * (y[j + 1] + y[j + 4])
                wy += omega * 0.5 * (y[j] + y[j + 3])
            dd = math.sqrt(d[j] * d[j] + d[j + 1] * d[j + 1] + d[j + 2] * d[j + 2])
            ex, ey, ez = d[j] / dd, d[j + 1] / dd, d[j + 2] / dd
            along = wx * ex + wy * ey + wz * ez
            nx, ny, nz = wx - along * ex, wy - along * ey, wz - along * ez
            coef = -0.5 * link * (c_drag * math.sqrt(nx * nx + ny * ny + nz * nz) + b_drag)
            wa = inv_mass[k] * coef
            wb = inv_mass[k + 1] * coef
            f[j] += wa * nx
            f[j + 1] += wa * ny
            f[j + 2] += wa * nz
            f[j + 3] += wb * nx
            f[j + 4] += wb * ny
            f[j + 5] += wb * nz
    # Assemble the tridiagonal system and run the forward sweep of Thomas' algorithm.
    k2 = 0.5 * kappa * kappa
    l2 = link * link
    two_k = 2.0 * kappa
    prev_sup = 0.0
    prev_cp = 0.0
    prev_x = 0.0
    for k in range(m):
        j = 3 * k
        dx, dyy, dz = d[j], d[j + 1], d[j + 2]
        ux = y[off + j + 3] - y[off + j]
        uy = y[off + j + 4] - y[off + j + 1]
        uz = y[off + j + 5] - y[off + j + 2]
        dd2 = dx * dx + dyy * dyy + dz * dz
        wb = inv_mass[k + 1]
        diag = (inv_mass[k] + wb) * dd2
        if k + 1 < m:
            s_k = -wb * (dx * d[j + 3] + dyy * d[j + 4] + dz * d[j + 5])
        else:
            s_k = 0.0
        b = (dx * (f[j + 3] - f[j]) + dyy * (f[j + 4] - f[j + 1]) + dz * (f[j + 5] - f[j + 2])
             + ux * (ux + two_k * dx) + uy * (uy + two_k * dyy) + uz * (uz + two_k * dz)
             + k2 * (dd2 - l2))
        den = diag - prev_sup * prev_cp
        prev_cp = s_k / den
        prev_x = (b - prev_sup * prev_x) / den
        cp[k] = prev_cp
        tau[k] = prev_x
        sup[k] = s_k
        prev_sup = s_k
    for k in range(m - 2, -1, -1):
        tau[k] -= cp[k] * tau[k + 1]
    for i in range(n):
        j = 3 * i
        dy[j] = y[off + j]
        dy[j + 1] = y[off + j + 1]
        dy[j + 2] = y[off + j + 2]
        wi = inv_mass[i]
        if wi == 0.0:
            dy[off + j] = 0.0
            dy[off + j + 1] = 0.0
            dy[off + j + 2] = 0.0
            continue
        ax, ay, az = f[j], f[j + 1], f[j + 2]
        if i < m:
            ti = wi * tau[i]
            ax += ti * d[j]
            ay += ti * d[j + 1]
            az += ti * d[j + 2]
        if i > 0:
            ti = wi * tau[i - 1]
            ax -= ti * d[j - 3]
            ay -= ti * d[j - 2]
            az -= ti * d[j - 1]
        dy[off + j] = ax
        dy[off + j + 1] = ay
        dy[off + j + 2] = az


def workspace(links):
    """Scratch space for :func:`rhs`."""
    return np.zeros(5 * links + 3 * (links + 1))


@njit(cache=True)
def _stage(y, hh, k1, c1, k2, c2, k3, c3, k4, c4, k5, c5, k6, c6, out, count):
    """out = y + hh * (c1 k1 + ... ) with the first ``count`` terms (contiguous loops)."""
    ny = y.shape[0]
    if count == 1:
        for j in range(ny):
            out[j] = y[j] + hh * (c1 * k1[j])
    elif count == 2:
        for j in range(ny):
            out[j] = y[j] + hh * (c1 * k1[j] + c2 * k2[j])
    elif count == 3:
        for j in range(ny):
            out[j] = y[j] + hh * (c1 * k1[j] + c2 * k2[j] + c3 * k3[j])
    elif count == 4:
        for j in range(ny):
            out[j] = y[j] + hh * (c1 * k1[j] + c2 * k2[j] + c3 * k3[j] + c4 * k4[j])
    elif count == 5:
        for j in range(ny):
            out[j] = y[j] + hh * (c1 * k1[j] + c2 * k2[j] + c3 * k3[j] + c4 * k4[j]
                                  + c5 * k5[j])
    else:
        for j in range(ny):
            out[j] = y[j] + hh * (c1 * k1[j] + c2 * k2[j] + c3 * k3[j] + c4 * k4[j]
                                  + c5 * k5[j] + c6 * k6[j])


@njit(cache=True)
def integrate(y0, grid, inv_mass, params, rtol, atol, max_steps, h0):
    """Integrate from grid[0] through every grid point.

    Returns ``(states, tau, status, steps, rejected)``: the state and tension / length of each
    link at every grid point (up to the failure if status != 0).
    """
    ny = y0.shape[0]
    n = inv_mass.shape[0]
    m = n - 1
    npts = grid.shape[0]
    out = np.empty((npts, ny))
    taus = np.empty((npts, m))
    work = np.zeros(5 * m + 3 * n)
    k1 = np.empty(ny)
    k2 = np.empty(ny)
    k3 = np.empty(ny)
    k4 = np.empty(ny)
    k5 = np.empty(ny)
    k6 = np.empty(ny)
    k7 = np.empty(ny)
    tau = np.empty(m)
    ytmp = np.empty(ny)
    y = y0.copy()
    t = grid[0]
    rhs(t, y, inv_mass, params, k1, tau, work)
    out[0, :] = y
    taus[0, :] = tau
    h = h0
    steps = 0
    rejected = 0
    for i in range(1, npts):
        target = grid[i]
        while t < target:
            if steps + rejected >= max_steps:
                return out[:i], taus[:i], 2, steps, rejected
            last = False
            if t + h >= target:
                hh = target - t
                last = True
            else:
                hh = h
            _stage(y, hh, k1, _A21, k1, 0.0, k1, 0.0, k1, 0.0, k1, 0.0, k1, 0.0, ytmp, 1)
            rhs(t + _C2 * hh, ytmp, inv_mass, params, k2, tau, work)
            _stage(y, hh, k1, _A31, k2, _A32, k1, 0.0, k1, 0.0, k1, 0.0, k1, 0.0, ytmp, 2)
            rhs(t + _C3 * hh, ytmp, inv_mass, params, k3, tau, work)
            _stage(y, hh, k1, _A41, k2, _A42, k3, _A43, k1, 0.0, k1, 0.0, k1, 0.0, ytmp, 3)
            rhs(t + _C4 * hh, ytmp, inv_mass, params, k4, tau, work)
            _stage(y, hh, k1, _A51, k2, _A52, k3, _A53, k4, _A54, k1, 0.0, k1, 0.0, ytmp, 4)
            rhs(t + _C5 * hh, ytmp, inv_mass, params, k5, tau, work)
            _stage(y, hh, k1, _A61, k2, _A62, k3, _A63, k4, _A64, k5, _A65, k1, 0.0, ytmp, 5)
            rhs(t + hh, ytmp, inv_mass, params, k6, tau, work)
            _stage(y, hh, k1, _B1, k3, _B3, k4, _B4, k5, _B5, k6, _B6, k1, 0.0, ytmp, 5)
            rhs(t + hh, ytmp, inv_mass, params, k7, tau, work)
            err = 0.0
            for j in range(ny):
                e = hh * (_E1 * k1[j] + _E3 * k3[j] + _E4 * k4[j] + _E5 * k5[j]
                          + _E6 * k6[j] + _E7 * k7[j])
                scale = atol + rtol * max(abs(y[j]), abs(ytmp[j]))
                err += (e / scale) ** 2
            err = math.sqrt(err / ny)
            if not (err <= 1.0):
                rejected += 1
                factor = (_MIN_FACTOR if not math.isfinite(err)
                          else max(_MIN_FACTOR, _SAFETY * err ** -0.2))
                h = hh * factor
                if not h > 1e-14 * max(1.0, abs(t)):
                    return out[:i], taus[:i], 3, steps, rejected
                continue
            steps += 1
            t = target if last else t + hh
            # First same as last: the seventh stage is f at the new point.
            for j in range(ny):
                y[j] = ytmp[j]
                k1[j] = k7[j]
            factor = _MAX_FACTOR if err == 0.0 else min(_MAX_FACTOR, _SAFETY * err ** -0.2)
            if not last or factor < 1.0:
                h = hh * factor
        out[i, :] = y
        rhs(t, y, inv_mass, params, k7, tau, work)
        taus[i, :] = tau
    return out, taus, 0, steps, rejected
