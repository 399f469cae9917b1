"""`python -m pipeline` is the `handouts` command."""

import sys

from pipeline.cli import main

sys.exit(main())
