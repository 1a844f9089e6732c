#!/usr/bin/env bash
# One command: set up and run the whole test suite, on SQLite and on PostgreSQL.
# PostgreSQL: CLEAVR_TEST_POSTGRES_URL (default postgresql://postgres@127.0.0.1:5432/test).
# CLEAVR_TEST_REQUIRE_POSTGRES=1 turns an unreachable PostgreSQL into a failure (CI sets it),
# CLEAVR_TEST_REQUIRE_BROWSER=1 does the same for a missing /usr/bin/chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
if { [ ! -x /usr/bin/chromium ] || ! tesseract --list-langs 2>/dev/null | grep -x fra >/dev/null; } \
  && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's chromium (browser tests) and tesseract (OCR, French and English)..."
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium tesseract-ocr tesseract-ocr-fra >/dev/null
fi
scripts/setup.sh test
.venv/bin/ruff check src tests $([ -d bench ] && echo bench)
.venv/bin/ruff format --check src tests $([ -d bench ] && echo bench)
.venv/bin/mypy src
exec .venv/bin/pytest "$@"
