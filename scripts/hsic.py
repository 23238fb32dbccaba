#!/usr/bin/env python3
"""HSIC independence tests of the columns of a CSV table: ``mathlab hsic`` (see its --help).

``python scripts/hsic.py ARGS`` runs exactly ``mathlab hsic ARGS`` from a source checkout.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from mathlab.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(["hsic", *sys.argv[1:]]))
