"""Kolodner heavy rotating string (stub, being implemented)."""

def critical_speeds(*args, **kwargs):
    raise NotImplementedError


def hanging_modes(*args, **kwargs):
    raise NotImplementedError


