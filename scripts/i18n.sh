#!/usr/bin/env bash
# Brings the translation catalogues in step with the sources (new strings in, unused ones out).
# A catalogue already in step is left as it is: running it twice changes nothing.
# Then translate the empty French msgstr entries; `check` lists what is still missing.
set -euo pipefail
cd "$(dirname "$0")/.."
.venv/bin/python -m cleavr_connect.i18n "${1:-update}" "${@:2}"
