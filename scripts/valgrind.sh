#!/usr/bin/env bash
# The whole test suite under valgrind memcheck: every Check program, and
# every end-to-end suite with each run of the cancu binary under valgrind
# (through CANCU_WRAPPER, see tests/cli/lib.sh). Builds without sanitizers
# in build-valgrind. Fails when a test fails, or when any process valgrind
# watched had an error or a definite or indirect leak. Usage:
#   scripts/valgrind.sh [-j JOBS] [-R REGEX] [-E REGEX]
# -R and -E select tests by name as ctest does (default: all but
# fuzz_smoke, whose harnesses are clang+ASan builds of their own); the two
# kill tests run smaller. One log per process in
# build-valgrind/valgrind/TEST.PID.log; the result is in tests/valgrind.md.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
build=${CANCU_VALGRIND_BUILD:-build-valgrind}
jobs=2
include=.
exclude='^fuzz_smoke$'
while getopts 'j:R:E:' opt; do
    case $opt in
    j) jobs=$OPTARG ;;
    R) include=$OPTARG ;;
    E) exclude=$OPTARG ;;
    *) sed -n '2,12p' "$0" >&2; exit 2 ;;
    esac
done

for tool in valgrind jq cmake ctest; do
    command -v "$tool" >/dev/null || { echo "valgrind.sh: no $tool" >&2; exit 2; }
done

cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCANCU_SANITIZE=OFF \
    -DCANCU_BUILD_TESTS=ON -DCANCU_BUILD_FUZZ=OFF >/dev/null
cmake --build "$build" -j2 >/dev/null

logs=$root/$build/valgrind
rm -rf "$logs"
mkdir -p "$logs"
# Exit status 99 marks a valgrind error; leaks of the two kinds that are
# always ours to fix count as errors. Still-reachable memory (one-time
# globals of ICU, libxml2, Xapian) is not reported.
vg="valgrind --tool=memcheck --leak-check=full"
vg+=" --show-leak-kinds=definite,indirect"
vg+=" --errors-for-leak-kinds=definite,indirect --error-exitcode=99"
vg+=" --num-callers=40 --child-silent-after-fork=yes"
# 'cancu serve' becomes cancu-serve (cli/cancu-serve.c): followed, so the
# server is checked too.
vg+=" --trace-children=yes"
vg+=" --suppressions=$root/scripts/valgrind.supp"
vg+=" --log-file=$logs/%q{CANCU_VG_TEST}.%p.log"

mapfile -t tests < <(cd "$build" && ctest --show-only=json-v1 | jq -c '
    .tests[] | {name, command,
      env: [.properties[]? | select(.name == "ENVIRONMENT") | .value[]],
      wd: ([.properties[]? | select(.name == "WORKING_DIRECTORY")
            | .value][0] // ".")}')

# run_one JSON: one test, its output in $logs/NAME.out, its status and
# time in $logs/NAME.status.
run_one() {
    local json=$1 name wd rc=0 start
    local -a cmd env
    name=$(jq -r .name <<<"$json")
    wd=$(jq -r .wd <<<"$json")
    mapfile -t cmd < <(jq -r '.command[]' <<<"$json")
    mapfile -t env < <(jq -r '.env[]' <<<"$json")
    env+=("CANCU_VG_TEST=$name")
    # The kill tests, smaller: every run is many times slower here, and a
    # killed process says nothing about leaks.
    case $name in
    cli_test-kill) env+=(CANCU_KILL_PLANS=12 CANCU_KILL_ITERATIONS=6
        CANCU_KILL_CREATIONS=6) ;;
    cli_test-kill-large) env+=(CANCU_KILL_PLANS=70 CANCU_KILL_KILLS=6
        CANCU_KILL_COMMIT_KILLS=3) ;;
    esac
    if [[ ${cmd[0]} == */bash ]]; then
        env+=("CANCU_WRAPPER=$vg")
    elif [[ ${cmd[0]} == "$root/$build/"* ]]; then
        # One process for the whole suite: simpler for valgrind, and no
        # leak report for each forked test.
        env+=(CK_FORK=no)
        # shellcheck disable=SC2206
        cmd=($vg "${cmd[@]}")
    fi
    start=$SECONDS
    (cd "$wd" && env "${env[@]}" "${cmd[@]}") >"$logs/$name.out" 2>&1 || rc=$?
    echo "$rc $((SECONDS - start))" >"$logs/$name.status"
}

started=$SECONDS
selected=()
for json in "${tests[@]}"; do
    name=$(jq -r .name <<<"$json")
    if [[ $name =~ $include ]] && ! [[ $name =~ $exclude ]]; then
        selected+=("$name")
        while (($(jobs -rp | wc -l) >= jobs)); do
            wait -n || true
        done
        echo "== $name"
        run_one "$json" &
    fi
done
wait

status=0
printf '\n%-22s %6s %8s %9s %7s\n' test status seconds processes errors
for name in "${selected[@]}"; do
    read -r rc secs <"$logs/$name.status"
    shopt -s nullglob
    files=("$logs/$name".*.log)
    shopt -u nullglob
    errors=0
    if ((${#files[@]})); then
        # A process killed by the kill tests has no summary: not an error,
        # and no reason for grep's status to end the script.
        errors=$({ grep -L 'ERROR SUMMARY: 0 errors' "${files[@]}" |
            xargs -r grep -l 'ERROR SUMMARY' || true; } | wc -l)
    fi
    printf '%-22s %6s %8s %9s %7s\n' "$name" "$rc" "$secs" "${#files[@]}" "$errors"
    if [ "$rc" -ne 0 ] || [ "$errors" -ne 0 ]; then
        status=1
    fi
done
total=$(find "$logs" -name '*.log' | wc -l)
unfinished=$(find "$logs" -name '*.log' -print0 |
    { xargs -0 -r grep -L 'ERROR SUMMARY' || true; } | wc -l)
bad=$(find "$logs" -name '*.log' -print0 |
    xargs -0 -r grep -l 'ERROR SUMMARY: [1-9]' || true)
echo "$total processes under valgrind ($unfinished killed before their" \
    "summary), $(wc -w <<<"$bad") with errors, $((SECONDS - started)) s"
for f in $bad; do
    echo "== $f"
    grep -E '^==[0-9]+== (Invalid|Conditional|Use of|Syscall|Mismatched|.*definitely lost|.*indirectly lost|   (at|by) )' "$f" |
        head -n 30
done
exit $status
