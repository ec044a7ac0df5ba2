"""``python -m bench``: one benchmark run (see bench.run)."""

from bench.run import main

raise SystemExit(main())
