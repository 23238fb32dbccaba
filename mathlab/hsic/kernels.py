"""Kernels and Gram matrices (stub, being implemented)."""

def gram(*args, **kwargs):
    raise NotImplementedError


