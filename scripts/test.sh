#!/usr/bin/env bash
# Install, build everything with AddressSanitizer and UBSan, and run every
# test. Ends with ctest's summary.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/install-deps.sh
./scripts/checksrc.sh
cmake -S . -B build-test -DCMAKE_BUILD_TYPE=Debug -DCANCU_SANITIZE=ON \
  -DCANCU_BUILD_TESTS=ON >/dev/null
cmake --build build-test -j"$(nproc)"
cd build-test
ctest --output-on-failure -j"$(nproc)"
