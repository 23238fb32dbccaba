"""Exact HSIC estimators (stub, being implemented)."""

def hsic(*args, **kwargs):
    raise NotImplementedError


