#!/usr/bin/env bash
# Style checked by machine: banned functions, and clang-format's layout.
set -euo pipefail
cd "$(dirname "$0")/.."

mapfile -t sources < <(git ls-files -- '*.c' '*.h' '*.cc' 2>/dev/null)
if ((${#sources[@]} == 0)); then
  mapfile -t sources < <(find . -path './build*' -prune -o \
                           \( -name '*.[ch]' -o -name '*.cc' \) -print)
fi
status=0

# Unbounded or locale-fragile C functions; see STYLE.md.
banned='\b(strcpy|strcat|sprintf|vsprintf|strtok|atoi|atol|gets)\s*\('
if grep -nE "$banned" "${sources[@]}"; then
  echo "checksrc: banned function used (see above)" >&2
  status=1
fi

if command -v clang-format >/dev/null; then
  if ! clang-format --dry-run --Werror "${sources[@]}" 2>/tmp/checksrc.$$; then
    head -n 20 /tmp/checksrc.$$ >&2
    echo "checksrc: run clang-format -i on the files above" >&2
    status=1
  fi
  rm -f /tmp/checksrc.$$
fi
exit $status
