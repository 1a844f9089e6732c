#!/usr/bin/env bash
# One command: set up, migrate, seed the test-mode demo platform and account, and serve on
# http://127.0.0.1:8000 with SQLite and local files under ./.data (override with CLEAVR_* vars).
set -euo pipefail
cd "$(dirname "$0")/.."
# Scanned invoices are read by Tesseract (French and English): Debian's packages when missing.
if ! tesseract --list-langs 2>/dev/null | grep -x fra >/dev/null; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "Installing Debian's tesseract (OCR of scanned invoices, French and English)..."
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q tesseract-ocr tesseract-ocr-fra >/dev/null
  else
    echo "Tesseract with French is not installed: scanned PDFs will be refused (text PDFs work)." >&2
  fi
fi
scripts/setup.sh
# Links we print and send (the issuer, the authorization URL) follow the port asked for.
export CLEAVR_BASE_URL="${CLEAVR_BASE_URL:-http://${CLEAVR_HOST:-127.0.0.1}:${CLEAVR_PORT:-8000}}"
.venv/bin/cleavr-connect migrate
.venv/bin/cleavr-connect seed-demo
exec .venv/bin/cleavr-connect serve --host "${CLEAVR_HOST:-127.0.0.1}" --port "${CLEAVR_PORT:-8000}"
