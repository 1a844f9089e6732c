#!/usr/bin/env bash
# One command: set up, migrate, seed the test-mode demo platform and account, and serve on
# http://127.0.0.1:8000 with SQLite and local files under ./.data (override with CLEAVR_* vars).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
.venv/bin/cleavr-connect migrate
.venv/bin/cleavr-connect seed-demo
exec .venv/bin/cleavr-connect serve --host "${CLEAVR_HOST:-127.0.0.1}" --port "${CLEAVR_PORT:-8000}"
