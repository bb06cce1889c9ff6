#!/usr/bin/env bash
# Speed, cost and politeness of `consentscan crawl` beside peers on the rig's generated web
# (../shared/bench: nginx in a private loopback-only network namespace; needs root and the rig's
# packages: nginx wget2 wrk curl jq time iproute2). Not part of the default test run.
#
# usage: tests/bench/crawl_check.sh BUILD_DIR [HOSTS] [REPS] [extra run.sh args...]
#   e.g. tests/bench/crawl_check.sh build-rel 2000 3
# Two consentscan entries run: "consentscan" with the per-host delay at 0 (the speed case; one
# request in flight per host stays on) and, with POLITE=1, "consentscan-polite" with the default
# 1 s delay (host_conc_max and host_gaps_lt show the politeness).
set -euo pipefail
build=$(cd "${1:?usage: crawl_check.sh BUILD_DIR [HOSTS] [REPS]}" && pwd)
hosts=${2:-2000}
reps=${3:-3}
shift $(( $# < 3 ? $# : 3 ))
here=$(cd "$(dirname "$0")/../.." && pwd)
rig=${CS_BENCH_RIG:-$here/../shared/bench}
bin=$build/crawler/consentscan
common="--allow-private --quiet --retries 0 --timeout 10 --threads 1 --resolve-file {RESOLVE} \
        --agents $rig/../data/ai-robots.json"
args=(-n "$hosts" -r "$reps" -w check -t "curl-parallel wget2"
      -c "consentscan=$bin crawl --urls {SEEDS} --db {OUT}/db --parallel {THREADS} --delay 0 $common"
      -c "consentscan-nocd=$bin crawl --urls {SEEDS} --db {OUT}/db --parallel {THREADS} --delay 0 --max-crawl-delay 0 $common")
if [ "${POLITE:-0}" = 1 ]; then
    args+=(-c "consentscan-polite=$bin crawl --urls {SEEDS} --db {OUT}/db --parallel {THREADS} $common")
fi
exec "$rig/run.sh" "${args[@]}" "$@"
