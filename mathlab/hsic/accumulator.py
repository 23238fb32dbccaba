"""Streaming HSIC accumulator (stub)."""


class HSICAccumulator:
    pass
