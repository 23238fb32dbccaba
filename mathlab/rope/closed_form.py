"""Troposkien closed form (stub, being implemented)."""

def troposkien(*args, **kwargs):
    raise NotImplementedError


class Troposkien:
    pass
