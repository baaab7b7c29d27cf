#!/usr/bin/env bash
# Install, build in Release (warnings are errors there too), build
# everything with AddressSanitizer and UBSan, and run every test. Ends with
# ctest's summary.
set -euo pipefail
cd "$(dirname "$0")/.."

./scripts/install-deps.sh
./scripts/checksrc.sh
# The optimised build warns where the debug one cannot (maybe-uninitialized,
# format-truncation): the demo's build must stay warning-free too.
cmake -S . -B build-release -DCMAKE_BUILD_TYPE=Release -DCANCU_BUILD_TESTS=OFF \
  -DCANCU_BUILD_BENCH=OFF >/dev/null
cmake --build build-release -j"$(nproc)" >/dev/null
cmake -S . -B build-test -DCMAKE_BUILD_TYPE=Debug -DCANCU_SANITIZE=ON \
  -DCANCU_BUILD_TESTS=ON >/dev/null
cmake --build build-test -j"$(nproc)"
cd build-test
ctest --output-on-failure -j"$(nproc)"
