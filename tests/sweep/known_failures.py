"""Sweep cases that fail today, grouped by function, with the outcome observed.

Each entry is a bug: the case should raise a ValueError naming the parameter or return a
finite valid result. The sweep marks these cases xfail(strict=True): once a case is fixed the
test reports XPASS as a failure, and the entry must be deleted. Regenerate with
``python benchmarks/bench_sweep.py --write-known`` and review the diff.
"""

KNOWN_FAILURES = {
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
    'rope.simulate_rope[linear_drag=1e300]':
        'unnamed-error: RopeMotionError: simulate_rope: the time stepper step size underflow (the state became non-f...',
    # rope.periodic_skipping_rope
    'rope.periodic_skipping_rope[omega=5e-324]':
        'wrong-exception: ZeroDivisionError: float division by zero',
    'rope.periodic_skipping_rope[omega=1e-300]':
        'wrong-exception: ZeroDivisionError: float division by zero',
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
    # hsic.dhsic_test
    'hsic.dhsic_test[sigma=5e-324]':
        'wrong-exception: RuntimeWarning: divide by zero encountered in divide',
    'hsic.dhsic_test[sigma=1e-300]':
        'wrong-exception: RuntimeWarning: divide by zero encountered in divide',
    # hsic.dhsic_test[polynomial]
    'hsic.dhsic_test[polynomial][coef0=1e300]':
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
    'hsic.kci_test[sigma_y=1e-300]':
        'wrong-exception: RuntimeWarning: divide by zero encountered in divide',
    'hsic.kci_test[sigma_y=1e300]':
        'unnamed-error: ValueError: the gamma approximation is degenerate (null mean 0, variance 0): a variable is c...',
    'hsic.kci_test[sigma_z=5e-324]':
        'wrong-exception: RuntimeWarning: divide by zero encountered in divide',
    'hsic.kci_test[sigma_z=1e-300]':
        'wrong-exception: RuntimeWarning: divide by zero encountered in divide',
    'hsic.kci_test[z_weight=1e300]':
        'unnamed-error: ValueError: the Gram matrix of x is not finite (inf): the kernel values overflow; rescale th...',
}
