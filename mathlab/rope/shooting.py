"""Shooting solvers (stub, being implemented)."""

def spinning_rope(*args, **kwargs):
    raise NotImplementedError


def skipping_rope(*args, **kwargs):
    raise NotImplementedError


