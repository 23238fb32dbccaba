"""mathlab: solvers, tests and figures for three mathematical blog posts by Su Jianlin (2019).

Subpackages
-----------
mathlab.rope
    Spinning ropes: skipping rope, Darrieus troposkien, Kolodner's heavy rotating string.
mathlab.gluing
    Gluing two bent elliptical sheets into a closed solid (D-forms).
mathlab.hsic
    The Hilbert-Schmidt independence criterion, its estimators and independence tests.
"""

__version__ = "0.1.0"
__all__ = ["__version__"]
