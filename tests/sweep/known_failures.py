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
    # gluing.Ellipse.point
    'gluing.Ellipse.point[s=10**400]':
        'wrong-exception: OverflowError: int too large to convert to float',
    # gluing.Ellipse.h
    'gluing.Ellipse.h[s=10**400]':
        'wrong-exception: OverflowError: int too large to convert to float',
    # gluing.Ellipse.dh
    'gluing.Ellipse.dh[s=10**400]':
        'wrong-exception: OverflowError: int too large to convert to float',
    # gluing.Ellipse.tangent_angle
    'gluing.Ellipse.tangent_angle[s=10**400]':
        'wrong-exception: OverflowError: int too large to convert to float',
    # gluing.Ellipse.complement_angle
    'gluing.Ellipse.complement_angle[s=10**400]':
        'wrong-exception: OverflowError: int too large to convert to float',
    # gluing.Ellipse.boundary_point
    'gluing.Ellipse.boundary_point[sigma=10**400]':
        'wrong-exception: OverflowError: int too large to convert to float',
    # gluing.gluing_margin
    'gluing.gluing_margin[n=2**31]':
        'wrong-exception: MemoryError: Unable to allocate 16.0 GiB for an array with shape (2147483648,) and data ty...',
    'gluing.gluing_margin[n=10**9]':
        'wrong-exception: MemoryError: Unable to allocate 7.45 GiB for an array with shape (1000000000,) and data ty...',
    'gluing.gluing_margin[n=2**63]':
        'wrong-exception: IndexError: index -1 is out of bounds for axis 0 with size 0',
    'gluing.gluing_margin[n=1e300]':
        'unnamed-error: ValueError: Maximum allowed size exceeded',
    # gluing.GluedSolid.seam
    'gluing.GluedSolid.seam[n=2**31]':
        'wrong-exception: MemoryError: Unable to allocate 16.0 GiB for an array with shape (2147483648,) and data ty...',
    'gluing.GluedSolid.seam[n=10**9]':
        'wrong-exception: MemoryError: Unable to allocate 7.45 GiB for an array with shape (1000000000,) and data ty...',
    'gluing.GluedSolid.seam[n=2**63]':
        'wrong-exception: IndexError: index -1 is out of bounds for axis 0 with size 0',
    'gluing.GluedSolid.seam[n=1e300]':
        'unnamed-error: ValueError: Maximum allowed size exceeded',
    # gluing.GluedSolid.mesh
    'gluing.GluedSolid.mesh[n=2**31]':
        'wrong-exception: MemoryError: Unable to allocate 16.0 GiB for an array with shape (2147483648,) and data ty...',
    'gluing.GluedSolid.mesh[n=10**9]':
        'wrong-exception: MemoryError: Unable to allocate 7.45 GiB for an array with shape (1000000000,) and data ty...',
    'gluing.GluedSolid.mesh[n=2**63]':
        'wrong-exception: IndexError: index -1 is out of bounds for axis 0 with size 0',
    'gluing.GluedSolid.mesh[n=1e300]':
        'unnamed-error: ValueError: Maximum allowed size exceeded',
    # gluing.GluedSolid.save_stl
    'gluing.GluedSolid.save_stl[n=2**31]':
        'wrong-exception: MemoryError: Unable to allocate 16.0 GiB for an array with shape (2147483648,) and data ty...',
    'gluing.GluedSolid.save_stl[n=10**9]':
        'wrong-exception: MemoryError: Unable to allocate 7.45 GiB for an array with shape (1000000000,) and data ty...',
    'gluing.GluedSolid.save_stl[n=2**63]':
        'wrong-exception: IndexError: index -1 is out of bounds for axis 0 with size 0',
    'gluing.GluedSolid.save_stl[n=1e300]':
        'unnamed-error: ValueError: Maximum allowed size exceeded',
    # gluing.GluedSolid.save_obj
    'gluing.GluedSolid.save_obj[n=2**31]':
        'wrong-exception: MemoryError: Unable to allocate 16.0 GiB for an array with shape (2147483648,) and data ty...',
    'gluing.GluedSolid.save_obj[n=10**9]':
        'wrong-exception: MemoryError: Unable to allocate 7.45 GiB for an array with shape (1000000000,) and data ty...',
    'gluing.GluedSolid.save_obj[n=2**63]':
        'wrong-exception: IndexError: index -1 is out of bounds for axis 0 with size 0',
    'gluing.GluedSolid.save_obj[n=1e300]':
        'unnamed-error: ValueError: Maximum allowed size exceeded',
    # gluing.GluedSolid.cut_pattern
    "gluing.GluedSolid.cut_pattern[path='']":
        "unnamed-error: ValueError: pattern file must end in .pdf or .svg; got '.'",
    'gluing.GluedSolid.cut_pattern[path=None]':
        'wrong-exception: TypeError: expected str, bytes or os.PathLike object, not NoneType',
    'gluing.GluedSolid.cut_pattern[path=3]':
        'wrong-exception: TypeError: expected str, bytes or os.PathLike object, not int',
    'gluing.GluedSolid.cut_pattern[marks=2**31]':
        'wrong-exception: MemoryError: Unable to allocate 64.0 GiB for an array with shape (8589934592,) and data ty...',
    'gluing.GluedSolid.cut_pattern[marks=10**9]':
        'wrong-exception: MemoryError: Unable to allocate 29.8 GiB for an array with shape (4000000000,) and data ty...',
    'gluing.GluedSolid.cut_pattern[marks=2**63]':
        'unnamed-error: ValueError: Maximum allowed size exceeded',
    'gluing.GluedSolid.cut_pattern[marks=1e300]':
        'unnamed-error: ValueError: Maximum allowed size exceeded',
    'gluing.GluedSolid.cut_pattern[rulings=2**31]':
        'wrong-exception: MemoryError: Unable to allocate 16.0 GiB for an array with shape (2147483649,) and data ty...',
    'gluing.GluedSolid.cut_pattern[rulings=10**9]':
        'wrong-exception: MemoryError: Unable to allocate 7.45 GiB for an array with shape (1000000001,) and data ty...',
    'gluing.GluedSolid.cut_pattern[rulings=2**63]':
        'wrong-exception: IndexError: index -1 is out of bounds for axis 0 with size 0',
    'gluing.GluedSolid.cut_pattern[rulings=1e300]':
        'unnamed-error: ValueError: Maximum allowed size exceeded',
    # hsic.hsic
    'hsic.hsic[x=x*1e300]':
        'wrong-exception: RuntimeWarning: invalid value encountered in divide',
    'hsic.hsic[y=x*1e300]':
        'wrong-exception: RuntimeWarning: invalid value encountered in divide',
    'hsic.hsic[sigma=5e-324]':
        'wrong-exception: RuntimeWarning: overflow encountered in divide',
    'hsic.hsic[sigma=1e-300]':
        'wrong-exception: RuntimeWarning: divide by zero encountered in divide',
    'hsic.hsic[sigma=1e300]':
        "wrong-exception: OverflowError: (34, 'Numerical result out of range')",
    'hsic.hsic[sigma_y=5e-324]':
        'wrong-exception: RuntimeWarning: overflow encountered in divide',
    'hsic.hsic[sigma_y=1e-300]':
        'wrong-exception: RuntimeWarning: divide by zero encountered in divide',
    'hsic.hsic[sigma_y=1e300]':
        "wrong-exception: OverflowError: (34, 'Numerical result out of range')",
    # hsic.hsic[polynomial]
    'hsic.hsic[polynomial][coef0=1e300]':
        'unnamed-error: ValueError: a kernel sum is not finite (inf): the kernel values overflow; rescale the data o...',
    # hsic.hsic_test
    'hsic.hsic_test[x=x*1e300]':
        'wrong-exception: RuntimeWarning: invalid value encountered in divide',
    'hsic.hsic_test[y=x*1e300]':
        'wrong-exception: RuntimeWarning: invalid value encountered in divide',
    'hsic.hsic_test[sigma=5e-324]':
        'wrong-exception: RuntimeWarning: overflow encountered in divide',
    'hsic.hsic_test[sigma=1e-300]':
        'wrong-exception: RuntimeWarning: divide by zero encountered in divide',
    'hsic.hsic_test[sigma=1e300]':
        "wrong-exception: OverflowError: (34, 'Numerical result out of range')",
    'hsic.hsic_test[sigma_y=5e-324]':
        'wrong-exception: RuntimeWarning: overflow encountered in divide',
    'hsic.hsic_test[sigma_y=1e-300]':
        'wrong-exception: RuntimeWarning: divide by zero encountered in divide',
    'hsic.hsic_test[sigma_y=1e300]':
        "wrong-exception: OverflowError: (34, 'Numerical result out of range')",
    # hsic.hsic_test[polynomial]
    'hsic.hsic_test[polynomial][coef0=1e300]':
        'unnamed-error: ValueError: a kernel sum is not finite (inf): the kernel values overflow; rescale the data o...',
    # hsic.hsic_test[permutation]
    'hsic.hsic_test[permutation][x=x*1e300]':
        'wrong-exception: RuntimeWarning: invalid value encountered in divide',
    'hsic.hsic_test[permutation][y=x*1e300]':
        'wrong-exception: RuntimeWarning: invalid value encountered in divide',
    'hsic.hsic_test[permutation][n_permutations=2**31]':
        'wrong-exception: MemoryError: Unable to allocate 16.0 GiB for an array with shape (2147483648,) and data ty...',
    'hsic.hsic_test[permutation][n_permutations=10**9]':
        'wrong-exception: MemoryError: Unable to allocate 7.45 GiB for an array with shape (1000000000,) and data ty...',
    'hsic.hsic_test[permutation][n_permutations=2**63]':
        'unnamed-error: ValueError: Maximum allowed dimension exceeded',
    'hsic.hsic_test[permutation][n_permutations=1e300]':
        'unnamed-error: ValueError: Maximum allowed dimension exceeded',
    # hsic.hsic_test[rff]
    'hsic.hsic_test[rff][x=x*1e300]':
        'unnamed-error: ValueError: sigma must be a finite real number; got inf',
    'hsic.hsic_test[rff][y=x*1e300]':
        'unnamed-error: ValueError: sigma must be a finite real number; got inf',
    'hsic.hsic_test[rff][n_features=2**31]':
        'wrong-exception: MemoryError: Unable to allocate 8.00 GiB for an array with shape (1, 1073741824) and data ...',
    'hsic.hsic_test[rff][n_features=10**9]':
        'wrong-exception: MemoryError: Unable to allocate 3.73 GiB for an array with shape (1, 500000000) and data t...',
    'hsic.hsic_test[rff][n_features=2**63]':
        'unnamed-error: ValueError: array is too big; `arr.size * arr.dtype.itemsize` is larger than the maximum pos...',
    'hsic.hsic_test[rff][n_features=1e300]':
        'unnamed-error: ValueError: Maximum allowed dimension exceeded',
    'hsic.hsic_test[rff][n_permutations=2**31]':
        'timeout: no answer within 10 s',
    'hsic.hsic_test[rff][n_permutations=10**9]':
        'timeout: no answer within 10 s',
    'hsic.hsic_test[rff][n_permutations=2**63]':
        'timeout: no answer within 10 s',
    'hsic.hsic_test[rff][n_permutations=1e300]':
        'timeout: no answer within 10 s',
    # hsic.hsic_test[nystrom]
    'hsic.hsic_test[nystrom][x=x*1e300]':
        'unnamed-error: ValueError: sigma must be a finite real number; got inf',
    'hsic.hsic_test[nystrom][y=x*1e300]':
        'unnamed-error: ValueError: sigma must be a finite real number; got inf',
    # hsic.hsic_test[block]
    'hsic.hsic_test[block][x=x*1e300]':
        'wrong-exception: RuntimeWarning: overflow encountered in matmul',
    'hsic.hsic_test[block][y=x*1e300]':
        'wrong-exception: RuntimeWarning: overflow encountered in matmul',
    # hsic.gram
    'hsic.gram[x=x*1e300]':
        'wrong-exception: RuntimeWarning: invalid value encountered in divide',
    'hsic.gram[sigma=5e-324]':
        'wrong-exception: RuntimeWarning: divide by zero encountered in divide',
    'hsic.gram[sigma=1e-300]':
        'wrong-exception: RuntimeWarning: divide by zero encountered in divide',
    'hsic.gram[sigma=1e300]':
        "wrong-exception: OverflowError: (34, 'Numerical result out of range')",
    # hsic.gram[polynomial]
    'hsic.gram[polynomial][coef0=1e300]':
        'bad-result: result has 1600 non-finite entries',
    # hsic.median_heuristic
    'hsic.median_heuristic[x=x*1e300]':
        'bad-result: result = inf',
    # hsic.hsic_rff
    'hsic.hsic_rff[x=complex]':
        'wrong-exception: ComplexWarning: Casting complex values to real discards the imaginary part',
    'hsic.hsic_rff[x=x*1e300]':
        'unnamed-error: ValueError: sigma must be a finite real number; got inf',
    'hsic.hsic_rff[y=complex]':
        'wrong-exception: ComplexWarning: Casting complex values to real discards the imaginary part',
    'hsic.hsic_rff[y=x*1e300]':
        'unnamed-error: ValueError: sigma must be a finite real number; got inf',
    'hsic.hsic_rff[n_features=2**31]':
        'wrong-exception: MemoryError: Unable to allocate 8.00 GiB for an array with shape (1, 1073741824) and data ...',
    'hsic.hsic_rff[n_features=10**9]':
        'wrong-exception: MemoryError: Unable to allocate 3.73 GiB for an array with shape (1, 500000000) and data t...',
    'hsic.hsic_rff[n_features=2**63]':
        'unnamed-error: ValueError: array is too big; `arr.size * arr.dtype.itemsize` is larger than the maximum pos...',
    'hsic.hsic_rff[n_features=1e300]':
        'unnamed-error: ValueError: Maximum allowed dimension exceeded',
    'hsic.hsic_rff[sigma=5e-324]':
        'wrong-exception: RuntimeWarning: overflow encountered in divide',
    'hsic.hsic_rff[sigma_y=5e-324]':
        'wrong-exception: RuntimeWarning: overflow encountered in divide',
    # hsic.hsic_nystrom
    'hsic.hsic_nystrom[x=complex]':
        'wrong-exception: ComplexWarning: Casting complex values to real discards the imaginary part',
    'hsic.hsic_nystrom[x=x*1e300]':
        'unnamed-error: ValueError: sigma must be a finite real number; got inf',
    'hsic.hsic_nystrom[y=complex]':
        'wrong-exception: ComplexWarning: Casting complex values to real discards the imaginary part',
    'hsic.hsic_nystrom[y=x*1e300]':
        'unnamed-error: ValueError: sigma must be a finite real number; got inf',
    'hsic.hsic_nystrom[sigma=5e-324]':
        'wrong-exception: RuntimeWarning: divide by zero encountered in divide',
    'hsic.hsic_nystrom[sigma=1e-300]':
        'wrong-exception: RuntimeWarning: divide by zero encountered in divide',
    'hsic.hsic_nystrom[sigma_y=5e-324]':
        'wrong-exception: RuntimeWarning: divide by zero encountered in divide',
    'hsic.hsic_nystrom[sigma_y=1e-300]':
        'wrong-exception: RuntimeWarning: divide by zero encountered in divide',
    'hsic.hsic_nystrom[eps=5e-324]':
        'wrong-exception: RuntimeWarning: overflow encountered in square',
    'hsic.hsic_nystrom[eps=1e-300]':
        'wrong-exception: RuntimeWarning: overflow encountered in square',
    # hsic.hsic_block
    'hsic.hsic_block[x=x*1e300]':
        'wrong-exception: RuntimeWarning: overflow encountered in matmul',
    'hsic.hsic_block[y=x*1e300]':
        'wrong-exception: RuntimeWarning: overflow encountered in matmul',
    'hsic.hsic_block[sigma=5e-324]':
        'wrong-exception: RuntimeWarning: divide by zero encountered in divide',
    'hsic.hsic_block[sigma=1e-300]':
        'wrong-exception: RuntimeWarning: divide by zero encountered in divide',
    'hsic.hsic_block[sigma_y=5e-324]':
        'wrong-exception: RuntimeWarning: divide by zero encountered in divide',
    'hsic.hsic_block[sigma_y=1e-300]':
        'wrong-exception: RuntimeWarning: divide by zero encountered in divide',
    # hsic.HSICAccumulator.rff
    'hsic.HSICAccumulator.rff[dim_x=0]':
        'unnamed-error: ValueError: input_dim must be an integer >= 1; got 0',
    'hsic.HSICAccumulator.rff[dim_x=-1]':
        'unnamed-error: ValueError: input_dim must be an integer >= 1; got -1',
    'hsic.HSICAccumulator.rff[dim_x=2.5]':
        'unnamed-error: ValueError: input_dim must be an integer; got 2.5',
    'hsic.HSICAccumulator.rff[dim_x=2**31]':
        'wrong-exception: MemoryError: Unable to allocate 128. GiB for an array with shape (2147483648, 8) and data ...',
    'hsic.HSICAccumulator.rff[dim_x=10**9]':
        'wrong-exception: MemoryError: Unable to allocate 59.6 GiB for an array with shape (1000000000, 8) and data ...',
    'hsic.HSICAccumulator.rff[dim_x=2**63]':
        'unnamed-error: ValueError: Maximum allowed dimension exceeded',
    'hsic.HSICAccumulator.rff[dim_x=1e300]':
        'unnamed-error: ValueError: Maximum allowed dimension exceeded',
    'hsic.HSICAccumulator.rff[dim_x=nan]':
        'unnamed-error: ValueError: input_dim must be an integer; got nan',
    "hsic.HSICAccumulator.rff[dim_x='abc']":
        "unnamed-error: ValueError: input_dim must be an integer; got 'abc'",
    'hsic.HSICAccumulator.rff[dim_x=None]':
        'unnamed-error: ValueError: input_dim must be an integer; got None',
    'hsic.HSICAccumulator.rff[dim_x=1+1j]':
        'unnamed-error: ValueError: input_dim must be an integer; got (1+1j)',
    'hsic.HSICAccumulator.rff[dim_x=True]':
        'unnamed-error: ValueError: input_dim must be an integer; got True',
    'hsic.HSICAccumulator.rff[dim_y=0]':
        'unnamed-error: ValueError: input_dim must be an integer >= 1; got 0',
    'hsic.HSICAccumulator.rff[dim_y=-1]':
        'unnamed-error: ValueError: input_dim must be an integer >= 1; got -1',
    'hsic.HSICAccumulator.rff[dim_y=2.5]':
        'unnamed-error: ValueError: input_dim must be an integer; got 2.5',
    'hsic.HSICAccumulator.rff[dim_y=2**31]':
        'wrong-exception: MemoryError: Unable to allocate 128. GiB for an array with shape (2147483648, 8) and data ...',
    'hsic.HSICAccumulator.rff[dim_y=10**9]':
        'wrong-exception: MemoryError: Unable to allocate 59.6 GiB for an array with shape (1000000000, 8) and data ...',
    'hsic.HSICAccumulator.rff[dim_y=2**63]':
        'unnamed-error: ValueError: Maximum allowed dimension exceeded',
    'hsic.HSICAccumulator.rff[dim_y=1e300]':
        'unnamed-error: ValueError: Maximum allowed dimension exceeded',
    'hsic.HSICAccumulator.rff[dim_y=nan]':
        'unnamed-error: ValueError: input_dim must be an integer; got nan',
    "hsic.HSICAccumulator.rff[dim_y='abc']":
        "unnamed-error: ValueError: input_dim must be an integer; got 'abc'",
    'hsic.HSICAccumulator.rff[dim_y=None]':
        'unnamed-error: ValueError: input_dim must be an integer; got None',
    'hsic.HSICAccumulator.rff[dim_y=1+1j]':
        'unnamed-error: ValueError: input_dim must be an integer; got (1+1j)',
    'hsic.HSICAccumulator.rff[dim_y=True]':
        'unnamed-error: ValueError: input_dim must be an integer; got True',
    'hsic.HSICAccumulator.rff[n_features=2**31]':
        'wrong-exception: MemoryError: Unable to allocate 8.00 GiB for an array with shape (1, 1073741824) and data ...',
    'hsic.HSICAccumulator.rff[n_features=10**9]':
        'wrong-exception: MemoryError: Unable to allocate 3.73 GiB for an array with shape (1, 500000000) and data t...',
    'hsic.HSICAccumulator.rff[n_features=2**63]':
        'unnamed-error: ValueError: array is too big; `arr.size * arr.dtype.itemsize` is larger than the maximum pos...',
    'hsic.HSICAccumulator.rff[n_features=1e300]':
        'unnamed-error: ValueError: Maximum allowed dimension exceeded',
    'hsic.HSICAccumulator.rff[sigma=5e-324]':
        'wrong-exception: RuntimeWarning: overflow encountered in divide',
    'hsic.HSICAccumulator.rff[sigma_y=5e-324]':
        'wrong-exception: RuntimeWarning: overflow encountered in divide',
    # hsic.HSICAccumulator.nystrom
    'hsic.HSICAccumulator.nystrom[inducing_x=[]]':
        'unnamed-error: ValueError: inducing must have at least 1 entries; got 0',
    'hsic.HSICAccumulator.nystrom[inducing_x=nan-entry]':
        'unnamed-error: ValueError: inducing must contain only finite values; found 1 non-finite entries in rows 0.....',
    'hsic.HSICAccumulator.nystrom[inducing_x=inf-entry]':
        'unnamed-error: ValueError: inducing must contain only finite values; found 1 non-finite entries in rows 0.....',
    'hsic.HSICAccumulator.nystrom[inducing_x=complex]':
        'wrong-exception: ComplexWarning: Casting complex values to real discards the imaginary part',
    'hsic.HSICAccumulator.nystrom[inducing_x=3-D]':
        'unnamed-error: ValueError: inducing must be 1- or 2-dimensional; got shape (10, 1, 1)',
    'hsic.HSICAccumulator.nystrom[inducing_x=scalar]':
        'unnamed-error: ValueError: inducing must be 1- or 2-dimensional; got shape ()',
    'hsic.HSICAccumulator.nystrom[inducing_x=strings]':
        'unnamed-error: ValueError: inducing must be an array of real numbers',
    'hsic.HSICAccumulator.nystrom[inducing_x=None]':
        'unnamed-error: ValueError: inducing must be 1- or 2-dimensional; got shape ()',
    'hsic.HSICAccumulator.nystrom[inducing_y=[]]':
        'unnamed-error: ValueError: inducing must have at least 1 entries; got 0',
    'hsic.HSICAccumulator.nystrom[inducing_y=nan-entry]':
        'unnamed-error: ValueError: inducing must contain only finite values; found 1 non-finite entries in rows 0.....',
    'hsic.HSICAccumulator.nystrom[inducing_y=inf-entry]':
        'unnamed-error: ValueError: inducing must contain only finite values; found 1 non-finite entries in rows 0.....',
    'hsic.HSICAccumulator.nystrom[inducing_y=complex]':
        'wrong-exception: ComplexWarning: Casting complex values to real discards the imaginary part',
    'hsic.HSICAccumulator.nystrom[inducing_y=3-D]':
        'unnamed-error: ValueError: inducing must be 1- or 2-dimensional; got shape (10, 1, 1)',
    'hsic.HSICAccumulator.nystrom[inducing_y=scalar]':
        'unnamed-error: ValueError: inducing must be 1- or 2-dimensional; got shape ()',
    'hsic.HSICAccumulator.nystrom[inducing_y=strings]':
        'unnamed-error: ValueError: inducing must be an array of real numbers',
    'hsic.HSICAccumulator.nystrom[inducing_y=None]':
        'unnamed-error: ValueError: inducing must be 1- or 2-dimensional; got shape ()',
    'hsic.HSICAccumulator.nystrom[sigma=5e-324]':
        'wrong-exception: RuntimeWarning: divide by zero encountered in divide',
    'hsic.HSICAccumulator.nystrom[sigma=1e-300]':
        'wrong-exception: RuntimeWarning: divide by zero encountered in divide',
    'hsic.HSICAccumulator.nystrom[sigma_y=5e-324]':
        'wrong-exception: RuntimeWarning: divide by zero encountered in divide',
    'hsic.HSICAccumulator.nystrom[sigma_y=1e-300]':
        'wrong-exception: RuntimeWarning: divide by zero encountered in divide',
    # hsic.HSICAccumulator.update
    'hsic.HSICAccumulator.update[x_chunk=nan-entry]':
        'unnamed-error: ValueError: x must contain only finite values; found 1 non-finite entries in rows 0..39 (fir...',
    'hsic.HSICAccumulator.update[x_chunk=inf-entry]':
        'unnamed-error: ValueError: x must contain only finite values; found 1 non-finite entries in rows 0..39 (fir...',
    'hsic.HSICAccumulator.update[x_chunk=complex]':
        'wrong-exception: ComplexWarning: Casting complex values to real discards the imaginary part',
    'hsic.HSICAccumulator.update[y_chunk=nan-entry]':
        'unnamed-error: ValueError: y must contain only finite values; found 1 non-finite entries in rows 0..39 (fir...',
    'hsic.HSICAccumulator.update[y_chunk=inf-entry]':
        'unnamed-error: ValueError: y must contain only finite values; found 1 non-finite entries in rows 0..39 (fir...',
    'hsic.HSICAccumulator.update[y_chunk=complex]':
        'wrong-exception: ComplexWarning: Casting complex values to real discards the imaginary part',
    # hsic.HSICTestResult.reject
    "hsic.HSICTestResult.reject[alpha='abc']":
        "wrong-exception: TypeError: '<=' not supported between instances of 'float' and 'str'",
    'hsic.HSICTestResult.reject[alpha=None]':
        "wrong-exception: TypeError: '<=' not supported between instances of 'float' and 'NoneType'",
    'hsic.HSICTestResult.reject[alpha=1+1j]':
        "wrong-exception: TypeError: '<=' not supported between instances of 'float' and 'complex'",
    'hsic.HSICTestResult.reject[alpha=[1.0, 2.0]]':
        "wrong-exception: TypeError: '<=' not supported between instances of 'float' and 'list'",
}
