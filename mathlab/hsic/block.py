"""Block HSIC (stub, being implemented)."""

def hsic_block(*args, **kwargs):
    raise NotImplementedError


