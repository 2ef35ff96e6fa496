#!/usr/bin/env bash
# Builds the Python wheel (maturin) and runs the Python test suite against it,
# including the PySpark local-mode test. Creates .venv/ on first use.
#   scripts/python-tests.sh            # everything
#   DATELINE_REQUIRE_SPARK=0 ...       # let the Spark test skip when pyspark is absent
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v java >/dev/null 2>&1; then
  echo "== installing a JDK for the PySpark test"
  (apt-get update -qq && apt-get install -y -qq openjdk-17-jre-headless) >/dev/null
fi
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/pip install -q --disable-pip-version-check "maturin>=1.16,<2" pytest "pyspark>=4,<5" pyarrow "pandas<3"

echo "== building the wheel"
rm -rf target/wheels
(cd crates/py && ../../.venv/bin/maturin build --release -o ../../target/wheels)
.venv/bin/pip install -q --disable-pip-version-check --force-reinstall --no-deps target/wheels/dateline-*.whl

echo "== the CLI the comparison tests run against"
cargo build --release -p dateline-cli
export DATELINE_BIN="$PWD/target/release/dateline"

echo "== pytest"
DATELINE_REQUIRE_SPARK="${DATELINE_REQUIRE_SPARK:-1}" .venv/bin/python -m pytest -q crates/py/tests
