# shellcheck shell=bash
# What the benchmark scripts share; sourced, not run.

# bench_install PACKAGE...: install those of the Debian packages that are
# not installed yet, with apt-get (as root, or with sudo).
bench_install() {
  local sudo=() missing=() p
  if [ "$(id -u)" -ne 0 ]; then sudo=(sudo); fi
  for p in "$@"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
        grep -q 'install ok installed'; then
      missing+=("$p")
    fi
  done
  if ((${#missing[@]})); then
    echo "bench: installing ${missing[*]}" >&2
    "${sudo[@]}" apt-get update -qq
    DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq \
      --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

# bench_tmpdir NAME [PARENT]: a new directory NAME.XXXXXX in PARENT (the
# temporary directory by default) in $tmp, removed when the script exits
# unless BENCH_KEEP is set (then its path is printed).
bench_tmpdir() {
  tmp=$(mktemp -d "${2:-${TMPDIR:-/tmp}}/$1.XXXXXX")
  trap bench_remove_tmpdir EXIT
}

bench_remove_tmpdir() {
  if [ -n "${BENCH_KEEP:-}" ]; then
    echo "bench: kept $tmp" >&2
  else
    rm -rf "$tmp"
  fi
}
