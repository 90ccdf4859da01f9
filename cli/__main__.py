"""``python -m nghiquyet.cli``: the same as the ``nghiquyet`` command."""

import sys

from nghiquyet.cli.main import main

sys.exit(main())
