#!/usr/bin/env bash
# Regenerate test/fixtures/ (see test/fixtures/README.md). Tests use the
# committed outputs; this is only needed when changing the fixtures.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! /usr/bin/python3 -c 'import sklearn, onnx' >/dev/null 2>&1; then
  apt-get install -y python3-sklearn python3-onnx python3-numpy
fi

exec /usr/bin/python3 scripts/make-fixtures.py "$@"
