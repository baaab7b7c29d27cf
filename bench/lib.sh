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
