#!/usr/bin/env bash
# One command: set up and run the whole test suite, on SQLite and on PostgreSQL.
# PostgreSQL: CLEAVR_TEST_POSTGRES_URL (default postgresql://postgres@127.0.0.1:5432/test).
# CLEAVR_TEST_REQUIRE_POSTGRES=1 turns an unreachable PostgreSQL into a failure (CI sets it),
# CLEAVR_TEST_REQUIRE_BROWSER=1 does the same for a missing /usr/bin/chromium.
# CLEAVR_TEST_WORKERS: test processes (default 2; 0 runs everything in this one). Each process
# has its own SQLite file and PostgreSQL database; a file's tests stay in one process.
set -euo pipefail
cd "$(dirname "$0")/.."
langs="$(tesseract --list-langs 2>/dev/null || true)"
missing=0
for lang in fra eng deu spa ita osd; do
  grep -qx "$lang" <<<"$langs" || missing=1
done
if { [ ! -x /usr/bin/chromium ] || [ "$missing" = 1 ]; } \
  && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's chromium (browser tests) and tesseract (OCR: French, English, German,"
  echo "Spanish and Italian models, and page orientation)..."
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium tesseract-ocr tesseract-ocr-fra \
    tesseract-ocr-deu tesseract-ocr-spa tesseract-ocr-ita tesseract-ocr-osd >/dev/null
fi
scripts/setup.sh test
.venv/bin/ruff check src tests $([ -d bench ] && echo bench)
.venv/bin/ruff format --check src tests $([ -d bench ] && echo bench)
.venv/bin/mypy src
exec .venv/bin/pytest -n "${CLEAVR_TEST_WORKERS:-2}" --dist loadfile --durations=25 "$@"
