#!/usr/bin/env bash
# The README's two commands:
#   bash tests/run.sh demo   installs the packages, builds, and checks the bundled demo web
#   bash tests/run.sh test   installs the packages, builds with ASan+UBSan, runs the whole suite
# Everything stays on 127.0.0.1: the demo and the tests start their own fixture server.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"

packages=(build-essential cmake pkg-config libcurl4-openssl-dev libxml2-dev liblmdb-dev
          lmdb-utils zlib1g-dev libjansson-dev libyaml-dev libssl-dev libmicrohttpd-dev jq curl
          clang-format)

install_packages() {
    local missing=()
    for p in "${packages[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
            missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo=sudo
    echo "installing: ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
        "${missing[@]}" >/dev/null
}

build() { # DIR CMAKE-ARGS...
    local dir=$1; shift
    cmake -S "$here" -B "$dir" "$@" >/dev/null
    cmake --build "$dir" -j"$(nproc)"
}

demo() {
    build "$here/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCS_TESTS=ON >/dev/null
    bash "$here/tests/e2e/demo.sh" "$here/build"
}

run_tests() {
    # the optimised build first: -O2 warnings (truncation, overflow) break the demo's build, not
    # the sanitizer one, so both are proven warning-free here
    echo "building the optimised tree (warnings are errors)"
    build "$here/build-o2" -DCMAKE_BUILD_TYPE=Release -DCS_TESTS=ON >/dev/null
    build "$here/build-asan" -DCMAKE_BUILD_TYPE=Debug -DCS_SANITIZE=address,undefined
    cd "$here/build-asan"
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
        ctest --output-on-failure -j"$(nproc)"
}

case "${1:-}" in
demo) install_packages; demo ;;
test) install_packages; run_tests ;;
*) echo "usage: bash tests/run.sh demo|test" >&2; exit 3 ;;
esac
