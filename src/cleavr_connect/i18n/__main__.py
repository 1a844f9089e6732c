"""`python -m cleavr_connect.i18n update|check [domain …]` (see the package docstring)."""

import sys

from cleavr_connect.i18n.catalogues import main

sys.exit(main(sys.argv[1:]))
