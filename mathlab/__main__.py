"""``python -m mathlab``: the ``mathlab`` command (see :mod:`mathlab.cli`)."""

import sys

from mathlab.cli import main

if __name__ == "__main__":
    sys.exit(main())
