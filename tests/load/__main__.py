"""``python -m tests.load``: see tests/load/run.py."""

import sys

from tests.load.run import main

sys.exit(main())
