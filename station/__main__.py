"""``python -m station``: the same as the ``skillstation`` command."""

from station.cli import main

raise SystemExit(main())
