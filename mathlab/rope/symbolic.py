"""sympy Euler-Lagrange (stub, being implemented)."""

def euler_lagrange(*args, **kwargs):
    raise NotImplementedError


