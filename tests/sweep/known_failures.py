"""Sweep cases that fail today, grouped by function, with the outcome observed.

Each entry is a bug: the case should raise a ValueError naming the parameter or return a
finite valid result. The sweep marks these cases xfail(strict=True): once a case is fixed the
test reports XPASS as a failure, and the entry must be deleted. Regenerate with
``python benchmarks/bench_sweep.py --write-known`` and review the diff.
"""

KNOWN_FAILURES = {
    # rope.troposkien
    'rope.troposkien[omega=1e300]':
        "wrong-exception: OverflowError: (34, 'Numerical result out of range')",
    # rope.Troposkien.radius_at
    'rope.Troposkien.radius_at[zeta=nan]':
        'bad-result: result = np.float64(nan)',
    'rope.Troposkien.radius_at[zeta=inf]':
        'bad-result: result = np.float64(nan)',
    'rope.Troposkien.radius_at[zeta=-inf]':
        'bad-result: result = np.float64(nan)',
    'rope.Troposkien.radius_at[zeta=-1]':
        'bad-result: radius np.float64(-1.0314094181076832) outside [0, 1.03141]',
    'rope.Troposkien.radius_at[zeta=1e300]':
        'bad-result: radius np.float64(-0.9868767030459982) outside [0, 1.03141]',
    'rope.Troposkien.radius_at[zeta=10**400]':
        'wrong-exception: OverflowError: int too large to convert to float',
    "rope.Troposkien.radius_at[zeta='abc']":
        "unnamed-error: ValueError: could not convert string to float: 'abc'",
    'rope.Troposkien.radius_at[zeta=None]':
        'bad-result: result = np.float64(nan)',
    'rope.Troposkien.radius_at[zeta=1+1j]':
        "wrong-exception: TypeError: float() argument must be a string or a real number, not 'complex'",
    'rope.Troposkien.radius_at[zeta=[1.0, 2.0]]':
        'bad-result: radius array([ 1.03140942e+00, -3.31726569e-16]) outside [0, 1.03141]',
    # rope.Troposkien.arc_length_at
    'rope.Troposkien.arc_length_at[zeta=nan]':
        'bad-result: result = np.float64(nan)',
    'rope.Troposkien.arc_length_at[zeta=inf]':
        'bad-result: result = np.float64(nan)',
    'rope.Troposkien.arc_length_at[zeta=-inf]':
        'bad-result: result = np.float64(nan)',
    'rope.Troposkien.arc_length_at[zeta=-1]':
        'bad-result: arc length np.float64(-1.5000000000000004) outside [0, 3]',
    'rope.Troposkien.arc_length_at[zeta=1e300]':
        'bad-result: arc length np.float64(1.5000000000000007e+300) outside [0, 3]',
    'rope.Troposkien.arc_length_at[zeta=-1e300]':
        'bad-result: arc length np.float64(-1.5000000000000007e+300) outside [0, 3]',
    'rope.Troposkien.arc_length_at[zeta=10**400]':
        'wrong-exception: OverflowError: int too large to convert to float',
    "rope.Troposkien.arc_length_at[zeta='abc']":
        "unnamed-error: ValueError: could not convert string to float: 'abc'",
    'rope.Troposkien.arc_length_at[zeta=None]':
        'bad-result: result = np.float64(nan)',
    'rope.Troposkien.arc_length_at[zeta=1+1j]':
        "wrong-exception: TypeError: float() argument must be a string or a real number, not 'complex'",
    # rope.Troposkien.curve
    'rope.Troposkien.curve[n=2**31]':
        'wrong-exception: MemoryError: Unable to allocate 16.0 GiB for an array with shape (2147483648,) and data ty...',
    'rope.Troposkien.curve[n=10**9]':
        'wrong-exception: MemoryError: Unable to allocate 7.45 GiB for an array with shape (1000000000,) and data ty...',
    'rope.Troposkien.curve[n=2**63]':
        'wrong-exception: IndexError: index -1 is out of bounds for axis 0 with size 0',
    'rope.Troposkien.curve[n=1e300]':
        'unnamed-error: ValueError: Maximum allowed size exceeded',
    # rope.spinning_rope
    'rope.spinning_rope[omega=5e-324]':
        'wrong-exception: ZeroDivisionError: float division by zero',
    'rope.spinning_rope[omega=1e-300]':
        'wrong-exception: ZeroDivisionError: float division by zero',
    'rope.spinning_rope[omega=1e300]':
        "wrong-exception: OverflowError: (34, 'Numerical result out of range')",
    'rope.spinning_rope[n=2**31]':
        'wrong-exception: MemoryError: Unable to allocate 16.0 GiB for an array with shape (2147483648,) and data ty...',
    'rope.spinning_rope[n=10**9]':
        'wrong-exception: MemoryError: Unable to allocate 7.45 GiB for an array with shape (1000000000,) and data ty...',
    'rope.spinning_rope[n=2**63]':
        'wrong-exception: IndexError: index -1 is out of bounds for axis 0 with size 0',
    'rope.spinning_rope[n=1e300]':
        'unnamed-error: ValueError: Maximum allowed size exceeded',
    # rope.skipping_rope
    'rope.skipping_rope[omega=5e-324]':
        'wrong-exception: ZeroDivisionError: float division by zero',
    'rope.skipping_rope[omega=1e-300]':
        'wrong-exception: ZeroDivisionError: float division by zero',
    'rope.skipping_rope[omega=1e300]':
        "wrong-exception: OverflowError: (34, 'Numerical result out of range')",
    'rope.skipping_rope[n=2**31]':
        'wrong-exception: MemoryError: Unable to allocate 16.0 GiB for an array with shape (2147483648,) and data ty...',
    'rope.skipping_rope[n=10**9]':
        'wrong-exception: MemoryError: Unable to allocate 7.45 GiB for an array with shape (1000000000,) and data ty...',
    'rope.skipping_rope[n=2**63]':
        'wrong-exception: IndexError: index -1 is out of bounds for axis 0 with size 0',
    'rope.skipping_rope[n=1e300]':
        'unnamed-error: ValueError: Maximum allowed size exceeded',
    # rope.hanging_modes
    'rope.hanging_modes[omega=1e300]':
        'timeout: no answer within 10 s',
    'rope.hanging_modes[length=1e300]':
        'timeout: no answer within 10 s',
    'rope.hanging_modes[g=5e-324]':
        'timeout: no answer within 10 s',
    'rope.hanging_modes[g=1e-300]':
        'timeout: no answer within 10 s',
    'rope.hanging_modes[samples=2**31]':
        'wrong-exception: MemoryError: Unable to allocate 16.0 GiB for an array with shape (2147483648,) and data ty...',
    'rope.hanging_modes[samples=10**9]':
        'wrong-exception: MemoryError: Unable to allocate 7.45 GiB for an array with shape (1000000000,) and data ty...',
    'rope.hanging_modes[samples=2**63]':
        'wrong-exception: IndexError: index -1 is out of bounds for axis 0 with size 0',
    'rope.hanging_modes[samples=1e300]':
        'unnamed-error: ValueError: Maximum allowed size exceeded',
    # rope.critical_speeds
    'rope.critical_speeds[count=2**31]':
        'wrong-exception: OverflowError: value too large to convert to int',
    'rope.critical_speeds[count=10**9]':
        'wrong-exception: MemoryError: Unable to allocate 7.45 GiB for an array with shape (1000000000,) and data ty...',
    'rope.critical_speeds[count=2**63]':
        'wrong-exception: OverflowError: Python int too large to convert to C long',
    'rope.critical_speeds[count=1e300]':
        'wrong-exception: OverflowError: Python int too large to convert to C long',
    'rope.critical_speeds[length=5e-324]':
        'bad-result: result has 3 non-finite entries',
    # rope.bifurcation_diagram
    'rope.bifurcation_diagram[omega=0-entry]':
        'bad-result: result.free_radius has 1 non-finite entries',
    'rope.bifurcation_diagram[omega=5e-324-entry]':
        'bad-result: result.free_radius has 1 non-finite entries',
    'rope.bifurcation_diagram[omega=1e300-entry]':
        "wrong-exception: OverflowError: (34, 'Numerical result out of range')",
    'rope.bifurcation_diagram[length=5e-324]':
        'bad-result: result.critical_speeds has 1 non-finite entries',
    'rope.bifurcation_diagram[length=1e300]':
        'timeout: no answer within 10 s',
    'rope.bifurcation_diagram[g=5e-324]':
        'timeout: no answer within 10 s',
    'rope.bifurcation_diagram[g=1e-300]':
        'timeout: no answer within 10 s',
    # rope.catenary
    'rope.catenary[length=1e300]':
        'wrong-exception: OverflowError: math range error',
    'rope.catenary[span=5e-324]':
        'wrong-exception: OverflowError: math range error',
    'rope.catenary[span=1e-300]':
        'wrong-exception: OverflowError: math range error',
    'rope.catenary[n=2**31]':
        'wrong-exception: MemoryError: Unable to allocate 16.0 GiB for an array with shape (2147483648,) and data ty...',
    'rope.catenary[n=10**9]':
        'wrong-exception: MemoryError: Unable to allocate 7.45 GiB for an array with shape (1000000000,) and data ty...',
    'rope.catenary[n=2**63]':
        'wrong-exception: IndexError: index -1 is out of bounds for axis 0 with size 0',
    'rope.catenary[n=1e300]':
        'unnamed-error: ValueError: Maximum allowed size exceeded',
    # rope.article_curve
    'rope.article_curve[omega=5e-324]':
        'wrong-exception: RuntimeWarning: divide by zero encountered in scalar divide',
    'rope.article_curve[omega=1e-300]':
        'wrong-exception: RuntimeWarning: divide by zero encountered in scalar divide',
    'rope.article_curve[omega=1e300]':
        'bad-result: result.tension has 500 non-finite entries',
    'rope.article_curve[s_max=1e300]':
        'unnamed-error: ValueError: Maximum allowed size exceeded',
    'rope.article_curve[step=5e-324]':
        'unnamed-error: ValueError: Maximum allowed size exceeded',
    'rope.article_curve[step=1e-300]':
        'unnamed-error: ValueError: Maximum allowed size exceeded',
    # rope.critical_speeds
    'rope.critical_speeds[tip_mass=5e-324]':
        'wrong-exception: RuntimeWarning: invalid value encountered in scalar multiply',
    'rope.critical_speeds[tip_mass=1e-300]':
        'wrong-exception: RuntimeWarning: invalid value encountered in scalar multiply',
    # rope.simulate_rope
    'rope.simulate_rope[omega=5e-324]':
        'wrong-exception: RuntimeWarning: divide by zero encountered in divide',
    'rope.simulate_rope[omega=1e-300]':
        "wrong-exception: OverflowError: (34, 'Numerical result out of range')",
    'rope.simulate_rope[omega=1e300]':
        'unnamed-error: ValueError: t_end must be at most 10000 revolutions (6.28319e-296 s); got 0.2',
    'rope.simulate_rope[drag=1e300]':
        'unnamed-error: RopeMotionError: simulate_rope: the time stepper step size underflow (the state became non-f...',
    'rope.simulate_rope[g=1e300]':
        'unnamed-error: RopeMotionError: simulate_rope: the time stepper step size underflow (the state became non-f...',
    'rope.simulate_rope[linear_drag=1e300]':
        'unnamed-error: RopeMotionError: simulate_rope: the time stepper step size underflow (the state became non-f...',
    # rope.periodic_skipping_rope
    'rope.periodic_skipping_rope[omega=5e-324]':
        'wrong-exception: ZeroDivisionError: float division by zero',
    'rope.periodic_skipping_rope[omega=1e-300]':
        'wrong-exception: ZeroDivisionError: float division by zero',
    'rope.periodic_skipping_rope[omega=1e300]':
        "wrong-exception: OverflowError: (34, 'Numerical result out of range')",
    'rope.periodic_skipping_rope[g=1e300]':
        'wrong-exception: RuntimeWarning: overflow encountered in multiply',
    # hsic.dhsic
    'hsic.dhsic[sigma=5e-324]':
        'wrong-exception: RuntimeWarning: divide by zero encountered in divide',
    'hsic.dhsic[sigma=1e-300]':
        'wrong-exception: RuntimeWarning: divide by zero encountered in divide',
    # hsic.dhsic[polynomial]
    'hsic.dhsic[polynomial][coef0=1e300]':
        'unnamed-error: ValueError: the Gram matrix of variables[0] is not finite (inf): the kernel values overflow;...',
    # hsic.kci_test
    'hsic.kci_test[sigma=5e-324]':
        'wrong-exception: RuntimeWarning: divide by zero encountered in divide',
    'hsic.kci_test[sigma=1e-300]':
        'wrong-exception: RuntimeWarning: divide by zero encountered in divide',
    'hsic.kci_test[sigma=1e300]':
        'unnamed-error: ValueError: the gamma approximation is degenerate (null mean 0, variance 0): a variable is c...',
    'hsic.kci_test[sigma_y=5e-324]':
        'wrong-exception: RuntimeWarning: divide by zero encountered in divide',
    'hsic.kci_test[sigma_y=1e300]':
        'unnamed-error: ValueError: the gamma approximation is degenerate (null mean 0, variance 0): a variable is c...',
    'hsic.kci_test[sigma_y=1e-300]':
        'wrong-exception: RuntimeWarning: divide by zero encountered in divide',
    'hsic.kci_test[sigma_z=5e-324]':
        'wrong-exception: RuntimeWarning: divide by zero encountered in divide',
    'hsic.kci_test[sigma_z=1e-300]':
        'wrong-exception: RuntimeWarning: divide by zero encountered in divide',
    'hsic.kci_test[z_weight=1e300]':
        'unnamed-error: ValueError: the Gram matrix of x is not finite (inf): the kernel values overflow; rescale th...',
}
