"""``python -m bottomline``."""

import sys

from bottomline.cli import main

sys.exit(main())
