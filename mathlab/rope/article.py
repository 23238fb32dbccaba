"""The post's own ODE (stub, being implemented)."""

def article_curve(*args, **kwargs):
    raise NotImplementedError


